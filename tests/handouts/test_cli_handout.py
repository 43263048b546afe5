"""`neuvo handout ID [ID ...] --lang CODE [--layout page|cards] --out FILE.pdf`: the contract, run as users run it,
also on a machine with no display."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SITE
from tests.handouts.conftest import comparable, decoded_codes, pdf_text
from tests.test_cli import NEUVO, neuvo


@pytest.fixture
def data(tmp_path: Path, passphrase_file: Path) -> Path:
    """A store made with `neuvo init`: the starter directory is in it."""
    folder = tmp_path / "data"
    assert neuvo("init", "--site", SITE, "--data-dir", folder, passphrase_file=passphrase_file).code == 0
    return folder


def starter_id(data: Path, passphrase_file: Path, query: str) -> int:
    found = neuvo("directory", "search", query, "--json", "--data-dir", data, passphrase_file=passphrase_file)
    return int(json.loads(found.stdout)[0]["id"])


def test_handout_writes_the_pdf_without_a_display(data: Path, passphrase_file: Path, tmp_path: Path) -> None:
    housing = starter_id(data, passphrase_file, "asumisneuvonta")
    target = tmp_path / "asuminen-ar.pdf"
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM") and not key.startswith("NEUVO_")
    }
    completed = subprocess.run(
        [str(NEUVO), "handout", str(housing), "--lang", "ar", "--out", str(target)]
        + ["--data-dir", str(data), "--passphrase-file", str(passphrase_file)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""
    assert comparable("الإرشاد السكني") in comparable(pdf_text(target)), "the starter's Arabic name"


def test_cards_layout_from_the_command_line(data: Path, passphrase_file: Path, tmp_path: Path) -> None:
    info = starter_id(data, passphrase_file, "helsinki-info")
    target = tmp_path / "cards.pdf"
    completed = neuvo(
        "handout", info, "--lang", "so", "--layout", "cards", "--out", target, "--data-dir", data,
        passphrase_file=passphrase_file,
    )  # fmt: skip
    assert completed.code == 0, completed.stderr
    assert decoded_codes(target, dpi=200) == ["https://www.hel.fi/kanslia/neuvonta-en"] * 8, (
        "the English page: no Somali one"
    )


def test_unknown_id_or_language_exits_2_with_one_line(data: Path, passphrase_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    unknown_id = neuvo(
        "handout", "99999", "--lang", "fi", "--out", target, "--data-dir", data, passphrase_file=passphrase_file
    )
    assert unknown_id.code == 2 and len(unknown_id.stderr.strip().splitlines()) == 1
    assert "99999" in unknown_id.stderr
    unknown_language = neuvo("handout", "1", "--lang", "xx", "--out", target, "--data-dir", data)
    assert unknown_language.code == 2 and len(unknown_language.stderr.strip().splitlines()) == 1
    assert "--lang" in unknown_language.stderr and "ckb" in unknown_language.stderr
    assert not target.exists()
