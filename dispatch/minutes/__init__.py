"""Meetings and their action items: upload, review, confirm, follow the status."""
