"""Blocking for entity resolution: which stored entities a new one is compared with at all.

Takes entity names (with their type); gives blocking keys, and over the store's `entity_keys`
table the candidate pairs that share a key. Keys are those of screening
(`rapsheet.resolve.names.name_keys`: tokens, metaphone keys, the order-free whole name) plus, for
names of two words or more, every pair of their tokens ("p:flores martinez"), so that "Martinez
Flores" still finds "Jose Enrique Martinez Flores" when "flores" alone is too common to read.

A person whose birth years are known is also filed under each whole-name and pair key joined to
the five-year spans those years fall in, a year's slack either side ("y:1980:p:flores martinez"):
two persons whose birth years conflict cannot be one, so "Garcia Lopez" born about 1980 need only
be read against the others of that name born about then, and the block stays small however many
"Garcia Lopez" the store holds.

A key shared by more than `MAX_BLOCK` entities is skipped (it says little and would make the cost
grow with the square of the store), and an entity's keys are read rarest first (the whole name and
token pairs before single tokens) until `MAX_CANDIDATES` others are found; each entity is then
compared with a bounded number of others, so resolving n entities costs O(n).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

import sqlalchemy as sa

from rapsheet.resolve.names import name_keys, normalise

#: Keys shared by more entities than this are too common to block on.
MAX_BLOCK = 40
#: Candidates per entity, read from its rarest keys first: bounds the cost of one entity.
MAX_CANDIDATES = 12
#: Pair keys are made for names of at most this many tokens (15 pairs): two given names, two
#: surnames and a compound one ("Jose Luis Rodriguez-Neri Silva").
MAX_PAIR_TOKENS = 6
#: Birth-year spans of the year keys, in years.
YEAR_SPAN = 5
KEY_SIZE = 128
_CHUNK = 500


def entity_keys(names: Iterable[str], type_: str | None,
                birth_years: Iterable[tuple[int, int]] = ()) -> set[str]:
    """Blocking keys of an entity known by `names`, born within one of `birth_years` (intervals)."""
    keys: set[str] = set()
    for name in names:
        try:
            form = normalise(name, type_)
        except Exception:  # a type names cannot be compared by: no keys, no resolution
            return set()
        keys |= name_keys(name, type_)
        tokens = sorted({t for t in form.tokens if len(t) > 1})
        if 2 <= len(tokens) <= MAX_PAIR_TOKENS:
            keys.update(f"p:{a} {b}" for a, b in combinations(tokens, 2))
    spans = {year // YEAR_SPAN * YEAR_SPAN for lo, hi in birth_years for year in range(lo - 1, hi + 2)}
    keys.update(f"y:{span}:{k}" for span in spans for k in list(keys) if k[0] in "np")
    return {k[:KEY_SIZE] for k in keys}


def chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def candidates(conn: sa.Connection, keys_of: dict[str, set[str]], max_block: int = MAX_BLOCK,
               sizes: dict[str, int] | None = None) -> dict[str, set[str]]:
    """For each entity id in `keys_of` (id -> its keys), the other entity ids filed under one of
    its keys, frequent keys left out. `sizes` (key -> entities filed under it) is read and
    filled: one call after another over a store that does not change counts each key once."""
    from rapsheet.store import schema as t

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
    from rapsheet.store import schema as t

    k = t.entity_keys
    members: dict[str, list[str]] = defaultdict(list)
    for part in chunks(keys):
        for key, entity_id in conn.execute(sa.select(k.c.key, k.c.entity_id).where(k.c.key.in_(part))):
            members[key].append(entity_id)
    return dict(members)
