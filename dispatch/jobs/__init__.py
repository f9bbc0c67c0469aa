"""Background jobs: work too slow for a web request (solving), done by ``dispatch worker``."""
