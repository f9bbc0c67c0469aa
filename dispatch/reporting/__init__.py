"""Reporting: the figures of the dashboard, read from the domains' own tables."""
