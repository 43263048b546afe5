"""The crash handler, installed first: tracebacks (code, never visit data) go to crash.log in the data folder."""

from __future__ import annotations

import faulthandler
import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import TextIO

_fault_log: TextIO | None = None


def install(data_dir: Path) -> Path:
    global _fault_log
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "crash.log"
    logging.basicConfig(
        filename=log_path, level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    _fault_log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for faulthandler
    faulthandler.enable(_fault_log)

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        from app.ui.errors import report_unexpected

        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        error.__traceback__ = trace
        report_unexpected(error)

    sys.excepthook = hook
    return log_path
