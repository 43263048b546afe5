"""PTV (Palvelutietovaranto, the Finnish Service Catalogue) Open API v11, as people download it: a page
(`itemList`), a plain list, or a single `GET /ServiceChannel/{id}` or `GET /Service/{id}` object.

- A ServiceLocation channel is a place-based service: names, descriptions, phones, e-mails, web pages, every
  visiting address (postal addresses are not places), opening hours, languages, modified time (last checked).
- A Phone channel (a service line, e.g. Kela's in Somali) and an EChannel or WebPage channel (an e-service)
  are entries without a place: their phone numbers, or their web address (a handout prints its QR code).
- A service becomes an entry without a place: names, descriptions, who it is for (requirements), how to use
  it, its charge type and languages. Channels and services keep each other's ids (`related`).

PTV is multilingual: a file carries every language it has, and re-imports replace those languages only.
PTV coordinates are ETRS-TM35FIN (EPSG:3067, "latitude" holds the northing and "longitude" the easting);
they are converted to WGS84 with pyproj; 0/0 and points outside Finland's grid are no place at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, partial
from pathlib import Path
from typing import Any

from app.directory import jsonfile
from app.directory.hsds import RecordReader, guarded
from app.directory.plaintext import plain_text
from app.directory.records import (
    AddressRecord,
    BadRecord,
    LocationRecord,
    PhoneRecord,
    ReadItem,
    ScheduleRecord,
    ServiceRecord,
)
from app.errors import ImportProblem
from app.weeks import HELSINKI

_DAYS = {
    "Monday": "MO",
    "Tuesday": "TU",
    "Wednesday": "WE",
    "Thursday": "TH",
    "Friday": "FR",
    "Saturday": "SA",
    "Sunday": "SU",
}
_ORDER = list(_DAYS.values())
_PLACE_CHANNELS = ("ServiceLocation",)
_OTHER_CHANNELS = {"Phone": "phone", "EChannel": "web", "WebPage": "web"}
_NOT_PLACES = ("Postal", "Delivery", "PostOfficeBox")
# ETRS-TM35FIN covers Finland with eastings of about 50 000-760 000 m and northings of 6 600 000-7 800 000 m.
_EASTING, _NORTHING = (20_000.0, 800_000.0), (6_500_000.0, 7_850_000.0)
_PHONE_TYPES = {"Phone": None, "Fax": "fax", "Sms": "text"}


def is_ptv_item(item: Any) -> bool:
    return isinstance(item, dict) and ("serviceChannelType" in item or "serviceNames" in item)


@cache
def _to_wgs84() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)


def _localized(reader: RecordReader, data: dict[str, Any], key: str, wanted_type: str | None = None) -> dict[str, str]:
    """PTV's [{language, value, type}] as {language: value} (the first of the wanted type per language)."""
    found: dict[str, str] = {}
    for path, item in reader.objects(data, key, ""):
        if wanted_type is not None and item.get("type") not in (wanted_type, None):
            continue
        language = reader.text(item, "language", path)
        value = reader.text(item, "value", path)
        if language and value and language not in found:
            found[language] = value
    return found


def _prose(reader: RecordReader, data: dict[str, Any], key: str, wanted_type: str | None = None) -> dict[str, str]:
    texts = {code: plain_text(value) for code, value in _localized(reader, data, key, wanted_type).items()}
    return {code: value for code, value in texts.items() if value}


def _description(reader: RecordReader, data: dict[str, Any], key: str) -> dict[str, str]:
    return {**_prose(reader, data, key, "Summary"), **_prose(reader, data, key, "Description")}


def _coordinates(reader: RecordReader, street: dict[str, Any], at: str) -> tuple[float | None, float | None]:
    northing, easting = street.get("latitude"), street.get("longitude")
    if northing in (None, "") or easting in (None, ""):
        return None, None
    try:
        north, east = float(northing), float(easting)
    except (TypeError, ValueError):
        raise reader.problem(f"{at}latitude", "coordinates must be numbers (ETRS-TM35FIN).") from None
    if not (_EASTING[0] <= east <= _EASTING[1] and _NORTHING[0] <= north <= _NORTHING[1]):
        return None, None  # 0/0 or outside Finland: PTV's way of saying "no coordinates"
    longitude, latitude = _to_wgs84().transform(east, north)
    return round(latitude, 6), round(longitude, 6)


def _places(reader: RecordReader, channel: dict[str, Any], name: dict[str, str]) -> list[LocationRecord]:
    """Every visiting address of the channel, the first under the channel's id, the others numbered."""
    identifier = reader.text(channel, "id", "", required=True) or ""
    places: list[LocationRecord] = []
    for path, address in reader.objects(channel, "addresses", ""):
        street = address.get("streetAddress")
        if not isinstance(street, dict) or address.get("type") in _NOT_PLACES:
            continue
        at = f"{path}streetAddress."
        number = reader.text(street, "streetNumber", at) or ""
        streets = {code: f"{value} {number}".strip() for code, value in _localized(reader, street, "street").items()}
        municipality = street.get("municipality") if isinstance(street.get("municipality"), dict) else {}
        municipality_names = _localized(reader, municipality, "name") if municipality else {}
        latitude, longitude = _coordinates(reader, street, at)
        places.append(
            LocationRecord(
                source_id=identifier if not places else f"{identifier}#{len(places) + 1}",
                name=name,
                address=AddressRecord(
                    street=streets,
                    postal_code=reader.text(street, "postalCode", at),
                    city=_localized(reader, street, "postOffice"),
                    municipality=municipality_names.get("fi") or next(iter(municipality_names.values()), None),
                ),
                latitude=latitude,
                longitude=longitude,
            )
        )
    return places


def _hours(reader: RecordReader, channel: dict[str, Any]) -> list[ScheduleRecord]:
    schedules = []
    for path, hours in reader.objects(channel, "serviceHours", ""):
        if hours.get("serviceHourType") != "DaysOfTheWeek" or hours.get("isClosed"):
            continue
        note = _localized(reader, hours, "additionalInformation")
        for opening_path, opening in reader.objects(hours, "openingHour", path):
            first = _DAYS.get(reader.text(opening, "dayFrom", opening_path) or "")
            if first is None:
                raise reader.problem(f"{opening_path}dayFrom", "expected a weekday name such as Monday.")
            last = _DAYS.get(reader.text(opening, "dayTo", opening_path) or "", first)
            days = _ORDER[_ORDER.index(first) : _ORDER.index(last) + 1] or [first]
            schedules.append(
                ScheduleRecord(
                    byday=days,
                    opens_at=reader.text(opening, "from", opening_path),
                    closes_at=reader.text(opening, "to", opening_path),
                    description=note,
                )
            )
    return schedules


def _phones(reader: RecordReader, channel: dict[str, Any]) -> list[PhoneRecord]:
    """Phone numbers by number: PTV lists a number once per language, each with that language's label."""
    phones: dict[str, PhoneRecord] = {}
    for path, phone in reader.objects(channel, "phoneNumbers", ""):
        number = reader.text(phone, "number", path)
        if number is None:
            continue  # PTV's empty slot (a fax line the channel does not have)
        prefix = reader.text(phone, "prefixNumber", path) or ""
        language = reader.text(phone, "language", path) or "fi"
        information = reader.text(phone, "additionalInformation", path)
        kind = reader.text(phone, "type", path) or "Phone"
        full = f"{prefix} {number}".strip()
        kept = phones.setdefault(full, PhoneRecord(number=full, type=_PHONE_TYPES.get(kind, kind.lower())))
        if information:
            kept.description.setdefault(language, information)
    return list(phones.values())


def _web(reader: RecordReader, channel: dict[str, Any]) -> dict[str, str]:
    web: dict[str, str] = {}
    for key in ("webPages", "urls"):
        for path, page in reader.objects(channel, key, ""):
            language = reader.text(page, "language", path) or "fi"
            url = reader.text(page, "url", path) or (reader.text(page, "value", path) if key == "urls" else None)
            if url:
                web.setdefault(language, url)
    return web


def _modified(reader: RecordReader, item: dict[str, Any]) -> Any:
    modified = reader.moment(item, "modified", "")
    raw = str(item.get("modified") or "")
    if modified is not None and "+" not in raw and not raw.endswith("Z"):
        modified = modified.replace(tzinfo=HELSINKI)  # PTV gives Helsinki wall-clock times without an offset
    return modified


def _related(item: dict[str, Any], link_key: str, inner: str) -> list[str]:
    ids = []
    for link in item.get(link_key) or []:
        target = link.get(inner) if isinstance(link, dict) else None
        if isinstance(target, dict) and isinstance(target.get("id"), str):
            ids.append(target["id"])
    return list(dict.fromkeys(ids))


def _channel(reader: RecordReader, channel: dict[str, Any], kind: str | None) -> ServiceRecord:
    name = _localized(reader, channel, "serviceChannelNames", "Name")
    if not name:
        raise reader.problem("serviceChannelNames", "the channel has no name in any language.")
    emails = [
        reader.text(item, "value", path)
        for key in ("emails", "supportEmails")
        for path, item in reader.objects(channel, key, "")
    ]
    return ServiceRecord(
        source_id=reader.text(channel, "id", "", required=True) or "",
        name=name,
        description=_description(reader, channel, "serviceChannelDescriptions"),
        url=_web(reader, channel),
        email=next((email for email in emails if email), None),
        languages=[code for code in channel.get("languages") or [] if isinstance(code, str)],
        phones=_phones(reader, channel),
        locations=_places(reader, channel, name) if kind is None else [],
        schedules=_hours(reader, channel),
        modified_at=_modified(reader, channel),
        channel=kind,
        related=_related(channel, "services", "service"),
    )


def _service(reader: RecordReader, service: dict[str, Any]) -> ServiceRecord:
    name = _localized(reader, service, "serviceNames", "Name")
    if not name:
        raise reader.problem("serviceNames", "the service has no name in any language.")
    charge = service.get("serviceChargeType")
    return ServiceRecord(
        source_id=reader.text(service, "id", "", required=True) or "",
        name=name,
        description=_description(reader, service, "serviceDescriptions"),
        languages=[code for code in service.get("languages") or [] if isinstance(code, str)],
        eligibility=_prose(reader, service, "requirements"),
        application_process=_prose(reader, service, "serviceDescriptions", "UserInstruction"),
        fees=_prose(reader, service, "serviceDescriptions", "ChargeTypeAdditionalInfo"),
        is_free={"Free": True, "Charged": False}.get(charge) if isinstance(charge, str) else None,
        modified_at=_modified(reader, service),
        related=_related(service, "serviceChannels", "serviceChannel"),
    )


def _item_record(reader: RecordReader, item: dict[str, Any]) -> ServiceRecord | None:
    if "serviceChannelType" not in item:
        return _service(reader, item)
    kind = item["serviceChannelType"]
    if kind in _PLACE_CHANNELS:
        return _channel(reader, item, None)
    if kind in _OTHER_CHANNELS:
        return _channel(reader, item, _OTHER_CHANNELS[kind])
    return None  # a printable form: not something a visitor goes to or calls


def read_ptv(path: Path) -> Iterator[ReadItem]:
    name = path.name
    found = jsonfile.shape(path)
    if found.kind == "page" and found.list_key != "itemList" or found.kind in ("scalar", "lines"):
        raise ImportProblem(name, "this is not a PTV page, list or single service channel or service.")
    for index, item in enumerate(jsonfile.items(path, found)):
        identifier = item.get("id") if isinstance(item, dict) else None
        label = f"record {index + 1}" + (f" (id {identifier})" if isinstance(identifier, str) else "")
        if not is_ptv_item(item):
            if index == 0:
                raise ImportProblem(
                    name, "this is not a PTV page, list or single service channel or service (no itemList)."
                )
            yield BadRecord(ImportProblem(name, "this is not a PTV service channel or service.", label))
            continue
        reader = RecordReader(name, label, "fi")
        record = guarded(partial(_item_record, reader, item), name, label, identifier)
        if record is not None:
            yield record
