"""The Directory screen: search as you type, the entry's details, and advisors' own entries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.ui.directory.screen import DirectoryScreen

__all__ = ["DirectoryScreen"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: tools that walk the package tree (the layering test) then load no widgets.
    if name == "DirectoryScreen":
        from app.ui.directory.screen import DirectoryScreen

        return DirectoryScreen
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
