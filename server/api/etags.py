"""Conditional GET: the quoted ETag and whether an If-None-Match header already names it."""

from __future__ import annotations


def quoted(etag: str) -> str:
    return f'"{etag}"'


def is_unchanged(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = [part.strip().removeprefix("W/") for part in if_none_match.split(",")]
    return "*" in candidates or quoted(etag) in candidates or etag in candidates
