"""JSON directory files read with bounded memory: records stream one at a time, nesting is limited.

A first pass (ijson's event parser, no values kept) checks that the file is well-formed, at most
MAX_DEPTH levels deep, and finds its shape: one object, a list, a page whose list of records sits under a
known key (HSDS "contents", Open Referral UK "content", PTV "itemList"), or JSON Lines (one record a line).
The second pass streams the records themselves, each built on its own, so that memory follows the largest
record rather than the file; a lone object (one record, with its own lists) is limited to MAX_SINGLE_BYTES.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ijson

from app.errors import ImportProblem

MAX_FILE_BYTES = 200 * 1024 * 1024  # far above any real directory, far below what would exhaust a laptop
MAX_SINGLE_BYTES = 20 * 1024 * 1024  # one record (an organization with its services) read whole
MAX_DEPTH = 64  # HSDS's deepest real nesting is about 8 levels
LIST_KEYS = ("contents", "content", "itemList", "items", "results")


@dataclass
class Shape:
    """What the first pass found: `kind` is "object", "list", "page" or "lines"."""

    kind: str
    list_key: str | None = None
    values: int = 0
    keys: list[str] = field(default_factory=list)
    first_line: bytes = b""


def _broken(path: Path, error: Exception) -> ImportProblem:
    """Where the JSON breaks, by line and column (a smaller file is re-read to say so), else how."""
    name = path.name
    if "UTF8" in str(error) or isinstance(error, UnicodeDecodeError):
        return ImportProblem(name, "the file is not UTF-8 text.")
    if path.stat().st_size <= MAX_SINGLE_BYTES:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            return ImportProblem(name, "the file is not UTF-8 text.")
        decoder, position = json.JSONDecoder(), 0
        try:
            while True:
                while position < len(text) and text[position] in " \t\r\n":
                    position += 1
                if position >= len(text):
                    break
                _value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as located:
            return ImportProblem(name, f"the JSON is broken at line {located.lineno}, column {located.colno}.")
        except RecursionError:
            pass
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return ImportProblem(name, f"the JSON is broken ({first}).")


def shape(path: Path) -> Shape:
    """Check the whole file (size, UTF-8, well-formed, depth) without keeping its values; say its shape."""
    name = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportProblem(name, f"the file is larger than {MAX_FILE_BYTES:,} bytes, more than any directory needs.")
    if size == 0:
        raise ImportProblem(name, "the file is empty.")
    found = Shape(kind="object")
    depth = 0
    list_keys: list[str] = []
    pending_key: str | None = None
    with path.open("rb") as handle:
        found.first_line = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        handle.seek(0)
        try:
            for event, value in ijson.basic_parse(handle, use_float=True, multiple_values=True):
                if event in ("start_map", "start_array"):
                    if depth == 0:
                        found.values += 1
                        found.kind = "object" if event == "start_map" else "list"
                    elif depth == 1 and pending_key is not None and event == "start_array":
                        list_keys.append(pending_key)
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise ImportProblem(
                            name, f"the JSON is nested more than {MAX_DEPTH} levels deep; no directory file is."
                        )
                elif event in ("end_map", "end_array"):
                    depth -= 1
                elif depth == 0:
                    found.values += 1
                    found.kind = "scalar"
                if depth == 1 and event == "map_key":
                    pending_key = str(value)
                    found.keys.append(pending_key)
                elif depth == 1:
                    pending_key = None
        except ImportProblem:
            raise
        except (ijson.JSONError, UnicodeDecodeError) as error:
            raise _broken(path, error) from None
    if found.values == 0:
        raise ImportProblem(name, "the file holds no JSON.")
    if found.values > 1:
        found.kind = "lines"
    elif found.kind == "object":
        found.list_key = next((key for key in LIST_KEYS if key in list_keys), None)
        if found.list_key is not None:
            found.kind = "page"
        elif misplaced := next((key for key in ("contents", "content", "itemList") if key in found.keys), None):
            raise ImportProblem(name, f"'{misplaced}' must be a list of records.", field=misplaced)
    return found


def items(path: Path, found: Shape | None = None) -> Iterator[Any]:
    """The file's records one at a time: a list's items, a page's list, each line, or the one object."""
    found = found or shape(path)
    name = path.name
    if found.kind == "scalar":
        raise ImportProblem(name, "the file holds a single value, not a directory.")
    if found.kind == "object":
        if path.stat().st_size > MAX_SINGLE_BYTES:
            raise ImportProblem(
                name, f"a single record larger than {MAX_SINGLE_BYTES:,} bytes is more than any directory needs."
            )
        with path.open("rb") as handle:
            yield json.loads(handle.read().decode("utf-8-sig"))
        return
    prefix = {"list": "item", "page": f"{found.list_key}.item", "lines": ""}[found.kind]
    with path.open("rb") as handle:
        yield from ijson.items(handle, prefix, use_float=True, multiple_values=found.kind == "lines")
