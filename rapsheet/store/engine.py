"""An SQLAlchemy URL in, a ready engine out: the right driver, connection settings, and the
schema upgraded to the newest migration.

SQLite gets WAL (readers never block the writer), a busy timeout (writers from several processes
queue instead of failing) and foreign keys. `postgresql://` URLs get psycopg 3. The migrations
ship inside the package and run in code, so users need no alembic.ini.

Every engine refuses a NUL character in any string it is given (PostgreSQL cannot store one and
aborts the transaction; SQLite would store what PostgreSQL cannot), with an InputError, and keeps
statement parameters out of its error messages, so a logged error never repeats what was sent.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from rapsheet.errors import InputError, UsageError

if TYPE_CHECKING:
    from alembic.config import Config

# alembic is imported where a migration is read or run, not here: every ingest worker process
# opens the store (read only, never migrating) and importing alembic (with mako and pygments) cost
# each ~0.1 CPU s of its start. The same for SQLAlchemy's PostgreSQL dialect (~0.04 s), which an
# SQLite store never needs and a PostgreSQL engine loads by itself.

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Page cache per SQLite connection, in KiB (SQLite takes it as needed, up to this).
SQLITE_CACHE_KIB = 64 * 1024
#: Pages written to the WAL between checkpoints (SQLite's default 1,000; 4 KiB pages: about 40 MiB).
SQLITE_WAL_PAGES = 10_000


def engine_url(url: str) -> sa.URL:
    """The URL with the driver rapsheet uses: psycopg 3 for PostgreSQL."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise UsageError(f"not a database URL: {url!r} ({exc})") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Autocommit at the driver, explicit BEGIN in `_sqlite_on_begin`: the sqlite3 module's own
    # transaction handling starts transactions late and breaks SAVEPOINTs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # A checkpoint (the WAL copied back into the database file) every SQLITE_WAL_PAGES pages
    # written, not SQLite's 1,000: the writer commits once per article, and the same index pages
    # (the keys, mentions and statements of an office's page chrome) are written again in most of
    # them; a checkpoint copies each page once however often it was written since the last one.
    # Every transaction stays whole on its own (a kill leaves all of an article or none of it).
    cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_WAL_PAGES}")
    # SQLite's default page cache is 2 MiB: once the store outgrows it, every index read of entity
    # resolution (and of a case file) goes back to the operating system.
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    cursor.close()


def _sqlite_on_begin(connection) -> None:
    # A writer (see `writer`) takes the write lock at once with IMMEDIATE, so two writers queue on
    # the busy timeout instead of failing when both try to upgrade a read lock; readers stay
    # deferred so that WAL lets them run beside a writer.
    immediate = connection.get_execution_options().get("rapsheet_write")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


NUL_REFUSED = "text holds a NUL character, which the store does not keep"


_CONTAINERS = (list, tuple)


def _holds_nul(value) -> bool:
    """Whether a string in `value` (a statement's parameters: a string, or lists, tuples and
    dicts of them at any depth) holds a NUL character. Checked on every statement, so it goes
    level by level, without a call per element: the strings of a level are joined and searched
    at once (an executemany's rows are one level), and the exact types parameters come in are
    tested before any subclass."""
    level = [value]
    while level:
        strings: list[str] = []
        deeper: list = []
        for v in level:
            cls = type(v)
            if cls is str:
                strings.append(v)
            elif cls is tuple or cls is list:
                deeper.extend(v)
            elif cls is dict:
                deeper.extend(v.values())
            elif isinstance(v, str):
                strings.append(v)
            elif isinstance(v, dict):
                deeper.extend(v.values())
            elif isinstance(v, _CONTAINERS):
                deeper.extend(v)
        if "\x00" in "".join(strings):
            return True
        level = deeper
    return False


def _refuse_nul(_conn, _cursor, _statement, parameters, _context, _executemany) -> None:
    if _holds_nul(parameters):
        raise InputError(NUL_REFUSED, stage="read")


def insert_ignore(dialect: str, table: sa.Table) -> sa.Insert:
    """INSERT that leaves an existing row (same key) as it is, on `dialect` ("sqlite" or
    "postgresql"); with RETURNING, it returns no row then (rowcount is not reliable across
    drivers)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql  # see the imports
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def writer(engine: sa.Engine) -> sa.Engine:
    """The same engine, for transactions that write."""
    return engine.execution_options(rapsheet_write=True)


def create_engine(url: str) -> sa.Engine:
    parsed = engine_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, hide_parameters=True)
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_on_begin)
    else:
        engine = sa.create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    sa.event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def alembic_config(engine_or_connection) -> Config:
    """A Config built in code that runs the packaged migrations on the given connection."""
    from alembic.config import Config  # see the imports

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = engine_or_connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory  # see the imports

    head = ScriptDirectory.from_config(alembic_config(None)).get_current_head()
    if head is None:
        raise UsageError(f"no schema migrations in {MIGRATIONS}: the installation is incomplete")
    return head


def current_revision(engine: sa.Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext  # see the imports

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the database to `revision` in place; a database already there is left alone. On
    PostgreSQL the tables get fresh planner statistics after (`analyze`): a migration may have filled
a table (the allegations and entity facts indexes are built from the statements)."""
    target = head_revision() if revision == "head" else revision
    if current_revision(engine) == target:
        return
    from alembic import command  # see the imports

    try:
        with writer(engine).connect() as connection:
            command.upgrade(alembic_config(connection), revision)
            connection.commit()
    except sa.exc.DatabaseError:
        # Another process may have created the same tables a moment before us (SQLite has no
        # lock around DDL); if it reached the target, the store is ready all the same.
        if current_revision(engine) != target:
            raise
    analyze(engine)


#: A table gets fresh statistics once this share of its rows changed since its last ANALYZE
#: (PostgreSQL's autovacuum default), and at least ANALYZE_MIN_ROWS rows.
ANALYZE_SHARE = 0.1
ANALYZE_MIN_ROWS = 1000


def analyze(engine: sa.Engine, changed_only: bool = False) -> list[str]:
    """Refresh PostgreSQL's planner statistics (ANALYZE); gives the tables analyzed. Without
    statistics (rows bulk-written since the last ANALYZE, autovacuum off or not yet round)
    PostgreSQL misjudges how many rows each filter keeps: a browse by role and country at 100,000
    entities ran over 2 minutes instead of under a second. `changed_only`: only the tables where
    more than ANALYZE_SHARE of the rows (and ANALYZE_MIN_ROWS) changed since, as after a large
    ingest; cheap when nothing did. SQLite is left as it is: its plans come from
    the query shapes and indexes, and statistics there would change plans measured without them."""
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # The tables of the store's schema (the first on the search path), with their changes.
        rows = conn.execute(sa.text(
            "SELECT relname, n_mod_since_analyze, n_live_tup "
            "FROM pg_stat_user_tables WHERE schemaname = current_schema()")).all()
        tables = sorted(r.relname for r in rows if not changed_only or (
            r.n_mod_since_analyze >= ANALYZE_MIN_ROWS
            and r.n_mod_since_analyze > ANALYZE_SHARE * max(r.n_live_tup - r.n_mod_since_analyze, 0)))
        for table in tables:
            conn.execute(sa.text(f'ANALYZE "{table}"'))
    return tables
