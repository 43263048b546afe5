"""`neuvo-server`: codes printed alone on the last line, devices listed and revoked, exports, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from conftest import Desk, new_identity, report, unique
from server_process import run_cli
from sqlalchemy import create_engine, update

from app.sync.wire import ENROLLMENT_CODE_ALPHABET, ENROLLMENT_CODE_LENGTH, device_token
from server.cli import main
from server.models import Report
from server.suppression import new_cell_key, perturbation

CODE = re.compile(f"^[{ENROLLMENT_CODE_ALPHABET}]{{{ENROLLMENT_CODE_LENGTH}}}$")


def neuvo_server(server_db: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command run in this process (quick); argparse's exits become exit codes."""
    try:
        code = main(["--database-url", server_db, *args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_enrollment_code_from_the_command_line_enrolls_a_device(
    server_db: str, http: httpx.Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team, site = unique("East Helsinki outreach"), unique("Itäkeskus")
    done = run_cli(server_db, "enrollment", "create", "--site", site, "--team", team, "--expires", "30m")
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2 and team in lines[0]
    code = lines[-1]
    assert CODE.match(code), code
    device_id, secret = new_identity()
    enrolled = http.post("/enroll", json={"code": code, "device_id": device_id, "device_secret": secret})
    assert enrolled.status_code == 200 and enrolled.json()["team"] == team
    headers = {"Authorization": f"Bearer {device_token(device_id, secret)}"}
    assert http.put(f"/reports/{site}/2026-W44", json=report(visits=6), headers=headers).status_code == 200

    status, out, _ = neuvo_server(server_db, capsys, "device", "list", "--json")
    assert status == 0
    mine = [row for row in json.loads(out) if row["device_id"] == device_id]
    assert len(mine) == 1 and mine[0]["team"] == team and mine[0]["revoked_at"] is None

    week = ["--from", "2026-W44", "--to", "2026-W44"]
    status, out, _ = neuvo_server(server_db, capsys, "export", "weekly", *week, "--format", "csv", "--site", site)
    assert status == 0
    totals = {row["value"]: row["count"] for row in csv.DictReader(io.StringIO(out)) if row["dimension"] == "total"}
    assert set(totals) == {"visits", "participants"}
    # Perturbed, never 1-4: a 6 may be published as "<5", as 0 (pushed down; server.suppression) or as 5 and up.
    assert all(value == "<5" or int(value) == 0 or 5 <= int(value) <= 6 + 20 for value in totals.values())

    status, out, _ = neuvo_server(server_db, capsys, "audit", *week, "--json")
    audited = json.loads(out)
    assert status == 0 and audited["pinned"] == [] and audited["reports"] >= 1 and audited["tables"] >= 9
    status, out, _ = neuvo_server(server_db, capsys, "audit", *week)
    assert status == 0 and "0 can be pinned" in out
    target = tmp_path / "weeks.xlsx"
    status, _, _ = neuvo_server(server_db, capsys, "export", "weekly", *week, "--format", "xlsx", "--out", str(target))
    assert status == 0 and target.read_bytes().startswith(b"PK")

    assert neuvo_server(server_db, capsys, "device", "revoke", device_id)[0] == 0
    refused = http.get("/device", headers=headers)
    assert refused.status_code == 401 and refused.json()["reason"] == "revoked"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["enrollment", "create"],
        ["enrollment", "create", "--site", "X", "--expires", "tomorrow"],
        ["export", "weekly", "--from", "2026-W40", "--to", "2026-W41", "--format", "pdf"],
        ["export", "weekly", "--from", "2026-W50", "--to", "2026-W41", "--format", "csv"],
        ["export", "weekly", "--from", "2026-W40", "--to", "2026-W41", "--format", "xlsx"],
        ["export", "weekly", "--from", "9999-W52", "--to", "9999-W52", "--format", "csv"],
        ["export", "weekly", "--from", "0001-W01", "--to", "2026-W01", "--format", "csv"],
        ["audit", "--from", "2026-W40", "--to", "2101-W01"],
        ["audit", "--from", "2026-W40"],
        ["device", "revoke", "0" * 32],
        ["coordinator", "create", "--email", "x@example.fi", "--password-file", "/no/such/file"],
    ],
)
def test_bad_input_exits_2_with_one_line(server_db: str, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status, out, err = neuvo_server(server_db, capsys, *args)
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert out == ""


def test_the_audit_exits_1_and_names_a_count_an_attacker_pins(
    server_db: str, capsys: pytest.CaptureFixture[str], http: httpx.Client, enroll: Callable[..., Desk]
) -> None:
    """A report whose key happens to move none of its counts, and an attacker assuming no noise on a table without
    marks: the audit must find every count of it pinned, say so and exit 1."""
    site = unique("Malmi")
    desk = enroll(site)
    assert http.put(f"/reports/{site}/2030-W02", json=report(visits=1), headers=desk.headers).status_code == 200
    cells = [("total", "visits"), ("total", "participants"), ("contact", "walk-in"), ("topic", "housing")]
    lucky = next(
        key
        for key in (new_cell_key() for _ in range(100_000))
        if all(perturbation(bytes.fromhex(key), dimension, code, 1) == 0 for dimension, code in cells)
    )
    engine = create_engine(server_db)
    with engine.begin() as connection:
        values = {"cell_key": lucky, "perturbed": None}  # perturbed counts worked out again, from the new key
        connection.execute(update(Report).where(Report.device_id == desk.device_id).values(**values))
    engine.dispose()
    week = ["--from", "2030-W02", "--to", "2030-W02", "--threshold", "1", "--noise-bound", "0"]
    status, out, _ = neuvo_server(server_db, capsys, "audit", *week, "--json")
    assert status == 1
    pinned = {(finding["dimension"], finding["code"]) for finding in json.loads(out)["pinned"]}
    assert pinned == set(cells)
    status, out, _ = neuvo_server(server_db, capsys, "audit", *week)
    assert status == 1 and f"2030-W02 {site} contact=walk-in: 1 is pinned to 1–1 by anyone." in out
    # The same data against the real attacker (noise up to 20) and the real marks: nothing.
    assert neuvo_server(server_db, capsys, "audit", "--from", "2030-W02", "--to", "2030-W02")[0] == 0


def test_bad_arguments_exit_2_from_the_real_command(server_db: str) -> None:
    done = run_cli(server_db, "enrollment", "create", "--site", "X", "--expires", "soon", check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--expires" in done.stderr


def test_a_short_password_is_refused(server_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    password_file = tmp_path / "password.txt"
    password_file.write_text("too short\n", encoding="utf-8")
    args = ["coordinator", "create", "--email", "new@example.fi", "--password-file", str(password_file)]
    status, _, err = neuvo_server(server_db, capsys, *args)
    assert status == 2
    assert err.strip() == "neuvo-server: The password must be at least 12 characters long."


def test_migrate_is_repeatable(server_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = neuvo_server(server_db, capsys, "migrate")
    assert status == 0 and out.strip() == "The database is at schema revision 0004_14."
