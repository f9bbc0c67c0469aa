"""People who use the service: roles, API tokens (stored hashed), web passwords."""
