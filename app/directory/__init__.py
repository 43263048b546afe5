"""The offline service directory: HSDS-aligned records, importers, full-text search (no Qt)."""
