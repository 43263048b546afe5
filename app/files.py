"""Crash-safe file replacement, shared by every file Neuvo writes whole: exports, handout PDFs, the key file and
the plain settings file.

A new file is written beside the old one under a temporary name and then moved over it, so a crash leaves either
the old file or the whole new one. On Windows that move fails while another program (Excel, a PDF viewer) has the
old file open; the temporary file is then removed and the person is told to close the file there (`FileInUse`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from app.errors import FileInUse


@contextlib.contextmanager
def replacing(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside `path` to write the new content to; when the block ends normally it replaces `path`.

    The temporary file has a unique name in the same folder (readable by this user only), so two processes writing
    at once never share one. It is removed again whatever fails: the writing, the move, an interruption. A move
    refused because the old file is held open elsewhere (PermissionError, as Windows raises it) is `FileInUse`;
    other OSErrors (a read-only folder, a full disk) are raised as they are.
    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        try:
            os.replace(temporary, path)
        except PermissionError as error:
            raise FileInUse(str(path)) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    if hasattr(os, "O_DIRECTORY"):
        directory = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves either the old or the new file, never half of one.

    The text is written as given, on every system (no newline translation): a file is the same bytes everywhere.
    """
    with (
        replacing(path) as temporary,
        os.fdopen(os.open(temporary, os.O_WRONLY), "w", encoding="utf-8", newline="") as handle,
    ):
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
