"""What the routers take from the app: the store, the settings, the NLP pipeline, the screening
index, the API-key checks and the pagination parameters.

Takes the app state that `create_app` sets up; gives FastAPI dependencies. The store and the
pipeline open on first use as well as in the lifespan hook, so an app driven without its lifespan
(a test client, a schema fuzzer) still works.
"""
from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Query, Request

from rapsheet.errors import RapsheetError
from rapsheet.settings import Settings

if TYPE_CHECKING:
    from rapsheet.screen.index import ScreenIndex


class Unauthorized(RapsheetError):
    status = 401


@dataclass
class Paging:
    limit: int
    offset: int


def paging(limit: Annotated[int, Query(ge=1, le=500, description="Rows per page.")] = 50,
           offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")] = 0) -> Paging:
    return Paging(limit, offset)


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request):
    state = request.app.state
    if state.store is None:
        with state.lock:
            if state.store is None:
                from rapsheet.store import open_store
                state.store = open_store(state.settings.db)
    return state.store


def get_pipeline(request: Request):
    state = request.app.state
    if state.nlp is None:
        from rapsheet.nlp.pipeline import get_pipeline as load
        state.nlp = load()
    return state.nlp


def key_matches(given: str | None, settings: Settings) -> bool:
    if not given:
        return False
    return secrets.compare_digest(given.encode(), settings.api_key.encode())


NO_ANONYMOUS_WRITES = ("this server has no API key and takes no anonymous writes: set "
                       "RAPSHEET_API_KEY, or serve with --allow-anonymous-writes")


def require_write_key(request: Request) -> None:
    """Writes need `X-API-Key` when an API key is configured, and are refused (403) when none is,
    unless the `api_allow_anonymous_writes` setting says otherwise."""
    settings = get_settings(request)
    if not settings.api_key:
        if not settings.api_allow_anonymous_writes:
            raise RapsheetError(f"X-API-Key: {NO_ANONYMOUS_WRITES}", 403)
    elif not key_matches(request.headers.get("x-api-key"), settings):
        raise Unauthorized("X-API-Key: missing or wrong API key (this endpoint writes)")


def require_read_key(request: Request) -> None:
    """Reads need `X-API-Key` too when the `api_read_key_required` setting says so."""
    settings = get_settings(request)
    if settings.api_read_key_required and not key_matches(request.headers.get("x-api-key"), settings):
        raise Unauthorized("X-API-Key: missing or wrong API key (reads are keyed on this server)")


StoreDep = Annotated[Any, Depends(get_store)]
PagingDep = Annotated[Paging, Depends(paging)]


class IndexHolder:
    """The screening index over the store, rebuilt when the store changes.

    Writes made through this app mark it stale at once; writes by other processes (a CLI ingest)
    are noticed by comparing the store's row counts at most every `check_seconds`. A rebuild runs
    in a thread while the old index keeps answering; a request waits up to `wait_seconds` for it,
    so a small store answers with fresh results and a big one never stalls."""

    def __init__(self, check_seconds: float = 10.0, wait_seconds: float = 2.0):
        self.index: ScreenIndex | None = None
        self.check_seconds = check_seconds
        self.wait_seconds = wait_seconds
        self._fingerprint: tuple | None = None
        self._checked = 0.0
        self._stale = True
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._building = False

    def mark_stale(self) -> None:
        self._stale = True

    def _fingerprint_of(self, store) -> tuple:
        counts = store.counts()
        return tuple(counts.get(k, 0) for k in ("articles", "entities", "mentions", "statements", "judgements",
                                                "disputes", "disputes_undone"))

    def _build(self, store) -> None:
        from rapsheet.screen import index_from_store
        try:
            fingerprint = self._fingerprint_of(store)
            self.index = index_from_store(store)
            self._fingerprint = fingerprint
        finally:
            with self._lock:
                self._building = False
            self._done.set()

    def get(self, store):
        now = time.monotonic()
        if not self._stale and self.index is not None and now - self._checked >= self.check_seconds:
            self._checked = now
            self._stale = self._fingerprint_of(store) != self._fingerprint
        if self._stale or self.index is None:
            with self._lock:
                start = not self._building
                if start:
                    self._building = True
                    self._stale = False
                    self._done.clear()
            if start:
                threading.Thread(target=self._build, args=(store,), daemon=True,
                                 name="rapsheet-screen-index").start()
            # The first index is waited for in full: there is nothing to answer with before it.
            self._done.wait(None if self.index is None else self.wait_seconds)
            self._checked = time.monotonic()
        if self.index is None:
            raise RapsheetError("the screening index could not be built", 503)
        return self.index


def get_index(request: Request):
    return request.app.state.index.get(get_store(request))
