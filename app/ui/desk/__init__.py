"""The Desk: log visits live during a desk session, or afterwards from a paper tally sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.ui.desk.paper_entry import PaperEntryDialog
    from app.ui.desk.screen import DeskScreen

__all__ = ["DeskScreen", "PaperEntryDialog"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: tools that walk the package tree (the layering test) then load no widgets.
    if name == "DeskScreen":
        from app.ui.desk.screen import DeskScreen

        return DeskScreen
    if name == "PaperEntryDialog":
        from app.ui.desk.paper_entry import PaperEntryDialog

        return PaperEntryDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
