"""Entity resolution over the store: which stored persons and organisations are one subject.

Takes a store connection and entity ids (those of a newly added article, or all); gives, in the
store, `matches` rows (pairs found to be the same, each with its score and explanation) and every
entity's `canonical_id` (its cluster). Facts are never rewritten: an entity keeps its own id,
statements and mentions, and the cluster id sits beside them.

How a pair is decided (`decide`): the best name comparison between the two entities' names and
aliases (`rapsheet.resolve.names.compare_names`), plus evidence from their facts, each a declared
feature in the explanation:

- hard conflicts stop a merge whatever the names: birth-year intervals more than a year apart,
  different nationalities, an official against an accused, different gazetteer ids, two entries
  of one sanctions list, and an entity whose own reports give birth years that cannot be one
  person's (namesakes the store files under one name: "Garcia Lopez" aged 24 and aged 61);
- a person's full name that matches exactly (two distinctive words or more) is enough, unless the
  name is common in the store;
- otherwise the names must be alike *and* the two must share evidence: overlapping birth years,
  nationality, membership of one organisation, a co-mentioned subject, a risk category; known
  memberships that share nothing count against. A common surname alone is never enough.
- common-name awareness: when other persons in the store carry the words the two names share
  (`namesakes`, counted by `resolve` from the blocking keys), the name cannot tell which of them
  is meant, and the evidence must single one out: a shared organisation, a co-mentioned subject,
  or birth years and nationality together.

Clusters (`recluster`) are the connected components of matches and "same" judgements, built
strongest match first, where a merge that would put two entities judged "not same" together is
refused: an analyst's judgement always wins over automatic resolution.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz

from rapsheet.resolve.blocking import candidates, chunks, entity_keys
from rapsheet.resolve.names import compare_names, normalise
from rapsheet.store.rows import name_key

SUBJECT_TYPES = ("person", "organization")
#: A pair is the same at this score or above (and when the rules in `decide` allow it).
SAME_SCORE = 0.75
#: Names must compare at least this well before evidence is weighed at all.
NAME_FLOOR = 0.6
NAME_WEIGHT = 0.7
#: Names compared per entity (its own name first, then aliases): bounds the cost of a pair.
MAX_NAMES = 6
#: Evidence weights.
BIRTH_AGREES = 0.1
NATIONALITY_AGREES = 0.05
MEMBER_OF_SHARED = 0.15
CO_MENTIONED = 0.05
CO_MENTIONED_MAX = 0.15
RISK_SHARED = 0.05
RISK_SHARED_MAX = 0.1
EVIDENCE_MIN = 0.1
#: Both sides name the organisations they belong to and none is the same.
MEMBER_OF_DIFFERS = -0.15
#: A person's name is common in the store when at least this many other entities carry the
#: words it shares with the other name.
COMMON_IN_STORE = 2


@dataclass(slots=True)
class Profile:
    """What resolution knows of one entity."""
    id: str
    type: str
    name: str
    canonical_id: str
    first_seen: dt.datetime | None = None
    aliases: list[str] = field(default_factory=list)
    birth_years: list[tuple[int, int]] = field(default_factory=list)
    nationalities: set[str] = field(default_factory=set)
    member_of: set[str] = field(default_factory=set)
    gazetteer_ids: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    risks: set[str] = field(default_factory=set)
    neighbours: set[str] = field(default_factory=set)     # canonical ids of co-mentioned subjects
    datasets: set[str] = field(default_factory=set)       # sanctions lists it comes from
    articles: set[str] = field(default_factory=set)
    mentions: int = 0

    @property
    def names(self) -> list[str]:
        seen: dict[str, str] = {}
        for n in [self.name, *self.aliases]:
            seen.setdefault(name_key(n), n)
        return list(seen.values())[:MAX_NAMES]

    @property
    def listed(self) -> bool:
        return bool(self.datasets)

    @property
    def namesakes(self) -> bool:
        """Its own reports give birth years no one person has (a year's slack): the one entity
        of a name holds several people of that name. A list entry's several dates of birth are
        the list's word on one subject, not namesakes."""
        return bool(self.birth_years) and not self.datasets and \
            max(y[0] for y in self.birth_years) - 1 > min(y[1] for y in self.birth_years)


@dataclass(slots=True)
class Decision:
    same: bool
    score: float
    explanation: list[dict]


def _years(value) -> tuple[int, int] | None:
    if isinstance(value, int):
        return value, value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return min(value), max(value)
    if isinstance(value, str) and value[:4].isdigit():
        return int(value[:4]), int(value[:4])
    return None


def load_profiles(conn: sa.Connection, ids: set[str]) -> dict[str, Profile]:
    """Profiles of the persons and organisations among `ids`."""
    from rapsheet.store import schema as t

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
    articles_of: dict[str, set[str]] = defaultdict(set)
    for part in chunks(sorted(profiles)):
        for srow in conn.execute(sa.select(s.c.entity_id, s.c.prop, s.c.value, s.c.extractor).where(
                s.c.entity_id.in_(part), sa.or_(s.c.prop.in_(wanted), s.c.prop.like("risk:%")))):
            p, value = profiles[srow.entity_id], json.loads(srow.value)
            prop = srow.prop
            if prop == "attribute:alias" and isinstance(value, str):
                p.aliases.append(value)
            elif prop == "attribute:birth_year":
                years = _years(value)
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
            articles_of[entity_id].add(article_id)
            profiles[entity_id].articles.add(article_id)
            profiles[entity_id].mentions += 1
    # Co-mentioned subjects: persons and organisations in the same articles that are not officials
    # (every Justice Department release names the Department; that says nothing of identity).
    # The officials are looked up by entity id (an index read), not by scanning every role
    # statement of the store: that scan made each call cost as much as the whole store.
    articles = sorted({a for ids_ in articles_of.values() for a in ids_})
    co_mentioned: list[tuple[str, str, str]] = []
    for part in chunks(articles):
        co_mentioned.extend(conn.execute(
            sa.select(m.c.article_id, e.c.id, e.c.canonical_id).join(e, e.c.id == m.c.entity_id)
            .where(m.c.article_id.in_(part), e.c.type.in_(SUBJECT_TYPES)).distinct()).all())
    officials: set[str] = set()
    for part in chunks(sorted({entity_id for _, entity_id, _ in co_mentioned})):
        officials.update(r[0] for r in conn.execute(sa.select(s.c.entity_id).where(
            s.c.entity_id.in_(part), s.c.prop == "role", s.c.value == '"official"')))
    in_article: dict[str, set[str]] = defaultdict(set)
    for article_id, entity_id, canonical in co_mentioned:
        if entity_id not in officials:
            in_article[article_id].add(canonical)
    for entity_id, article_ids in articles_of.items():
        p = profiles[entity_id]
        for article_id in article_ids:
            p.neighbours |= in_article.get(article_id, set())
        p.neighbours.discard(p.canonical_id)
    return profiles


def keys_of(profile: Profile) -> set[str]:
    """Blocking keys; year keys only for a person whose birth years are one person's."""
    years = profile.birth_years if profile.type == "person" and not profile.namesakes else ()
    return entity_keys(profile.names, profile.type, years)


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool | None:
    """True when some intervals of a and b overlap (a year's slack: ages are reported late),
    False when none do, None when one side has none."""
    if not a or not b:
        return None
    return any(x[0] - 1 <= y[1] and y[0] - 1 <= x[1] for x in a for y in b)


def hard_conflicts(a: Profile, b: Profile) -> list[tuple[str, str]]:
    """What proves two entities are different subjects, whatever their names."""
    conflicts = []
    for p in (a, b):
        if p.namesakes:
            first, last = min(y[0] for y in p.birth_years), max(y[1] for y in p.birth_years)
            conflicts.append(("namesakes", f"{p.name} is several people: born {first} to {last}"))
    if _overlap(a.birth_years, b.birth_years) is False:
        conflicts.append(("birth_year_conflict", f"{a.birth_years} vs {b.birth_years}"))
    if a.nationalities and b.nationalities and not a.nationalities & b.nationalities:
        conflicts.append(("nationality_conflict",
                          f"{'/'.join(sorted(a.nationalities))} vs {'/'.join(sorted(b.nationalities))}"))
    if ("official" in a.roles and "accused" in b.roles and "accused" not in a.roles) or \
            ("official" in b.roles and "accused" in a.roles and "accused" not in b.roles):
        conflicts.append(("role_conflict", "an official against an accused"))
    if a.gazetteer_ids and b.gazetteer_ids and not a.gazetteer_ids & b.gazetteer_ids:
        conflicts.append(("gazetteer_conflict", f"{sorted(a.gazetteer_ids)} vs {sorted(b.gazetteer_ids)}"))
    if a.datasets & b.datasets:
        conflicts.append(("same_list", f"two entries of {'/'.join(sorted(a.datasets & b.datasets))}"))
    return conflicts


def decide(a: Profile, b: Profile, namesakes: int = 0) -> Decision:
    """Whether two entities are one subject, with the features that decided it. `namesakes`:
    how many other entities of the store carry the words the two names share (see
    `COMMON_IN_STORE`)."""
    explanation: list[dict] = []

    def note(feature: str, value: float, detail: str) -> None:
        explanation.append({"feature": feature, "value": round(value, 4), "detail": detail})

    if a.type != b.type:
        # A nickname the article introduced as an alias and then used alone is often typed
        # wrongly by NER ("Chuqui" read as an organisation): the alias, in that same article, joins.
        for x, y in ((a, b), (b, a)):
            introduced = {name_key(n) for n in x.aliases}
            if name_key(y.name) in introduced and x.articles & y.articles and "official" not in x.roles | y.roles:
                note("alias_in_article", 1.0, f"{y.name} is introduced as an alias of {x.name}")
                return Decision(True, 0.9, explanation)
        note("type_mismatch", 1.0, f"{a.type} vs {b.type}")
        return Decision(False, 0.0, explanation)
    best, best_pair = 0.0, (a.name, b.name)
    # The full comparison is costly: run it on the two most alike pairs by a quick ratio only.
    quick = sorted(((fuzz.token_set_ratio(name_key(na), name_key(nb)), na, nb) for na in a.names for nb in b.names),
                   key=lambda q: -q[0])
    for _, na, nb in quick[:2]:
        score = compare_names(na, nb, a.type, threshold=1.0).score
        if score > best:
            best, best_pair = score, (na, nb)
    note("name", best, f"{best_pair[0]} ~ {best_pair[1]}")
    overlap = _overlap(a.birth_years, b.birth_years)
    conflicts = hard_conflicts(a, b)
    for feature, detail in conflicts:
        note(feature, 1.0, detail)
    if conflicts:
        return Decision(False, round(best * NAME_WEIGHT, 4), explanation)

    if a.gazetteer_ids & b.gazetteer_ids:
        note("gazetteer_id", 1.0, ", ".join(sorted(a.gazetteer_ids & b.gazetteer_ids)))
        return Decision(True, 1.0, explanation)

    evidence = 0.0
    if overlap:
        evidence += BIRTH_AGREES
        note("birth_year", BIRTH_AGREES, "intervals overlap")
    if a.nationalities & b.nationalities:
        evidence += NATIONALITY_AGREES
        note("nationality", NATIONALITY_AGREES, "/".join(sorted(a.nationalities & b.nationalities)))
    if a.member_of & b.member_of:
        evidence += MEMBER_OF_SHARED
        note("member_of", MEMBER_OF_SHARED, ", ".join(sorted(a.member_of & b.member_of)))
    elif a.member_of and b.member_of:
        evidence += MEMBER_OF_DIFFERS
        note("member_of_differs", MEMBER_OF_DIFFERS,
             f"{', '.join(sorted(a.member_of))} vs {', '.join(sorted(b.member_of))}")
    shared = (a.neighbours & b.neighbours) - {a.canonical_id, b.canonical_id}
    if shared:
        value = min(CO_MENTIONED_MAX, CO_MENTIONED * len(shared))
        evidence += value
        note("co_mentioned", value, f"{len(shared)} subject(s) in common")
    risks = a.risks & b.risks
    if risks:
        value = min(RISK_SHARED_MAX, RISK_SHARED * len(risks))
        evidence += value
        note("risk_category", value, ", ".join(sorted(risks)))
    score = round(min(1.0, best * NAME_WEIGHT + evidence), 4)

    if best < NAME_FLOOR:
        return Decision(False, score, explanation)
    if a.type == "person" and namesakes >= COMMON_IN_STORE:
        # The name could be any of several people here: only evidence that singles one out joins.
        singled_out = bool(a.member_of & b.member_of or shared
                           or (overlap and a.nationalities & b.nationalities))
        note("common_in_store", float(namesakes), f"{namesakes} other entities carry these names")
        if not singled_out:
            return Decision(False, score, explanation)
    elif best >= 1.0 and _distinctive(best_pair, a.type):
        note("full_name", 1.0, "the same full name")
        return Decision(True, max(score, 0.9), explanation)
    if a.type == "organization" and best >= 0.95:
        return Decision(True, max(score, SAME_SCORE), explanation)
    # Alike names need evidence beyond themselves: a shared surname is not a shared identity.
    same = evidence >= EVIDENCE_MIN and score >= SAME_SCORE
    return Decision(same, score, explanation)


def _distinctive(pair: tuple[str, str], type_: str) -> bool:
    """A person's name of three words or more, or of two not both common: enough alone to
    identify ("Jose Garcia" is not)."""
    if type_ != "person":
        return True
    form = normalise(pair[0], type_)
    words = [t for t in form.tokens if len(t) > 1]
    return len(words) >= 3 or (len(words) == 2 and not all(
        form.common[i] for i, t in enumerate(form.tokens) if len(t) > 1))


# --- in the store -----------------------------------------------------------------------------

def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _insert_ignore(conn: sa.Connection, table: sa.Table):
    from sqlalchemy.dialects import postgresql, sqlite
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing()


def resolve(conn: sa.Connection, entity_ids: set[str] | None = None) -> dict:
    """Resolve `entity_ids` (default: every person and organisation) against the store: file
    their blocking keys, decide each blocked pair, store the matches and recluster what changed.
    Gives counts: {entities, pairs, matches, clusters_changed}.

    All keys are filed before any candidate is read, so every entity sees the same store and a
    key's size is counted once per call; each profile is loaded once per call; a pair with a
    hard conflict is decided without comparing names (it cannot merge whatever they say)."""
    from rapsheet.store import schema as t

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
            conn.execute(_insert_ignore(conn, t.entity_keys), rows_part)
    stats["entities"] = len(keys)
    sizes: dict[str, int] = {}
    decided: set[tuple[str, str]] = set()
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
        for left, right in sorted(pairs):
            a, b = profiles[left], profiles[right]
            if a.type == b.type and hard_conflicts(a, b):
                decision = None
            else:
                for x in (left, right):
                    if x not in keys:
                        keys[x] = keys_of(profiles[x])
                decision = decide(a, b, _namesakes(keys[left] & keys[right], sizes))
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


def _namesakes(shared: set[str], sizes: dict[str, int]) -> int:
    """How many other entities carry the words two entities' names share: the size of the
    rarest word or pair of words (blocking keys; sounds and the exact whole name aside) they are
    both filed under, less the two of them."""
    counts = [sizes[k] for k in shared if k[0] in "pt" and k in sizes]
    return max(0, min(counts) - 2) if counts else 0


def _component(conn: sa.Connection, seeds: set[str]) -> tuple[set[str], list[tuple], set[tuple], set[tuple]]:
    """The entities connected to `seeds` by matches, active "same" judgements or a shared
    cluster; the match edges (score, left, right) among them; the active "same" and "not same"
    judgements that touch them."""
    from rapsheet.store import schema as t

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
    """Recompute the clusters of the components around `seeds`; gives how many entities changed
    cluster. `known`: profiles already loaded (by `resolve`), read instead of loaded again."""
    from rapsheet.store import schema as t

    if not seeds:
        return 0
    e, le = t.entities, t.list_entries
    nodes, edges, same, not_same = _component(conn, seeds)
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: dict[str, set[str]] = {n: {n} for n in nodes}
    apart: dict[str, set[str]] = defaultdict(set)
    for left, right in not_same:
        if left in nodes and right in nodes:
            apart[left].add(right)
            apart[right].add(left)

    def union(x: str, y: str) -> bool:
        rx, ry = find(x), find(y)
        if rx == ry:
            return True
        if any(apart[n] & members[ry] for n in members[rx]):
            return False
        parent[ry] = rx
        members[rx] |= members.pop(ry)
        return True

    for left, right in sorted(same):
        if left in nodes and right in nodes:
            union(left, right)
    # An automatic match joins two clusters only when no member of one conflicts with a member
    # of the other: A~B and B~C must not chain A and C when their birth years or roles differ.
    known = known or {}
    profiles = {n: known[n] for n in nodes if n in known}
    profiles.update(load_profiles(conn, nodes - set(profiles)))

    def compatible(x: str, y: str) -> bool:
        rx, ry = find(x), find(y)
        return rx == ry or not any(
            hard_conflicts(profiles[a], profiles[b])
            for a in members[rx] if a in profiles for b in members[ry] if b in profiles)

    for _score, left, right in sorted(edges, key=lambda x: (-x[0], x[1], x[2])):
        if compatible(left, right):
            union(left, right)

    info: dict[str, tuple] = {}
    for part in chunks(sorted(nodes)):
        listed = {r[0] for r in conn.execute(sa.select(le.c.entity_id).where(le.c.entity_id.in_(part)))}
        for row in conn.execute(sa.select(e.c.id, e.c.name, e.c.type, e.c.canonical_id, e.c.first_seen)
                                .where(e.c.id.in_(part))):
            info[row.id] = (row, row.id in listed)
    moved: list[dict[str, str]] = []
    for group in members.values():
        canonical = min(group, key=lambda n: _canonical_rank(*info[n]))
        moved.extend({"member": n, "canonical": canonical} for n in group
                     if n in info and info[n][0].canonical_id != canonical)
    for part in chunks(moved, 2000):
        conn.execute(sa.update(e).where(e.c.id == sa.bindparam("member"))
                     .values(canonical_id=sa.bindparam("canonical")), part)
    return len(moved)


def _canonical_rank(row, listed: bool) -> tuple:
    """The entity that names a cluster: one read from the news before a list entry, then the
    fullest name, then the first seen."""
    tokens = len(normalise(row.name, row.type if row.type in SUBJECT_TYPES else None).tokens)
    first = row.first_seen.isoformat() if row.first_seen else ""
    return (listed, -tokens, first, row.id)
