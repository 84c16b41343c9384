"""Monitoring: a watchlist of names screened against the articles stored since the last run; what
is new about each hit is reported once.

Takes a Store and a watchlist (`WatchEntry`s, or a CSV file with a `name` column and optional
`birth_year` and `country`, read by `load_watchlist`); gives `Hit`s, one per (entry, matched
entity) that gained something in the new articles: a new article naming it, a new event, a new
stage of an allegation. What was reported is kept in the store's `watch_state` table (per
watchlist name), so a second run over nothing new reports nothing, and a later article that adds
an event reports only that event.

    hits = watch(store, load_watchlist("watchlist.csv"))

Matching is `rapsheet.screen` (match = the screening threshold); "new articles" are those first
stored after the watchlist's last run, or after `since` when given.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from rapsheet.errors import UsageError
from rapsheet.model import short_hash
from rapsheet.screen import ScreenIndex, index_from_store
from rapsheet.store import Store

DEFAULT_WATCHLIST = "default"
# The row that holds a watchlist's last run has this entry and entity.
_RUN_KEY = ""


@dataclass(slots=True, frozen=True)
class WatchEntry:
    name: str
    birth_year: int | None = None
    country: str | None = None

    @property
    def key(self) -> str:
        return f"{self.name}|{self.birth_year or ''}|{(self.country or '').upper()}"

    def to_json(self) -> dict:
        return {"name": self.name, "birth_year": self.birth_year, "country": self.country}


@dataclass(slots=True)
class Hit:
    """One watched name matching one stored entity, with what changed since it was last reported."""
    entry: WatchEntry
    entity_id: str
    entity_name: str
    score: float
    explanation: list[dict]
    first: bool                                   # never reported for this entry before
    new_articles: list[dict] = field(default_factory=list)
    new_events: list[dict] = field(default_factory=list)
    new_stages: list[dict] = field(default_factory=list)

    def changes(self) -> list[str]:
        """What changed, in words, for a line of output."""
        words = [f"new article {a['id']} ({a.get('title') or a.get('source') or ''})".rstrip(" ()")
                 for a in self.new_articles]
        words += [f"new event {e['type']}" + (f" on {e['date']}" if e.get("date") else "")
                  + (f" ({e['stage']})" if e.get("stage") else "") for e in self.new_events]
        words += [f"{s['category']}: " + (f"{s['previous']} -> " if s.get("previous") else "")
                  + s["stage"] for s in self.new_stages]
        return words

    def to_json(self) -> dict:
        return {"watch": self.entry.to_json(), "entity": {"id": self.entity_id, "name": self.entity_name},
                "score": self.score, "explanation": self.explanation, "first": self.first,
                "new_articles": self.new_articles, "new_events": self.new_events,
                "new_stages": self.new_stages, "changes": self.changes()}


def load_watchlist(path: str | Path) -> list[WatchEntry]:
    """The entries of a CSV watchlist: columns name, birth_year, country (a header row naming
    them is optional; without one they are taken in that order). Raises UsageError for a bad file."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = [r for r in csv.reader(handle) if any(c.strip() for c in r)]
    except OSError as exc:
        raise UsageError(f"cannot read the watchlist {path}: {exc.strerror or exc}") from None
    if not rows:
        raise UsageError(f"the watchlist {path} names nobody")
    columns = ["name", "birth_year", "country"]
    if "name" in [c.strip().lower() for c in rows[0]]:
        columns = [c.strip().lower() for c in rows[0]]
        rows = rows[1:]
    entries = []
    for row in rows:
        record = dict(zip(columns, (c.strip() for c in row)))
        name = record.get("name") or ""
        if not name:
            continue
        year = record.get("birth_year") or None
        if year is not None and not year.isdigit():
            raise UsageError(f"the watchlist {path}: birth_year {year!r} of {name!r} is not a year")
        entries.append(WatchEntry(name, int(year) if year else None, record.get("country") or None))
    return entries


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def parse_since(value: str | dt.date | dt.datetime | None) -> dt.datetime | None:
    """An ISO date or date-time (UTC unless it says otherwise) as an aware datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise UsageError(f"not an ISO date or date-time: {value!r}") from None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return _aware(value)


class _State:
    """The watch_state rows of one watchlist."""

    def __init__(self, store: Store, watchlist: str):
        self.store, self.watchlist = store, watchlist

    def _id(self, entry: str, entity_id: str) -> str:
        return short_hash(self.watchlist, entry, entity_id, size=32)

    def get(self, entry: str, entity_id: str) -> dict | None:
        return self.store.watch_state(self._id(entry, entity_id))

    def row(self, entry: str, entity_id: str, state: dict, now: dt.datetime) -> dict:
        return {"id": self._id(entry, entity_id), "watchlist": self.watchlist, "entry": entry,
                "entity_id": entity_id, "state": state, "updated": now}

    def last_run(self) -> dt.datetime | None:
        state = self.get(_RUN_KEY, _RUN_KEY)
        return dt.datetime.fromisoformat(state["last_run"]) if state else None


def _new_article_ids(store: Store, since: dt.datetime | None) -> set[str] | None:
    """Ids of the articles first stored at or after `since`; None meaning all of them."""
    return None if since is None else store.articles_since(since)


def _facts(case: dict) -> dict:
    """What a case file says that a watcher follows: its articles, events and latest stages."""
    return {
        "articles": {a["id"]: {"id": a["id"], "title": a.get("title"), "url": a.get("url"),
                               "published": a.get("published"), "source": a.get("source")}
                     for a in case["articles"]},
        "events": {f"{e['article']}/{e['id']}": {
            "type": e["type"], "stage": e.get("stage"), "date": (e.get("date") or {}).get("value"),
            "article": e["article"], "modality": e.get("modality"), "text": e.get("text")}
            for e in case["events"]},
        "stages": {r["category"]: {"stage": r["stage"], "articles": sorted({s["article"] for s in r["sources"]})}
                   for r in case["risks"]},
    }


def _matches(entry: WatchEntry, index: ScreenIndex) -> list[tuple[str, str, float, list[dict]]]:
    """(entity id, name, score, explanation) of the stored entities the entry matches."""
    return [(r.id, r.name, r.score, r.explanation)
            for r in index.screen(entry.name, birth_year=entry.birth_year, country=entry.country)
            if r.match]


def watch(store: Store, watchlist: list[WatchEntry] | str | Path,
          since: str | dt.date | dt.datetime | None = None, name: str | None = None,
          save: bool = True) -> list[Hit]:
    """The hits of `watchlist` in the articles stored since its last run (or since `since`),
    each new fact reported once; see the module docstring. `name` keeps the state of several
    watchlists apart (default: the file's stem, else "default"); `save` False reports without
    remembering (a preview)."""
    if isinstance(watchlist, (str, Path)):
        name = name or Path(watchlist).stem
        watchlist = load_watchlist(watchlist)
    state = _State(store, name or DEFAULT_WATCHLIST)
    started = _now()
    window_start = parse_since(since) or state.last_run()
    window = _new_article_ids(store, window_start)
    hits: list[Hit] = []
    updates: list[tuple[str, str, dict]] = []
    if window is None or window:
        index = index_from_store(store)
        for entry in watchlist:
            seen_entities = set()
            for entity_id, entity_name, score, explanation in _matches(entry, index):
                if entity_id in seen_entities:
                    continue
                seen_entities.add(entity_id)
                hit, new_state = _diff(store, entry, entity_id, entity_name, score, explanation,
                                       state.get(entry.key, entity_id), window)
                if hit:
                    hits.append(hit)
                    updates.append((entry.key, entity_id, new_state))
    if save:
        store.save_watch_states([*(state.row(entry_key, entity_id, new_state, started)
                                   for entry_key, entity_id, new_state in updates),
                                 state.row(_RUN_KEY, _RUN_KEY, {"last_run": started.isoformat()}, started)])
    return hits


def _diff(store, entry: WatchEntry, entity_id: str, entity_name: str, score: float,
          explanation: list[dict], before: dict | None, window: set[str] | None,
          ) -> tuple[Hit | None, dict]:
    case = store.case_file(entity_id)
    if case is None:
        return None, before or {}
    now = _facts(case)
    before = before or {"articles": {}, "events": {}, "stages": {}}

    def in_window(article_id: str) -> bool:
        return window is None or article_id in window

    new_articles = [a for key, a in now["articles"].items()
                    if key not in before["articles"] and in_window(key)]
    new_events = [e for key, e in now["events"].items()
                  if key not in before["events"] and in_window(e["article"])]
    new_stages = []
    for category, current in now["stages"].items():
        previous = (before["stages"].get(category) or {}).get("stage")
        if current["stage"] != previous and any(in_window(a) for a in current["articles"]):
            new_stages.append({"category": category, "stage": current["stage"], "previous": previous})
    # Remember everything known now, in the window or not: an old fact is no news later either.
    merged = {"articles": {**before["articles"], **now["articles"]},
              "events": {**before["events"], **now["events"]},
              "stages": {k: {"stage": v["stage"], "articles": v["articles"]} for k, v in
                         {**before["stages"], **now["stages"]}.items()}}
    if not (new_articles or new_events or new_stages):
        return None, merged
    first = not before["articles"]
    new_events.sort(key=lambda e: (e["date"] or "\uffff", e["article"]))
    return Hit(entry, case["id"], case["name"], score, explanation, first, new_articles,
               new_events, new_stages), merged
