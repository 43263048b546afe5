"""Which importer reads a directory file: the formats and their detection, the same on the desktop and the server."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from app.directory.hsds import read_hsds_json
from app.directory.hsds_csv import read_hsds_csv
from app.directory.ptv import read_ptv
from app.directory.records import OrganizationRecord, ServiceRecord
from app.directory.tpr import read_tpr
from app.errors import BadInput, ImportProblem

FORMATS = ("auto", "hsds-json", "hsds-csv", "ptv", "tpr")
# PTV and TPR files are Finnish registries: their records are filed under Finnish, whatever else they hold.
FINNISH_ONLY_FORMATS = ("ptv", "tpr")


def detect_format(path: Path) -> str:
    """hsds-csv for a folder or zip; else hsds-json, ptv or tpr from the file's first bytes."""
    if path.is_dir() or path.suffix.lower() == ".zip":
        return "hsds-csv"
    if path.suffix.lower() != ".json":
        raise ImportProblem(
            path.name, "only HSDS 3.0 (JSON, or CSV in a folder or zip), PTV or TPR files can be imported."
        )
    with path.open("rb") as handle:
        head = handle.read(4096).decode("utf-8", errors="ignore")
    if '"itemList"' in head:
        return "ptv"
    return "tpr" if re.search(r'"name_(fi|sv|en)"\s*:', head) and '"contents"' not in head else "hsds-json"


def read_records(path: Path, fmt: str, language: str) -> tuple[str, Iterable[ServiceRecord | OrganizationRecord]]:
    """(the format, its records as they stream) for a file; `fmt` may be "auto"."""
    if fmt not in FORMATS:
        raise BadInput(f"--format: choose one of {', '.join(FORMATS)}.", "format")
    if not path.exists():
        raise ImportProblem(path.name, "there is no such file or folder.")
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt == "tpr":
        return fmt, read_tpr(path)
    if fmt == "ptv":
        return fmt, read_ptv(path)
    if fmt == "hsds-csv":
        return fmt, read_hsds_csv(path, language)
    return fmt, read_hsds_json(path, language)
