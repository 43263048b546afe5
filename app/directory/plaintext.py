"""Text from directory files as an advisor reads it and a handout prints it: HTML becomes plain paragraphs.

Feeds often carry descriptions as HTML (`<p><strong>…</strong>&nbsp;…`). inscriptis renders them as the
text a browser would show, paragraphs and list items on their own lines, links kept as `text (address)`;
text without markup passes unchanged (apart from surrounding space).
"""

from __future__ import annotations

import re
from functools import cache

from inscriptis import get_text
from inscriptis.model.config import ParserConfig

# Only decides whether a text holds markup at all; the conversion itself is inscriptis's.
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:[a-zA-Z]{2,8}|#[0-9]{1,6}|#x[0-9a-fA-F]{1,6});")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")


@cache
def _config() -> ParserConfig:
    return ParserConfig(display_links=True)


def _link(match: re.Match[str]) -> str:
    label, address = match.group(1).strip(), match.group(2)
    if not label or label == address or label.rstrip("/") == address.split("://")[-1].rstrip("/"):
        return address
    return f"{label} ({address})"


def plain_text(value: str) -> str:
    """The text without HTML: paragraphs separated by a blank line, links as `label (address)`."""
    if not _MARKUP.search(value):
        return value.strip()
    text = get_text(value, _config()).replace("\xa0", " ")
    text = _LINK.sub(_link, text)
    lines = [line.rstrip() for line in text.splitlines()]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip() if not line.lstrip().startswith("*") else "• " + line.strip()[1:].strip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)
