"""`make bench` runs end to end (on a small store): every figure is measured against its floor and written out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(300)
def test_quick_bench_reports_every_figure_against_its_floor(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]

    results = json.loads(out.read_text(encoding="utf-8"))
    figures = {figure["key"]: figure for figure in results["figures"]}
    assert sorted(figures) == [
        "13a1",
        "13a2",
        "13b1",
        "13b2",
        "14a",
        "14b",
        "15a",
        "a",
        "b",
        "c",
        "d",
        "e1",
        "e2",
        "e3",
        "e4",
        "f",
        "h1",
        "h2",
        "i1",
        "i2",
        "j",
        "k",
        "p1",
        "p2",
    ]
    for figure in figures.values():
        assert figure["value_ms"] > 0 and figure["floor_ms"] > 0
        assert figure["ratio"] == pytest.approx(figure["value_ms"] / figure["floor_ms"], rel=0.01)
        assert f"({figure['key']})" in completed.stdout
    recall = {figure["key"]: figure for figure in results["golden_recall"]}
    assert sorted(recall) == ["g", "g2"] and recall["g"]["pairs"] >= 200
    assert recall["g"]["found"] == recall["g"]["pairs"], recall["g"]["missed"]
    assert "(g) golden recall" in completed.stdout and "(g2) golden recall" in completed.stdout


@pytest.mark.timeout(120)
def test_a_short_sync_soak_reports_no_duplicates_and_no_losses() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.sync_soak", "--runs", "40", "--batch", "20", "--restart-every", "30"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert "sync soak: 40 fault runs, 0 duplicates, 0 losses" in completed.stdout
    assert "1 server restarts" in completed.stdout
