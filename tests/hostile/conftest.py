"""The store fixtures of tests/store: every hostile run on SQLite and on PostgreSQL."""
from tests.store.conftest import db_url  # noqa: F401
