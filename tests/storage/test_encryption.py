"""The store on disk is encrypted, the key file holds only wrapped keys, and unlocking is throttled."""

from __future__ import annotations

import base64
import os
import sqlite3
import time
import types
from pathlib import Path

import pytest
import sqlcipher3

from app.desk import Desk
from app.errors import StoreDamaged, TooManyAttempts, WeakPassphrase, WrongPassphrase, WrongRecoveryKey
from app.storage import keys
from app.storage.database import Database
from app.visits import VisitInput
from tests.conftest import PASSPHRASE, SITE, store_files

NEW_PASSPHRASE = "harbour-tulip-42-violin"
WRONG_PASSPHRASE = "wrong-river-7-orange"
MARKER_NOTE = "zebra-marker-text asked about Kela"


def files_of(data_dir: Path) -> dict[str, object]:
    """The database and the wrapped keys (the attempt counter is expected to change)."""
    return store_files(data_dir)


def add_marker_visit(store: Database) -> int:
    return Desk(store).visits.add(VisitInput(topics=("housing",), note=MARKER_NOTE))


def test_database_file_is_not_plain_sqlite_and_hides_its_content(store: Database) -> None:
    add_marker_visit(store)
    store.lock()
    contents = store.db_path.read_bytes()
    assert not contents.startswith(b"SQLite format 3")
    for path in store.data_dir.glob("neuvo.db*"):
        data = path.read_bytes()
        assert b"zebra-marker" not in data
        assert SITE.encode() not in data


def test_database_cannot_be_opened_with_plain_sqlite(store: Database) -> None:
    store.lock()
    connection = sqlite3.connect(store.db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "key_pragma",
    [f'PRAGMA key = "{PASSPHRASE}"', f"PRAGMA key = \"x'{'11' * 32}'\""],
    ids=["passphrase-as-key", "random-raw-key"],
)
def test_database_cannot_be_opened_with_sqlcipher_and_a_wrong_key(store: Database, key_pragma: str) -> None:
    store.lock()
    connection = sqlcipher3.connect(str(store.db_path))
    try:
        connection.execute(key_pragma)
        with pytest.raises(sqlcipher3.DatabaseError):
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        connection.close()


def test_database_opens_with_sqlcipher_and_the_unwrapped_data_key(store: Database) -> None:
    visit_id = add_marker_visit(store)
    store.lock()
    data_key = store.unwrap(PASSPHRASE)
    connection = sqlcipher3.connect(str(store.db_path))
    try:
        connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        assert connection.execute("SELECT id FROM visits").fetchall() == [(visit_id,)]
    finally:
        connection.close()


def test_key_file_contains_neither_the_data_key_nor_the_passphrase_nor_the_recovery_key(store: Database) -> None:
    store.lock()
    data_key = store.unwrap(PASSPHRASE)
    recovery_key: str = store.recovery_key  # type: ignore[attr-defined]
    raw_recovery = keys.parse_recovery_key(recovery_key)
    text = store.key_path.read_text(encoding="utf-8")
    raw = store.key_path.read_bytes()
    forbidden_texts = [
        data_key.hex(),
        data_key.hex().upper(),
        base64.b64encode(data_key).decode(),
        base64.b32encode(data_key).decode().rstrip("="),
        base64.urlsafe_b64encode(data_key).decode(),
        PASSPHRASE,
        recovery_key,
        recovery_key.replace("-", ""),
        raw_recovery.hex(),
        base64.b64encode(raw_recovery).decode(),
    ]
    for secret in forbidden_texts:
        assert secret not in text
    assert data_key not in raw
    assert raw_recovery not in raw


def test_recovery_key_opens_the_store_and_replaces_the_passphrase(store: Database) -> None:
    visit_id = add_marker_visit(store)
    recovery_key: str = store.recovery_key  # type: ignore[attr-defined]
    store.lock()

    recovered = Database(store.data_dir)
    # Typed as a person might: lower case, spaces instead of dashes.
    recovered.unlock_with_recovery_key(recovery_key.lower().replace("-", " "), NEW_PASSPHRASE)
    assert not recovered.is_locked
    assert Desk(recovered).visits.get(visit_id).note == MARKER_NOTE
    recovered.lock()

    with pytest.raises(WrongPassphrase):
        Database(store.data_dir).unlock(PASSPHRASE)
    reopened = Database(store.data_dir)
    reopened.unlock(NEW_PASSPHRASE)
    assert [site.name for site in Desk(reopened).sites.all()] == [SITE]
    reopened.lock()


def test_wrong_recovery_key_is_refused_and_changes_nothing(store: Database) -> None:
    store.lock()
    before = files_of(store.data_dir)
    with pytest.raises(WrongRecoveryKey):
        Database(store.data_dir).unlock_with_recovery_key("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", NEW_PASSPHRASE)
    assert files_of(store.data_dir) == before
    Database(store.data_dir).unlock(PASSPHRASE)


def test_change_passphrase_rewraps_the_key_without_touching_the_database(store: Database) -> None:
    visit_id = add_marker_visit(store)
    store.lock()
    database_bytes = store.db_path.read_bytes()
    database_mtime = store.db_path.stat().st_mtime_ns
    key_bytes = store.key_path.read_bytes()

    Database(store.data_dir).change_passphrase(PASSPHRASE, NEW_PASSPHRASE)

    assert store.db_path.read_bytes() == database_bytes
    assert store.db_path.stat().st_mtime_ns == database_mtime
    assert store.key_path.read_bytes() != key_bytes
    with pytest.raises(WrongPassphrase):
        Database(store.data_dir).unlock(PASSPHRASE)
    reopened = Database(store.data_dir)
    reopened.unlock(NEW_PASSPHRASE)
    assert Desk(reopened).visits.get(visit_id).note == MARKER_NOTE
    reopened.lock()


def test_change_passphrase_with_wrong_current_passphrase_changes_nothing(store: Database) -> None:
    store.lock()
    before = files_of(store.data_dir)
    with pytest.raises(WrongPassphrase):
        Database(store.data_dir).change_passphrase(WRONG_PASSPHRASE, NEW_PASSPHRASE)
    assert files_of(store.data_dir) == before
    Database(store.data_dir).unlock(PASSPHRASE)


def test_change_passphrase_refuses_a_weak_new_passphrase(store: Database) -> None:
    store.lock()
    before = files_of(store.data_dir)
    with pytest.raises(WeakPassphrase):
        Database(store.data_dir).change_passphrase(PASSPHRASE, "password123")
    assert files_of(store.data_dir) == before


def test_wrong_passphrase_is_refused_and_leaves_store_and_files_unchanged(store: Database) -> None:
    visit_id = add_marker_visit(store)
    store.lock()
    before = files_of(store.data_dir)

    with pytest.raises(WrongPassphrase) as refused:
        store.unlock(WRONG_PASSPHRASE)

    assert type(refused.value) is WrongPassphrase
    assert store.is_locked
    assert files_of(store.data_dir) == before
    store.unlock(PASSPHRASE)
    assert Desk(store).visits.get(visit_id).note == MARKER_NOTE


def test_after_three_wrong_passphrases_unlocking_waits_even_in_a_new_store_object(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.lock()
    waits = []
    for _ in range(keys.FREE_ATTEMPTS):
        with pytest.raises(WrongPassphrase) as refused:
            store.unlock(WRONG_PASSPHRASE)
        assert type(refused.value) is WrongPassphrase
        waits.append(refused.value.wait_seconds)
    assert waits[:-1] == [0.0] * (keys.FREE_ATTEMPTS - 1)
    assert waits[-1] > 0, "the third failure announces a wait"

    with pytest.raises(TooManyAttempts):
        store.unlock(PASSPHRASE)
    with pytest.raises(TooManyAttempts) as throttled:
        Database(store.data_dir).unlock(PASSPHRASE)
    assert throttled.value.wait_seconds > 0
    assert Database(store.data_dir).is_locked

    later = time.time() + waits[-1] + 1
    monkeypatch.setattr(keys, "time", types.SimpleNamespace(time=lambda: later))
    reopened = Database(store.data_dir)
    reopened.unlock(PASSPHRASE)
    assert not reopened.is_locked
    reopened.lock()
    # The right passphrase reset the count: the next mistake is free again.
    with pytest.raises(WrongPassphrase) as fresh_mistake:
        Database(store.data_dir).unlock(WRONG_PASSPHRASE)
    assert fresh_mistake.value.wait_seconds == 0.0


@pytest.mark.parametrize("weak", ["kissa", "password123", "1234567890"])
def test_weak_passphrase_is_refused_at_create_and_no_store_is_made(tmp_path: Path, weak: str) -> None:
    data_dir = tmp_path / "weak"
    with pytest.raises(WeakPassphrase):
        Desk.create(Database(data_dir), weak, SITE)
    assert not Database(data_dir).exists()
    assert not (data_dir / "neuvo.db").exists()


def test_the_store_folder_holds_no_plain_copy_after_create(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    created = Database(data_dir)
    Desk.create(created, PASSPHRASE, SITE, ["ar"], "fi")
    created.lock()
    names = sorted(os.listdir(data_dir))
    assert names == ["config.json", "neuvo.db", "neuvo.key"]
    assert PASSPHRASE not in (data_dir / "config.json").read_text(encoding="utf-8")


def test_missing_database_file_is_reported_and_no_empty_store_is_started(store: Database) -> None:
    add_marker_visit(store)
    store.lock()
    store.db_path.unlink()
    with pytest.raises(StoreDamaged) as refused:
        Database(store.data_dir).unlock(PASSPHRASE)
    assert "missing" in str(refused.value)
    assert not store.db_path.exists()


def test_damaged_database_file_is_reported_and_left_as_it_was(store: Database) -> None:
    store.lock()
    damaged = bytearray(store.db_path.read_bytes())
    damaged[100:200] = bytes(100)
    store.db_path.write_bytes(bytes(damaged))
    before = files_of(store.data_dir)
    with pytest.raises(StoreDamaged):
        Database(store.data_dir).unlock(PASSPHRASE)
    assert files_of(store.data_dir) == before


def test_damaged_key_file_is_reported_and_left_as_it_was(store: Database) -> None:
    store.lock()
    store.key_path.write_text('{"format": "neuvo-keys", "store_id": "x"}', encoding="utf-8")
    before = files_of(store.data_dir)
    with pytest.raises(StoreDamaged):
        Database(store.data_dir).unlock(PASSPHRASE)
    assert files_of(store.data_dir) == before


def test_waits_double_with_each_further_mistake_up_to_a_minute() -> None:
    delays = [keys.AttemptThrottle.delay_after(failures) for failures in range(1, 12)]
    assert delays[:2] == [0.0, 0.0]
    assert delays[2:6] == [2.0, 4.0, 8.0, 16.0]
    assert max(delays) == keys.MAX_WAIT_SECONDS == delays[-1]


def test_clock_set_back_after_wrong_passphrases_does_not_lock_the_desk_for_good(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.lock()
    for _ in range(keys.FREE_ATTEMPTS):
        with pytest.raises(WrongPassphrase):
            store.unlock(WRONG_PASSPHRASE)
    a_year_ago = time.time() - 365 * 24 * 3600
    monkeypatch.setattr(keys, "time", types.SimpleNamespace(time=lambda: a_year_ago))
    store.unlock(PASSPHRASE)
    assert not store.is_locked
