"""Alembic environment: runs on the open (already keyed) connection that the store hands it."""

from alembic import context

import app.storage.models  # noqa: F401 - every table registers itself on Base.metadata
from app.storage.base import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
