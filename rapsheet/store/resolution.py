"""Entity resolution in the store: the reads and writes around `rapsheet.resolve.cluster`'s
decisions. Takes a connection and entity ids (those of a newly added article, or all); gives, in
the store, the entities' blocking keys (`entity_keys`), `matches` rows (pairs found to be the
same, each with its score and explanation) and every entity's `canonical_id` (its cluster).
Facts are never rewritten: an entity keeps its own id, statements and mentions.

Blocking (`candidates`) reads the `entity_keys` table: a key shared by more than `MAX_BLOCK`
entities is skipped, and an entity's keys are read rarest first until `MAX_CANDIDATES` others are
found (`rapsheet.resolve.blocking` says why), so resolving n entities costs O(n).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from rapsheet.resolve.blocking import MAX_BLOCK, MAX_CANDIDATES, chunks
from rapsheet.resolve.cluster import (SUBJECT_TYPES, Decision, Profile, birth_years, canonical_rank,
                                      co_mentions_matter, decide, group_clusters, hard_conflicts, keys_of,
                                      name_match, namesakes)
from rapsheet.store import schema as t
from rapsheet.store.engine import insert_ignore
from rapsheet.text import name_key


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def resolve(conn: sa.Connection, entity_ids: set[str] | None = None) -> dict:
    """Resolve `entity_ids` (default: every person and organisation) against the store: file
    their blocking keys, decide each blocked pair, store the matches and recluster what changed.
    Gives counts: {entities, pairs, matches, clusters_changed}.

    All keys are filed before any candidate is read, so every entity sees the same store and a
    key's size is counted once per call; each profile is loaded once per call; a pair with a
    hard conflict is decided without comparing names (it cannot merge whatever they say), and
    co-mentioned subjects are read only for the pairs whose decision can turn on them."""
    e, m = t.entities, t.matches
    if entity_ids is None:
        entity_ids = {r[0] for r in conn.execute(sa.select(e.c.id).where(e.c.type.in_(SUBJECT_TYPES)))}
    stats = {"entities": 0, "pairs": 0, "matches": 0, "clusters_changed": 0}
    profiles: dict[str, Profile] = {}
    keys: dict[str, set[str]] = {}
    for part in chunks(sorted(entity_ids), 2000):
        loaded = load_profiles(conn, set(part))
        profiles.update(loaded)
        rows: list[dict[str, str]] = []
        for pid, profile in loaded.items():
            keys[pid] = keys_of(profile)
            rows.extend({"key": k, "entity_id": pid} for k in keys[pid])
        for rows_part in chunks(rows, 5000):
            conn.execute(insert_ignore(conn.dialect.name, t.entity_keys), rows_part)
    stats["entities"] = len(keys)
    sizes: dict[str, int] = {}
    decided: set[tuple[str, str]] = set()
    neighbours_read: set[str] = set()
    touched: set[str] = set()
    for part in chunks(sorted(keys), 2000):
        found = candidates(conn, {pid: keys[pid] for pid in part}, sizes=sizes)
        missing = {c for cs in found.values() for c in cs} - set(profiles)
        profiles.update(load_profiles(conn, missing))
        pairs = {(min(pid, other), max(pid, other)) for pid, others in found.items() for other in others
                 if other in profiles} - decided
        decided |= pairs
        stats["pairs"] += len(pairs)
        same_rows: list[dict[str, Any]] = []
        different: list[tuple[str, str]] = []
        decisions = _decide_pairs(conn, sorted(pairs), profiles, keys, sizes, neighbours_read)
        for (left, right), decision in decisions.items():
            if decision is not None and decision.same:
                same_rows.append({"left_id": left, "right_id": right, "score": decision.score,
                                  "explanation": json.dumps(decision.explanation, ensure_ascii=False),
                                  "created": _now()})
            else:
                different.append((left, right))
        existing: set[tuple[str, str]] = set()
        for ids_part in chunks(sorted({x for pair in pairs for x in pair})):
            existing.update(tuple(r) for r in conn.execute(
                sa.select(m.c.left_id, m.c.right_id).where(m.c.left_id.in_(ids_part))))
        for left, right in different:
            if (left, right) in existing:
                conn.execute(sa.delete(m).where(m.c.left_id == left, m.c.right_id == right))
                touched.update((left, right))
        for row in same_rows:
            if (row["left_id"], row["right_id"]) in existing:
                conn.execute(sa.delete(m).where(m.c.left_id == row["left_id"], m.c.right_id == row["right_id"]))
        for rows_part in chunks(same_rows, 2000):
            conn.execute(sa.insert(m), rows_part)
        stats["matches"] += len(same_rows)
        touched.update(x for row in same_rows for x in (row["left_id"], row["right_id"]))
    stats["clusters_changed"] = recluster(conn, touched, profiles)
    return stats


def _decide_pairs(conn: sa.Connection, pairs: list[tuple[str, str]], profiles: dict[str, Profile],
                  keys: dict[str, set[str]], sizes: dict[str, int],
                  neighbours_read: set[str]) -> dict[tuple[str, str], Decision | None]:
    """Each pair's decision (None: a hard conflict, decided without comparing names). The names
    are compared first; the co-mentioned subjects (`read_neighbours`, the costly read: page
    chrome found in every release of an office brings whole neighbourhoods) are then read for
    the entities of the pairs whose decision can turn on them (`co_mentions_matter`) and not yet
    in `neighbours_read`. A pair decided without them is decided as with them: "not same"."""
    names: dict[tuple[str, str], tuple[float, tuple[str, str]] | None] = {}
    wanted: set[str] = set()
    for pair in pairs:
        a, b = profiles[pair[0]], profiles[pair[1]]
        if a.type != b.type:
            names[pair] = None
        elif not hard_conflicts(a, b):
            names[pair] = name = name_match(a, b)
            if co_mentions_matter(a, b, name[0]):
                wanted.update(pair)
    read_neighbours(conn, {x: profiles[x] for x in wanted - neighbours_read})
    neighbours_read |= wanted
    decisions: dict[tuple[str, str], Decision | None] = {}
    for pair in pairs:
        if pair not in names:
            decisions[pair] = None
            continue
        for x in pair:
            if x not in keys:
                keys[x] = keys_of(profiles[x])
        decisions[pair] = decide(profiles[pair[0]], profiles[pair[1]],
                                 namesakes(keys[pair[0]] & keys[pair[1]], sizes), names[pair])
    return decisions


def load_profiles(conn: sa.Connection, ids: set[str]) -> dict[str, Profile]:
    """Profiles of the persons and organisations among `ids`, without their co-mentioned
    subjects (`read_neighbours` adds them)."""
    e, s, m = t.entities, t.statements, t.mentions
    profiles: dict[str, Profile] = {}
    for part in chunks(sorted(ids)):
        for row in conn.execute(sa.select(e.c.id, e.c.type, e.c.name, e.c.canonical_id, e.c.first_seen)
                                .where(e.c.id.in_(part), e.c.type.in_(SUBJECT_TYPES))):
            profiles[row.id] = Profile(row.id, row.type, row.name, row.canonical_id, row.first_seen)
    if not profiles:
        return profiles
    wanted = ("attribute:alias", "attribute:birth_year", "attribute:nationality",
              "attribute:member_of", "attribute:gazetteer_id", "role")
    for part in chunks(sorted(profiles)):
        for srow in conn.execute(sa.select(s.c.entity_id, s.c.prop, s.c.value, s.c.extractor).where(
                s.c.entity_id.in_(part), sa.or_(s.c.prop.in_(wanted), s.c.prop.like("risk:%")))):
            p, value = profiles[srow.entity_id], json.loads(srow.value)
            prop = srow.prop
            if prop == "attribute:alias" and isinstance(value, str):
                p.aliases.append(value)
            elif prop == "attribute:birth_year":
                years = birth_years(value)
                if years:
                    p.birth_years.append(years)
            elif prop == "attribute:nationality":
                p.nationalities.update(v.upper() for v in (value if isinstance(value, list) else [value])
                                       if isinstance(v, str))
            elif prop == "attribute:member_of" and isinstance(value, str):
                p.member_of.add(name_key(value))
            elif prop == "attribute:gazetteer_id":
                p.gazetteer_ids.add(str(value))
            elif prop == "role":
                p.roles.add(value)
            elif prop.startswith("risk:"):
                p.risks.add(prop.split(":", 1)[1])
            if srow.extractor.startswith("list:"):
                p.datasets.add(srow.extractor.split(":", 1)[1])
        for entity_id, article_id in conn.execute(
                sa.select(m.c.entity_id, m.c.article_id).where(m.c.entity_id.in_(part)).distinct()):
            profiles[entity_id].articles.add(article_id)
            profiles[entity_id].mentions += 1
    return profiles


def read_neighbours(conn: sa.Connection, profiles: dict[str, Profile]) -> None:
    """Fill in each profile's `neighbours`: the clusters of the subjects in its articles."""
    if not profiles:
        return
    e, s, m = t.entities, t.statements, t.mentions
    # Co-mentioned subjects: persons and organisations in the same articles that are not officials
    # (every Justice Department release names the Department; that says nothing of identity).
    # The officials are looked up by entity id (an index read), not by scanning every role
    # statement of the store: that scan made each call cost as much as the whole store.
    articles = sorted({a for p in profiles.values() for a in p.articles})
    co_mentioned: list[tuple[str, str, str]] = []
    for part in chunks(articles):
        co_mentioned.extend(conn.execute(
            sa.select(m.c.article_id, e.c.id, e.c.canonical_id).join(e, e.c.id == m.c.entity_id)
            .where(m.c.article_id.in_(part), e.c.type.in_(SUBJECT_TYPES)).distinct()).all())
    officials: set[str] = set()
    for part in chunks(sorted({entity_id for _, entity_id, _ in co_mentioned})):
        # Distinct: an official has a role statement in each of its articles, and a hub (the
        # office of every release) would bring back one row per article, on every call.
        officials.update(conn.execute(sa.select(s.c.entity_id).distinct().where(
            s.c.entity_id.in_(part), s.c.prop == "role", s.c.value == '"official"')).scalars())
    in_article: dict[str, set[str]] = defaultdict(set)
    for article_id, entity_id, canonical in co_mentioned:
        if entity_id not in officials:
            in_article[article_id].add(canonical)
    for p in profiles.values():
        for article_id in p.articles:
            p.neighbours |= in_article.get(article_id, set())
        p.neighbours.discard(p.canonical_id)


def candidates(conn: sa.Connection, keys_of: dict[str, set[str]], max_block: int = MAX_BLOCK,
               sizes: dict[str, int] | None = None) -> dict[str, set[str]]:
    """For each entity id in `keys_of` (id -> its keys), the other entity ids filed under one of
    its keys, frequent keys left out. `sizes` (key -> entities filed under it) is read and
    filled: one call after another over a store that does not change counts each key once."""
    k = t.entity_keys
    sizes = {} if sizes is None else sizes
    wanted = sorted({key for keys in keys_of.values() for key in keys})
    for part in chunks([key for key in wanted if key not in sizes]):
        counted: dict[str, int] = dict(conn.execute(sa.select(k.c.key, sa.func.count()).where(k.c.key.in_(part))
                                                    .group_by(k.c.key)).all())
        sizes.update((key, counted.get(key, 0)) for key in part)
    # Members are read for the keys an entity can read: those that fit the candidate budget, and
    # (in a second round) the one larger key an entity still alone under its rarest keys reads.
    budget = MAX_CANDIDATES + 1
    members = _members(conn, [key for key in wanted if 0 < sizes[key] <= min(max_block, budget)])
    found: dict[str, set[str]] = {}
    larger: dict[str, str] = {}
    for entity_id, keys in keys_of.items():
        others: set[str] = set()
        for key in sorted((k for k in keys if 0 < sizes[k] <= max_block), key=lambda k: (sizes[k], k)):
            if others and len(others) + sizes[key] > budget:
                break
            if key not in members:      # over the budget: read it, and then no more
                larger[entity_id] = key
                break
            others.update(members[key])
            others.discard(entity_id)
        found[entity_id] = others
    members.update(_members(conn, sorted(set(larger.values()))))
    for entity_id, key in larger.items():
        found[entity_id].update(members[key])
        found[entity_id].discard(entity_id)
    return found


def _members(conn: sa.Connection, keys: list[str]) -> dict[str, list[str]]:
    """The entity ids filed under each of `keys`."""
    k = t.entity_keys
    members: dict[str, list[str]] = defaultdict(list)
    for part in chunks(keys):
        for key, entity_id in conn.execute(sa.select(k.c.key, k.c.entity_id).where(k.c.key.in_(part))):
            members[key].append(entity_id)
    return dict(members)


def _component(conn: sa.Connection, seeds: set[str]) -> tuple[set[str], list[tuple], set[tuple], set[tuple]]:
    """The entities connected to `seeds` by matches, active "same" judgements or a shared
    cluster; the match edges (score, left, right) among them; the active "same" and "not same"
    judgements that touch them."""
    e, m, j = t.entities, t.matches, t.judgements
    nodes: set[str] = set()
    frontier = set(seeds)
    edges: dict[tuple, float] = {}
    same: set[tuple] = set()
    not_same: set[tuple] = set()
    while frontier:
        nodes |= frontier
        found: set[str] = set()
        for part in chunks(sorted(frontier)):
            for left, right, score in conn.execute(sa.select(m.c.left_id, m.c.right_id, m.c.score).where(
                    sa.or_(m.c.left_id.in_(part), m.c.right_id.in_(part)))):
                edges[(left, right)] = score
                found.update((left, right))
            for left, right, verdict in conn.execute(sa.select(j.c.left_id, j.c.right_id, j.c.verdict).where(
                    j.c.undone.is_(None), sa.or_(j.c.left_id.in_(part), j.c.right_id.in_(part)))):
                (same if verdict == "same" else not_same).add(tuple(sorted((left, right))))
                if verdict == "same":
                    found.update((left, right))
            # Members of the clusters these entities are in now: a split must re-home them too.
            canonicals = sa.select(e.c.canonical_id).where(e.c.id.in_(part))
            found.update(r[0] for r in conn.execute(sa.select(e.c.id).where(e.c.canonical_id.in_(canonicals))))
        frontier = found - nodes
    return nodes, [(score, left, right) for (left, right), score in edges.items()], same, not_same


def recluster(conn: sa.Connection, seeds: set[str], known: dict[str, Profile] | None = None) -> int:
    """Recompute the clusters of the components around `seeds` (`group_clusters`) and store each
    entity's canonical id; gives how many entities changed cluster. `known`: profiles already
    loaded (by `resolve`), read instead of loaded again."""
    if not seeds:
        return 0
    e, le = t.entities, t.list_entries
    nodes, edges, same, not_same = _component(conn, seeds)
    known = known or {}
    profiles = {n: known[n] for n in nodes if n in known}
    profiles.update(load_profiles(conn, nodes - set(profiles)))
    groups = group_clusters(nodes, edges, same, not_same, profiles)

    info: dict[str, tuple] = {}
    for part in chunks(sorted(nodes)):
        listed = {r[0] for r in conn.execute(sa.select(le.c.entity_id).where(le.c.entity_id.in_(part)))}
        for row in conn.execute(sa.select(e.c.id, e.c.name, e.c.type, e.c.canonical_id, e.c.first_seen)
                                .where(e.c.id.in_(part))):
            info[row.id] = (row, row.id in listed)
    moved: list[dict[str, str]] = []
    for group in groups:
        canonical = min(group, key=lambda n: canonical_rank(*info[n]))
        moved.extend({"member": n, "canonical": canonical} for n in group
                     if n in info and info[n][0].canonical_id != canonical)
    for part in chunks(moved, 2000):
        conn.execute(sa.update(e).where(e.c.id == sa.bindparam("member"))
                     .values(canonical_id=sa.bindparam("canonical")), part)
    count_mentions(conn, {info[m["member"]][0].canonical_id for m in moved} | {m["canonical"] for m in moved})
    return len(moved)


def count_mentions(conn: sa.Connection, canonical_ids: set[str]) -> None:
    """Store on each of these entities the mentions of the cluster it heads (0 when it heads
    none): `entities.mention_count`, what browsing by mentions sorts on."""
    e, m = t.entities, t.mentions
    # One grouped count per chunk, then one update per entity: a correlated count in the UPDATE
    # is planned per row, and PostgreSQL, with no statistics on rows written in the same
    # transaction (a bulk load), scans the mentions once per entity.
    for part in chunks(sorted(canonical_ids)):
        counts = dict.fromkeys(part, 0)
        rows = conn.execute(sa.select(e.c.canonical_id, sa.func.count())
                            .select_from(m.join(e, e.c.id == m.c.entity_id))
                            .where(e.c.canonical_id.in_(part)).group_by(e.c.canonical_id))
        counts.update({canonical: n for canonical, n in rows})
        conn.execute(sa.update(e).where(e.c.id == sa.bindparam("eid"))
                     .values(mention_count=sa.bindparam("n")),
                     [{"eid": eid, "n": n} for eid, n in counts.items()])


def canonicals_of(conn: sa.Connection, entity_ids: set[str]) -> set[str]:
    """The clusters (canonical ids) these entities are in."""
    e = t.entities
    found: set[str] = set()
    for part in chunks(sorted(entity_ids)):
        found.update(r[0] for r in conn.execute(sa.select(e.c.canonical_id).where(e.c.id.in_(part))))
    return found
