"""Helsinki's service unit register (TPR) as the Service Map API serves it: one unit, or a list of units.

Each unit becomes a place-based service: name_fi/sv/en, desc_*, www_*, street_address_*, address_city_*,
phone (with call_charge_info_* as its description), email, WGS84 latitude/longitude, extra search words
and modified_time (Helsinki time) as the date it was last checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from app.directory import jsonfile
from app.directory.hsds import RecordReader, coordinate, guarded
from app.directory.plaintext import plain_text
from app.directory.records import AddressRecord, BadRecord, LocationRecord, PhoneRecord, ReadItem, ServiceRecord
from app.errors import ImportProblem
from app.weeks import HELSINKI

LANGUAGES = ("fi", "sv", "en")


def is_tpr(document: Any) -> bool:
    first = document[0] if isinstance(document, list) and document else document
    return isinstance(first, dict) and any(f"name_{code}" in first for code in LANGUAGES) and "contents" not in first


def _texts(reader: RecordReader, unit: dict[str, Any], prefix: str) -> dict[str, str]:
    found = {}
    for code in LANGUAGES:
        value = reader.text(unit, f"{prefix}_{code}", "")
        if value:
            found[code] = value
    return found


def _unit(reader: RecordReader, unit: dict[str, Any]) -> ServiceRecord:
    identifier = unit.get("id")
    if isinstance(identifier, bool) or not isinstance(identifier, (int, str)) or identifier == "":
        raise reader.problem("id", "this required field is missing or is not a number or text.")
    name = _texts(reader, unit, "name")
    if not name:
        raise reader.problem("name_fi", "the unit has no name in any language.")
    phone = reader.text(unit, "phone", "")
    modified = reader.moment(unit, "modified_time", "")
    raw_time = unit.get("modified_time") or ""
    if modified is not None and "+" not in raw_time and not raw_time.endswith("Z"):
        modified = modified.replace(tzinfo=HELSINKI)  # TPR gives Helsinki wall-clock times without an offset
    keywords = reader.text(unit, "extra_searchwords_fi", "")
    latitude, longitude = coordinate(unit.get("latitude"), 90), coordinate(unit.get("longitude"), 180)
    street, city = _texts(reader, unit, "street_address"), _texts(reader, unit, "address_city")
    return ServiceRecord(
        source_id=str(identifier),
        name=name,
        description={code: plain_text(text) for code, text in _texts(reader, unit, "desc").items()},
        url=_texts(reader, unit, "www"),
        email=reader.text(unit, "email", ""),
        keywords={"fi": [word.strip() for word in keywords.split(",") if word.strip()]} if keywords else {},
        phones=[PhoneRecord(number=phone, description=_texts(reader, unit, "call_charge_info"))] if phone else [],
        locations=[
            LocationRecord(
                source_id=str(identifier),
                name=name,
                address=AddressRecord(
                    street=street,
                    postal_code=reader.text(unit, "address_zip", ""),
                    city=city,
                    municipality=city.get("fi") or next(iter(city.values()), None),
                ),
                latitude=latitude,
                longitude=longitude,
            )
        ],
        modified_at=modified,
    )


def read_tpr(path: Path) -> Iterator[ReadItem]:
    """Every unit, one at a time (TPR is multilingual: each unit carries its fi/sv/en texts)."""
    name = path.name
    found = jsonfile.shape(path)
    if found.kind not in ("object", "list"):
        raise ImportProblem(name, "this is not a TPR service unit file (no name_fi, name_sv or name_en).")
    for index, unit in enumerate(jsonfile.items(path, found)):
        identifier = unit.get("id") if isinstance(unit, dict) else None
        label = f"record {index + 1}" + (f" (id {identifier})" if identifier is not None else "")
        if index == 0 and not is_tpr(unit):
            raise ImportProblem(name, "this is not a TPR service unit file (no name_fi, name_sv or name_en).")
        if not isinstance(unit, dict):
            yield BadRecord(ImportProblem(name, "expected an object.", label))
            continue
        record = guarded(partial(_unit, RecordReader(name, label, "fi"), unit), name, label, identifier)
        if record is not None:
            yield record
