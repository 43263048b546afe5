"""The HTTP API: one router per resource, with shared dependencies and error handling."""
