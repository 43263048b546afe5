"""The floor of the start-up benchmark: a bare PySide6 window, reporting its first paint the way the app does."""

from __future__ import annotations

import sys
import time

started = time.perf_counter()

from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from app.ui.first_paint import FirstPaint  # noqa: E402


def main() -> int:
    app = QApplication(sys.argv)
    window = QLabel("Neuvo")
    window.resize(960, 640)

    def ready() -> None:
        print(f"ready {time.perf_counter() - started:.4f}", flush=True)
        app.quit()

    FirstPaint(window, ready)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
