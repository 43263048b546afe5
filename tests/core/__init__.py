"""Tests of the core services (no Qt)."""
