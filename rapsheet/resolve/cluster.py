"""Entity resolution's decisions: which persons and organisations are one subject.

Takes `Profile`s (what the store knows of each entity, loaded by `rapsheet.store.resolution`);
gives a `Decision` per pair (same or not, its score and the features that decided it) and the
clusters of a set of entities (`group_clusters`). No database here: `rapsheet.store.resolution`
reads the profiles, files the blocking keys, stores the matches and each entity's canonical id.

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

Clusters (`group_clusters`) are the connected components of matches and "same" judgements, built
strongest match first, where a merge that would put two entities judged "not same" together is
refused: an analyst's judgement always wins over automatic resolution.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from rapsheet.resolve.blocking import entity_keys
from rapsheet.resolve.names import compare_names, normalise
from rapsheet.text import name_key

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
    # The articles that mention it: the store reads them only where a decision can turn on them.
    articles: set[str] = field(default_factory=set)

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


def birth_years(value) -> tuple[int, int] | None:
    if isinstance(value, int):
        return value, value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return min(value), max(value)
    if isinstance(value, str) and value[:4].isdigit():
        return int(value[:4]), int(value[:4])
    return None


def keys_of(profile: Profile) -> frozenset[str]:
    """Blocking keys; year keys only for a person whose birth years are one person's."""
    years = profile.birth_years if profile.type == "person" and not profile.namesakes else ()
    return _keys(tuple(profile.names), profile.type, tuple(years))


@functools.lru_cache(maxsize=20_000)
def _keys(names: tuple[str, ...], type_: str, years: tuple[tuple[int, int], ...]) -> frozenset[str]:
    """`entity_keys`, kept: it depends on the names, type and years alone, and resolution keys
    the same entities again on every article that names them (an office's page chrome). The
    most recent 20,000 are kept: some tens of MB at most."""
    return frozenset(entity_keys(names, type_, years))


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


def name_match(a: Profile, b: Profile) -> tuple[float, tuple[str, str]]:
    """The best name score of two entities of one type, and the two names that gave it."""
    return _best_names(a.type, tuple(a.names), tuple(b.names))


@functools.lru_cache(maxsize=50_000)
def _best_names(type_: str, names_a: tuple[str, ...], names_b: tuple[str, ...]) -> tuple[float, tuple[str, str]]:
    """`name_match` on the names themselves (each entity's own name first), kept: it depends on
    nothing else, and a crawl decides the same pairs of names again and again (the page chrome
    of one office against each other on every release of it)."""
    best, best_pair = 0.0, (names_a[0], names_b[0])
    # The full comparison is costly: run it on the two most alike pairs by a quick ratio only.
    quick = sorted(((fuzz.token_set_ratio(name_key(na), name_key(nb)), na, nb) for na in names_a for nb in names_b),
                   key=lambda q: -q[0])
    for _, na, nb in quick[:2]:
        score = compare_names(na, nb, type_, threshold=1.0).score
        if score > best:
            best, best_pair = score, (na, nb)
    return best, best_pair


def co_mentions_matter(a: Profile, b: Profile, name: float) -> bool:
    """Whether `decide` on two entities of one type with no hard conflict, whose names score
    `name`, can turn on their co-mentioned subjects: not when a shared gazetteer id joins them,
    nor when the names are below `NAME_FLOOR` (not the same whatever else agrees)."""
    return name >= NAME_FLOOR and not a.gazetteer_ids & b.gazetteer_ids


def _introduced_alias(x: Profile, y: Profile) -> bool:
    """`y`'s name is one of `x`'s aliases, and neither is an official: with an article in
    common, the alias introduced there joins them whatever their types (see `decide`)."""
    return name_key(y.name) in {name_key(n) for n in x.aliases} and "official" not in x.roles | y.roles


def alias_may_join(a: Profile, b: Profile) -> bool:
    """Whether `decide` on two entities of different types can turn on their articles: only
    when one's name is an alias of the other (`_introduced_alias`). Otherwise their articles
    need not be read."""
    return _introduced_alias(a, b) or _introduced_alias(b, a)


def decide(a: Profile, b: Profile, namesakes: int = 0,
           name: tuple[float, tuple[str, str]] | None = None) -> Decision:
    """Whether two entities are one subject, with the features that decided it. `namesakes`:
    how many other entities of the store carry the words the two names share (see
    `COMMON_IN_STORE`). `name`: `name_match(a, b)`, when the caller has it already."""
    explanation: list[dict] = []

    def note(feature: str, value: float, detail: str) -> None:
        explanation.append({"feature": feature, "value": round(value, 4), "detail": detail})

    if a.type != b.type:
        # A nickname the article introduced as an alias and then used alone is often typed
        # wrongly by NER ("Chuqui" read as an organisation): the alias, in that same article, joins.
        for x, y in ((a, b), (b, a)):
            if _introduced_alias(x, y) and x.articles & y.articles:
                note("alias_in_article", 1.0, f"{y.name} is introduced as an alias of {x.name}")
                return Decision(True, 0.9, explanation)
        note("type_mismatch", 1.0, f"{a.type} vs {b.type}")
        return Decision(False, 0.0, explanation)
    best, best_pair = name_match(a, b) if name is None else name
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


def namesakes(shared: AbstractSet[str], sizes: dict[str, int]) -> int:
    """How many other entities carry the words two entities' names share: the size of the
    rarest word or pair of words (blocking keys; sounds and the exact whole name aside) they are
    both filed under, less the two of them."""
    counts = [sizes[k] for k in shared if k[0] in "pt" and k in sizes]
    return max(0, min(counts) - 2) if counts else 0


def group_clusters(nodes: set[str], edges: list[tuple[float, str, str]], same: set[tuple[str, str]],
                   not_same: set[tuple[str, str]], profiles: dict[str, Profile]) -> list[set[str]]:
    """The clusters of `nodes`: "same" judgements joined first, then the match `edges` (score,
    left, right), strongest first; no cluster ever holds two entities judged "not same", and a
    match joins two clusters only when no member of one has a hard conflict with a member of the
    other (A~B and B~C must not chain A and C when their birth years or roles differ)."""
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

    def compatible(x: str, y: str) -> bool:
        rx, ry = find(x), find(y)
        return rx == ry or not any(
            hard_conflicts(profiles[a], profiles[b])
            for a in members[rx] if a in profiles for b in members[ry] if b in profiles)

    for _score, left, right in sorted(edges, key=lambda x: (-x[0], x[1], x[2])):
        if compatible(left, right):
            union(left, right)
    return list(members.values())


def canonical_rank(row: Any, listed: bool) -> tuple:
    """The entity that names a cluster: one read from the news before a list entry, then the
    fullest name, then the first seen."""
    tokens = len(normalise(row.name, row.type if row.type in SUBJECT_TYPES else None).tokens)
    first = row.first_seen.isoformat() if row.first_seen else ""
    return (listed, -tokens, first, row.id)
