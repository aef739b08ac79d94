"""Alembic environment. MarketDesk runs migrations programmatically (app/db/migrate.py):
the caller hands us an open Connection in config.attributes["connection"]."""
from alembic import context

from app.db.base import include_object
from app.db.models import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `marketdesk db upgrade` (it supplies the connection)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,          # SQLite cannot ALTER most things: batch copies the table
    compare_type=True,
    include_object=include_object,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
