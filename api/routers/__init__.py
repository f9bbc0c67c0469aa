"""HTTP API routers (thin: parse, call dispatch/, render)."""
