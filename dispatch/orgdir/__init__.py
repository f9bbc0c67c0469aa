"""The organisation directory in the database: import, diff, and the current Org."""
