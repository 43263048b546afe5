"""Shared fixtures: a real encrypted store in a temporary folder, the UI context over it, compiled translations."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from app.storage.database import Database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt's per-user settings (the window geometry, the last export folder) go to a folder of this test run, not to the
# person's own ~/.config, and never to another test run's (pytest-xdist workers each import this module).
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="neuvo-test-config-")

PASSPHRASE = "lamp-river-7-orange"
SITE = "Puhos shopping centre"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "neuvo-data"


@dataclass(frozen=True)
class StoreFiles:
    """A store as `Desk.create` left it, made once per run: creating one derives two keys with scrypt and runs
    every migration (about a second), so each test gets a byte-for-byte copy of it instead."""

    folder: Path
    data_key: bytes
    recovery_key: str

    def open_copy(self, folder: Path) -> Database:
        """A copy of the store in `folder` (which must not exist yet), unlocked."""
        from app.storage.database import Database

        shutil.copytree(self.folder, folder)
        copied = Database(folder)
        copied.open_with_key(self.data_key)
        return copied


@pytest.fixture(scope="session")
def created_store(tmp_path_factory: pytest.TempPathFactory) -> StoreFiles:
    from app.desk import Desk
    from app.storage.database import Database

    folder = tmp_path_factory.mktemp("created-store") / "neuvo-data"
    created = Database(folder)
    _, recovery_key = Desk.create(created, PASSPHRASE, SITE, ["ar", "so", "ru"], "en", with_starter_directory=False)
    data_key = created.unwrap(PASSPHRASE)
    created.lock()
    return StoreFiles(folder, data_key, recovery_key)


@pytest.fixture
def store(data_dir: Path, created_store: StoreFiles) -> Iterator[object]:
    """An unlocked store with one site (usual languages ar, so, ru) and an empty directory, in `data_dir`."""
    opened = created_store.open_copy(data_dir)
    opened.recovery_key = created_store.recovery_key
    yield opened
    opened.lock()


@pytest.fixture(scope="session")
def compiled_translations() -> Path:
    """translations/*.qm compiled from the .ts sources where missing or older (as `make translations` does)."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for source in sorted(TRANSLATIONS.glob("neuvo_*.ts")):
        compiled = source.with_suffix(".qm")
        if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
            continue
        # Compiled beside it under a unique name, then renamed: parallel runs never see a half-written file.
        handle, partial = tempfile.mkstemp(prefix=compiled.stem + "-", suffix=".qm", dir=TRANSLATIONS)
        os.close(handle)
        try:
            subprocess.run(
                [str(lrelease), "-silent", str(source), "-qm", partial], check=True, capture_output=True, timeout=120
            )
            os.replace(partial, compiled)
        finally:
            Path(partial).unlink(missing_ok=True)
    return TRANSLATIONS


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


@pytest.fixture(scope="session", autouse=True)
def interface_font_pinned(qapp):  # type: ignore[no-untyped-def]
    """The interface font pinned to the desktop's family before any test registers the handout fonts, as run_gui
    does (app.ui.palette.apply_palette runs before register_fonts): otherwise which test ran first decides whether
    'Sans Serif' means Noto, and the 1366x768 fit depends on the order of the tests."""
    from PySide6.QtGui import QFont, QFontInfo

    font = QFont(qapp.font())
    font.setFamily(QFontInfo(qapp.font()).family())
    qapp.setFont(font)
