"""Blocking for entity resolution: which stored entities a new one is compared with at all.

Takes entity names (with their type); gives blocking keys, and over the store's `entity_keys`
table the candidate pairs that share a key. Keys are those of screening
(`rapsheet.resolve.names.name_keys`: tokens, metaphone keys, the order-free whole name) plus, for
names of two words or more, every pair of their tokens ("p:flores martinez"), so that "Martinez
Flores" still finds "Jose Enrique Martinez Flores" when "flores" alone is too common to read.

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
#: Pair keys are made for names of at most this many tokens (10 pairs).
MAX_PAIR_TOKENS = 5
KEY_SIZE = 128
_CHUNK = 500


def entity_keys(names: Iterable[str], type_: str | None) -> set[str]:
    """Blocking keys of an entity known by `names`."""
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
    return {k[:KEY_SIZE] for k in keys}


def chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def candidates(conn: sa.Connection, keys_of: dict[str, set[str]],
               max_block: int = MAX_BLOCK) -> dict[str, set[str]]:
    """For each entity id in `keys_of` (id -> its keys), the other entity ids filed under one of
    its keys, frequent keys left out."""
    from rapsheet.store import schema as t

    k = t.entity_keys
    wanted = sorted({key for keys in keys_of.values() for key in keys})
    sizes: dict[str, int] = {}
    for part in chunks(wanted):
        sizes.update(conn.execute(sa.select(k.c.key, sa.func.count()).where(k.c.key.in_(part))
                                  .group_by(k.c.key)).all())
    readable = [key for key in wanted if 0 < sizes.get(key, 0) <= max_block]
    members: dict[str, list[str]] = defaultdict(list)
    for part in chunks(readable):
        for key, entity_id in conn.execute(sa.select(k.c.key, k.c.entity_id).where(k.c.key.in_(part))):
            members[key].append(entity_id)
    found: dict[str, set[str]] = {}
    for entity_id, keys in keys_of.items():
        others: set[str] = set()
        for key in sorted((k for k in keys if k in members), key=lambda k: (sizes[k], k)):
            if others and len(others) + sizes[key] > MAX_CANDIDATES + 1:
                break
            others.update(members[key])
            others.discard(entity_id)
        found[entity_id] = others
    return found
