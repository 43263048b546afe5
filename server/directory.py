"""The shared directory: files read by the desktop's own importers, merged across languages, published by version."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.formats import FINNISH_ONLY_FORMATS, FORMATS, MULTILINGUAL_FORMATS, read_records
from app.directory.records import ServiceRecord, merge_language, merge_languages
from app.errors import BadInput, ImportProblem
from app.sync.wire import DirectoryFlagsAck, DirectoryFlagsUpload
from app.weeks import now_utc
from server.errors import Invalid
from server.models import Device, DirectoryFlag, DirectoryUpload, DirectoryVersion

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ParsedUpload:
    format: str
    language: str
    filename: str
    services: list[ServiceRecord]


def upload_name(filename: str | None, head: bytes) -> str:
    """A safe file name for the temporary copy (the importers name it in their messages and look at its suffix)."""
    name = _UNSAFE.sub("_", Path(filename or "").name).strip("._")
    if name:
        return name[:200]
    return "upload.zip" if head.startswith(b"PK\x03\x04") else "upload.json"


def read_upload(path: Path, fmt: str, language: str) -> ParsedUpload:
    """Every service in the file, read completely before anything is stored; ImportProblem on the first fault."""
    if fmt not in FORMATS:
        raise Invalid(f"format: choose one of {', '.join(FORMATS)}.")
    if not _LANGUAGE.match(language):
        raise Invalid(f"language: '{language}' is not a language code like fi, sv or en.")
    try:
        fmt, records = read_records(path, fmt, language)
    except BadInput as error:
        raise Invalid(str(error)) from None
    if fmt in FINNISH_ONLY_FORMATS:
        language = "fi"
    services: dict[str, ServiceRecord] = {}
    for record in records:
        if isinstance(record, ServiceRecord):
            services[record.source_id] = record
    if not services:
        raise ImportProblem(path.name, "the file holds no services.")
    return ParsedUpload(format=fmt, language=language, filename=path.name, services=list(services.values()))


def _canonical(services: list[dict[str, Any]]) -> str:
    return json.dumps(services, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def latest_version(session: Session) -> DirectoryVersion | None:
    return session.scalar(select(DirectoryVersion).order_by(DirectoryVersion.version.desc()).limit(1))


def _merged(uploads: list[DirectoryUpload]) -> list[dict[str, Any]]:
    """Every language's services by id, one multilingual entry each (the later upload's non-text fields win)."""
    merged: dict[str, ServiceRecord] = {}
    for upload in uploads:
        for raw in upload.services:
            record = ServiceRecord.model_validate(raw)
            before = merged.get(record.source_id)
            if before is None:
                merged[record.source_id] = record
            elif upload.format in MULTILINGUAL_FORMATS:  # PTV, TPR: the languages each record carries
                merged[record.source_id] = merge_languages(before, record, record.text_languages() or {upload.language})
            else:
                merged[record.source_id] = merge_language(before, record, upload.language)
    return [merged[key].model_dump(mode="json") for key in sorted(merged)]


def publish(session: Session, parsed: ParsedUpload) -> tuple[DirectoryVersion, int]:
    """Replace the upload of that language and publish the merge; an unchanged merge keeps its version."""
    now = now_utc()
    upload = session.get(DirectoryUpload, parsed.language)
    services = [record.model_dump(mode="json") for record in parsed.services]
    if upload is None:
        upload = DirectoryUpload(language=parsed.language)
        session.add(upload)
    upload.format, upload.filename, upload.services, upload.uploaded_at = parsed.format, parsed.filename, services, now
    session.flush()
    uploads = list(session.scalars(select(DirectoryUpload).order_by(DirectoryUpload.uploaded_at, "language")))
    published = _merged(uploads)
    etag = hashlib.sha256(_canonical(published).encode("utf-8")).hexdigest()
    latest = latest_version(session)
    if latest is not None and latest.etag == etag:
        return latest, len(published)
    number = 1 if latest is None else latest.version + 1
    document = json.dumps(
        {"version": number, "published_at": now.isoformat(), "services": published},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    version = DirectoryVersion(version=number, published_at=now, etag=etag, document=document)
    session.add(version)
    session.flush()
    return version, len(published)


# -- advisors' flags ----------------------------------------------------------------------------------------------
# The server checks a flag again for what the laptop's note check refuses whatever the directory holds.
_REFUSED_KINDS = ("identity-code", "email", "birth-date")


def store_flags(session: Session, device: Device, upload: DirectoryFlagsUpload) -> DirectoryFlagsAck:
    """Keep the device's flags (a resend of one already kept is recognised by its client id)."""
    from app.notecheck import personal_data_kinds

    known = set(
        session.scalars(
            select(DirectoryFlag.client_id).where(
                DirectoryFlag.device_id == device.id,
                DirectoryFlag.client_id.in_([flag.client_id for flag in upload.flags]),
            )
        )
    )
    accepted, refused = [], []
    now = now_utc()
    for flag in upload.flags:
        if flag.client_id in known:
            accepted.append(flag.client_id)
            continue
        if set(personal_data_kinds(flag.text)) & set(_REFUSED_KINDS):
            refused.append(flag.client_id)
            continue
        session.add(
            DirectoryFlag(
                device_id=device.id,
                client_id=flag.client_id,
                service_source=flag.service_source,
                service_source_id=flag.service_source_id,
                service_name=dict(flag.service_name),
                text=flag.text,
                flagged_at=flag.flagged_at,
                received_at=now,
            )
        )
        known.add(flag.client_id)
        accepted.append(flag.client_id)
    session.flush()
    return DirectoryFlagsAck(accepted=accepted, refused=refused)


def list_flags(session: Session) -> list[dict[str, Any]]:
    """Every flag, newest first: the service, what is wrong, when, and which team's device sent it."""
    rows = session.scalars(select(DirectoryFlag).order_by(DirectoryFlag.flagged_at.desc(), DirectoryFlag.id.desc()))
    found = []
    for flag in rows:
        name = flag.service_name
        found.append(
            {
                "id": flag.id,
                "service": name.get("fi") or name.get("en") or next(iter(name.values()), flag.service_source_id),
                "service_names": dict(name),
                "source": flag.service_source,
                "source_id": flag.service_source_id,
                "text": flag.text,
                "flagged_at": flag.flagged_at.isoformat(),
                "team": flag.device.team.name,
                "device": flag.device.name,
            }
        )
    return found
