"""Benchmark (c): from pressing Unlock to a usable main window, beyond the key derivation.

Run as its own process (Qt, offscreen): python -m bench.unlock_to_main DATA_DIR --rounds N
Prints one JSON object: the passphrase-to-usable times and the KDF alone (Database.unwrap), in ms.
"Usable" means the main window has been painted and every load it started has delivered (the task runner
is idle), so today's counts and lists are on screen.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import median, time_ms
from bench.visit_store import BENCH_PASSPHRASE

_keep_alive: list[object] = []


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Run the Qt event loop until the condition holds, checking it every millisecond."""
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(1)
    deadline = time.monotonic() + timeout

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not condition():
        raise TimeoutError("the window did not become usable in time")


def unlock_once(controller: Any) -> float:
    """Type the passphrase, press Unlock and wait until the main window is usable; returns milliseconds."""
    from app.ui.first_paint import FirstPaint
    from app.ui.main_window import MainWindow
    from app.ui.unlock import UnlockScreen

    wait_until(lambda: isinstance(controller.window, UnlockScreen) and not controller.tasks.is_busy)
    screen = controller.window
    screen.passphrase.setText(BENCH_PASSPHRASE)
    painted: list[bool] = []
    watching: list[object] = []

    def usable() -> bool:
        window = controller.window
        if not isinstance(window, MainWindow):
            return False
        if not watching:
            watching.append(FirstPaint(window, lambda: painted.append(True)))
        return bool(painted) and not controller.tasks.is_busy

    started = time.perf_counter()
    screen.unlock_button.click()
    wait_until(usable)
    return (time.perf_counter() - started) * 1000


def measure(data_dir: Path, rounds: int) -> dict[str, list[float]]:
    from app.storage.database import Database
    from app.ui.main import Controller

    controller = Controller(data_dir, "en")
    _keep_alive.append(controller)  # destroyed at exit after the windows, not when this function returns
    controller.start()
    to_usable: list[float] = []
    for _ in range(rounds):
        to_usable.append(unlock_once(controller))
        controller.lock()
    wait_until(lambda: not controller.tasks.is_busy)
    controller.shutdown()
    kdf = [time_ms(lambda: Database(data_dir).unwrap(BENCH_PASSPHRASE)) for _ in range(max(3, rounds))]
    return {"to_usable_ms": to_usable, "kdf_ms": kdf}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    parser = argparse.ArgumentParser(prog="python -m bench.unlock_to_main")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    result = measure(args.data_dir, args.rounds)
    print(json.dumps({**result, "median_to_usable_ms": median(result["to_usable_ms"])}), flush=True)
    app.closeAllWindows()
    return 0


if __name__ == "__main__":
    sys.exit(main())
