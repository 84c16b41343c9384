"""Case files: all that the stored articles say of an entity (its whole cluster), each fact with
its sources: article id, evidence span and the sentence around it.

Takes an engine and entity ids; gives one case file (a dict in the shape of the API's `CaseFile`)
per id, read together in a few queries for the batch. Events reported by several articles are
merged into one per real-world event (`merge_events`); disputed allegations stand apart.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable

import sqlalchemy as sa

from rapsheet import stages
from rapsheet.store import schema as t
from rapsheet.store.records import NEWEST_FIRST, article_summary, dispute_json, iso, sentence_at
from rapsheet.store.rows import name_key

#: Attributes a subject has one value of: two values from two sources are a conflict to show.
SINGLE_VALUED = frozenset({"age", "birth_year", "birth_date", "gender", "date_of_birth"})
#: Event modalities that may be merged with each other across articles.
_MODALITY_GROUP = {"asserted": "asserted", "pending": "asserted", "future": "future",
                   "hypothetical": "future", "negated": "negated"}



def _evidence_start(data: str) -> int:
    """Where a stored record's evidence starts in its article (-1: not said), to order by."""
    evidence = (json.loads(data) or {}).get("evidence") or {}
    start = evidence.get("start") if isinstance(evidence, dict) else None
    return start if isinstance(start, int) else -1


def _dates_compatible(a: str | None, b: str | None) -> bool:
    """One date is undated, or one is a refinement of the other (2025-03 and 2025-03-31)."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def merge_events(events: list[dict]) -> list[dict]:
    """Events of one subject as reported by several articles -> one event per real-world event:
    the same type, the subject in the same role, a compatible modality and a compatible date
    (equal, one more precise, or one undated when the type has a single dated event) are one,
    keeping every report under `sources` (article, published, text, date as reported)."""
    groups: dict[tuple, list[list[dict]]] = defaultdict(list)
    undated: dict[tuple, list[dict]] = defaultdict(list)
    for ev in sorted(events, key=lambda e: (-len((e.get("date") or {}).get("value") or ""),
                                            e["published"] or "", e["article"], e.get("id") or "")):
        key = (ev["type"], tuple(sorted(ev.get("roles") or ())), _MODALITY_GROUP.get(ev.get("modality") or "", "asserted"))
        value = (ev.get("date") or {}).get("value")
        if not value:
            undated[key].append(ev)
            continue
        for group in groups[key]:
            if _dates_compatible((group[0].get("date") or {}).get("value"), value):
                group.append(ev)
                break
        else:
            groups[key].append([ev])
    for key, evs in undated.items():
        if len(groups[key]) == 1:
            groups[key][0].extend(evs)
        else:
            groups[key].append(evs)
    merged = []
    for key_groups in groups.values():
        for group in key_groups:
            first = group[0]
            sources = [{"article": ev["article"], "published": ev["published"], "event": ev.get("id"),
                        "date": ev.get("date"), "text": ev.get("text"), "trigger": ev.get("trigger")}
                       for ev in group]
            merged.append(first | {"sources": sources,
                                   "articles": list(dict.fromkeys(ev["article"] for ev in group))})
    return merged


def _first_designation(designations: list[dict]) -> dict:
    """Authority, list and earliest date of an entry's designations, for a one-line listing."""
    dates = sorted(d["date"] for d in designations if d.get("date"))
    authorities = list(dict.fromkeys(d["authority"] for d in designations if d.get("authority")))
    return {"authority": "; ".join(authorities) or None, "date": dates[0] if dates else None,
            "list": next((d["list"] for d in designations if d.get("list")), None)}


def case_files(engine: sa.Engine, entity_ids: Iterable[str]) -> list[dict]:
    """The case files of several entities by id (each its whole cluster), in the order given,
    read together: a few queries for a batch rather than a dozen per entity. Unknown ids are
    left out."""
    e, s, m = t.entities, t.statements, t.mentions
    ids = list(dict.fromkeys(entity_ids))
    if not ids:
        return []
    with engine.connect() as conn:
        def fetch(query) -> list[dict]:
            return [dict(r._mapping) for r in conn.execute(query)]

        def fetch_in(column, values, query_of) -> list[dict]:
            # Chunked, so a batch stays under the drivers' bound-parameter limits.
            values = sorted(values)
            return [r for i in range(0, len(values), 500)
                    for r in fetch(query_of(column.in_(values[i:i + 500])))]

        asked = fetch_in(e.c.id, ids, lambda w: sa.select(e.c.id, e.c.canonical_id).where(w))
        canonical_of_asked = {r["id"]: r["canonical_id"] for r in asked}
        cluster_rows = fetch_in(e.c.canonical_id, set(canonical_of_asked.values()),
                                lambda w: sa.select(e).where(w).order_by(e.c.id))
        canonical_of = {r["id"]: r["canonical_id"] for r in cluster_rows}
        all_members = list(canonical_of)
        statements = fetch_in(s.c.entity_id, all_members, lambda w: sa.select(s).where(w)
                              .order_by(s.c.article_id, s.c.start, s.c.id))
        mentions = fetch_in(m.c.entity_id, all_members,
                            lambda w: sa.select(m.c.entity_id, m.c.article_id, m.c.text, m.c.kind,
                                                m.c.start, m.c.id).where(w))
        records = {name: fetch_in(table.c.entity_id, all_members, lambda w, table=table: sa.select(table).where(w))
                   for name, table in (("events", t.events), ("charges", t.charges),
                                       ("quotes", t.quotes))}
        # Every list in one order on every backend and whatever the chunks: the order rows
        # come back in is the database's own (SQLite's insertion, PostgreSQL's heap).
        # (None first, as SQLite puts NULLs, where PostgreSQL would put them last.)
        statements.sort(key=lambda r: (r["article_id"] or "", -1 if r["start"] is None else r["start"],
                                       r["id"]))
        mentions.sort(key=lambda r: (r["article_id"] or "", r["start"] or 0, r["id"]))
        records["events"].sort(key=lambda r: (r["article_id"] or "", r["event_id"] or "",
                                              r["role"] or "", r["id"]))
        records["charges"].sort(key=lambda r: (r["article_id"] or "", _evidence_start(r["data"]), r["id"]))
        records["quotes"].sort(key=lambda r: (r["article_id"] or "", r["start"] or 0, r["id"]))
        listed = fetch_in(t.list_entries.c.entity_id, all_members, lambda w: sa.select(t.list_entries)
                          .where(w).order_by(t.list_entries.c.dataset, t.list_entries.c.list_id))
        listed.sort(key=lambda r: (r["dataset"] or "", r["list_id"] or ""))
        article_ids = ({r["article_id"] for r in statements} | {r["article_id"] for r in mentions}
                       | {r["article_id"] for rs in records.values() for r in rs}) - {None}
        d, di = t.disputes, t.dispute_items
        disputed = {}
        for kind, rows in (("statement", [r for r in statements if r["prop"].startswith("risk:")]),
                           ("charge", records["charges"])):
            for row in fetch_in(di.c.item_id, {r["id"] for r in rows}, lambda w, kind=kind: sa.select(
                    di.c.item_id, d.c.id, d.c.reason, d.c.who, d.c.created, d.c.category)
                    .join(d, d.c.id == di.c.dispute_id)
                    .where(w, di.c.kind == kind, d.c.undone.is_(None))):
                disputed[(kind, row["item_id"])] = {
                    "id": row["id"], "reason": row["reason"], "who": row["who"],
                    "created": iso(row["created"]), "category": row["category"]}
        history = fetch_in(d.c.entity_id, all_members, lambda w: sa.select(d).where(w).order_by(d.c.id))
        articles = fetch_in(t.articles.c.id, article_ids, lambda w: sa.select(t.articles).where(w)
                            .order_by(*NEWEST_FIRST)) if article_ids else []
    by_id = {r["id"]: r for r in cluster_rows}
    members_of: dict[str, list[str]] = defaultdict(list)
    for row in cluster_rows:
        members_of[row["canonical_id"]].append(row["id"])

    def of(rows: list[dict]) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            grouped[canonical_of[row["entity_id"]]].append(row)
        return grouped

    statements_of, mentions_of, listed_of = of(statements), of(mentions), of(listed)
    records_of = {name: of(rows) for name, rows in records.items()}
    # Newest first, as _NEWEST_FIRST orders them, across the chunks read.
    articles.sort(key=lambda a: a["id"])
    articles.sort(key=lambda a: iso(a["first_seen"]) or "", reverse=True)
    articles.sort(key=lambda a: a["published"] or dt.date.min, reverse=True)
    files = []
    for entity_id in ids:
        cid = canonical_of_asked.get(entity_id)
        if cid is None or cid not in by_id:
            continue
        canonical = by_id[cid] | {"members": members_of[cid]}
        files.append(_case_file(
            canonical, statements_of.get(cid, []), mentions_of.get(cid, []),
            {name: rows.get(cid, []) for name, rows in records_of.items()},
            listed_of.get(cid, []), articles, {r: by_id[r]["name"] for r in members_of[cid]},
            disputed, [dispute_json(r) for r in history if canonical_of.get(r["entity_id"]) == cid]))
    return files


def _case_file(canonical: dict, statements: list[dict], mentions: list[dict],
               records: dict[str, list[dict]], listed: list[dict], all_articles: list[dict],
               member_names: dict[str, str], disputed: dict[tuple[str, str], dict],
               dispute_history: list[dict]) -> dict:
    members = canonical["members"]
    own = ({r["article_id"] for r in statements} | {r["article_id"] for r in mentions}
           | {r["article_id"] for rs in records.values() for r in rs}) - {None}
    articles = [a for a in all_articles if a["id"] in own]
    texts = {a["id"]: a["text"] for a in articles}
    published = {a["id"]: a["published"].isoformat() if a["published"] else None for a in articles}

    def source(article_id: str | None, start: int | None, end: int | None) -> dict:
        if article_id is None:
            return {"article": None, "published": None, "start": None, "end": None, "words": None,
                "text": None}
        text = texts.get(article_id, "")
        spanned = start is not None and end is not None
        return {"article": article_id, "published": published.get(article_id),
                "start": start, "end": end, "words": text[start:end] if spanned else None,
                "text": sentence_at(text, start, end) if start is not None and end is not None else None}

    names = Counter(r["text"] for r in mentions if r["kind"] == "name")
    names.update(json.loads(r["value"]) for r in statements if r["prop"] in ("name", "attribute:alias"))
    by_key: dict[str, str] = {name_key(canonical["name"]): canonical["name"]}
    for name, _ in names.most_common():
        by_key.setdefault(name_key(name), name)

    attributes: dict[str, dict[str, dict]] = defaultdict(dict)
    roles: dict[str, list[str]] = {}
    risks: dict[str, list[dict]] = defaultdict(list)
    disputed_risks: dict[int, list[dict]] = defaultdict(list)
    for row in statements:
        prop, value = row["prop"], json.loads(row["value"])
        if prop.startswith("attribute:"):
            key = prop.split(":", 1)[1]
            entry = attributes[key].setdefault(row["value"], {"value": value, "sources": []})
            entry["sources"].append(source(row["article_id"], row["start"], row["end"])
                                    | {"extractor": row["extractor"]})
        elif prop == "role":
            articles_of = roles.setdefault(value, [])
            if row["article_id"] not in articles_of:
                articles_of.append(row["article_id"])
        elif prop.startswith("risk:"):
            dispute = disputed.get(("statement", row["id"]))
            (disputed_risks[dispute["id"]] if dispute else risks[prop.split(":", 1)[1]]).append(
                source(row["article_id"], row["start"], row["end"])
                | {"stage": value.get("stage"), "proceeding": value.get("proceeding"),
                   "date": value.get("date") or published.get(row["article_id"]),
                   "attributed_by": value.get("source"),
                   **{key: value[key] for key in ("authority", "program", "list") if value.get(key)}})

    designations = {}
    for row in statements:
        if row["prop"] == "sanction":
            value = json.loads(row["value"])
            designations[(value.get("dataset"), value.get("id"))] = value.get("designations") or []

    def risk_of(category: str, sources: list[dict]) -> dict:
        latest = stages.latest(sources, date=lambda e: e.get("date"))
        assert latest is not None, "a risk has a source"
        risk = {"category": category,
                "proceeding": stages.proceeding_of(latest["stage"], latest.get("proceeding")),
                "stage": latest["stage"], "status": stages.status_of(latest["stage"]),
                "date": latest["date"], "sources": sources,
                **{key: latest[key] for key in ("authority", "program", "list") if latest.get(key)}}
        return risk | {"allegation": stages.describe(risk)}

    risk_list = sorted((risk_of(category, sources) for category, sources in risks.items()),
                       key=stages.listing_key)
    # Disputed allegations: out of the risks (so out of screening and exports), shown apart
    # with the dispute; a disputed charge goes with them.
    disputes_by_id = {v["id"]: v for v in disputed.values()}
    disputed_list = [risk_of(disputes_by_id[i]["category"], sources) | {"dispute": disputes_by_id[i]}
                     for i, sources in disputed_risks.items()]

    events: dict[tuple, dict] = {}
    for row in records["events"]:
        key = (row["article_id"], row["event_id"])
        if key not in events:
            data = json.loads(row["data"])
            evidence = data.get("evidence") or data["trigger"]
            events[key] = data | {"article": row["article_id"], "roles": [],
                                  "published": published.get(row["article_id"]),
                                  "text": source(row["article_id"], evidence["start"], evidence["end"])["text"]}
        if row["role"] and row["role"] not in events[key]["roles"]:
            events[key]["roles"].append(row["role"])
    # A dated timeline: undated events go last, in the order their articles appeared.
    timeline = sorted(merge_events(list(events.values())), key=lambda ev: (
        ((ev.get("date") or {}).get("value") or "\uffff"), ev["published"] or "\uffff", ev["article"]))

    charges: list[dict] = []
    disputed_charges: list[dict] = []
    for row in records["charges"]:
        data = json.loads(row["data"])
        evidence = data.get("evidence") or {}
        proceeding = stages.proceeding_of(data.get("stage"), data.get("proceeding"))
        dispute = disputed.get(("charge", row["id"]))
        (disputed_charges if dispute else charges).append(data | {
                               "article": row["article_id"], "proceeding": proceeding,
                               **({"dispute": dispute} if dispute else {}),
                               "status": stages.status_of(data.get("stage")),
                               "allegation": stages.describe(data | {
                                   "proceeding": proceeding, "date": published.get(row["article_id"])}),
                               "published": published.get(row["article_id"]),
                               "text": source(row["article_id"], evidence.get("start"), evidence.get("end"))["text"]})
    quotes = [json.loads(r["data"]) | {"article": r["article_id"], "published": published.get(r["article_id"])}
              for r in sorted(records["quotes"], key=lambda r: (r["article_id"], r["start"]))]

    return {
        "id": canonical["id"], "type": canonical["type"], "name": canonical["name"],
        "members": members, "member_names": member_names, "names": list(by_key.values()),
        "aliases": [n for n in by_key.values() if n != canonical["name"]],
        "attributes": {key: sorted(({**v, "conflict": key in SINGLE_VALUED and len(values) > 1}
                                    for v in values.values()), key=lambda v: -len(v["sources"]))
                       for key, values in attributes.items()},
        "conflicts": sorted(key for key, values in attributes.items()
                            if key in SINGLE_VALUED and len(values) > 1),
        "roles": [{"role": role, "articles": ids} for role, ids in
                  sorted(roles.items(), key=lambda kv: -len(kv[1]))],
        "risks": risk_list, "events": timeline, "charges": charges, "quotes": quotes,
        "disputed": disputed_list, "disputed_charges": disputed_charges,
        "disputes": dispute_history,
        "mentions": len(mentions),
        "sanctions": [{"dataset": r["dataset"], "id": r["list_id"], "name": r["name"],
                       "program": ", ".join(json.loads(r["programs"])) or None,
                       "programs": json.loads(r["programs"]), "schema": r["schema"],
                       "entity": r["entity_id"], "proceeding": "sanctions", "stage": "sanctioned",
                       "designations": designations.get((r["dataset"], r["list_id"]), []),
                       **_first_designation(designations.get((r["dataset"], r["list_id"]), []))}
                      for r in listed],
        "articles": [article_summary(a) for a in articles],
    }
