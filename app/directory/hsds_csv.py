"""HSDS 3.0 tabular data: a folder, or a zip, of CSV files with datapackage.json.

The rows are joined into the nested form of HSDS JSON (a service with its organization, places,
phones, hours, languages and taxonomy terms) and read by the same code as HSDS JSON files, so both
forms give the same records. A row with the wrong number of columns names its file, row and column.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from app.directory.hsds import MAX_FILE_BYTES, service_record
from app.directory.records import OrganizationRecord, ServiceRecord
from app.errors import ImportProblem

TABLES = (
    "services",
    "organizations",
    "locations",
    "addresses",
    "service_at_location",
    "phones",
    "schedules",
    "languages",
    "attributes",
    "taxonomy_terms",
)
Row = dict[str, str]


def _read_csv(name: str, raw: bytes) -> list[Row]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(name, "the file is not UTF-8 text.") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            return []
        rows = []
        for values in reader:
            if not values:
                continue
            if len(values) != len(header):
                column = header[len(values)] if len(values) < len(header) else f"column {len(values)}"
                raise ImportProblem(
                    name,
                    f"the row has {len(values)} columns, the header has {len(header)}.",
                    f"row {reader.line_num}",
                    column,
                )
            rows.append(dict(zip(header, values, strict=True)))
    except csv.Error as error:
        raise ImportProblem(name, f"the CSV is broken ({error}).", f"row {reader.line_num}") from None
    return rows


def _files(path: Path) -> dict[str, bytes]:
    """The package's files by name: from a folder, or from a zip whose unpacked size is checked first."""
    wanted = {f"{table}.csv" for table in TABLES} | {"datapackage.json"}
    found: dict[str, bytes] = {}
    if path.is_dir():
        for name in wanted:
            file = path / name
            if file.is_file():
                if file.stat().st_size > MAX_FILE_BYTES:
                    raise ImportProblem(name, f"the file is larger than {MAX_FILE_BYTES:,} bytes.")
                found[name] = file.read_bytes()
        return found
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_FILE_BYTES:
                raise ImportProblem(
                    path.name, f"the zip unpacks to more than {MAX_FILE_BYTES:,} bytes; it was not opened."
                )
            for member in members:
                base = PurePosixPath(member.filename).name
                if base in wanted and not member.is_dir():
                    found[base] = archive.read(member)
    except zipfile.BadZipFile:
        raise ImportProblem(path.name, "this is neither a folder nor a readable zip file.") from None
    return found


def _by(rows: list[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            grouped[row[key]].append(row)
    return grouped


def read_hsds_csv(path: Path, language: str = "en") -> Iterator[ServiceRecord | OrganizationRecord]:
    files = _files(path)
    if "datapackage.json" not in files or "services.csv" not in files:
        raise ImportProblem(path.name, "an HSDS tabular package needs datapackage.json and services.csv.")
    tables = {table: _read_csv(f"{table}.csv", files.get(f"{table}.csv", b"")) for table in TABLES}
    organizations = {row["id"]: row for row in tables["organizations"] if row.get("id")}
    addresses = _by(tables["addresses"], "location_id")
    locations = {
        row["id"]: {**row, "addresses": addresses.get(row["id"], [])} for row in tables["locations"] if row.get("id")
    }
    terms = {row["id"]: row for row in tables["taxonomy_terms"] if row.get("id")}
    phones_of_service = _by(tables["phones"], "service_id")
    phones_of_place = _by(tables["phones"], "service_at_location_id")
    hours_of_service = _by(tables["schedules"], "service_id")
    hours_of_place = _by(tables["schedules"], "service_at_location_id")
    languages = _by(tables["languages"], "service_id")
    attributes = _by(tables["attributes"], "link_id")
    places_of_service = _by(tables["service_at_location"], "service_id")
    for number, row in enumerate(tables["services"], start=2):
        service: dict[str, Any] = dict(row)
        service_id = row.get("id", "")
        if row.get("organization_id") in organizations:
            service["organization"] = organizations[row["organization_id"]]
        service["phones"] = [
            phone for phone in phones_of_service.get(service_id, []) if not phone.get("service_at_location_id")
        ]
        service["schedules"] = [
            hours for hours in hours_of_service.get(service_id, []) if not hours.get("service_at_location_id")
        ]
        service["languages"] = languages.get(service_id, [])
        service["attributes"] = [
            {**attribute, "taxonomy_term": terms[attribute["taxonomy_term_id"]]}
            for attribute in attributes.get(service_id, [])
            if attribute.get("taxonomy_term_id") in terms
        ]
        service["service_at_locations"] = [
            {
                **link,
                "location": locations.get(link.get("location_id", "")),
                "phones": phones_of_place.get(link.get("id", ""), []),
                "schedules": hours_of_place.get(link.get("id", ""), []),
            }
            for link in places_of_service.get(service_id, [])
        ]
        label = f"row {number}" + (f" (id {service_id})" if service_id else "")
        yield service_record(service, "services.csv", label, language)
