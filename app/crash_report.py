"""The text of a crash report: where the code failed, never what it was working on.

Exception messages are left out on purpose: a database error's text can hold a statement's values, a ValueError a
piece of a note. The report keeps the exception types, a known error's reason code, and every frame (file, line,
function and the line of code itself), which is what a developer needs to find a bug.
"""

from __future__ import annotations

import traceback

from app.errors import NeuvoError


def _describe(error: BaseException) -> str:
    if isinstance(error, NeuvoError):
        return f"{type(error).__module__}.{type(error).__qualname__} (reason {error.reason})"
    return f"{type(error).__module__}.{type(error).__qualname__}"


def crash_text(error: BaseException) -> str:
    """The traceback of `error` and of the errors it came from, with the types but not the messages."""
    chain: list[tuple[BaseException, str]] = []  # (error, how the one after it relates to it), newest first
    current: BaseException | None = error
    link = ""
    while current is not None and all(current is not item for item, _ in chain):
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "The error above was the direct cause of the following error:"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "During handling of the error above, another error occurred:"
        else:
            current = None
    parts: list[str] = []
    for item, link in reversed(chain):
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(item.__traceback__)))
        parts.append(_describe(item) + "\n")
        if link:
            parts.append(f"\n{link}\n\n")
    return "".join(parts)
