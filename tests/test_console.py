"""The command line with no terminal (as a windowed Windows exe starts) and with a non-UTF-8 code page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import test_cli
from tests.conftest import SITE

own_store = test_cli.own_store  # the same fixture: a fresh store of the test's own

NEUVO = Path(sys.executable).parent / ("neuvo.exe" if os.name == "nt" else "neuvo")
pytestmark = pytest.mark.skipif(os.name == "nt", reason="closes file descriptors the POSIX way")


def _closing(*descriptors: int):  # type: ignore[no-untyped-def]
    def close() -> None:
        for descriptor in descriptors:
            os.close(descriptor)

    return close


def run(
    *args: str | Path, close: tuple[int, ...] = (), environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the console script with some of its standard streams closed: Python then sets them to None."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEUVO_", "PYTHONIO", "PYTHONUTF"))}
    env.update(environment or {})
    return subprocess.run(
        [str(NEUVO), *map(str, args)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        preexec_fn=_closing(*close),  # noqa: PLW1509 - closes the child's streams only
        env=env,
        timeout=120,
    )


def test_init_with_no_output_at_all_creates_nothing(tmp_path: Path, passphrase_file: Path) -> None:
    """Found: `init --passphrase-file` exited 0 and printed the recovery key nowhere."""
    data_dir = tmp_path / "data"
    result = run("init", "--site", SITE, "--data-dir", data_dir, "--passphrase-file", passphrase_file, close=(1, 2))

    assert result.returncode == 2
    assert not (data_dir / "neuvo.key").exists()
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_init_without_stdout_says_why_on_stderr_and_creates_nothing(tmp_path: Path, passphrase_file: Path) -> None:
    data_dir = tmp_path / "data"
    result = run("init", "--site", SITE, "--data-dir", data_dir, "--passphrase-file", passphrase_file, close=(1,))

    assert result.returncode == 2
    message = result.stderr.decode("utf-8")
    assert "no terminal to write to" in message and "standard output" in message
    assert "nothing was changed" in message
    assert not (data_dir / "neuvo.key").exists()


def test_export_to_a_closed_stdout_is_refused_not_a_crash(own_store: Path, passphrase_file: Path) -> None:
    result = run(
        "export", "weekly", "--from", "2026-W40", "--to", "2026-W47", "--format", "csv",
        "--data-dir", own_store, "--passphrase-file", passphrase_file, close=(1,),
    )  # fmt: skip

    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode("utf-8")
    assert "no terminal to write to" in result.stderr.decode("utf-8")


def test_a_closed_stdin_asks_for_the_passphrase_file_instead_of_crashing(own_store: Path) -> None:
    """Found: the passphrase prompt crashed when stdin was None."""
    result = run("visit", "list", "--data-dir", own_store, close=(0,))

    assert result.returncode == 2
    message = result.stderr.decode("utf-8")
    assert "Traceback" not in message
    assert "--passphrase-file" in message


def test_version_and_help_still_work(tmp_path: Path) -> None:
    from app import __version__

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode() == f"neuvo {__version__}\n"


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_labels_in_any_script_are_written_as_utf8_in_an_ansi_code_page(encoding: str) -> None:
    """Found: `codes language` ended in UnicodeEncodeError when the output was in the ANSI code page."""
    result = run("codes", "language", environment={"PYTHONIOENCODING": encoding, "PYTHONUTF8": "0"})

    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = result.stdout.decode("utf-8")  # strict: every byte is UTF-8
    assert "language\tar\t" in text
    assert any(ord(character) > 0xFF for character in text)  # beyond what cp1252 can hold
