"""Shared fixtures: a real encrypted store in a temporary folder, and the UI context over it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    from app.desk import Desk
    from app.storage.database import Database

    created = Database(data_dir)
    _, created.recovery_key = Desk.create(  # type: ignore[attr-defined]
        created, PASSPHRASE, SITE, ["ar", "so", "ru"], "en", with_starter_directory=False
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
    from app.desk import Desk
    from app.ui.context import AppContext
    from app.ui.tasks import TaskRunner

    qapp.setProperty("neuvo_testing", True)
    tasks = TaskRunner()
    yield AppContext(desk=Desk(store), tasks=tasks, ui_language="en")
    tasks.shutdown()


def store_files(folder: Path) -> dict[str, object]:
    """The database and the wrapped keys as they are on disk; the key file's count of wrong attempts, which a
    wrong passphrase is expected to raise, is left out."""
    import json

    files: dict[str, object] = {}
    for path in sorted(folder.iterdir()):
        if path.name == "neuvo.key":
            document = json.loads(path.read_text(encoding="utf-8"))
            files[path.name] = {key: value for key, value in document.items() if key not in ("failures", "checksum")}
        elif path.name.startswith("neuvo.db"):
            files[path.name] = path.read_bytes()
    return files


def sync_of(store: Any, **options: Any) -> Any:
    """The sync service of the desk over `store` (an unlocked Database), with `store` kept on it for the tests."""
    from app.desk import Desk

    desk = Desk(store)
    service = desk.sync(**options)
    service.store, service.desk = store, desk
    return service
