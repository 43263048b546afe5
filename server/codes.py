"""The codes document devices pull: the newest one stored on the server, else the bundled resources/codes.json."""

from __future__ import annotations

import hashlib
import json
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.paths import resources_dir
from server.models import CodesDocument


@cache
def _bundled() -> tuple[str, str]:
    document = json.loads((resources_dir() / "codes.json").read_text(encoding="utf-8"))
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def codes_document(session: Session) -> tuple[str, str]:
    """The document as JSON text and its ETag."""
    stored = session.scalar(select(CodesDocument).order_by(CodesDocument.id.desc()).limit(1))
    if stored is not None:
        return stored.document, stored.etag
    return _bundled()
