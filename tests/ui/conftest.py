"""UI fixtures shared by several screens' tests."""

from __future__ import annotations

import pytest

from app.directory.store import write_records
from tests.directory.conftest import SAMPLE


@pytest.fixture
def screen(qtbot, context):  # type: ignore[no-untyped-def]
    """The Directory screen over the sample entries, shown, with its first search done."""
    from app.ui.directory import DirectoryScreen

    with context.desk.database.session() as session, session.begin():
        write_records(session, "test", "fi", SAMPLE)
    widget = DirectoryScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() == len(SAMPLE) and not context.tasks.is_busy, timeout=10_000)
    return widget
