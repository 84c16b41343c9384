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
from collections.abc import Mapping, Set as AbstractSet
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles

from rapsheet.resolve.blocking import MAX_BLOCK, MAX_CANDIDATES, chunks
from rapsheet.resolve.cluster import (SUBJECT_TYPES, Decision, Profile, alias_may_join, birth_years,
                                      canonical_rank, co_mentions_matter, decide, group_clusters, hard_conflicts, keys_of,
                                      name_match, namesakes, same_with_most_co_mentions)
from rapsheet.store import schema as t
from rapsheet.store.engine import insert_ignore
from rapsheet.text import name_key


class _Ids(sa.types.TypeDecorator):
    """A list of ids sent as one parameter: JSON text on SQLite (`json_each` reads it back), an
    array on PostgreSQL."""
    impl = sa.String
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            # imported here: an SQLite store never loads SQLAlchemy's PostgreSQL dialect (see engine.py)
            from sqlalchemy.dialects import postgresql
            return dialect.type_descriptor(postgresql.ARRAY(sa.String))
        return dialect.type_descriptor(sa.String())

    def process_bind_param(self, value, dialect):
        if dialect.name == "postgresql":
            return list(value)
        return json.dumps(list(value), ensure_ascii=False)


class _InIds(sa.sql.expression.ColumnElement[bool]):
    """`column IN (:ids)` with the ids as one parameter (`_Ids`). An expanding IN renders a new
    statement for each length of list, on every execution: SQLAlchemy writes one placeholder per
    id and SQLite parses and plans the new text again. This one's text never changes, so both
    keep it from the first execution; SQLite's plan (an index search per id) is the same."""
    inherit_cache = True
    type = sa.Boolean()
    _is_implicitly_boolean = True
    _traverse_internals = [("column", sa.sql.visitors.InternalTraversal.dp_clauseelement),
                           ("ids", sa.sql.visitors.InternalTraversal.dp_clauseelement)]

    def __init__(self, column: sa.ColumnElement):
        self.column = column
        self.ids = sa.bindparam("ids", type_=_Ids())


@compiles(_InIds)
def _in_ids(element, compiler, **kw) -> str:
    return (f"{compiler.process(element.column, **kw)} IN "
            f"(SELECT value FROM json_each({compiler.process(element.ids, **kw)}))")


@compiles(_InIds, "postgresql")
def _in_ids_postgresql(element, compiler, **kw) -> str:
    return f"{compiler.process(element.column, **kw)} = ANY({compiler.process(element.ids, **kw)})"


def _in(column: sa.ColumnElement) -> sa.ColumnElement[bool]:
    """`column IN (:ids)`, the list given at execution (`{"ids": [...]}`)."""
    return _InIds(column)


class _Risk(sa.sql.expression.ColumnElement[bool]):
    """`prop` is a risk's ("risk:<category>"). On SQLite as a range of props, which its index on
    (entity_id, prop) can search: SQLite's LIKE ignores case and so cannot use that index, and
    every statement of the entity (names, events, quotes) would be read to find its few risks.
    SQLite compares text by its bytes, so the range holds exactly the props starting "risk:" (";"
    follows ":"), those `_add_statement` reads as risks. PostgreSQL compares by the database's
    collation, where a range is no prefix: LIKE there."""
    inherit_cache = True
    type = sa.Boolean()
    _is_implicitly_boolean = True
    _traverse_internals: list = []


@compiles(_Risk)
def _risk_sqlite(element, compiler, **kw) -> str:
    prop = compiler.process(t.statements.c.prop, **kw)
    return f"({prop} >= 'risk:' AND {prop} < 'risk;')"


@compiles(_Risk, "postgresql")
def _risk_postgresql(element, compiler, **kw) -> str:
    return compiler.process(t.statements.c.prop.like("risk:%"), **kw)


# The reads resolution runs on every article, built once with their id lists given at execution:
# building a statement (SQLAlchemy coerces every element of a literal IN list) and its cache key
# on each call cost the writer about as much as running it. Their rows are fetched at once
# (`.all()`): iterating a result fetches them one call at a time.
_e, _s, _m, _k = t.entities, t.statements, t.mentions, t.entity_keys
_SUBJECTS = (sa.select(_e.c.id, _e.c.type, _e.c.name, _e.c.canonical_id, _e.c.first_seen)
             .where(_in(_e.c.id), _e.c.type.in_(SUBJECT_TYPES)))
#: Statement props read into a profile row by row, in the store's order: aliases are an ordered
#: list (`Profile.names` keeps the first spelling of each name and the first `MAX_NAMES`), birth
#: years a list.
_LISTS = ("attribute:alias", "attribute:birth_year")
#: Statement props read into a profile as sets, so read once per distinct value: an office's page
#: chrome has a role statement in each of hundreds of releases, and is loaded again on each.
_SETS = ("attribute:nationality", "attribute:member_of", "attribute:gazetteer_id", "role")
_LIST_STATEMENTS = (sa.select(_s.c.entity_id, _s.c.prop, _s.c.value, _s.c.extractor)
                    .where(_in(_s.c.entity_id), _s.c.prop.in_(_LISTS)))
# A risk's value (its evidence) differs in every article and only its category counts: the value
# is left out of the distinct rows. The risks are read apart from the other props, so that each
# read is an index search; the two share no prop, so no row.
_SET_STATEMENTS = (sa.select(_s.c.entity_id, _s.c.prop, _s.c.value, _s.c.extractor)
                   .distinct().where(_in(_s.c.entity_id), _s.c.prop.in_(_SETS)))
_RISK_STATEMENTS = (sa.select(_s.c.entity_id, _s.c.prop, sa.null(), _s.c.extractor)
                    .distinct().where(_in(_s.c.entity_id), _Risk()))
# All in one statement, the listed statements first: one execution instead of several per chunk.
_STATEMENTS = sa.union_all(_LIST_STATEMENTS, _SET_STATEMENTS, _RISK_STATEMENTS)
_ARTICLES_OF = sa.select(_m.c.entity_id, _m.c.article_id).where(_in(_m.c.entity_id)).distinct()
_SUBJECTS_IN = (sa.select(_m.c.article_id, _e.c.id, _e.c.canonical_id).join(_e, _e.c.id == _m.c.entity_id)
                .where(_in(_m.c.article_id), _e.c.type.in_(SUBJECT_TYPES)).distinct())
# EXISTS, not the role statements themselves: an official has one in each of its articles, and a
# hub (the office of every release) would have them all read, on every call; EXISTS stops at the
# first.
_OFFICIALS = sa.select(_e.c.id).where(_in(_e.c.id), sa.exists().where(
    _s.c.entity_id == _e.c.id, _s.c.prop == "role", _s.c.value == '"official"'))
_KEY_SIZES = sa.select(_k.c.key, sa.func.count()).where(_in(_k.c.key)).group_by(_k.c.key)
_MEMBERS = sa.select(_k.c.key, _k.c.entity_id).where(_in(_k.c.key))
_FILED_KEYS = sa.select(_k.c.key, _k.c.entity_id).where(_in(_k.c.entity_id))
_CANONICALS = sa.select(_e.c.canonical_id).where(_in(_e.c.id))
# The three reads of one round of `_component` in one statement, one execution instead of three:
# kind "m" (a match: its pair and score), "j" (an active judgement: its pair and verdict) and "c"
# (a member of one of the clusters, in left_id).
_NO_TEXT, _NO_SCORE = sa.cast(sa.null(), sa.String), sa.cast(sa.null(), sa.Float)
_COMPONENT_ROUND = sa.union_all(
    sa.select(sa.literal("m", sa.String).label("kind"), t.matches.c.left_id, t.matches.c.right_id,
              t.matches.c.score, _NO_TEXT.label("verdict"))
    .where(sa.or_(_in(t.matches.c.left_id), _in(t.matches.c.right_id))),
    sa.select(sa.literal("j", sa.String), t.judgements.c.left_id, t.judgements.c.right_id, _NO_SCORE,
              t.judgements.c.verdict)
    .where(t.judgements.c.undone.is_(None), sa.or_(_in(t.judgements.c.left_id), _in(t.judgements.c.right_id))),
    sa.select(sa.literal("c", sa.String), _e.c.id, _NO_TEXT, _NO_SCORE, _NO_TEXT)
    .where(_e.c.canonical_id.in_(_CANONICALS)))
# What `canonical_rank` orders a cluster's entities by, whether each is on a list with the rest.
_RANKED = sa.select(_e.c.id, _e.c.name, _e.c.type, _e.c.canonical_id, _e.c.first_seen,
                    sa.exists().where(t.list_entries.c.entity_id == _e.c.id).label("listed")).where(_in(_e.c.id))
_MATCHED = sa.select(t.matches.c.left_id, t.matches.c.right_id).where(_in(t.matches.c.left_id))
_DELETE_MATCH = sa.delete(t.matches).where(t.matches.c.left_id == sa.bindparam("left"),
                                          t.matches.c.right_id == sa.bindparam("right"))
_CLUSTER_MENTIONS = (sa.select(_e.c.canonical_id, sa.func.count()).select_from(_m.join(_e, _e.c.id == _m.c.entity_id))
                     .where(_in(_e.c.canonical_id)).group_by(_e.c.canonical_id))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def resolve(conn: sa.Connection, entity_ids: set[str] | None = None, uncounted: set[str] | None = None) -> dict:
    """Resolve `entity_ids` (default: every person and organisation) against the store: file
    their blocking keys, decide each blocked pair, store the matches and recluster what changed.
    Gives counts: {entities, pairs, matches, clusters_changed}. `uncounted`: as for `recluster`.

    All keys are filed before any candidate is read, so every entity sees the same store and a
    key's size is counted once per call; each profile is loaded once per call; a pair with a
    hard conflict is decided without comparing names (it cannot merge whatever they say), and
    co-mentioned subjects are read only for the pairs whose decision can turn on them."""
    e, m = t.entities, t.matches
    if entity_ids is None:
        entity_ids = {r[0] for r in conn.execute(sa.select(e.c.id).where(e.c.type.in_(SUBJECT_TYPES)))}
    stats = {"entities": 0, "pairs": 0, "matches": 0, "clusters_changed": 0}
    profiles: dict[str, Profile] = {}
    keys: dict[str, frozenset[str]] = {}
    for part in chunks(sorted(entity_ids), 2000):
        loaded = load_profiles(conn, set(part))
        profiles.update(loaded)
        # Only the keys not filed yet are written: an entity seen before (the page chrome of
        # every release) has them all, and reading them costs less than inserting them again.
        filed = {(key, pid) for ids_part in chunks(sorted(loaded))
                 for key, pid in conn.execute(_FILED_KEYS, {"ids": ids_part}).all()}
        rows: list[dict[str, str]] = []
        for pid, profile in loaded.items():
            keys[pid] = keys_of(profile)
            rows.extend({"key": k, "entity_id": pid} for k in keys[pid] if (k, pid) not in filed)
        for rows_part in chunks(rows, 5000):
            conn.execute(insert_ignore(conn.dialect.name, t.entity_keys), rows_part)
    stats["entities"] = len(keys)
    sizes: dict[str, int] = {}
    decided: set[tuple[str, str]] = set()
    neighbours_read: set[str] = set()
    articles_read: set[str] = set()
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
        decisions = _decide_pairs(conn, sorted(pairs), profiles, keys, sizes, neighbours_read, articles_read)
        for (left, right), decision in decisions.items():
            if decision is not None and decision.same:
                same_rows.append({"left_id": left, "right_id": right, "score": decision.score,
                                  "explanation": json.dumps(decision.explanation, ensure_ascii=False),
                                  "created": _now()})
            else:
                different.append((left, right))
        existing: set[tuple[str, str]] = set()
        for ids_part in chunks(sorted({x for pair in pairs for x in pair})):
            existing.update(tuple(r) for r in conn.execute(_MATCHED, {"ids": ids_part}).all())
        # Every stored match among the pairs is deleted in one statement (executemany): those now
        # found different, and those found the same again, written anew below.
        gone = [pair for pair in different if pair in existing]
        touched.update(x for pair in gone for x in pair)
        gone += [(row["left_id"], row["right_id"]) for row in same_rows
                 if (row["left_id"], row["right_id"]) in existing]
        if gone:
            conn.execute(_DELETE_MATCH, [{"left": left, "right": right} for left, right in gone])
        for rows_part in chunks(same_rows, 2000):
            conn.execute(sa.insert(m), rows_part)
        stats["matches"] += len(same_rows)
        touched.update(x for row in same_rows for x in (row["left_id"], row["right_id"]))
    stats["clusters_changed"] = recluster(conn, touched, profiles, uncounted)
    return stats


def _decide_pairs(conn: sa.Connection, pairs: list[tuple[str, str]], profiles: dict[str, Profile],
                  keys: dict[str, frozenset[str]], sizes: dict[str, int],
                  neighbours_read: set[str], articles_read: set[str]) -> dict[tuple[str, str], Decision | None]:
    """Each pair's decision (None: a hard conflict, decided without comparing names). The names
    are compared first; the co-mentioned subjects (`read_neighbours`, the costly read: page
    chrome found in every release of an office brings whole neighbourhoods) are then read for
    the entities of the pairs whose decision can turn on them (`co_mentions_matter`) and that
    could be the same with them (`same_with_most_co_mentions`), not yet in `neighbours_read`. A
    pair decided without them is decided as with them: "not same", and only "same" pairs are
    stored.
    Articles (`read_articles`) are read likewise: for the neighbours read, and for the pairs of
    two types that an alias may join (`alias_may_join`), each entity once (`articles_read`)."""
    names: dict[tuple[str, str], tuple[float, tuple[str, str]] | None] = {}
    wanted: set[str] = set()
    in_alias_pairs: set[str] = set()
    for pair in pairs:
        a, b = profiles[pair[0]], profiles[pair[1]]
        if a.type != b.type:
            names[pair] = None
            if alias_may_join(a, b):
                in_alias_pairs.update(pair)
        elif not hard_conflicts(a, b):
            names[pair] = name = name_match(a, b)
            if co_mentions_matter(a, b, name[0]) and same_with_most_co_mentions(
                    a, b, namesakes(_keys(pair[0], profiles, keys) & _keys(pair[1], profiles, keys), sizes), name):
                wanted.update(pair)
    read_articles(conn, {x: profiles[x] for x in in_alias_pairs - articles_read})
    articles_read |= in_alias_pairs
    read_articles(conn, {x: profiles[x] for x in wanted - neighbours_read - articles_read})
    articles_read |= wanted
    read_neighbours(conn, {x: profiles[x] for x in wanted - neighbours_read})
    neighbours_read |= wanted
    decisions: dict[tuple[str, str], Decision | None] = {}
    for pair in pairs:
        if pair not in names:
            decisions[pair] = None
            continue
        decisions[pair] = decide(profiles[pair[0]], profiles[pair[1]],
                                 namesakes(_keys(pair[0], profiles, keys) & _keys(pair[1], profiles, keys), sizes),
                                 names[pair])
    return decisions


def _keys(entity_id: str, profiles: dict[str, Profile], keys: dict[str, frozenset[str]]) -> frozenset[str]:
    """The blocking keys of an entity, from `keys` or worked out there (a candidate's, whose
    keys `resolve` did not file)."""
    if entity_id not in keys:
        keys[entity_id] = keys_of(profiles[entity_id])
    return keys[entity_id]


def load_profiles(conn: sa.Connection, ids: set[str]) -> dict[str, Profile]:
    """Profiles of the persons and organisations among `ids`, without their articles and
    co-mentioned subjects: those are read only for the entities whose decision can turn on them
    (`read_articles`, `read_neighbours`)."""
    profiles: dict[str, Profile] = {}
    for part in chunks(sorted(ids)):
        for row in conn.execute(_SUBJECTS, {"ids": part}).all():
            profiles[row.id] = Profile(row.id, row.type, row.name, row.canonical_id, row.first_seen)
    for part in chunks(sorted(profiles)):
        for entity_id, prop, value, extractor in conn.execute(_STATEMENTS, {"ids": part}).all():
            _add_statement(profiles[entity_id], prop, value, extractor)
    return profiles


def _add_statement(p: Profile, prop: str, value: str | None, extractor: str) -> None:
    """Add one statement (its prop, JSON value and extractor) to what profile `p` knows; a
    risk's value is not read (None)."""
    if prop.startswith("risk:"):
        p.risks.add(prop.split(":", 1)[1])
    elif value is not None:
        data: Any = json.loads(value)
        if prop == "attribute:alias" and isinstance(data, str):
            p.aliases.append(data)
        elif prop == "attribute:birth_year":
            years = birth_years(data)
            if years:
                p.birth_years.append(years)
        elif prop == "attribute:nationality":
            p.nationalities.update(v.upper() for v in (data if isinstance(data, list) else [data])
                                   if isinstance(v, str))
        elif prop == "attribute:member_of" and isinstance(data, str):
            p.member_of.add(name_key(data))
        elif prop == "attribute:gazetteer_id":
            p.gazetteer_ids.add(str(data))
        elif prop == "role":
            p.roles.add(data)
    if extractor.startswith("list:"):
        p.datasets.add(extractor.split(":", 1)[1])


def read_articles(conn: sa.Connection, profiles: dict[str, Profile]) -> None:
    """Fill in each profile's `articles`: the ids of the articles that mention it."""
    for part in chunks(sorted(profiles)):
        for entity_id, article_id in conn.execute(_ARTICLES_OF, {"ids": part}).all():
            profiles[entity_id].articles.add(article_id)


def read_neighbours(conn: sa.Connection, profiles: dict[str, Profile]) -> None:
    """Fill in each profile's `neighbours`: the clusters of the subjects in its articles (read
    already: `read_articles`)."""
    if not profiles:
        return
    # Co-mentioned subjects: persons and organisations in the same articles that are not officials
    # (every Justice Department release names the Department; that says nothing of identity).
    # The officials are looked up by entity id (an index read), not by scanning every role
    # statement of the store: that scan made each call cost as much as the whole store.
    articles = sorted({a for p in profiles.values() for a in p.articles})
    co_mentioned: list[tuple[str, str, str]] = []
    for part in chunks(articles):
        co_mentioned.extend(conn.execute(_SUBJECTS_IN, {"ids": part}).all())
    officials: set[str] = set()
    for part in chunks(sorted({entity_id for _, entity_id, _ in co_mentioned})):
        officials.update(conn.execute(_OFFICIALS, {"ids": part}).scalars().all())
    in_article: dict[str, set[str]] = defaultdict(set)
    for article_id, entity_id, canonical in co_mentioned:
        if entity_id not in officials:
            in_article[article_id].add(canonical)
    for p in profiles.values():
        for article_id in p.articles:
            p.neighbours |= in_article.get(article_id, set())
        p.neighbours.discard(p.canonical_id)


def candidates(conn: sa.Connection, keys_of: Mapping[str, AbstractSet[str]], max_block: int = MAX_BLOCK,
               sizes: dict[str, int] | None = None) -> dict[str, set[str]]:
    """For each entity id in `keys_of` (id -> its keys), the other entity ids filed under one of
    its keys, frequent keys left out. `sizes` (key -> entities filed under it) is read and
    filled: one call after another over a store that does not change counts each key once."""
    sizes = {} if sizes is None else sizes
    wanted = sorted({key for keys in keys_of.values() for key in keys})
    for part in chunks([key for key in wanted if key not in sizes]):
        counted: dict[str, int] = dict(conn.execute(_KEY_SIZES, {"ids": part}).all())
        sizes.update((key, counted.get(key, 0)) for key in part)
    # Members are read for the keys an entity can read: its rarest keys that fit the candidate
    # budget, and (in a second round) the one larger key an entity still alone under its rarest
    # keys reads.
    budget = MAX_CANDIDATES + 1
    limit = min(max_block, budget)
    ordered = {entity_id: sorted((k for k in keys if 0 < sizes[k] <= max_block), key=lambda k: (sizes[k], k))
               for entity_id, keys in keys_of.items()}
    members = _members(conn, sorted({key for keys in ordered.values()
                                     for key in _within_budget(keys, sizes, limit, budget)}))
    found: dict[str, set[str]] = {}
    larger: dict[str, str] = {}
    for entity_id, keys in ordered.items():
        others: set[str] = set()
        for key in keys:
            if others and len(others) + sizes[key] > budget:
                break
            if sizes[key] > limit:      # over the budget: read it, and then no more
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


def _within_budget(keys: list[str], sizes: Mapping[str, int], limit: int, budget: int) -> list[str]:
    """Of one entity's keys (rarest first), those whose members `candidates` may read in its
    first round (`limit`: the largest key read there; `budget`: the candidates it stops at). It
    reads them in this order and stops at the first that would take its others over the budget;
    after reading a key it has at least (its size - 1) others, so a key past the point where that
    bound overflows is never read. Reading only these, not every key that fits the budget, gives
    the same candidates: an office's page chrome has dozens of small keys, and the rarest few
    fill its budget."""
    read: list[str] = []
    least = 0       # others found so far, at least
    for key in keys:
        if sizes[key] > limit or (least and least + sizes[key] > budget):
            break
        read.append(key)
        least = max(least, sizes[key] - 1)
    return read


def _members(conn: sa.Connection, keys: list[str]) -> dict[str, list[str]]:
    """The entity ids filed under each of `keys`."""
    members: dict[str, list[str]] = defaultdict(list)
    for part in chunks(keys):
        for key, entity_id in conn.execute(_MEMBERS, {"ids": part}).all():
            members[key].append(entity_id)
    return dict(members)


def _component(conn: sa.Connection, seeds: set[str]) -> tuple[set[str], list[tuple], set[tuple], set[tuple]]:
    """The entities connected to `seeds` by matches, active "same" judgements or a shared
    cluster; the match edges (score, left, right) among them; the active "same" and "not same"
    judgements that touch them."""
    nodes: set[str] = set()
    frontier = set(seeds)
    edges: dict[tuple, float] = {}
    same: set[tuple] = set()
    not_same: set[tuple] = set()
    while frontier:
        nodes |= frontier
        found: set[str] = set()
        for part in chunks(sorted(frontier)):
            for kind, left, right, score, verdict in conn.execute(_COMPONENT_ROUND, {"ids": part}).all():
                if kind == "m":
                    edges[(left, right)] = score
                    found.update((left, right))
                elif kind == "j":
                    (same if verdict == "same" else not_same).add(tuple(sorted((left, right))))
                    if verdict == "same":
                        found.update((left, right))
                else:
                    # A member of a cluster these entities are in now: a split must re-home it too.
                    found.add(left)
        frontier = found - nodes
    return nodes, [(score, left, right) for (left, right), score in edges.items()], same, not_same


def recluster(conn: sa.Connection, seeds: set[str], known: dict[str, Profile] | None = None,
              uncounted: set[str] | None = None) -> int:
    """Recompute the clusters of the components around `seeds` (`group_clusters`) and store each
    entity's canonical id; gives how many entities changed cluster. `known`: profiles already
    loaded (by `resolve`), read instead of loaded again. `uncounted`: when given, the clusters
    whose mentions must be counted again (`count_mentions`) are added to it instead of counted,
    for a caller that counts other clusters after (`Store.add`) to count them all at once."""
    if not seeds:
        return 0
    e = t.entities
    nodes, edges, same, not_same = _component(conn, seeds)
    known = known or {}
    profiles = {n: known[n] for n in nodes if n in known}
    profiles.update(load_profiles(conn, nodes - set(profiles)))
    groups = group_clusters(nodes, edges, same, not_same, profiles)

    info: dict[str, tuple] = {}
    for part in chunks(sorted(nodes)):
        for row in conn.execute(_RANKED, {"ids": part}).all():
            info[row.id] = (row, bool(row.listed))
    moved: list[dict[str, str]] = []
    for group in groups:
        canonical = min(group, key=lambda n: canonical_rank(*info[n]))
        moved.extend({"member": n, "canonical": canonical} for n in group
                     if n in info and info[n][0].canonical_id != canonical)
    for part in chunks(moved, 2000):
        conn.execute(sa.update(e).where(e.c.id == sa.bindparam("member"))
                     .values(canonical_id=sa.bindparam("canonical")), part)
    changed = {info[m["member"]][0].canonical_id for m in moved} | {m["canonical"] for m in moved}
    if uncounted is None:
        count_mentions(conn, changed)
    else:
        uncounted |= changed
    return len(moved)


def count_mentions(conn: sa.Connection, canonical_ids: set[str]) -> None:
    """Store on each of these entities the mentions of the cluster it heads (0 when it heads
    none): `entities.mention_count`, what browsing by mentions sorts on."""
    e = t.entities
    # One grouped count per chunk, then one update per entity: a correlated count in the UPDATE
    # is planned per row, and PostgreSQL, with no statistics on rows written in the same
    # transaction (a bulk load), scans the mentions once per entity.
    for part in chunks(sorted(canonical_ids)):
        counts = dict.fromkeys(part, 0)
        counts.update({canonical: n for canonical, n in conn.execute(_CLUSTER_MENTIONS, {"ids": part}).all()})
        conn.execute(sa.update(e).where(e.c.id == sa.bindparam("eid"))
                     .values(mention_count=sa.bindparam("n")),
                     [{"eid": eid, "n": n} for eid, n in counts.items()])


def canonicals_of(conn: sa.Connection, entity_ids: set[str]) -> set[str]:
    """The clusters (canonical ids) these entities are in."""
    found: set[str] = set()
    for part in chunks(sorted(entity_ids)):
        found.update(conn.execute(_CANONICALS, {"ids": part}).scalars().all())
    return found
