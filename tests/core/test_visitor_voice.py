"""Issue 15, the visitor's voice: who asked (a dimension of the visit) and the visitor's own exit answer (counted per
week only, never stored with the visit), in weekly reports, exports and the wire's validation."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from pydantic import ValidationError
from sqlalchemy import inspect

from app.desk import Desk
from app.errors import BadInput
from app.exports import to_csv
from app.storage.database import Database
from app.storage.models import Base
from app.sync.wire import ReportCounts, ReportUpload, codes_context
from app.visits import VisitInput
from app.weeks import HELSINKI, now_utc, week_of

TUESDAY = datetime(2026, 11, 17, 10, 15, tzinfo=HELSINKI)  # 2026-W47


def test_who_asked_is_counted_in_the_weekly_report_and_the_export(store: Database) -> None:
    desk = Desk(store)
    desk.visits.add(VisitInput(topics=("housing",), asked_by="self", at=TUESDAY))
    desk.visits.add(VisitInput(topics=("housing",), asked_by="professional", at=TUESDAY))
    desk.visits.add(VisitInput(topics=("taxes",), asked_by="professional", at=TUESDAY))
    desk.visits.add(VisitInput(topics=("taxes",), at=TUESDAY))
    [report] = desk.statistics.weekly_reports("2026-W47", "2026-W47")
    assert report.counts["asked_by"] == {"self": 1, "professional": 2}
    rows = list(csv.reader(io.StringIO(to_csv([report]))))
    assert ["2026-W47", report.site, "asked_by", "professional", "2"] in rows


def test_an_unknown_who_asked_code_is_refused_and_nothing_saved(store: Database) -> None:
    desk = Desk(store)
    with pytest.raises(BadInput) as refused:
        desk.visits.add(VisitInput(topics=("housing",), asked_by="neighbour", at=TUESDAY))
    assert refused.value.field == "asked_by"
    assert desk.visits.list_visits(week="2026-W47") == []


def test_reports_with_and_without_the_new_dimensions_are_valid_and_wrong_codes_are_not() -> None:
    old = {"visits": 3, "participants": 3, "counts": {"contact": {"walk-in": 3}, "topic": {"housing": 3}}}
    ReportUpload.model_validate({**old, "revision": 1})  # a report of an older release stays valid
    new = {**old["counts"], "asked_by": {"relative": 2, "self": 1}, "visitor_answer": {"yes": 1, "skipped": 1}}
    ReportUpload.model_validate({**old, "counts": new, "revision": 1})
    for dimension, values, named in (
        ("asked_by", {"neighbour": 1}, "'neighbour' is not a known code of 'asked_by'"),
        ("visitor_answer", {"maybe": 1}, "'maybe' is not a known code of 'visitor_answer'"),
        ("asked_by", {"self": 2, "relative": 2}, "add up to more visits"),
        ("visitor_answer", {"yes": 3, "no": 1}, "add up to more visits"),
    ):
        with pytest.raises(ValidationError) as refused:
            ReportUpload.model_validate({**old, "counts": {**old["counts"], dimension: values}, "revision": 1})
        assert named in str(refused.value), dimension


def test_the_visitors_answer_is_counted_in_its_week_and_the_visit_keeps_no_trace_of_it(store: Database) -> None:
    desk = Desk(store)
    first = desk.visits.add(VisitInput(topics=("violence-safety",), languages=("ar",)))
    second = desk.visits.add(VisitInput(topics=("housing",), languages=("so",)))
    third = desk.visits.add(VisitInput(topics=("housing",)))
    desk.visitor_answers.record(first, "no")
    desk.visitor_answers.record(second, "yes")
    desk.visitor_answers.record(third, "skipped")
    week = week_of(now_utc())
    [report] = desk.statistics.weekly_reports(week, week)
    assert report.counts["visitor_answer"] == {"no": 1, "yes": 1, "skipped": 1}
    ReportCounts.model_validate(report.model_dump(exclude={"site", "week"}), context=codes_context(desk.codebook()))
    # What is stored: counts per site, week and answer; nothing names a visit, a time or an order.
    with store.engine.connect() as connection:
        columns = {column["name"] for column in inspect(connection).get_columns("visitor_answer_counts")}
        visit_columns = {column["name"] for column in inspect(connection).get_columns("visits")}
    assert columns == {"site_id", "week", "answer", "count"}
    assert not any("answer" in name or "feedback" in name for name in visit_columns)
    referring = [
        table.name
        for table in Base.metadata.tables.values()
        if any(key.column.table.name == "visitor_answer_counts" for key in table.foreign_keys)
    ]
    assert referring == []
    assert desk.visits.get(first).to_json().keys().isdisjoint({"visitor_answer", "answer"})


def test_an_unknown_answer_is_refused(store: Database) -> None:
    desk = Desk(store)
    visit = desk.visits.add(VisitInput(topics=("housing",)))
    with pytest.raises(BadInput):
        desk.visitor_answers.record(visit, "maybe")
    assert desk.visitor_answers.counts(desk.sites.default().id, week_of(now_utc())) == {}


def test_deleting_visits_never_leaves_more_answers_than_visits(store: Database) -> None:
    desk = Desk(store)
    visits = [desk.visits.add(VisitInput(topics=("housing",))) for _ in range(3)]
    for visit, answer in zip(visits, ("yes", "skipped", "yes"), strict=True):
        desk.visitor_answers.record(visit, answer)
    site, week = desk.sites.default().id, week_of(now_utc())
    desk.visits.delete(visits[0])
    assert desk.visitor_answers.counts(site, week) == {"yes": 2}, "a skip goes first"
    desk.visits.delete(visits[1])
    assert desk.visitor_answers.counts(site, week) == {"yes": 1}
    [report] = desk.statistics.weekly_reports(week, week)
    assert report.visits == 1 and report.counts["visitor_answer"] == {"yes": 1}


def test_an_undone_visit_takes_its_answer_back(store: Database) -> None:
    desk = Desk(store)
    kept = desk.visits.add(VisitInput(topics=("housing",)))
    undone = desk.visits.add(VisitInput(topics=("taxes",)))
    desk.visitor_answers.record(kept, "partly")
    desk.visitor_answers.record(undone, "no")
    site, week = desk.sites.default().id, week_of(now_utc())
    desk.visitor_answers.withdraw(site, week, "no")
    desk.visits.delete(undone)
    assert desk.visitor_answers.counts(site, week) == {"partly": 1}


def test_the_exit_question_is_a_setting_per_site(store: Database) -> None:
    desk = Desk(store)
    puhos = desk.sites.default()
    library = desk.sites.add("Itäkeskus library")
    assert not puhos.asks_exit_question and not library.asks_exit_question
    desk.sites.update(library.id, asks_exit_question=True)
    assert desk.sites.get(library.id).asks_exit_question
    assert not desk.sites.get(puhos.id).asks_exit_question


def test_code_lists_published_before_this_release_still_count_the_new_dimensions_and_stay_extendable() -> None:
    from app.codes import bundled_document, check_document, codebook_of

    older = bundled_document()
    older["dimensions"] = [item for item in older["dimensions"] if item["name"] != "asked_by"]
    older["derived"] = [item for item in older["derived"] if item["name"] != "visitor_answer"]
    book = codebook_of(older)  # a server or laptop holding a document from before issue 15
    assert book["asked_by"].codes == ("self", "relative", "professional")
    ReportCounts.model_validate(
        {"visits": 1, "participants": 1, "counts": {"asked_by": {"self": 1}, "visitor_answer": {"yes": 1}}},
        context=codes_context(book),
    )
    extended = bundled_document()
    asked_by = next(item for item in extended["dimensions"] if item["name"] == "asked_by")
    asked_by["values"].append({"code": "interpreter", "fi": "Tulkki", "sv": "Tolk", "en": "An interpreter"})
    assert "interpreter" in codebook_of(check_document(extended))["asked_by"].codes, "a coordinator may add one"
    fixed = bundled_document()
    answer = next(item for item in fixed["derived"] if item["name"] == "visitor_answer")
    answer["values"].append({"code": "maybe", "fi": "Ehkä", "sv": "Kanske", "en": "Maybe"})
    with pytest.raises(BadInput, match="fixed"):
        check_document(fixed)  # the three faces and skip are what the visitor sees: no code can be added
