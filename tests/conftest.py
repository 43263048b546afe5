"""Shared fixtures: a real encrypted store in a temporary folder, and the UI context over it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "lamp-river-7-orange"
SITE = "Puhos shopping centre"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "neuvo-data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[object]:
    """An unlocked store with one site (usual languages ar, so, ru) and an empty directory."""
    from app.store import Store

    created = Store(data_dir)
    created.recovery_key = created.create(  # type: ignore[attr-defined]
        PASSPHRASE, SITE, ["ar", "so", "ru"], "en", with_starter_directory=False
    )
    yield created
    created.lock()


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def context(qapp, store):  # type: ignore[no-untyped-def]
    """The UI context over the unlocked store, with a real task runner (English UI)."""
    from app.ui.context import AppContext
    from app.ui.tasks import TaskRunner

    qapp.setProperty("neuvo_testing", True)
    tasks = TaskRunner()
    yield AppContext(store=store, tasks=tasks, ui_language="en")
    tasks.shutdown()
