"""Benchmark (b): process start to an interactive unlock screen, vs a bare PySide6 window (both in new processes)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import Figure, median

REPOSITORY = Path(__file__).resolve().parent.parent


def time_to_ready_line(command: list[str]) -> float:
    """Milliseconds from spawning the process to its `ready` line (printed once the window is painted)."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEUVO_EXIT_WHEN_READY="1")
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=REPOSITORY,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    process.stdout.close()
    process.wait(timeout=60)
    if not line.startswith("ready"):
        raise RuntimeError(f"{' '.join(command)} did not report a painted window (exit code {process.returncode})")
    return elapsed


def bench_startup(data_dir: Path, rounds: int) -> Figure:
    app_ms, bare_ms = [], []
    for _ in range(rounds):  # interleaved, so that machine noise hits both
        app_ms.append(time_to_ready_line([sys.executable, "-m", "app", "gui", "--data-dir", str(data_dir)]))
        bare_ms.append(time_to_ready_line([sys.executable, "-m", "bench.bare_window"]))
    return Figure(
        key="b",
        title=f"process start to an interactive unlock screen, median of {rounds}",
        value_ms=median(app_ms),
        floor_ms=median(bare_ms),
        floor="a bare PySide6 window",
        goal_ms=1000.0,
        goal="under 1.0 s",
        details={"app_max_ms": round(max(app_ms), 1), "bare_max_ms": round(max(bare_ms), 1)},
    )
