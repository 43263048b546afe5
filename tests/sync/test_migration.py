"""Migration 0008 on a store with data: existing weeks start unacknowledged and open; the way back works too."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import inspect, select

from app.desk import Desk
from app.storage import schema
from app.storage.database import Database
from app.storage.models import SyncState, WeekReportRow
from app.visits import VisitInput
from tests.conftest import PASSPHRASE, sync_of


def test_upgrading_from_0007_keeps_the_weeks_and_makes_them_wait(make_desk: Callable[..., Database]) -> None:
    store = make_desk("Puhos")
    Desk(store).visits.add(VisitInput(topics=("housing",)))
    sync_of(store).ensure_identity()
    schema.migrate(store.engine, "0007", downgrade=True)
    with store.engine.connect() as connection:
        assert "sync_state" not in inspect(connection).get_table_names()
        assert "acked_revision" not in {column["name"] for column in inspect(connection).get_columns("week_reports")}
    store.lock()
    store.unlock(PASSPHRASE)
    assert store.last_backup is not None and store.last_backup.exists()
    with store.session() as session:
        (week,) = session.scalars(select(WeekReportRow)).all()
        assert session.get(SyncState, 1) is None
    assert week.acked_revision == 0 and week.is_closed is False
    assert sync_of(store).status().waiting_weeks == 1
