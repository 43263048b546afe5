"""`neuvo sync enroll|now|status` as scripts run them: output, one-line errors, exit codes 0, 2 and 3."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import update

from app.storage.database import Database
from app.storage.models import SyncState
from tests.conftest import PASSPHRASE
from tests.sync.conftest import Coordinator, unique_site
from tests.test_cli import neuvo


def init_desk(tmp_path: Path, passphrase_file: Path, site: str) -> Path:
    data_dir = tmp_path / "desk"
    assert neuvo("init", "--site", site, "--data-dir", data_dir, passphrase_file=passphrase_file).code == 0
    return data_dir


def test_enroll_log_send_and_status_from_the_command_line(
    tmp_path: Path, passphrase_file: Path, coordinator: Coordinator
) -> None:
    site = unique_site()
    data_dir = init_desk(tmp_path, passphrase_file, site)
    common = ("--data-dir", data_dir)

    before = neuvo("sync", "status", "--json", *common, passphrase_file=passphrase_file)
    assert before.code == 0 and json.loads(before.stdout)["enrolled"] is False
    not_enrolled = neuvo("sync", "now", *common, passphrase_file=passphrase_file)
    assert not_enrolled.code == 2 and "not enrolled" in not_enrolled.stderr

    enrolled = neuvo(
        "sync",
        "enroll",
        "--server",
        coordinator.url,
        "--code",
        coordinator.code(site),
        *common,
        passphrase_file=passphrase_file,
    )
    assert enrolled.code == 0, enrolled.stderr
    assert enrolled.stdout.splitlines() == [f"team: {site}", f"sites: {site}"]

    for day in ("2026-10-05T10:00", "2026-10-06T11:00"):
        added = neuvo("visit", "add", "--topic", "housing", "--at", day, *common, passphrase_file=passphrase_file)
        assert added.code == 0, added.stderr
    sent = neuvo("sync", "now", *common, passphrase_file=passphrase_file)
    assert sent.code == 0, sent.stderr
    assert sent.stdout.strip() == "Sent 1 week; everything is acknowledged."
    assert coordinator.export("2026-W41", "2026-W41", site)[("2026-W41", "total", "visits")] == 2

    status = neuvo("sync", "status", "--json", *common, passphrase_file=passphrase_file)
    document = json.loads(status.stdout)
    assert set(document) == {
        "enrolled",
        "server",
        "device_id",
        "team",
        "sites",
        "last_success_at",
        "waiting_weeks",
        "last_error",
    }
    assert document["enrolled"] is True and document["server"] == coordinator.url
    assert document["team"] == site and document["sites"] == [site]
    assert document["waiting_weeks"] == 0 and document["last_error"] is None and document["last_success_at"]
    plain = neuvo("sync", "status", *common, passphrase_file=passphrase_file)
    assert f"team: {site}" in plain.stdout.splitlines() and "waiting_weeks: 0" in plain.stdout.splitlines()

    # The server goes away: exit 3 with one line, and the week waits.
    added = neuvo(
        "visit", "add", "--topic", "taxes", "--at", "2026-10-07T09:00", *common, passphrase_file=passphrase_file
    )
    assert added.code == 0
    store = Database(data_dir)
    store.unlock(PASSPHRASE)
    with store.session() as session, session.begin():
        session.execute(update(SyncState).values(server_url="http://127.0.0.1:9"))
    store.lock()
    unreachable = neuvo("sync", "now", *common, passphrase_file=passphrase_file)
    assert unreachable.code == 3
    assert len(unreachable.stderr.strip().splitlines()) == 1 and "could not be reached" in unreachable.stderr
    waiting = json.loads(neuvo("sync", "status", "--json", *common, passphrase_file=passphrase_file).stdout)
    assert waiting["waiting_weeks"] == 1 and "could not be reached" in waiting["last_error"]


def test_enroll_refusals_are_one_line_with_exit_code_2(
    tmp_path: Path, passphrase_file: Path, coordinator: Coordinator
) -> None:
    site = unique_site()
    data_dir = init_desk(tmp_path, passphrase_file, site)
    plain_http = neuvo(
        "sync", "enroll", "--server", "http://stats.example.fi", "--code", "ABCDEFGHJKLM", "--data-dir", data_dir
    )
    assert plain_http.code == 2 and "use https" in plain_http.stderr, "refused before the passphrase is asked for"
    wrong = neuvo(
        "sync",
        "enroll",
        "--server",
        coordinator.url,
        "--code",
        "ABCDEFGHJKLM",
        "--data-dir",
        data_dir,
        passphrase_file=passphrase_file,
    )
    assert wrong.code == 2
    assert wrong.stderr.strip() == "neuvo: error: The code is wrong, expired or already used by another device."
