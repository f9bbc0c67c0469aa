"""Server-rendered pages: Jinja2 templates, login sessions, CSRF, zh/en."""
