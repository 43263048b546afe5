"""Which importer reads a directory file: the formats and their detection, the same on the desktop and the server.

`read_records` also checks the stream as a whole: two different records under one id are a bad record (the
first one stays), a record repeated unchanged is read once, drafts are left out and counted. Without
`skip_bad` the first bad record refuses the whole file; with it, bad records are listed and the rest read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.directory import jsonfile
from app.directory.hsds import read_hsds_json
from app.directory.hsds_csv import read_hsds_csv
from app.directory.ptv import is_ptv_item, read_ptv
from app.directory.records import BadRecord, Draft, OrganizationRecord, ReadItem, ServiceRecord
from app.directory.tpr import is_tpr, read_tpr
from app.errors import BadInput, ImportProblem

FORMATS = ("auto", "hsds-json", "hsds-csv", "ptv", "tpr")
# PTV and TPR records carry every language they have: a re-import replaces those languages, keeps the others.
MULTILINGUAL_FORMATS = ("ptv", "tpr")
FINNISH_ONLY_FORMATS = MULTILINGUAL_FORMATS  # the name older callers use
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson", ".geojson")
MAX_BAD = 1000  # more broken records than this: the file is not a directory with a few faults


@dataclass
class ReadReport:
    """What reading left out: bad records skipped (with --skip-bad) and drafts, and the ids they had."""

    skipped: list[ImportProblem] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    kept_ids: set[str] = field(default_factory=set)  # ids of left-out records: not withdrawn for being absent

    def lines(self) -> list[str]:
        found = [f"skipped {problem.where}: {problem.problem}" for problem in self.skipped]
        if self.drafts:
            found.append(f"left out {len(self.drafts)} draft record(s): " + ", ".join(self.drafts[:10]))
        return found


def detect_format(path: Path) -> str:
    """hsds-csv for a folder or zip; else hsds-json, ptv or tpr from the file's first record."""
    if path.is_dir() or path.suffix.lower() == ".zip":
        return "hsds-csv"
    if path.suffix.lower() not in JSON_SUFFIXES:
        raise ImportProblem(
            path.name,
            "only HSDS 3.0 or 2.0 / Open Referral UK (JSON, JSON Lines, or CSV in a folder or zip), "
            "PTV or TPR files can be imported.",
        )
    with path.open("rb") as handle:
        head = handle.read(4096).decode("utf-8", errors="ignore")
    if '"itemList"' in head or '"serviceChannelType"' in head or '"serviceNames"' in head:
        return "ptv"
    if re.search(r'"name_(fi|sv|en)"\s*:', head) and '"contents"' not in head:
        return "tpr"
    found = jsonfile.shape(path)
    if found.kind in ("object", "list"):
        first = next(jsonfile.items(path, found), None)
        first = first[0] if found.kind == "list" and isinstance(first, list) and first else first
        if is_ptv_item(first):
            return "ptv"
        if is_tpr(first):
            return "tpr"
    return "hsds-json"


def _checked(
    path: Path, items: Iterable[ReadItem], skip_bad: bool, report: ReadReport
) -> Iterator[ServiceRecord | OrganizationRecord]:
    seen: dict[str, tuple[str, str]] = {}  # id: (the id, the record's content hash)
    for item in items:
        if isinstance(item, Draft):
            report.drafts.append(item.label)
            if item.source_id:
                report.kept_ids.add(item.source_id)
            continue
        if isinstance(item, ServiceRecord):
            digest = item.content_hash()
            before = seen.get(item.source_id)
            if before is not None:
                if before[1] == digest:
                    continue  # the same record listed twice
                item = BadRecord(
                    ImportProblem(
                        path.name,
                        f"two different records have the id {item.source_id!r}; the first one is kept.",
                        f"id {item.source_id}",
                        "id",
                    ),
                    item.source_id,
                )
            else:
                seen[item.source_id] = (item.source_id, digest)
        if isinstance(item, BadRecord):
            if not skip_bad:
                raise item.problem
            report.skipped.append(item.problem)
            if item.source_id:
                report.kept_ids.add(item.source_id)
            if len(report.skipped) > MAX_BAD:
                raise ImportProblem(
                    path.name, f"more than {MAX_BAD} records cannot be read; this does not look like a directory."
                )
            continue
        yield item


def read_records(
    path: Path, fmt: str, language: str, skip_bad: bool = False, report: ReadReport | None = None
) -> tuple[str, Iterable[ServiceRecord | OrganizationRecord]]:
    """(the format, its records as they stream) for a file; `fmt` may be "auto"."""
    try:
        return _read_records(path, fmt, language, skip_bad, report)
    except OSError as error:
        raise ImportProblem(path.name, f"the file cannot be read ({error.strerror or error}).") from None


def _read_records(
    path: Path, fmt: str, language: str, skip_bad: bool, report: ReadReport | None
) -> tuple[str, Iterable[ServiceRecord | OrganizationRecord]]:
    if fmt not in FORMATS:
        raise BadInput(f"--format: choose one of {', '.join(FORMATS)}.", "format")
    if not path.exists():
        raise ImportProblem(path.name, "there is no such file or folder.")
    if fmt == "auto":
        fmt = detect_format(path)
    if path.is_dir() and fmt != "hsds-csv":
        raise ImportProblem(
            path.name, f"this is a folder; a {fmt} import reads one file (only HSDS CSV packages are folders)."
        )
    if fmt == "hsds-csv" and path.is_file() and path.suffix.lower() == ".csv":
        raise ImportProblem(path.name, "one CSV file is not a package: import the folder or zip with datapackage.json.")
    items: Iterable[ReadItem]
    if fmt == "tpr":
        items = read_tpr(path)
    elif fmt == "ptv":
        items = read_ptv(path)
    elif fmt == "hsds-csv":
        items = read_hsds_csv(path, language)
    else:
        items = read_hsds_json(path, language)
    return fmt, _guard_os(path, _checked(path, items, skip_bad, report if report is not None else ReadReport()))


def _guard_os(
    path: Path, records: Iterator[ServiceRecord | OrganizationRecord]
) -> Iterator[ServiceRecord | OrganizationRecord]:
    """A file that cannot be read (permissions, a folder, a vanished disk) is one ImportProblem, not a traceback."""
    try:
        yield from records
    except OSError as error:
        raise ImportProblem(path.name, f"the file cannot be read ({error.strerror or error}).") from None
    except RecursionError:
        raise ImportProblem(path.name, "the file is nested too deeply to be a directory.") from None
