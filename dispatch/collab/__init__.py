"""Collaboration projects: one request, several departments, one staffed plan."""
