"""The codes document devices pull: the newest one stored on the server, else the bundled resources/codes.json.

Coordinators extend the lists by uploading a document; the server then validates reports against it too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.codes import Codebook, bundled_codebook, bundled_document, codebook_of
from app.errors import BadInput
from app.sync.wire import parse_code_list
from app.weeks import now_utc
from server.config import MAX_JSON_BYTES
from server.errors import Invalid, TooLarge
from server.models import CodesDocument

log = logging.getLogger("server")

MAX_CODES_BYTES = MAX_JSON_BYTES
# A document stored by another process (`neuvo-server codes upload`, a second server) is noticed within this.
REFRESH_SECONDS = 5.0
BUNDLED_VERSION = 0


def canonical_text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _etag(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def _bundled() -> tuple[str, str]:
    text = canonical_text(bundled_document())
    return text, _etag(text)


def _latest(session: Session) -> CodesDocument | None:
    return session.scalar(select(CodesDocument).order_by(CodesDocument.id.desc()).limit(1))


def codes_document(session: Session) -> tuple[str, str]:
    """The document as JSON text and its ETag."""
    stored = _latest(session)
    if stored is not None:
        return stored.document, stored.etag
    return _bundled()


@dataclass(frozen=True)
class CodesUpload:
    version: int
    etag: str
    is_changed: bool


def read_document(data: bytes) -> dict[str, Any]:
    """An uploaded file or body as a checked-for-shape JSON object (Invalid / TooLarge with one sentence)."""
    if len(data) > MAX_CODES_BYTES:
        raise TooLarge(f"The codes document is larger than {MAX_CODES_BYTES:,} bytes; nothing was changed.")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Invalid("The codes document is not JSON text (UTF-8); nothing was changed.") from None
    if not isinstance(document, dict):
        raise Invalid("The codes document must be a JSON object with 'dimensions' and 'derived' lists.")
    return document


def store_document(session: Session, document: dict[str, Any]) -> CodesUpload:
    """Check `document` against the bundled lists and the one published now, and store it as the newest version.

    The same content again stores nothing. Raises Invalid (422) naming the problem; nothing changes then.
    """
    stored = _latest(session)
    previous = json.loads(stored.document) if stored is not None else None
    try:
        parse_code_list(document, previous)
    except BadInput as error:
        raise Invalid(str(error)) from None
    text = canonical_text(document)
    etag = _etag(text)
    current_etag = stored.etag if stored is not None else _bundled()[1]
    if etag == current_etag:
        return CodesUpload(stored.id if stored is not None else BUNDLED_VERSION, etag, is_changed=False)
    row = CodesDocument(document=text, etag=etag, updated_at=now_utc())
    session.add(row)
    session.flush()
    return CodesUpload(row.id, etag, is_changed=True)


def stored_codebook(session: Session) -> tuple[Codebook, str | None]:
    """The code lists reports are validated against: the newest stored document's (bundled if none), and its ETag.

    A stored document this release cannot use (never expected: uploads are checked) leaves the bundled lists in
    use, with a log line, rather than stopping the server.
    """
    stored = _latest(session)
    if stored is None:
        return bundled_codebook(), None
    try:
        return codebook_of(json.loads(stored.document)), stored.etag
    except (BadInput, ValueError) as error:
        log.error(
            "The stored codes document %s cannot be used (%s); the bundled code lists stay in use.", stored.id, error
        )
        return bundled_codebook(), stored.etag


class CodeLists:
    """The code lists this server process validates reports with; one per app, replaced whole (never mutated)."""

    def __init__(self) -> None:
        self.codebook: Codebook = bundled_codebook()
        self.etag: str | None = None

    def refresh(self, session: Session) -> None:
        self.codebook, self.etag = stored_codebook(session)


def latest_etag(session: Session) -> str | None:
    return session.scalar(select(CodesDocument.etag).order_by(CodesDocument.id.desc()).limit(1))


class CodesWatcher:
    """Applies the newest stored document at start and whenever another process stores one (a cheap poll)."""

    def __init__(self, sessions: sessionmaker[Session], lists: CodeLists, interval: float = REFRESH_SECONDS) -> None:
        self.sessions = sessions
        self.lists = lists
        self.interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="codes-watcher", daemon=True)

    def apply_now(self) -> None:
        with self.sessions() as session:
            self.lists.refresh(session)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval + 1)

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                with self.sessions() as session:
                    if latest_etag(session) != self.lists.etag:
                        self.lists.refresh(session)
            except Exception as error:  # noqa: BLE001 - a database hiccup must not end the watching
                log.warning("Could not check for a new codes document: %s", error)
