"""Directory fixtures: a store with a small multilingual directory written through the importer's own path."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.desk import Desk
from app.directory.records import AddressRecord, LocationRecord, OrganizationRecord, ScheduleRecord, ServiceRecord
from app.directory.store import write_records


def service(
    source_id: str,
    name: dict[str, str],
    description: dict[str, str] | None = None,
    topics: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    organization: str | None = None,
    city: str | None = None,
    schedules: list[ScheduleRecord] | None = None,
) -> ServiceRecord:
    return ServiceRecord(
        source_id=source_id,
        name=name,
        description=description or {},
        topics=list(topics),
        languages=list(languages),
        organization=OrganizationRecord(source_id=f"org-{organization}", name={"fi": organization})
        if organization
        else None,
        locations=[
            LocationRecord(source_id=f"place-{source_id}", address=AddressRecord(city={"fi": city}, municipality=city))
        ]
        if city
        else [],
        schedules=schedules or [],
    )


SAMPLE = [
    service("kela", {"fi": "Kela", "sv": "FPA", "en": "Kela"}, {"fi": "Kelan palvelut ja etuudet"}, ("kela-income",)),
    service(
        "asumisneuvonta",
        {"fi": "Asumisneuvonta"},
        {"fi": "Neuvoo vuokra-asumisessa"},
        ("housing",),
        ("fi", "so"),
        "Helsingin kaupunki",
        "Helsinki",
    ),
    service("te", {"fi": "Työllisyyspalvelut", "en": "Employment services"}, topics=("employment",), city="Espoo"),
    service("malmi", {"fi": "Malmin terveysasema", "sv": "Malms hälsostation"}, topics=("health",)),
    service("halso", {"sv": "Hälsocentral Kampen", "fi": "Kampin terveysasema"}, languages=("sv",)),
    service("ar", {"ar": "مركز الإرشاد", "en": "Advice centre"}, {"ar": "مُساعَدة للمهاجرين"}, languages=("ar",)),
    service("ru", {"ru": "Ёлочка клуб", "en": "Yolochka club"}, languages=("ru",)),
    service("kela-helsinki", {"fi": "Kelan palvelupiste Itäkeskus"}, topics=("kela-income",), city="Helsinki"),
]


@pytest.fixture
def directory(store):  # type: ignore[no-untyped-def]
    """A DirectoryService over the sample entries (ids in SAMPLE order, from 1)."""

    with store.session() as session, session.begin():
        write_records(session, "test", "fi", SAMPLE)
    return Desk(store).directory


@pytest.fixture
def ids(directory) -> Callable[[str, str], list[str]]:  # type: ignore[no-untyped-def]
    """The source ids of what a query finds, best first."""
    from app.storage.directory_models import DirService

    def found(query: str, language: str = "fi") -> list[str]:
        hits = directory.search(query, language)
        with directory.sessions() as session:
            return [session.get(DirService, hit.id).source_id for hit in hits]

    return found
