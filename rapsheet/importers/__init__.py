"""Sanctions lists into the store: `ListEntry` records (from `ftm.py` or `ofac.py`) become
entities with statements that name their list, then entity resolution links them to the subjects
read from the news, so a case file and screening show that a subject is also listed.

    from rapsheet.importers import import_file
    import_file(store, "entities.ftm.json")      # FollowTheMoney entities, one JSON a line
    import_file(store, "sdn.csv")                # OFAC SDN CSV (alt.csv beside it: aliases)

Every fact of an entry is a statement with no article and the extractor `list:<dataset>`; the
entry itself, as a FollowTheMoney entity, is kept in `list_entries`.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

from rapsheet.errors import UsageError
from rapsheet.importers.entries import ListEntry, ftm_config, program_categories, validate_ftm
from rapsheet.importers.ftm import read_ftm
from rapsheet.importers.ofac import read_sdn
from rapsheet.model import short_hash
from rapsheet.store import Store
from rapsheet.store.lists import ListRows
from rapsheet.store.rows import extractor_version, to_json_text
from rapsheet.text import name_key

__all__ = ["ListEntry", "ftm_config", "import_file", "program_categories", "read_ftm", "read_sdn",
           "store_entries", "validate_ftm"]


def list_rows(entries: list[ListEntry], now: dt.datetime) -> ListRows:
    """The store rows of list entries: each an entity with statements that name their list (no
    article; the extractor `list:<dataset>`), and its `list_entries` row."""
    version = extractor_version()
    rows = ListRows()
    statements: dict[str, dict] = {}
    for entry in entries:
        gid = entry.entity_id
        rows.entities.append({"id": gid, "type": entry.type, "name": entry.name,
                              "name_key": name_key(entry.name), "canonical_id": gid, "first_seen": now})
        extractor = f"list:{entry.dataset}"[:64]

        def state(prop: str, value: Any, gid=gid, entry=entry, extractor=extractor) -> None:
            text = to_json_text(value)
            sid = short_hash(gid, prop, text, entry.dataset, size=32)
            statements[sid] = {"id": sid, "entity_id": gid, "prop": prop, "value": text,
                               "article_id": None, "start": None, "end": None,
                               "extractor": extractor, "extractor_version": version,
                               "confidence": None, "first_seen": now, "last_seen": now}

        state("name", entry.name)
        for alias in entry.aliases:
            if alias != entry.name:
                state("attribute:alias", alias)
        for year in entry.birth_years:
            state("attribute:birth_year", [year, year])
        for country in entry.countries:
            state("attribute:nationality", country)
        categories = program_categories(entry.programs + entry.topics)
        programs: list[str | None] = [*entry.programs] or [None]
        designations = entry.designations or [{"authority": None, "program": p, "list": entry.dataset,
                                                "date": None, "source_url": None}
                                               for p in programs]
        for category in categories:
            # The designations behind this category, else all of them (a topic gave it).
            own = [d for d in designations if d.get("program") and category in
                   program_categories([d["program"]])] or designations
            dates = sorted(d["date"] for d in own if d.get("date"))
            state(f"risk:{category}", {
                "category": category, "stage": "sanctioned", "proceeding": "sanctions",
                "date": dates[0] if dates else None, "source": entry.dataset, "evidence": [],
                "authority": "; ".join(dict.fromkeys(d["authority"] for d in own if d.get("authority"))) or None,
                "program": ", ".join(dict.fromkeys(d["program"] for d in own if d.get("program"))) or None,
                "list": entry.dataset})
        state("sanction", {"dataset": entry.dataset, "id": entry.list_id, "programs": entry.programs,
                           "designations": designations})
        state("role", "accused" if categories else "other")
        rows.list_entries.append({
            "id": short_hash(entry.dataset, entry.list_id, size=32), "entity_id": gid,
            "dataset": entry.dataset, "list_id": entry.list_id, "schema": entry.schema,
            "name": entry.name, "programs": json.dumps(entry.programs),
            "data": json.dumps(entry.data, ensure_ascii=False, default=str),
            "first_seen": now, "last_seen": now})
    rows.statements = list(statements.values())
    return rows


def store_entries(store: Store, entries: Iterable[ListEntry], resolve: bool = True) -> dict:
    """Write list entries as entities with statements, a thousand at a time in one transaction;
    resolve them against the store. Gives counts {entries, entities, statements, resolved}."""
    now = dt.datetime.now(dt.UTC)
    subjects = (e for e in entries if e.type in ("person", "organization") and e.name.strip())
    batches = (list_rows(batch, now) for batch in iter(lambda: list(islice(subjects, 1000)), []))
    return store.add_list_entries(batches, resolve=resolve)


def import_file(store: Store, path: str | Path, dataset: str | None = None, resolve: bool = True) -> dict:
    """Import a FollowTheMoney entity file (.json lines) or an OFAC SDN CSV into the store."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    with path.open("rb") as fh:
        head = fh.read(64).lstrip()
    if head.startswith(b"{") or head.startswith(b"["):
        entries = read_ftm(path, dataset)
    elif path.suffix.lower() == ".csv":
        entries = read_sdn(path, dataset=dataset or "us_ofac_sdn")
    else:
        raise UsageError(f"{path}: not a FollowTheMoney entity file or an OFAC SDN CSV")
    return store_entries(store, entries, resolve=resolve)
