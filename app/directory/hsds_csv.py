"""HSDS tabular data: a folder, or a zip, of CSV files with datapackage.json (also under a `data/` folder).

Both HSDS 3.0 and the HSDS 1.x/2.0 tables most published feeds still use are read: 2.0's
`physical_addresses.csv`, `services_at_location.csv`, `regular_schedules.csv` (by weekday), `languages.csv`
with a `language` column, `eligibility.csv`, `service_taxonomy.csv` with `taxonomy.csv`; phones and hours
given for a location reach the services at that location. The rows are joined into the nested form of HSDS
JSON and read by the same code as HSDS JSON files, so both forms give the same records.

CSV saved from a spreadsheet is read too: UTF-8 (with or without BOM) or, failing that, Windows-1252 (what
Excel on a Finnish or Swedish Windows writes), comma, semicolon or tab separated (the header line says which).
A row with the wrong number of columns names its file, row and column. A zip is unpacked in chunks against
MAX_FILE_BYTES whatever its headers declare, so a small file claiming little that holds much is refused early.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from app.directory.hsds import guarded, service_record
from app.directory.jsonfile import MAX_FILE_BYTES
from app.directory.records import ReadItem
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
    "required_documents",
    "cost_options",
    # HSDS 1.x / 2.0 names
    "physical_addresses",
    "services_at_location",
    "regular_schedules",
    "eligibility",
    "service_taxonomy",
    "taxonomy",
)
CHUNK = 1024 * 1024
MAX_MEMBERS = 10_000
Row = dict[str, str]


def _text(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")  # Excel's "CSV (semicolon separated)" on a Finnish or Swedish Windows
    except UnicodeDecodeError:
        raise ImportProblem(name, "the file is neither UTF-8 nor Windows-1252 (Excel) text.") from None


def _delimiter(text: str) -> str:
    """The separator the header line uses most: comma, semicolon (a Finnish Excel) or tab."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def _read_csv(name: str, raw: bytes) -> list[Row]:
    text = _text(name, raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        header = next(reader, None)
        if not header:
            return []
        header = [column.strip() for column in header]
        rows = []
        for values in reader:
            if not values or values == [""]:
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


def _wanted() -> set[str]:
    return {f"{table}.csv" for table in TABLES} | {"datapackage.json"}


def _folder_files(path: Path) -> dict[str, bytes]:
    """The package's files in the folder or in its sub-folders (`data/`), the shallowest copy of each."""
    wanted, found, total = _wanted(), {}, 0
    for depth in range(3):
        for file in sorted(path.glob("/".join(["*"] * (depth + 1)))):
            if file.name in wanted and file.name not in found and file.is_file():
                total += file.stat().st_size
                if total > MAX_FILE_BYTES:
                    raise ImportProblem(file.name, f"the package is larger than {MAX_FILE_BYTES:,} bytes.")
                found[file.name] = file.read_bytes()
    return found


def _zip_files(path: Path) -> dict[str, bytes]:
    """The package's files in the zip, unpacked in chunks: what a member really holds counts, not its header."""
    wanted, found, total = _wanted(), {}, 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ImportProblem(path.name, f"the zip holds more than {MAX_MEMBERS:,} files; it was not opened.")
            if sum(member.file_size for member in members) > MAX_FILE_BYTES:
                raise ImportProblem(
                    path.name, f"the zip unpacks to more than {MAX_FILE_BYTES:,} bytes; it was not opened."
                )
            chosen: dict[str, zipfile.ZipInfo] = {}
            for member in sorted(members, key=lambda item: item.filename.count("/")):
                base = PurePosixPath(member.filename).name
                if base in wanted and not member.is_dir():
                    chosen.setdefault(base, member)
            for base, member in chosen.items():
                parts = []
                try:
                    with archive.open(member) as handle:
                        while chunk := handle.read(CHUNK):
                            total += len(chunk)
                            if total > MAX_FILE_BYTES:
                                raise ImportProblem(
                                    path.name,
                                    f"the zip unpacks to more than {MAX_FILE_BYTES:,} bytes; it was not read.",
                                )
                            parts.append(chunk)
                except (zipfile.BadZipFile, EOFError, OSError):
                    raise ImportProblem(
                        path.name, f"the zip is damaged: {member.filename} does not match its header; it was not read."
                    ) from None
                found[base] = b"".join(parts)
    except (zipfile.BadZipFile, EOFError):
        raise ImportProblem(path.name, "this is neither a folder nor a readable zip file.") from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError) as error:
        raise ImportProblem(path.name, f"the zip cannot be read ({error}).") from None
    return found


def _by(rows: list[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            grouped[row[key]].append(row)
    return grouped


def read_hsds_csv(path: Path, language: str = "en") -> Iterator[ReadItem]:
    files = _folder_files(path) if path.is_dir() else _zip_files(path)
    if "datapackage.json" not in files or "services.csv" not in files:
        raise ImportProblem(path.name, "an HSDS tabular package needs datapackage.json and services.csv.")
    tables = {table: _read_csv(f"{table}.csv", files.pop(f"{table}.csv", b"")) for table in TABLES}
    organizations = {row["id"]: row for row in tables["organizations"] if row.get("id")}
    addresses = _by(tables["addresses"], "location_id")
    for location_id, rows in _by(tables["physical_addresses"], "location_id").items():
        addresses[location_id] += [{**row, "address_type": "physical"} for row in rows]
    phones_of_location = _by(tables["phones"], "location_id")
    hours_of_location = _by(tables["regular_schedules"] + tables["schedules"], "location_id")
    locations = {
        row["id"]: {**row, "addresses": addresses.get(row["id"], [])} for row in tables["locations"] if row.get("id")
    }
    terms = {row["id"]: row for row in tables["taxonomy_terms"] if row.get("id")}
    old_terms = {row["id"]: {**row, "vocabulary": row.get("vocabulary", "")} for row in tables["taxonomy"]}
    phones = tables["phones"]
    phones_of_service = _by(phones, "service_id")
    phones_of_place = _by(phones, "service_at_location_id")
    all_hours = tables["schedules"] + tables["regular_schedules"]
    hours_of_service = _by(all_hours, "service_id")
    hours_of_place = _by(all_hours, "service_at_location_id")
    languages = _by(tables["languages"], "service_id")
    attributes = _by(tables["attributes"], "link_id")
    documents = _by(tables["required_documents"], "service_id")
    costs = _by(tables["cost_options"], "service_id")
    eligibility = _by(tables["eligibility"], "service_id")
    old_taxonomy = _by(tables["service_taxonomy"], "service_id")
    places_of_service = _by(tables["service_at_location"] + tables["services_at_location"], "service_id")
    for number, row in enumerate(tables["services"], start=2):
        service_id = row.get("id", "")
        label = f"row {number}" + (f" (id {service_id})" if service_id else "")
        service: dict[str, Any] = dict(row)
        if row.get("organization_id") in organizations:
            service["organization"] = organizations[row["organization_id"]]
        service["phones"] = [
            phone
            for phone in phones_of_service.get(service_id, [])
            if not phone.get("service_at_location_id") and not phone.get("location_id")
        ]
        service["schedules"] = [
            hours
            for hours in hours_of_service.get(service_id, [])
            if not hours.get("service_at_location_id") and not hours.get("location_id")
        ]
        service["languages"] = languages.get(service_id, [])
        service["attributes"] = [
            {**attribute, "taxonomy_term": terms[attribute["taxonomy_term_id"]]}
            for attribute in attributes.get(service_id, [])
            if attribute.get("taxonomy_term_id") in terms
        ]
        service["service_taxonomys"] = [
            {"taxonomy": old_terms[link["taxonomy_id"]]}
            for link in old_taxonomy.get(service_id, [])
            if link.get("taxonomy_id") in old_terms
        ]
        if documents.get(service_id):
            service["required_documents"] = [{"document": item.get("document", "")} for item in documents[service_id]]
        if costs.get(service_id):
            service["cost_options"] = [_cost(item) for item in costs[service_id]]
        if eligibility.get(service_id) and not service.get("eligibility_description"):
            service["eligibility_description"] = "\n".join(
                item.get("eligibility", "") for item in eligibility[service_id] if item.get("eligibility")
            )
        service["service_at_locations"] = [
            {
                **link,
                "location": locations.get(link.get("location_id", "")),
                "phones": phones_of_place.get(link.get("id", ""), [])
                + [phone for phone in phones_of_location.get(link.get("location_id", ""), [])],
                "schedules": hours_of_place.get(link.get("id", ""), [])
                + [
                    hours
                    for hours in hours_of_location.get(link.get("location_id", ""), [])
                    if not hours.get("service_at_location_id")
                ],
            }
            for link in places_of_service.get(service_id, [])
        ]
        for numeric in ("minimum_age", "maximum_age"):
            if service.get(numeric, "") == "":
                service.pop(numeric, None)
        build = partial(service_record, service, "services.csv", label, language)
        record = guarded(build, "services.csv", label, service_id or None)
        if record is not None:
            yield record


def _cost(row: Row) -> dict[str, Any]:
    amount: float | None
    try:
        amount = float(row.get("amount", "").replace(",", ".")) if row.get("amount") else None
    except ValueError:
        amount = None
    return {**row, "amount": amount}
