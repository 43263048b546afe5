"""Weekly reports count exactly, grow their revision only when their content changes, and cover empty weeks."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.codes import REPORT_DIMENSIONS, SINGLE_CHOICE_DIMENSIONS, bundled_codebook
from app.desk import Desk
from app.storage.database import Database
from app.storage.models import WeekReportRow
from app.visits import VisitInput, VisitService
from app.weeks import HELSINKI, week_of
from tests.conftest import PASSPHRASE, SITE

TUESDAY = datetime(2026, 11, 17, 10, 15, tzinfo=HELSINKI)
WEDNESDAY = datetime(2026, 11, 18, 14, 40, tzinfo=HELSINKI)
THURSDAY = datetime(2026, 11, 19, 13, 5, tzinfo=HELSINKI)


def add_known_week(visits: VisitService) -> list[int]:
    return [
        visits.add(
            VisitInput(
                topics=("housing", "kela-income"),
                languages=("ar",),
                outcomes=("information",),
                interpreter="colleague",
                duration="5-15",
                at=TUESDAY,
            )
        ),
        visits.add(
            VisitInput(
                topics=("housing",),
                languages=("so", "fi"),
                contact="phone",
                referral_category="city",
                referral_reason="expertise",
                at=WEDNESDAY,
            )
        ),
        visits.add(
            VisitInput(
                topics=("education-language",),
                languages=("ar",),
                contact="group",
                participants=7,
                age_band="25-29",
                at=THURSDAY,
            )
        ),
    ]


def revision_of(store: Database, week: str) -> int:
    site_id = Desk(store).sites.by_name(SITE).id
    with store.session() as session:
        row = session.get(WeekReportRow, (site_id, week))
        return row.revision if row is not None else 0


def test_weekly_report_counts_a_known_week_exactly(store: Database) -> None:
    add_known_week(Desk(store).visits)
    [report] = Desk(store).statistics.weekly_reports("2026-W47", "2026-W47")
    assert (report.site, report.week, report.visits, report.participants) == (SITE, "2026-W47", 3, 9)
    assert report.counts == {
        "topic": {"housing": 2, "kela-income": 1, "education-language": 1},
        "language": {"ar": 2, "so": 1, "fi": 1},
        "interpreter": {"colleague": 1},
        "contact": {"walk-in": 1, "phone": 1, "group": 1},
        "outcome": {"information": 1, "referred": 1},
        "referral_category": {"city": 1},
        "referral_reason": {"expertise": 1},
        "duration": {"5-15": 1},
        "hour": {"10": 1, "14": 1, "13": 1},
        "weekday": {"tue": 1, "wed": 1, "thu": 1},
        "age_band": {"25-29": 1},
    }


def test_hour_and_week_of_visits_around_daylight_saving_changes_are_local(store: Database) -> None:
    visits = Desk(store).visits
    visits.add(VisitInput(topics=("housing",), at=datetime(2026, 3, 30, 3, 30, tzinfo=HELSINKI)))
    visits.add(VisitInput(topics=("housing",), at=datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=0)))
    visits.add(VisitInput(topics=("housing",), at=datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=1)))
    visits.add(VisitInput(topics=("housing",), at=datetime(2026, 3, 29, 23, 30, tzinfo=HELSINKI)))
    reports = {report.week: report for report in Desk(store).statistics.weekly_reports("2026-W13", "2026-W43")}
    assert reports["2026-W14"].counts["hour"] == {"03": 1}
    assert reports["2026-W14"].counts["weekday"] == {"mon": 1}
    assert reports["2026-W13"].counts["hour"] == {"23": 1}
    assert reports["2026-W43"].counts["hour"] == {"03": 2}
    assert reports["2026-W43"].counts["weekday"] == {"sun": 2}


def test_weekly_reports_list_every_site_and_week_with_zeros_for_empty_weeks(store: Database) -> None:
    library = Desk(store).sites.add("Library X")
    Desk(store).visits.add(VisitInput(topics=("housing",), at=TUESDAY, site_id=library.id))
    reports = Desk(store).statistics.weekly_reports("2026-W45", "2026-W47")
    assert [(report.week, report.site) for report in reports] == [
        (week, site) for week in ("2026-W45", "2026-W46", "2026-W47") for site in ("Library X", SITE)
    ]
    visits = {(report.week, report.site): report.visits for report in reports}
    assert visits.pop(("2026-W47", "Library X")) == 1
    assert set(visits.values()) == {0}
    empty = reports[0]
    assert (empty.participants, empty.counts) == (0, {})


def test_weekly_reports_of_one_site_leave_out_other_sites(store: Database) -> None:
    library = Desk(store).sites.add("Library X")
    Desk(store).visits.add(VisitInput(topics=("housing",), at=TUESDAY, site_id=library.id))
    Desk(store).visits.add(VisitInput(topics=("housing",), at=TUESDAY))
    [report] = Desk(store).statistics.weekly_reports("2026-W47", "2026-W47", site_id=library.id)
    assert (report.site, report.visits) == ("Library X", 1)


def test_report_revision_grows_only_when_the_week_content_changes(store: Database) -> None:
    visits = Desk(store).visits
    statistics = Desk(store).statistics
    first, _, _ = add_known_week(visits)
    statistics.weekly_reports("2026-W47", "2026-W47")
    assert revision_of(store, "2026-W47") == 1

    statistics.weekly_reports("2026-W47", "2026-W47")
    visits.update(first, visits.get(first).as_input())  # saved again without a change
    statistics.weekly_reports("2026-W47", "2026-W47")
    assert revision_of(store, "2026-W47") == 1

    added = visits.add(VisitInput(topics=("taxes",), at=TUESDAY))
    [report] = statistics.weekly_reports("2026-W47", "2026-W47")
    assert (revision_of(store, "2026-W47"), report.visits) == (2, 4)

    visits.delete(added)
    [report] = statistics.weekly_reports("2026-W47", "2026-W47")
    assert (revision_of(store, "2026-W47"), report.visits) == (3, 3)


def test_moving_a_visit_to_another_week_updates_both_weeks(store: Database) -> None:
    visits = Desk(store).visits
    statistics = Desk(store).statistics
    first, _, _ = add_known_week(visits)
    statistics.weekly_reports("2026-W46", "2026-W47")
    assert (revision_of(store, "2026-W46"), revision_of(store, "2026-W47")) == (0, 1)

    record = visits.get(first)
    visits.update(first, VisitInput(**{**record.as_input().__dict__, "at": TUESDAY - timedelta(days=7)}))

    earlier, later = statistics.weekly_reports("2026-W46", "2026-W47")
    assert (earlier.week, earlier.visits, earlier.count("topic", "kela-income")) == ("2026-W46", 1, 1)
    assert (later.week, later.visits, later.count("topic", "kela-income")) == ("2026-W47", 2, 0)
    assert revision_of(store, "2026-W46") == 1
    assert revision_of(store, "2026-W47") == 2


def test_totals_add_up_weeks_and_sites(store: Database) -> None:
    visits = Desk(store).visits
    add_known_week(visits)
    visits.add(VisitInput(topics=("housing",), at=TUESDAY - timedelta(days=7)))
    totals = Desk(store).statistics.totals("2026-W40", "2026-W47")
    assert (totals.visits, totals.participants) == (4, 10)
    assert totals.rows("topic") == [("housing", 3), ("education-language", 1), ("kela-income", 1)]
    assert totals.rows("weekday") == [("tue", 2), ("wed", 1), ("thu", 1)]


# -- property: single-choice counts add up to the visits, participants to the people ------------------------
_week_numbers = itertools.count()
FIRST_PROPERTY_MONDAY = date(2015, 1, 5)
_CODES = {name: bundled_codebook()[name].codes for name in ("contact", "topic", "interpreter", "duration", "outcome")}

visit_strategy = st.fixed_dictionaries(
    {
        "contact": st.sampled_from(_CODES["contact"]),
        "group_size": st.integers(min_value=1, max_value=40),
        "topics": st.lists(st.sampled_from(_CODES["topic"]), max_size=4),
        "languages": st.lists(st.sampled_from(["fi", "sv", "en", "ar", "so", "ru", "ckb", "prs"]), max_size=3),
        "outcomes": st.lists(st.sampled_from(_CODES["outcome"]), max_size=3),
        "interpreter": st.none() | st.sampled_from(_CODES["interpreter"]),
        "duration": st.none() | st.sampled_from(_CODES["duration"]),
        "minute_of_week": st.integers(min_value=0, max_value=7 * 24 * 60 - 1),
    }
)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    created = Database(Path(tmp_path_factory.mktemp("statistics-property")))
    Desk.create(created, PASSPHRASE, SITE)
    yield created
    created.lock()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(visit_strategy, min_size=0, max_size=12))
def test_single_choice_counts_add_up_to_visits_and_participants_to_people(
    shared_store: Database, drawn: list[dict]
) -> None:
    # Each example writes into a past week of its own, so examples never see each other's visits.
    monday = FIRST_PROPERTY_MONDAY + timedelta(weeks=next(_week_numbers))
    week = week_of(datetime.combine(monday, time(12), HELSINKI))
    week_start = datetime.combine(monday, time(0), HELSINKI)
    inputs = [
        VisitInput(
            topics=tuple(item["topics"]),
            languages=tuple(item["languages"]),
            outcomes=tuple(item["outcomes"]),
            contact=item["contact"],
            participants=item["group_size"] if item["contact"] == "group" else 1,
            interpreter=item["interpreter"],
            duration=item["duration"],
            at=(week_start + timedelta(minutes=item["minute_of_week"])).astimezone(HELSINKI),
        )
        for item in drawn
    ]
    Desk(shared_store).visits.add_many(inputs)
    [report] = Desk(shared_store).statistics.weekly_reports(week, week)

    assert report.visits == len(inputs)
    assert report.participants == sum(visit.participants for visit in inputs)
    for dimension in ("contact", "hour", "weekday"):
        assert sum(report.counts.get(dimension, {}).values()) == report.visits, dimension
    for dimension in SINGLE_CHOICE_DIMENSIONS:
        assert sum(report.counts.get(dimension, {}).values()) <= report.visits, dimension
    assert sum(report.counts.get("interpreter", {}).values()) == sum(1 for v in inputs if v.interpreter)
    assert report.count("contact", "group") == sum(1 for v in inputs if v.contact == "group")
    for topic in _CODES["topic"]:
        assert report.count("topic", topic) == sum(1 for v in inputs if topic in v.topics)
    assert set(report.counts) <= set(REPORT_DIMENSIONS)
