"""Referrals are counted by the directory service the visitor was sent to, as a code and never as text: an entry
with a UUID (HSDS, PTV, the starter) or a TPR unit number by its id, any other by its source's category, and an
entry the advisor added on the laptop as `local`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from app import exports
from app.directory.service import LocalEdits
from app.directory.store import write_records
from app.statistics import StatisticsService
from app.sync.wire import ReportUpload
from app.visits import VisitInput, VisitService
from app.weeks import HELSINKI
from tests.directory.conftest import service

MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=HELSINKI)
KELA = "9441D2E6-A0D6-56B3-A7F1-9ADACC7AB828"
ADVICE = "0b5d3f0e-31a4-4c51-9a55-5c1c35d7a0aa"


def imported(directory) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with directory.store.session() as session, session.begin():
        write_records(
            session,
            "hsds:helsinki",
            "fi",
            [
                service(KELA, {"fi": "Kelan palvelupiste Puhos"}),
                service(ADVICE, {"fi": "Asumisneuvonta Myllypuro"}),
                service("Matti Meikäläinen 0401234567", {"fi": "Neuvonta"}),
            ],
        )
    hits = {hit.name: hit.id for hit in directory.search("puhos") + directory.search("myllypuro")}
    hits["other"] = directory.search("neuvonta")[0].id
    return hits


def test_weekly_report_counts_each_referred_service_by_code_and_exports_name_it(directory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = imported(directory)
    kela, advice, other = ids["Kelan palvelupiste Puhos"], ids["Asumisneuvonta Myllypuro"], ids["other"]
    own = LocalEdits(directory.store).add(service("my-own", {"fi": "Oma lista: Ahmedin kerho"}))
    visits = VisitService(directory.store)
    for service_id in (kela, kela, advice, other, own, None):
        visits.add(
            VisitInput(topics=("kela-income",), outcomes=("referred",), referral_service_id=service_id, at=MONDAY)
        )
    statistics = StatisticsService(directory.store)
    [report] = statistics.weekly_reports("2026-W47", "2026-W47")
    assert report.counts["referral_service"] == {
        f"hsds:{KELA.lower()}": 2,
        f"hsds:{ADVICE}": 1,
        "hsds:other": 1,  # its id is not a UUID: it travels as its source's category
        "local": 1,  # the advisor's own entry never leaves as its id
    }
    assert report.count("outcome", "referred") == 6
    ReportUpload(revision=1, **report.model_dump(exclude={"site", "week"}))  # the server's rules hold

    target = tmp_path / "weeks.xlsx"
    exports.write_xlsx([report], target, statistics.service_names([report]))
    rows = list(load_workbook(target)["referral_service"].iter_rows(min_row=3, values_only=True))
    assert ("2026-W47", report.site, f"hsds:{KELA.lower()}", "Kelan palvelupiste Puhos") == rows[0][:4]
    assert rows[0][-1] == 2
    names = {row[2]: row[3] for row in rows}
    assert names[f"hsds:{ADVICE}"] == "Asumisneuvonta Myllypuro"
    assert names["hsds:other"] == "hsds:other" and names["local"] == "local"


def test_changing_the_referred_service_moves_the_count_and_raises_the_revision(directory) -> None:  # type: ignore[no-untyped-def]
    from app.storage.models import WeekReportRow

    ids = imported(directory)
    kela, advice = ids["Kelan palvelupiste Puhos"], ids["Asumisneuvonta Myllypuro"]
    visits = VisitService(directory.store)
    visit_id = visits.add(VisitInput(topics=("housing",), referral_service_id=kela, at=MONDAY))
    statistics = StatisticsService(directory.store)
    [before] = statistics.weekly_reports("2026-W47", "2026-W47")
    with directory.store.session() as session:
        revision = session.query(WeekReportRow).one().revision
    visits.update(visit_id, VisitInput(topics=("housing",), referral_service_id=advice, at=MONDAY))
    [after] = statistics.weekly_reports("2026-W47", "2026-W47")
    assert before.counts["referral_service"] == {f"hsds:{KELA.lower()}": 1}
    assert after.counts["referral_service"] == {f"hsds:{ADVICE}": 1}
    with directory.store.session() as session:
        assert session.query(WeekReportRow).one().revision == revision + 1
