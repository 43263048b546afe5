"""Printable multilingual handouts: labels, content, rendering (QtGui only) and counts."""
