"""The stages of an allegation, in one order: which proceeding each belongs to, which clear a
person, and which of two reported steps is the later (rapsheet/data/stages.yaml).

Every part of rapsheet that compares stages asks here: the reading (nlp/risk.py, nlp/charges.py),
the store's case file, the screening index and monitoring. `rank(stage)` orders them (-1 for none
or an unknown word), `later(new, old)` and `latest(items)` pick the step that wins,
`proceeding_of(stage)` and `status_of(stage)` derive what the contract asks beside a stage, and
`phrase(stage, offense)` is how an allegation reads for people: "acquitted of murder (2023)",
"settled civil fraud allegations", never a bare offence for a cleared allegation.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from rapsheet import data

T = TypeVar("T")

ACTIVE, CLEARED = "active", "cleared"
STATUSES = (ACTIVE, CLEARED)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    rank: int
    proceedings: tuple[str, ...]   # the first is assumed when nothing says which
    clears: tuple[str, ...]        # the steps it ends; empty for an adverse step
    phrase: str

    @property
    def proceeding(self) -> str:
        return self.proceedings[0]

    @property
    def is_clearing(self) -> bool:
        return bool(self.clears)

    @property
    def status(self) -> str:
        return CLEARED if self.clears else ACTIVE


@dataclass(frozen=True, slots=True)
class Order:
    proceedings: tuple[str, ...]
    stages: dict[str, Stage]
    proceeding_words: dict[str, str]


@functools.cache
def order() -> Order:
    content = data.load("stages")
    stages = {row["stage"]: Stage(row["stage"], n, tuple(row["proceedings"]),
                                  tuple(row.get("clears") or ()), row["phrase"])
              for n, row in enumerate(content["stages"])}
    return Order(tuple(content["proceedings"]), stages, dict(content.get("proceeding_words") or {}))


def names() -> tuple[str, ...]:
    """Every stage, in rank order."""
    return tuple(order().stages)


def proceedings() -> tuple[str, ...]:
    return order().proceedings


def get(stage: str | None) -> Stage | None:
    return order().stages.get(stage) if stage else None


def rank(stage: str | None) -> int:
    """Its place in the one order; -1 for no stage or a word that is not one."""
    found = get(stage)
    return found.rank if found else -1


def later(new: str | None, old: str | None) -> bool:
    """True when `new` is a later step than `old`: it wins."""
    return rank(new) > rank(old)


def supersedes(new: str | None, old: str | None) -> bool:
    """Within one text: a step that clears ends an adverse one whatever their ranks ("convicted
    ... the conviction was overturned"; "acquitted of the murder charge"); otherwise the later
    step wins."""
    if is_clearing(new):
        return not is_clearing(old)
    if is_clearing(old):
        return False
    return later(new, old)


def _stage_field(item: Any) -> str | None:
    return item["stage"]


def latest(items: Iterable[T], stage: Callable[[T], str | None] = _stage_field,
           date: Callable[[T], str | None] | None = None) -> T | None:
    """The item whose stage wins; among equal stages the latest date, then the first given."""
    best, best_key = None, None
    for item in items:
        key = (rank(stage(item)), (date(item) or "") if date else "")
        if best_key is None or key > best_key:
            best, best_key = item, key
    return best


def listing_key(entry: dict) -> tuple:
    """How a list of allegations is shown: the standing ones first, the latest step first, then
    by category."""
    return (is_clearing(entry.get("stage")), -rank(entry.get("stage")), entry.get("category") or "")


def is_clearing(stage: str | None) -> bool:
    found = get(stage)
    return bool(found and found.is_clearing)


def status_of(stage: str | None) -> str | None:
    """`cleared` after a step that clears (acquitted, dismissed, overturned, pardoned, cleared,
    delisted), `active` after any other; None without a stage."""
    found = get(stage)
    return found.status if found else None


def stages_of(proceeding: str) -> tuple[str, ...]:
    return tuple(s.name for s in order().stages.values() if proceeding in s.proceedings)


def proceeding_of(stage: str | None, given: str | None = None) -> str | None:
    """The proceeding an allegation at this stage is in: `given` when the stage belongs to it
    (a settlement the text calls regulatory), else the stage's own first proceeding."""
    found = get(stage)
    if found is None:
        return given
    return given if given in found.proceedings else found.proceeding


def phrase(stage: str | None, offense: str, date: str | None = None,
           proceeding: str | None = None) -> str:
    """How the allegation reads: "charged with wire fraud", "acquitted of murder (2023)",
    "settled civil fraud allegations". `offense` is the offence's words or its category;
    `date` a TimeML value whose year is shown."""
    what = offense.replace("_", " ").strip()
    found = get(stage)
    if found is None:
        text = f"alleged {what}"
    else:
        words = order().proceeding_words.get(proceeding_of(stage, proceeding) or "", "")
        text = found.phrase.format(offense=what, proceeding=words)
    year = (date or "")[:4]
    return f"{text} ({year})" if year.isdigit() else text


def describe(entry: Any) -> str:
    """The phrase of a risk or charge given as a record or its JSON: offence (else category),
    stage, date and proceeding read from it."""
    def field(name: str) -> Any:
        return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)
    return phrase(field("stage"), field("offense") or field("category") or "an allegation",
                  field("date"), field("proceeding"))


__all__ = ["ACTIVE", "CLEARED", "STATUSES", "Stage", "order", "names", "proceedings", "get", "rank",
           "later", "supersedes", "latest", "listing_key", "is_clearing", "status_of", "stages_of",
           "proceeding_of", "phrase", "describe"]
