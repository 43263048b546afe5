"""The PySide6 user interface over the core (the only package that imports Qt widgets)."""
