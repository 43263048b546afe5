"""A handout saved over a PDF that a viewer holds open (Windows refuses to replace it): the old PDF stays, no
temporary file is left, and the person is told to close the file in the other program; the same when the render
itself fails half-way."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import FileInUse
from app.handouts import render
from app.handouts.content import load_services
from app.handouts.labels import handout_language
from app.handouts.render import Handout, write_pdf
from tests.core.test_file_in_use import held_open_by_another_program, leftovers


def test_a_pdf_open_in_a_viewer_is_kept_and_nothing_is_left_behind(  # type: ignore[no-untyped-def]
    store, entries, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = load_services(store.session, [entries["kela-itakeskus"]], "ar")
    folder = tmp_path / "handouts"
    folder.mkdir()
    target = folder / "kela-ar.pdf"
    target.write_bytes(b"%PDF the copy open in the viewer")
    held_open_by_another_program(monkeypatch, target)

    with pytest.raises(FileInUse) as raised:
        write_pdf(Handout(services, handout_language("ar"), "page"), target)

    assert "Close the file in the other program" in str(raised.value)
    assert target.read_bytes() == b"%PDF the copy open in the viewer"
    assert leftovers(folder, target) == []


def test_a_render_that_fails_half_way_leaves_no_partial_file(  # type: ignore[no-untyped-def]
    store, entries, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = load_services(store.session, [entries["kela-itakeskus"]], "fi")
    folder = tmp_path / "handouts"
    folder.mkdir()
    target = folder / "kela-fi.pdf"

    def broken(*_args: object) -> int:
        raise RuntimeError("the painter gave up")

    monkeypatch.setattr(render, "paint_handout", broken)
    with pytest.raises(RuntimeError):
        write_pdf(Handout(services, handout_language("fi"), "page"), target)
    assert list(folder.iterdir()) == []
