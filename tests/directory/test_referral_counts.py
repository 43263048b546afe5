"""Referrals are counted by the directory service the visitor was sent to, not only by category."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from app import exports
from app.desk import Desk
from app.visits import VisitInput
from app.weeks import HELSINKI

MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=HELSINKI)


def test_weekly_report_counts_each_referred_service_and_exports_name_it(directory, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kela, advice = directory.search("kelan palvelupiste")[0].id, directory.search("asumisneuvonta")[0].id
    visits = Desk(store).visits
    for service_id in (kela, kela, advice, None):
        visits.add(
            VisitInput(topics=("kela-income",), outcomes=("referred",), referral_service_id=service_id, at=MONDAY)
        )
    statistics = Desk(store).statistics
    [report] = statistics.weekly_reports("2026-W47", "2026-W47")
    assert report.counts["referral_service"] == {"test:kela-helsinki": 2, "test:asumisneuvonta": 1}
    assert report.count("outcome", "referred") == 4

    target = tmp_path / "weeks.xlsx"
    exports.write_xlsx([report], target, statistics.service_names([report]))
    rows = list(load_workbook(target)["referral_service"].iter_rows(min_row=3, values_only=True))
    assert ("2026-W47", report.site, "test:kela-helsinki", "Kelan palvelupiste Itäkeskus") == rows[0][:4]
    assert rows[0][-1] == 2 and rows[1][3] == "Asumisneuvonta" and rows[1][-1] == 1


def test_changing_the_referred_service_moves_the_count_and_raises_the_revision(directory, store) -> None:  # type: ignore[no-untyped-def]
    from app.storage.models import WeekReportRow

    kela, advice = directory.search("kelan palvelupiste")[0].id, directory.search("asumisneuvonta")[0].id
    visits = Desk(store).visits
    visit_id = visits.add(VisitInput(topics=("housing",), referral_service_id=kela, at=MONDAY))
    statistics = Desk(store).statistics
    [before] = statistics.weekly_reports("2026-W47", "2026-W47")
    with directory.sessions() as session:
        revision = session.query(WeekReportRow).one().revision
    visits.update(visit_id, VisitInput(topics=("housing",), referral_service_id=advice, at=MONDAY))
    [after] = statistics.weekly_reports("2026-W47", "2026-W47")
    assert before.counts["referral_service"] == {"test:kela-helsinki": 1}
    assert after.counts["referral_service"] == {"test:asumisneuvonta": 1}
    with directory.sessions() as session:
        assert session.query(WeekReportRow).one().revision == revision + 1


def test_the_laptop_keeps_its_codes_and_sends_codes_only(directory, store) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: a report carries codes, never text. An entry travels by its id where that is a UUID or a TPR unit
    number, else as its source's category; an entry the advisor added on the laptop as `local`."""
    from app.directory.store import write_records
    from app.sync.wire import ReportUpload, sendable
    from tests.directory.conftest import service

    uuid = "9441D2E6-A0D6-56B3-A7F1-9ADACC7AB828"
    with store.session() as session, session.begin():
        write_records(session, "hsds:helsingin palvelut", "fi", [service(uuid, {"fi": "Kelan palvelupiste Puhos"})])
    by_uuid = directory.search("puhos")[0].id
    kela = directory.search("kelan palvelupiste itäkeskus")[0].id  # its id "kela-helsinki" is no UUID
    own = Desk(store).local_edits.add(service("Matti 0401234567", {"fi": "Oma lista"}))
    visits = Desk(store).visits
    for service_id in (by_uuid, by_uuid, kela, own):
        visits.add(VisitInput(topics=("housing",), outcomes=("referred",), referral_service_id=service_id, at=MONDAY))
    [report] = Desk(store).statistics.weekly_reports("2026-W47", "2026-W47")
    assert len(report.counts["referral_service"]) == 3  # the laptop's own statistics keep every entry
    sent = sendable(report.model_dump(include={"visits", "participants", "counts"}))
    assert sent["counts"]["referral_service"] == {f"hsds:{uuid.lower()}": 2, "local": 2}
    ReportUpload(revision=1, **sent)  # what the server accepts


def test_a_week_crossing_a_month_splits_its_referred_services_and_codes_by_the_visits_day(directory, store) -> None:  # type: ignore[no-untyped-def]
    kela, advice = directory.search("kelan palvelupiste")[0].id, directory.search("asumisneuvonta")[0].id
    visits = Desk(store).visits
    friday, sunday = datetime(2026, 1, 30, 10, 0, tzinfo=HELSINKI), datetime(2026, 2, 1, 12, 0, tzinfo=HELSINKI)
    for service_id, topics, at in (
        (kela, ("housing",), friday),
        (kela, ("taxes",), sunday),
        (advice, ("taxes",), sunday),
    ):
        visits.add(VisitInput(topics=topics, outcomes=("referred",), referral_service_id=service_id, at=at))
    [report] = Desk(store).statistics.weekly_reports("2026-W05", "2026-W05")
    assert report.parts is not None
    january, february = report.parts["2026-01"], report.parts["2026-02"]
    assert january.counts["referral_service"] == {"test:kela-helsinki": 1}
    assert february.counts["referral_service"] == {"test:kela-helsinki": 1, "test:asumisneuvonta": 1}
    assert january.counts["topic"] == {"housing": 1} and february.counts["topic"] == {"taxes": 2}
    assert january.counts["outcome"] == {"referred": 1} and february.counts["outcome"] == {"referred": 2}
