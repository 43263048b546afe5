"""Store faults that used to destroy or expose data (issue 11): each as a user or an adversary meets it."""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import func, insert, select, text

from app.cli import build_parser, error_line, option_names
from app.crash_report import crash_text
from app.desk import Desk
from app.errors import (
    DiskFull,
    NeuvoError,
    StoreBusy,
    StoreDamaged,
    StoreKeyMissing,
    TooManyAttempts,
    WrongPassphrase,
)
from app.paper_tally import PastSession
from app.storage.database import Database
from app.storage.engine import translate_database_error
from app.storage.models import SYNC_STATE_ID, DeskSession, SyncState, WeekReportRow
from app.visits import VisitInput
from app.weeks import week_of
from tests.conftest import PASSPHRASE, SITE
from tests.test_cli import neuvo

WRONG = "wrong-river-7-orange"
SECRET_NOTE = "muistiinpano-Xq7-salainen"
# What a person typed; the tests pass them as variables, so a traceback's source lines never hold them.
STAFF, PARTNER, SITE_NAME = "Aino Advisor", "Partner Org", "Secret Site Name 4711"


def fresh(tmp_path: Path, name: str = "store") -> Database:
    database = Database(tmp_path / name)
    Desk.create(database, PASSPHRASE, SITE, ["ar"], "en", with_starter_directory=False)
    return database


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


# -- 1 and 2: no command deletes or replaces a database -------------------------------------------------
def test_with_the_key_file_gone_init_refuses_and_the_database_stays(tmp_path: Path, secret: Path) -> None:
    database = fresh(tmp_path)
    Desk(database).visits.add(VisitInput(topics=("housing",)))
    database.lock()
    key_backup = (database.key_path).read_bytes()
    database.key_path.unlink()
    saved = database.db_path.read_bytes()

    listed = neuvo("visit", "list", "--data-dir", database.data_dir, passphrase_file=secret)
    assert listed.code == 2
    assert "neuvo.key" in listed.stderr and "backup" in listed.stderr
    assert "neuvo init" not in listed.stderr, "the message must not lead to a new store over the old one"

    created = neuvo("init", "--site", "New", "--data-dir", database.data_dir, passphrase_file=secret)
    assert created.code == 2, created.stderr
    assert len(created.stderr.splitlines()) == 1
    assert "move neuvo.db" in created.stderr
    assert database.db_path.read_bytes() == saved

    database.key_path.write_bytes(key_backup)  # the key restored from the backup copy opens the store again
    assert len(Desk.unlock(database.data_dir, PASSPHRASE).visits.list_visits()) == 1


def test_an_empty_database_file_is_refused_and_never_becomes_a_new_store(tmp_path: Path, secret: Path) -> None:
    database = fresh(tmp_path)
    database.lock()
    database.db_path.write_bytes(b"")
    result = neuvo("visit", "list", "--data-dir", database.data_dir, passphrase_file=secret)
    assert result.code == 2
    assert "empty (0 bytes)" in result.stderr
    assert database.db_path.stat().st_size == 0
    with pytest.raises(StoreDamaged):
        Desk.unlock(database.data_dir, PASSPHRASE)
    assert database.db_path.stat().st_size == 0


def test_create_refuses_a_folder_that_holds_a_database(tmp_path: Path) -> None:
    database = fresh(tmp_path)
    database.lock()
    database.key_path.unlink()
    with pytest.raises(StoreKeyMissing):
        Desk.create(Database(database.data_dir), PASSPHRASE, SITE)
    assert database.db_path.stat().st_size > 0


# -- 3: no crash text, log line or message holds a visit's values ---------------------------------------
WRITE_TABLES = ("visits", "visit_topics", "desk_sessions", "sites", "week_reports", "handout_prints", "settings")


def _refuse_writes(database: Database) -> None:
    """Triggers that make SQLite refuse every write to these tables, as a constraint or a damaged page would."""
    with database.engine.begin() as connection:
        for table in WRITE_TABLES:
            for action in ("INSERT", "UPDATE", "DELETE"):
                connection.execute(
                    text(
                        f"CREATE TRIGGER refuse_{table}_{action.lower()} BEFORE {action} ON {table} "
                        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                    )
                )


def test_no_error_text_of_any_write_path_holds_the_visits_values(tmp_path: Path) -> None:
    database = fresh(tmp_path)
    desk = Desk(database)
    visit_id = desk.visits.add(VisitInput(topics=("housing",), note="harmless"))
    site = desk.sites.default()
    _refuse_writes(database)
    visit = VisitInput(topics=("taxes",), languages=("so",), note=SECRET_NOTE)
    now = datetime.now(UTC)
    attempts = {
        "add": lambda: desk.visits.add(visit),
        "add_many": lambda: desk.visits.add_many([visit, visit]),
        "update": lambda: desk.visits.update(visit_id, visit),
        "delete": lambda: desk.visits.delete(visit_id),
        "session": lambda: desk.desk_sessions.start(site.id, staff=STAFF, partner=PARTNER),
        "paper": lambda: desk.paper_tally.save(
            [VisitInput(topics=("taxes",), note=SECRET_NOTE, at=now - timedelta(hours=1))],
            PastSession(site.id, now - timedelta(hours=2), now - timedelta(minutes=30), staff=STAFF),
        ),
        "site": lambda: desk.sites.add(SITE_NAME),
        "setting": lambda: desk.settings.set("idle_lock_minutes", 47),
        "handout": lambda: desk.handouts.record("ar"),
    }
    options = option_names(build_parser())
    for name, attempt in attempts.items():
        with pytest.raises(NeuvoError) as refused:
            attempt()
        shown = "\n".join([str(refused.value), error_line(refused.value, options), crash_text(refused.value)])
        for value in (SECRET_NOTE, STAFF, PARTNER, SITE_NAME, "taxes"):
            assert value not in shown, f"{name}: {value!r} in the error text"


def test_the_crash_report_and_its_log_hold_no_message_text(tmp_path: Path) -> None:
    try:
        try:
            raise ValueError(f"note was {SECRET_NOTE}")
        except ValueError:
            raise RuntimeError(SECRET_NOTE) from None
    except RuntimeError as error:
        report = crash_text(error)
    assert SECRET_NOTE not in report
    assert "RuntimeError" in report and "test_store_faults.py" in report


# -- 4: errors told apart by SQLite's result code ---------------------------------------------------------
def test_a_locked_database_is_busy_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    holder = sqlcipher.connect(str(path), isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlcipher.connect(str(path), timeout=0)
    with pytest.raises(sqlcipher.OperationalError) as raw:
        other.execute("INSERT INTO t VALUES (1)")
    holder.execute("ROLLBACK")
    translated = translate_database_error(raw.value, path)
    assert isinstance(translated, StoreBusy)
    assert "damaged" not in str(translated)


# -- 5: a full disk is a message, and leaves no temporary file ---------------------------------------------
def test_a_full_disk_while_counting_an_attempt_is_a_message_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = fresh(tmp_path)
    database.lock()
    real_fdopen = os.fdopen

    def full(descriptor: int, *args: object, **kwargs: object) -> object:
        handle = real_fdopen(descriptor, *args, **kwargs)  # type: ignore[call-overload]

        def no_space(_text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        handle.write = no_space
        return handle

    monkeypatch.setattr(os, "fdopen", full)
    with pytest.raises(DiskFull):
        database.unlock(PASSPHRASE)
    monkeypatch.undo()
    assert not [path.name for path in database.data_dir.iterdir() if path.name.endswith(".tmp")]
    database.unlock(PASSPHRASE)  # nothing was damaged


# -- 6: the unlock throttle holds ---------------------------------------------------------------------------
def test_parallel_wrong_attempts_are_checked_one_at_a_time_and_throttled(tmp_path: Path) -> None:
    database = fresh(tmp_path)
    database.lock()
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            Database(database.data_dir).unwrap(WRONG)
        except TooManyAttempts:
            outcomes.append("waited")
        except WrongPassphrase:
            outcomes.append("checked")
        except Exception as error:  # noqa: BLE001 - any other outcome is the failure this test looks for
            outcomes.append(repr(error))

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["checked"] * 3 + ["waited"] * 5


def test_deleting_or_replacing_the_counter_file_does_not_reset_the_throttle(tmp_path: Path) -> None:
    database = fresh(tmp_path)
    database.lock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            database.unwrap(WRONG)
    counter = database.data_dir / "unlock-attempts.json"
    counter.unlink()
    with pytest.raises(TooManyAttempts):
        database.unwrap(WRONG)
    counter.mkdir()
    with pytest.raises(TooManyAttempts):
        database.unwrap(PASSPHRASE)


# -- 7: the key file is not trusted blindly --------------------------------------------------------------
def test_a_key_file_asking_for_a_huge_kdf_is_damaged_not_obeyed(tmp_path: Path) -> None:
    database = fresh(tmp_path)
    database.lock()
    document = json.loads(database.key_path.read_text(encoding="utf-8"))
    document["passphrase"]["n"] = 2**24
    document.pop("checksum")
    database.key_path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(StoreDamaged) as refused:
        database.unlock(PASSPHRASE)
    assert refused.value.reason == "store.key_damaged"


def test_a_flipped_byte_in_the_key_file_is_damage_and_not_counted(tmp_path: Path) -> None:
    database = fresh(tmp_path)
    database.lock()
    document = json.loads(database.key_path.read_text(encoding="utf-8"))
    wrapped = document["passphrase"]["wrapped"]
    document["passphrase"]["wrapped"] = ("B" if wrapped[0] != "B" else "C") + wrapped[1:]
    database.key_path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    for _ in range(5):
        with pytest.raises(StoreDamaged) as refused:
            database.unlock(PASSPHRASE)
        assert not isinstance(refused.value, WrongPassphrase)
        assert "damaged" in str(refused.value)


# -- 8: private files -----------------------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="Unix permissions")
def test_the_store_files_and_folder_are_private(tmp_path: Path) -> None:
    database = fresh(tmp_path)
    Desk(database).visits.add(VisitInput(topics=("housing",)))
    assert stat.S_IMODE(database.data_dir.stat().st_mode) == 0o700
    for path in database.data_dir.iterdir():
        if path.name.startswith(("neuvo.db", "neuvo.key")):
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name


# -- 9: a refused paper tally leaves no session ---------------------------------------------------------
def test_a_refused_paper_tally_leaves_no_empty_session(tmp_path: Path) -> None:
    database = fresh(tmp_path)
    desk = Desk(database)
    site = desk.sites.default()
    day = datetime.now(UTC) - timedelta(days=3)
    with database.session() as session, session.begin():
        session.execute(insert(WeekReportRow).values(site_id=site.id, week=week_of(day), revision=1, is_closed=True))
    with pytest.raises(NeuvoError):
        desk.paper_tally.save(
            [VisitInput(topics=("housing",), at=day)],
            PastSession(site.id, day - timedelta(hours=1), day + timedelta(hours=1)),
        )
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(DeskSession)) == 0


# -- 10: the CLI uses the code lists a coordinator published ---------------------------------------------
def test_the_cli_logs_and_lists_a_published_code(tmp_path: Path, secret: Path) -> None:
    from app.codes import bundled_document

    database = fresh(tmp_path)
    document = bundled_document()
    contact = next(item for item in document["dimensions"] if item["name"] == "contact")
    contact["values"].append({"code": "video", "fi": "Video", "sv": "Video", "en": "Video call"})
    Desk(database).sync().ensure_identity()
    with database.session() as session, session.begin():
        session.get_one(SyncState, SYNC_STATE_ID).codes_document = document
    database.lock()

    added = neuvo(
        "visit",
        "add",
        "--topic",
        "housing",
        "--contact",
        "video",
        "--data-dir",
        database.data_dir,
        passphrase_file=secret,
    )
    assert added.code == 0, added.stderr
    listed = neuvo("codes", "contact", "--data-dir", database.data_dir, passphrase_file=secret)
    assert "video\tVideo\tVideo\tVideo call" in listed.stdout
    refused = neuvo(
        "visit",
        "add",
        "--topic",
        "housing",
        "--contact",
        "pigeon",
        "--data-dir",
        database.data_dir,
        passphrase_file=secret,
    )
    assert refused.code == 2 and "--contact: unknown contact code 'pigeon'" in refused.stderr
