"""Sync with the central server: enrollment, the outbox of weekly reports, the shared directory (no Qt)."""
