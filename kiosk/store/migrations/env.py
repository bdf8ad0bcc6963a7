"""Alembic environment: runs on the engine the application already built."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from kiosk.store.tables import Base

config = context.config
engine: Engine | None = config.attributes.get("engine")
if engine is None:  # plain `alembic` command line: take the URL from the ini option
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
