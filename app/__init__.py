"""Neuvo: the offline desk for outreach advisory points (core package, no Qt widgets)."""

__version__ = "0.1.0"
