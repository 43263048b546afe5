"""The command line's streams: UTF-8 everywhere, and a loud refusal when there is no terminal to write to.

A windowed Windows executable starts with `sys.stdin`, `sys.stdout` and `sys.stderr` set to None, and a redirected
stream on Windows is in the ANSI code page: Arabic or Cyrillic text would end in UnicodeEncodeError. A command that
cannot show its result (a recovery key, an export, an error) must not run at all.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TextIO

NO_TERMINAL_EXIT = 2
GUI_COMMANDS = (None, "gui")


def use_utf8() -> None:
    """Write (and read) UTF-8 whatever the code page; a character the terminal cannot show is never fatal."""
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or _is_closed(stream):
            continue
        try:
            if stream is sys.stdin:
                reconfigure(encoding="utf-8", errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="backslashreplace")
        except (OSError, ValueError):  # a stream already read from or written to in another encoding
            continue
    if sys.stdin is None or _is_closed(sys.stdin):
        # No input at all: the passphrase then has to come from a file, which the prompt code says on its own.
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process


def _is_closed(stream: TextIO | None) -> bool:
    if stream is None:
        return True
    try:
        if stream.closed:
            return True
        stream.fileno()
    except (AttributeError, ValueError, OSError):
        # io.StringIO (tests, embedding) has no file descriptor and is still a place to write to.
        return bool(getattr(stream, "closed", False))
    return False


def missing_streams() -> list[str]:
    """The names of the output streams a command cannot write to (closed, or None in a windowed executable)."""
    return [name for name in ("stdout", "stderr") if _is_closed(getattr(sys, name))]


def refusal(missing: list[str]) -> str:
    which = " and ".join(f"standard {'output' if name == 'stdout' else 'error'}" for name in missing)
    return (
        f"neuvo: error: there is no terminal to write to ({which} closed), so nothing was done and nothing was "
        "changed. Run the command from Command Prompt or PowerShell with neuvo-cli.exe (on Windows), or "
        "redirect its output to a file."
    )


def refuse(missing: list[str]) -> int:
    """Say why the command did not run through every channel that is left; returns the exit code."""
    message = refusal(missing)
    told = False
    for name in ("stderr", "stdout"):
        stream = getattr(sys, name)
        if name in missing or stream is None:
            continue
        try:
            stream.write(message + "\n")
            stream.flush()
            told = True
        except (OSError, ValueError):
            continue
    if not told:
        for descriptor in (2, 1):
            try:
                os.write(descriptor, (message + "\n").encode("utf-8"))
                told = True
                break
            except OSError:
                continue
    if not told and sys.platform == "win32":  # pragma: no cover - only a Windows desktop has message boxes
        _message_box(message)
    return NO_TERMINAL_EXIT


def _message_box(message: str) -> None:  # pragma: no cover - Windows only
    import ctypes

    with contextlib.suppress(AttributeError, OSError):
        ctypes.windll.user32.MessageBoxW(None, message, "Neuvo", 0x10)  # type: ignore[attr-defined]  # MB_ICONERROR
