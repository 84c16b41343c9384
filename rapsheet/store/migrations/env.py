"""Alembic environment for the store's migrations.

`open_store` runs them in code on its own connection (`config.attributes["connection"]`), so users
need no alembic.ini. Developers can also drive them with the alembic command, on the database that
RAPSHEET_DB names:

    alembic -c rapsheet/store/alembic.ini current
    alembic -c rapsheet/store/alembic.ini revision --autogenerate -m "what changes"

A new revision must keep the order of `versions/` (0001, 0002, ...), spell its tables out rather
than import schema.py, and leave `tests/store/test_store_migrations.py` passing on both databases.
"""
from __future__ import annotations

from alembic import context

from rapsheet.store.schema import metadata

# An arbitrary constant: PostgreSQL sessions that open the store at once queue on this lock, so
# only one of them runs the migrations and the others see the finished schema.
_PG_LOCK_KEY = 7_311_942_108


def run_migrations(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    from rapsheet.settings import settings
    from rapsheet.store.engine import create_engine, writer

    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or settings().db)
    try:
        with writer(engine).connect() as connection:
            run_migrations(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("rapsheet's migrations run online only (open_store, or alembic with a database)")
run_migrations_online()
