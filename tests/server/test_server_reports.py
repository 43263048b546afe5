"""Weekly reports: stored exactly once per revision, refused whole (and nothing stored) when not allowed or invalid."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from conftest import Desk, report, unique
from sqlalchemy import Engine, select, update

from app.sync.wire import MAX_REPORT_BYTES, is_report_code
from server.models import Device, Report


def stored_reports(db_engine: Engine, desk: Desk) -> list[tuple[str, int, dict[str, Any]]]:
    with db_engine.connect() as connection:
        rows = connection.execute(
            select(Report.week, Report.revision, Report.payload).where(Report.device_id == desk.device_id)
        )
        return [(row.week, row.revision, row.payload) for row in rows]


def put(http: httpx.Client, desk: Desk, site: str, week: str, body: dict[str, Any]) -> httpx.Response:
    return http.put(f"/reports/{site}/{week}", json=body, headers=desk.headers)


def test_revisions_store_once_and_never_go_back(
    http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site = unique("Puhos")
    desk = enroll(site)
    first = put(http, desk, site, "2026-W40", report(revision=1, visits=3))
    assert first.status_code == 200, first.text
    assert first.json() == {"status": "stored", "site": site, "week": "2026-W40", "revision": 1, "stored_revision": 1}

    again = put(http, desk, site, "2026-W40", report(revision=1, visits=3))
    assert again.json()["status"] == "unchanged"

    newer = put(http, desk, site, "2026-W40", report(revision=2, visits=5))
    assert newer.json()["status"] == "stored"

    older = put(http, desk, site, "2026-W40", report(revision=1, visits=3))
    assert older.status_code == 200
    assert older.json() == {"status": "stale", "site": site, "week": "2026-W40", "revision": 1, "stored_revision": 2}

    assert stored_reports(db_engine, desk) == [("2026-W40", 2, _canonical(5))]


def _canonical(visits: int) -> dict[str, Any]:
    counts = {"contact": {"walk-in": visits}, "topic": {"housing": visits}}
    return {"visits": visits, "participants": visits, "counts": counts}


def test_same_revision_with_other_counts_is_a_conflict(
    http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site = unique("Itis")
    desk = enroll(site)
    put(http, desk, site, "2026-W41", report(revision=4, visits=3))
    conflict = put(http, desk, site, "2026-W41", report(revision=4, visits=6))
    assert conflict.status_code == 409
    assert conflict.json()["stored_revision"] == 4
    assert "revision 4" in conflict.json()["detail"]
    assert stored_reports(db_engine, desk) == [("2026-W41", 4, _canonical(3))]


def test_zero_counts_do_not_make_a_conflict(http: httpx.Client, enroll: Callable[..., Desk]) -> None:
    site = unique("Kontula")
    desk = enroll(site)
    put(http, desk, site, "2026-W42", report(revision=1, visits=2))
    with_zeros = report(revision=1, visits=2, gender={"woman": 0})
    assert put(http, desk, site, "2026-W42", with_zeros).json()["status"] == "unchanged"


def test_a_site_of_another_team_is_forbidden(
    http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    own, other = unique("Vuosaari"), unique("Malmi")
    desk = enroll(own)
    enroll(other)
    refused = put(http, desk, other, "2026-W40", report())
    assert refused.status_code == 403
    assert refused.json() == {"detail": f"This device may not report for site {other}."}
    unknown = put(http, desk, "No such site", "2026-W40", report())
    assert unknown.status_code == 403
    assert stored_reports(db_engine, desk) == []


def test_every_site_of_the_team_may_be_reported(http: httpx.Client, enroll: Callable[..., Desk]) -> None:
    team = unique("East Helsinki outreach")
    first, second = unique("Itäkeskus"), unique("Mellunmäki")
    desk = enroll(first, team)
    enroll(second, team)
    assert put(http, desk, second, "2026-W40", report()).json()["status"] == "stored"
    info = http.get("/device", headers=desk.headers).json()
    assert info["team"] == team and sorted(info["sites"]) == sorted([first, second])


def test_an_oversized_report_is_refused_before_parsing(
    http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site = unique("Myyrmäki")
    desk = enroll(site)
    huge = report(referral_service={f"ptv:{index:06d}": 0 for index in range(5000)})
    raw = json.dumps(huge).encode()
    assert len(raw) > MAX_REPORT_BYTES
    headers = {**desk.headers, "Content-Type": "application/json"}
    declared = http.put(f"/reports/{site}/2026-W40", content=raw, headers=headers)
    assert declared.status_code == 413
    assert "nothing was stored" in declared.json()["detail"]

    def chunks() -> Any:  # no Content-Length: counted while read
        for start in range(0, len(raw), 8192):
            yield raw[start : start + 8192]

    streamed = http.put(f"/reports/{site}/2026-W40", content=chunks(), headers=headers)
    assert streamed.status_code == 413
    assert stored_reports(db_engine, desk) == []


MALFORMED = {
    "unknown dimension": (report(mood={"happy": 1}), "mood"),
    "unknown code": (report(gender={"robot": 1}), "robot"),
    "negative count": (report(age_band={"18-24": -1}), "age_band"),
    "float count": (report(age_band={"18-24": 1.5}), "age_band"),
    "count as text": (report(age_band={"18-24": "2"}), "age_band"),
    "free text": (report() | {"note": "Anna from Kontula asked about rent"}, "note"),
    "missing revision": ({key: value for key, value in report().items() if key != "revision"}, "revision"),
    "revision zero": (report(revision=0), "revision"),
    "more in a dimension than visits": (report(contact={"walk-in": 9}), "contact"),
    # Issue 12, finding 6: reports that no real week of visits can give.
    "single choice adding up past the visits": (report(gender={"woman": 2, "man": 2}), "gender"),
    "referral detail without a referred visit": (report(referral_category={"state": 1}), "referred"),
    "ten million participants for one visit": (report(visits=1) | {"participants": 10**7}, "participants"),
    "handouts in a week without visits": (report(visits=0, handout_language={"ar": 1}), "handouts"),
}
REFERRED = {"outcome": {"referred": 3}}
# Issue 12, finding 5: text where a code belongs. Refused, and never repeated back in the answer.
PERSONAL_DATA = [
    "matti.meikalainen@example.fi",
    "010101-123N",
    "010101a123n",
    "0401234567",
    "Ahmed_Hassan_born_1990",
    "ahmed-hassan-born-1990",
    "hsds:ahmed-hassan",
    "mydb:9441d2e6-a0d6-56b3-a7f1-9adacc7ab828",
    "ptv:0401234567",
    "hsds:starter:9441d2e6-a0d6-56b3-a7f1-9adacc7ab828",
]


@pytest.mark.parametrize("text", PERSONAL_DATA)
def test_a_report_carrying_text_instead_of_a_code_is_refused(
    text: str, http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site = unique("Vuosaari")
    desk = enroll(site)
    for dimension in ("referral_service", "topic", "language"):
        refused = put(http, desk, site, "2026-W40", report(**REFERRED, **{dimension: {text: 1}}))
        assert refused.status_code == 422, (dimension, refused.text)
        detail = refused.json()["detail"]
        assert dimension in detail
        if not is_report_code(dimension, text):
            assert text not in detail  # what is not a code is not repeated back
    assert stored_reports(db_engine, desk) == []


def test_referral_codes_of_known_sources_and_categories_are_accepted(
    http: httpx.Client, enroll: Callable[..., Desk]
) -> None:
    site = unique("Vuosaari")
    desk = enroll(site)
    services = {"hsds:9441d2e6-a0d6-56b3-a7f1-9adacc7ab828": 1, "tpr:22736": 1, "local": 1}
    accepted = put(http, desk, site, "2026-W40", report(**REFERRED, referral_service=services))
    assert accepted.status_code == 200, accepted.text


def test_a_key_given_twice_is_refused(http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine) -> None:
    site = unique("Herttoniemi")
    desk = enroll(site)
    raw = (
        b'{"revision": 1, "visits": 3, "participants": 3, "visits": 300,'
        b' "counts": {"contact": {"walk-in": 3}, "contact": {"phone": 3}}}'
    )
    headers = {**desk.headers, "Content-Type": "application/json"}
    refused = http.put(f"/reports/{site}/2026-W40", content=raw, headers=headers)
    assert refused.status_code == 422, refused.text
    assert "twice" in refused.json()["detail"]
    assert stored_reports(db_engine, desk) == []


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_report_is_refused_and_nothing_stored(
    case: str, http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site = unique("Kannelmäki")
    desk = enroll(site)
    body, named = MALFORMED[case]
    refused = put(http, desk, site, "2026-W40", body)
    assert refused.status_code == 422, refused.text
    detail = refused.json()["detail"]
    assert isinstance(detail, str) and named in detail
    assert stored_reports(db_engine, desk) == []


@pytest.mark.parametrize(
    "week",
    ["2026-W60", "2026-47", "W47", "2026-W00", "2027-W53", "0001-W01", "1-W01", "9999-W52", "1999-W52", "2101-W01"],
)
def test_a_bad_week_is_refused(week: str, http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine) -> None:
    site = unique("Kallio")
    desk = enroll(site)
    refused = put(http, desk, site, week, report())
    assert refused.status_code == 422, refused.text
    assert "week" in refused.json()["detail"]
    assert stored_reports(db_engine, desk) == []


def test_a_report_that_is_not_json_is_refused(http: httpx.Client, enroll: Callable[..., Desk]) -> None:
    site = unique("Pasila")
    desk = enroll(site)
    refused = http.put(
        f"/reports/{site}/2026-W40", content=b"{not json", headers={**desk.headers, "Content-Type": "application/json"}
    )
    assert refused.status_code == 422
    assert isinstance(refused.json()["detail"], str)


def test_no_credential_or_a_wrong_one_is_refused(http: httpx.Client, enroll: Callable[..., Desk]) -> None:
    site = unique("Vallila")
    desk = enroll(site)
    wrong_secret = put(http, Desk(desk.device_id, "x" * 43, {}), site, "2026-W40", report())
    assert wrong_secret.status_code == 401 and wrong_secret.json()["reason"] == "unknown_device"
    unknown = put(http, Desk("f" * 32, desk.secret, {}), site, "2026-W40", report())
    assert unknown.status_code == 401 and unknown.json()["reason"] == "unknown_device"
    anonymous = http.put(f"/reports/{site}/2026-W40", json=report())
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"] == "Bearer"
    assert "credential" in anonymous.json()["detail"]
    assert anonymous.json()["reason"] == "missing_credential"


def test_last_seen_is_recorded_to_the_minute_also_for_a_refused_report(
    http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site = unique("Herttoniemi")
    desk = enroll(site)

    def last_seen() -> Any:
        with db_engine.connect() as connection:
            return connection.scalar(select(Device.last_seen_at).where(Device.id == desk.device_id))

    def seen_two_minutes_ago() -> Any:
        earlier = last_seen() - timedelta(minutes=2)
        with db_engine.begin() as connection:
            connection.execute(update(Device).where(Device.id == desk.device_id).values(last_seen_at=earlier))
        return earlier

    earlier = seen_two_minutes_ago()
    put(http, desk, site, "2026-W40", report())
    assert last_seen() > earlier + timedelta(minutes=1)
    just_seen = last_seen()
    put(http, desk, site, "2026-W41", report())
    assert last_seen() == just_seen  # within the minute: no write for it
    earlier = seen_two_minutes_ago()
    refused = http.put(f"/reports/{quote(unique('Elsewhere'))}/2026-W40", json=report(), headers=desk.headers)
    assert refused.status_code == 403
    assert last_seen() > earlier + timedelta(minutes=1)


@pytest.mark.parametrize(
    "name",
    ["Itäkeskus / library", "100 % Kallio", "Puhos/ kirjasto %2F 50%", "a/b/c"],
    ids=["slash", "percent", "slash-and-percent", "slashes"],
)
def test_a_site_name_with_slash_percent_or_spaces_is_reported_and_exported(
    name: str,
    http: httpx.Client,
    enroll: Callable[..., Desk],
    coordinator: dict[str, str],
    db_engine: Engine,
) -> None:
    site = unique(name)
    desk = enroll(site)
    assert site in desk.info["sites"]
    # Whatever a client does with "/": encoded as %2F, or left as it is (the path is decoded before routing).
    encoded = put(http, desk, quote(site, safe=""), "2026-W40", report(revision=1, visits=6))
    assert encoded.status_code == 200, encoded.text
    assert encoded.json()["site"] == site and encoded.json()["status"] == "stored"
    raw_slash = put(http, desk, quote(site, safe="/"), "2026-W41", report(revision=1, visits=7))
    assert raw_slash.status_code == 200, raw_slash.text
    assert raw_slash.json()["site"] == site
    assert sorted(week for week, _, _ in stored_reports(db_engine, desk)) == ["2026-W40", "2026-W41"]
    params = {"from": "2026-W40", "to": "2026-W41", "site": site, "format": "csv"}
    exported = http.get("/exports/weekly", params=params, headers=coordinator)
    assert exported.status_code == 200, exported.text
    totals = {
        row["week"]: row["count"]
        for row in csv.DictReader(io.StringIO(exported.text))
        if row["site"] == site and (row["dimension"], row["value"]) == ("total", "visits")
    }
    assert set(totals) == {"2026-W40", "2026-W41"}  # the site's two weeks, under its own name (counts perturbed)


def test_the_week_is_the_last_segment_of_a_report_path(http: httpx.Client, enroll: Callable[..., Desk]) -> None:
    site = unique("Kivikko / nuoriso")
    desk = enroll(site)
    bad_week = put(http, desk, quote(site, safe=""), "W40", report())
    assert bad_week.status_code == 422, bad_week.text
    no_week = http.put(f"/reports/{quote(site, safe='')}", json=report(), headers=desk.headers)
    assert no_week.status_code in (404, 405, 422), no_week.text
    other = put(http, desk, quote(site + "/x", safe=""), "2026-W40", report())
    assert other.status_code == 403
