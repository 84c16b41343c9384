"""Blocking for entity resolution: which stored entities a new one is compared with at all.

Takes entity names (with their type); gives blocking keys (`rapsheet.store.resolution.candidates`
reads the pairs that share one from the store's `entity_keys` table). Keys are those of screening
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

from collections.abc import Iterable
from itertools import combinations

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
