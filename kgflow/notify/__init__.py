"""Mail adapters: Jinja2 rendering of digests, and the SMTP and ``.eml`` transports."""
