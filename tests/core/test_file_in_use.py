"""Writing over a file another program holds open: Windows refuses to replace a file open in Excel or a PDF viewer
(os.replace raises PermissionError there). The old file stays as it was, no temporary file is left behind, and the
person is told to close the file in the other program. A read-only folder leaves nothing behind either.

Windows' refusal is the one thing that cannot happen on Linux, so os.replace is made to raise as it does there;
the read-only folder is real.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from app.desk import Desk
from app.errors import FileInUse
from app.exports import export_range
from app.files import write_atomically
from app.settings import PlainConfig
from app.visits import VisitInput
from tests.conftest import SITE
from tests.test_cli import NEUVO, neuvo

WEEK = "2026-W47"
# What Windows says when another process has the file open (winerror 32; Python raises PermissionError for it).
SHARING_VIOLATION = "The process cannot access the file because it is being used by another process"


def held_open_by_another_program(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    """os.replace onto `target` fails as on Windows while Excel has it open; returns the names it was asked for."""
    real_replace = os.replace
    refused: list[str] = []

    def replace(source: str | os.PathLike[str], destination: str | os.PathLike[str]) -> None:
        if Path(destination) == target:
            refused.append(Path(source).name)
            raise PermissionError(13, SHARING_VIOLATION, str(destination))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    return refused


def leftovers(folder: Path, target: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path != target)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_an_export_over_a_file_open_in_excel_says_close_it_and_keeps_the_old_file(
    store: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    desk = Desk(store)  # type: ignore[arg-type]
    desk.visits.add(VisitInput(topics=("housing",), languages=("ar",)))
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / f"weeks.{fmt}"
    target.write_bytes(b"the file as Excel has it open")
    refused = held_open_by_another_program(monkeypatch, target)

    with pytest.raises(FileInUse) as raised:
        export_range(desk.statistics, fmt, target, WEEK, WEEK, codes=desk.codebook())

    assert refused, "the new file was complete and only the replacement failed"
    assert "Close the file in the other program" in str(raised.value)
    assert str(target) in str(raised.value)
    assert raised.value.reason == "file.in_use" and raised.value.params == {"path": str(target)}
    assert target.read_bytes() == b"the file as Excel has it open"
    assert leftovers(folder, target) == [], "no *.tmp left behind"


def test_the_plain_settings_file_held_open_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = PlainConfig(tmp_path)
    config.set("ui_language", "sv")
    before = config.path.read_bytes()
    held_open_by_another_program(monkeypatch, config.path)

    with pytest.raises(FileInUse):
        config.set("ui_language", "fi")

    assert config.path.read_bytes() == before
    assert leftovers(tmp_path, config.path) == []


def test_any_failure_while_writing_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "weeks.csv"
    target.write_text("old", encoding="utf-8")

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path, target) == []


def test_the_command_line_says_it_in_one_line_and_exits_2(
    store: object,
    data_dir: Path,
    passphrase_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.cli import main

    store.lock()  # type: ignore[attr-defined]
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "weeks.xlsx"
    target.write_bytes(b"open in Excel")
    held_open_by_another_program(monkeypatch, target)
    arguments = ["export", "weekly", "--from", WEEK, "--to", WEEK, "--format", "xlsx", "--out", str(target)]

    code = main([*arguments, "--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("neuvo: error: Cannot replace ")
    assert "Close the file in the other program" in lines[0]
    assert target.read_bytes() == b"open in Excel"
    assert leftovers(folder, target) == []


# -- a real read-only folder ------------------------------------------------------------------------------------
def without_file_override() -> Callable[[list[str]], list[str]]:
    """How to run a command so that a read-only folder stops it: as root, without the capability to override
    file permissions (util-linux setpriv); as anyone else, as it is."""
    if os.geteuid() != 0:
        return lambda command: command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder would not stop this process")
    return lambda command: [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--", *command]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_into_a_read_only_folder_exits_2_and_leaves_nothing(
    tmp_path: Path, passphrase_file: Path, fmt: str
) -> None:
    data = tmp_path / "data"
    assert neuvo("init", "--site", SITE, "--data-dir", data, passphrase_file=passphrase_file).code == 0
    folder = tmp_path / "read-only"
    folder.mkdir()
    target = folder / f"weeks.{fmt}"
    target.write_bytes(b"last week's file")
    folder.chmod(0o555)
    command = without_file_override()(
        [str(NEUVO), "export", "weekly", "--from", WEEK, "--to", WEEK, "--format", fmt, "--out", str(target)]
        + ["--data-dir", str(data), "--passphrase-file", str(passphrase_file)]
    )
    try:
        completed = subprocess.run(
            command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False
        )
    finally:
        folder.chmod(0o755)

    assert completed.returncode == 2, completed.stderr
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1
    assert completed.stderr.startswith(f"neuvo: error: --out: cannot write {target} (Permission denied)")
    assert target.read_bytes() == b"last week's file"
    assert leftovers(folder, target) == []
