"""Logging, listing, correcting and deleting visits; bad input names its field and saves nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app import visits as visits_module
from app.desk import Desk
from app.errors import BadInput, NotFound
from app.storage.database import Database
from app.visits import VisitInput, VisitService
from app.weeks import HELSINKI
from tests.conftest import SITE

TUESDAY = datetime(2026, 11, 17, 10, 15, tzinfo=HELSINKI)
WEDNESDAY = datetime(2026, 11, 18, 14, 40, tzinfo=HELSINKI)
THURSDAY = datetime(2026, 11, 19, 13, 5, tzinfo=HELSINKI)


@pytest.fixture
def service(store: Database) -> VisitService:
    return Desk(store).visits


def test_added_visit_reads_back_as_recorded(service: VisitService) -> None:
    visit_id = service.add(
        VisitInput(
            topics=("housing", "kela-income"),
            languages=("ar", "fi"),
            outcomes=("information",),
            interpreter="colleague",
            found_via="friends-family",
            duration="5-15",
            age_band="25-29",
            gender="woman",
            years_in_finland="1-3",
            note="  Kela form HA1  ",
            at=TUESDAY,
        )
    )
    record = service.get(visit_id)
    assert record.id == visit_id
    assert record.site_name == SITE
    assert record.at == TUESDAY.astimezone(UTC)
    assert record.week == "2026-W47"
    assert record.topics == ("housing", "kela-income")
    assert record.languages == ("ar", "fi")
    assert record.outcomes == ("information",)
    assert (record.contact, record.participants, record.interpreter) == ("walk-in", 1, "colleague")
    assert (record.found_via, record.duration, record.age_band) == ("friends-family", "5-15", "25-29")
    assert (record.gender, record.years_in_finland) == ("woman", "1-3")
    assert record.note == "Kela form HA1"


def test_visit_without_time_is_logged_now(service: VisitService) -> None:
    before = datetime.now(UTC)
    record = service.get(service.add(VisitInput(topics=("digital",))))
    assert record.at is not None
    assert before - timedelta(seconds=1) <= record.at <= datetime.now(UTC) + timedelta(seconds=1)


def test_list_visits_of_a_week_is_newest_first_and_leaves_out_other_weeks(service: VisitService) -> None:
    first = service.add(VisitInput(topics=("housing",), at=TUESDAY))
    second = service.add(VisitInput(topics=("taxes",), at=THURSDAY))
    service.add(VisitInput(topics=("taxes",), at=TUESDAY - timedelta(days=7)))
    assert [record.id for record in service.list_visits(week="2026-W47")] == [second, first]
    assert [record.id for record in service.list_visits(day=date(2026, 11, 19))] == [second]
    assert len(service.list_visits()) == 3


def test_day_listing_uses_the_helsinki_day_not_the_utc_day(service: VisitService) -> None:
    late_evening = service.add(VisitInput(topics=("housing",), at=datetime(2026, 11, 18, 23, 30, tzinfo=HELSINKI)))
    small_hours = service.add(VisitInput(topics=("housing",), at=datetime(2026, 11, 19, 0, 30, tzinfo=HELSINKI)))
    assert [record.id for record in service.list_visits(day=date(2026, 11, 18))] == [late_evening]
    assert [record.id for record in service.list_visits(day=date(2026, 11, 19))] == [small_hours]


def test_correcting_a_visit_changes_it_and_keeps_its_time(service: VisitService) -> None:
    visit_id = service.add(VisitInput(topics=("housing",), languages=("so",), at=TUESDAY))
    corrected = service.update(visit_id, VisitInput(topics=("money-debt", "housing"), languages=("so",)))
    assert corrected.topics == ("housing", "money-debt")
    assert corrected.at == TUESDAY.astimezone(UTC)
    assert service.get(visit_id).topics == ("housing", "money-debt")


def test_refused_correction_leaves_the_visit_as_it_was(service: VisitService) -> None:
    visit_id = service.add(VisitInput(topics=("housing",), at=TUESDAY))
    before = service.get(visit_id)
    with pytest.raises(BadInput):
        service.update(visit_id, VisitInput(topics=("housing", "astrology")))
    assert service.get(visit_id) == before


def test_deleted_visit_is_gone(service: VisitService) -> None:
    kept = service.add(VisitInput(topics=("housing",), at=TUESDAY))
    deleted = service.add(VisitInput(topics=("taxes",), at=WEDNESDAY))
    record = service.delete(deleted)
    assert record.topics == ("taxes",)
    assert [visit.id for visit in service.list_visits()] == [kept]
    with pytest.raises(NotFound) as missing:
        service.get(deleted)
    assert missing.value.field == "id"


@pytest.mark.parametrize("action", ["get", "delete", "update"])
def test_unknown_visit_id_is_not_found(service: VisitService, action: str) -> None:
    with pytest.raises(NotFound) as missing:
        if action == "update":
            service.update(999, VisitInput(topics=("housing",)))
        else:
            getattr(service, action)(999)
    assert missing.value.field == "id"


@pytest.mark.parametrize(
    ("visit", "field", "mentioned"),
    [
        (VisitInput(topics=("housing", "astrology")), "topic", "--topic"),
        (VisitInput(topics=("housing",), languages=("klingon",)), "language", "--language"),
        (VisitInput(topics=("housing",), outcomes=("magic",)), "outcome", "--outcome"),
        (VisitInput(topics=("housing",), contact="pigeon"), "contact", "--contact"),
        (VisitInput(topics=("housing",), age_band="40-50"), "age_band", "--age-band"),
        (VisitInput(topics=("housing",), participants=3), "participants", "--participants"),
        (VisitInput(topics=("housing",), contact="group", participants=0), "participants", "--participants"),
        (VisitInput(topics=("housing",), at=datetime.now(UTC) + timedelta(days=1)), "at", "--at"),
        (VisitInput(topics=("housing",), site_id=999), "site", "site"),
    ],
    ids=[
        "topic",
        "language",
        "outcome",
        "contact",
        "age-band",
        "participants-for-walk-in",
        "group-without-participants",
        "future",
        "unknown-site",
    ],
)
def test_bad_visit_is_refused_naming_the_field_and_nothing_is_saved(
    service: VisitService, visit: VisitInput, field: str, mentioned: str
) -> None:
    service.add(VisitInput(topics=("housing",), at=TUESDAY))
    before = service.list_visits()
    with pytest.raises(BadInput) as refused:
        service.add(visit)
    assert refused.value.field == field
    assert not str(refused.value).startswith("--"), "the core's sentence is not worded for the command line"
    from app.cli import build_parser, error_line, option_names

    assert mentioned in error_line(refused.value, option_names(build_parser())), "the CLI names its option"
    assert service.list_visits() == before


def test_a_clock_a_few_minutes_ahead_is_tolerated(service: VisitService) -> None:
    visit_id = service.add(VisitInput(topics=("housing",), at=datetime.now(UTC) + timedelta(minutes=5)))
    assert service.get(visit_id).week


@pytest.mark.parametrize(
    ("extra", "outcomes"),
    [
        ({"referral_category": "state"}, ("information", "referred")),
        ({"referral_reason": "language"}, ("information", "referred")),
        ({"referral_category": "ngo", "outcomes": ("referred",)}, ("referred",)),
    ],
)
def test_referral_implies_outcome_referred(service: VisitService, extra: dict[str, object], outcomes: tuple) -> None:
    base = VisitInput(topics=("residence-permit",), outcomes=("information",), at=TUESDAY)
    visit_id = service.add(replace(base, **extra))  # type: ignore[arg-type]
    assert service.get(visit_id).outcomes == tuple(sorted(outcomes))


def test_repeated_codes_are_counted_once(service: VisitService) -> None:
    visit_id = service.add(VisitInput(topics=("housing", "housing"), languages=("AR", "ar "), at=TUESDAY))
    record = service.get(visit_id)
    assert record.topics == ("housing",)
    assert record.languages == ("ar",)


def test_group_session_keeps_its_participant_count(service: VisitService) -> None:
    visit_id = service.add(VisitInput(topics=("education-language",), contact="group", participants=7, at=THURSDAY))
    assert service.get(visit_id).participants == 7


def test_add_many_saves_all_or_nothing(service: VisitService) -> None:
    good = VisitInput(topics=("housing",), at=TUESDAY)
    with pytest.raises(BadInput):
        service.add_many([good, replace(good, topics=("astrology",)), good])
    assert service.list_visits() == []
    ids = service.add_many([good, replace(good, at=WEDNESDAY)])
    assert sorted(record.id for record in service.list_visits()) == sorted(ids)


def test_visit_in_a_desk_session_belongs_to_the_session_site(store: Database, service: VisitService) -> None:
    library = Desk(store).sites.add("Library X")
    desk_session = Desk(store).desk_sessions.start(library.id, staff="Aino")
    record = service.get(service.add(VisitInput(topics=("digital",), session_id=desk_session.id)))
    assert (record.site_id, record.site_name, record.session_id) == (library.id, "Library X", desk_session.id)
    default_site = Desk(store).sites.default()
    with pytest.raises(BadInput) as refused:
        service.add(VisitInput(topics=("digital",), session_id=desk_session.id, site_id=default_site.id))
    assert refused.value.field == "site"


def test_counts_today_and_this_week_in_helsinki_time(service: VisitService, monkeypatch: pytest.MonkeyPatch) -> None:
    now = datetime(2026, 11, 19, 16, 0, tzinfo=HELSINKI).astimezone(UTC)
    monkeypatch.setattr(visits_module, "now_utc", lambda: now)
    monkeypatch.setattr(visits_module, "today_local", lambda: date(2026, 11, 19))
    service.add(VisitInput(topics=("housing",), at=TUESDAY))
    service.add(VisitInput(topics=("housing",), at=THURSDAY))
    service.add(VisitInput(topics=("housing",), at=datetime(2026, 11, 19, 0, 10, tzinfo=HELSINKI)))
    service.add(VisitInput(topics=("housing",), at=datetime(2026, 11, 15, 23, 50, tzinfo=HELSINKI)))
    assert service.counts() == (2, 3)
