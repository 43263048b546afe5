"""Small helpers for Qt form layouts."""

from __future__ import annotations

from collections.abc import Sequence

from app.ui.qt import QFormLayout, QLabel


def set_row_labels(form: QFormLayout, texts: Sequence[str]) -> None:
    """Give the form's rows, from the top, these label texts (after a language change)."""
    for row, text in enumerate(texts):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setText(text)
