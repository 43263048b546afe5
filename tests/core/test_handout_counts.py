"""Handouts given are counted per language in the week's anonymous report, and nothing else about them is kept."""

from __future__ import annotations

import pytest

from app.desk import Desk
from app.errors import BadInput
from app.storage.models import HandoutPrint, WeekReportRow
from app.weeks import now_utc, week_of


def test_handouts_are_counted_by_language_in_this_weeks_report(store) -> None:  # type: ignore[no-untyped-def]
    counter, statistics, week = Desk(store).handouts, Desk(store).statistics, week_of(now_utc())
    counter.record("ar")
    [first] = statistics.weekly_reports(week, week)
    with store.session() as session:
        revision = session.query(WeekReportRow).one().revision
    counter.record("ar")
    counter.record("so")
    [report] = statistics.weekly_reports(week, week)
    assert report.counts["handout_language"] == {"ar": 2, "so": 1}
    assert report.visits == 0 and first.counts["handout_language"] == {"ar": 1}
    with store.session() as session:
        assert session.query(WeekReportRow).one().revision == revision + 1, "a changed report is sent again"


def test_an_unknown_language_is_refused_and_nothing_is_counted(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadInput):
        Desk(store).handouts.record("xx")
    with store.session() as session:
        assert session.query(HandoutPrint).count() == 0


def test_copies_are_counted_at_the_given_site_only(store) -> None:  # type: ignore[no-untyped-def]

    other = Desk(store).sites.add("Kirjasto")
    week = week_of(now_utc())
    Desk(store).handouts.record("uk", site_id=other.id, copies=3)
    reports = {report.site: report for report in Desk(store).statistics.weekly_reports(week, week)}
    assert reports["Kirjasto"].counts == {"handout_language": {"uk": 3}}
    assert all(report.counts == {} for name, report in reports.items() if name != "Kirjasto")
    with pytest.raises(BadInput):
        Desk(store).handouts.record("uk", copies=0)
