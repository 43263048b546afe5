"""The handout dialog and the full-screen view."""
