"""The word lists of rapsheet/data/timex.yaml, validated once, and the lookups built on them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapsheet.data import load, wordlists
from rapsheet.errors import DataError


_REQUIRED = ("months", "weekdays", "numbers", "units", "references", "frequencies", "holidays",
             "not_year_before", "future_cues", "ordinals", "seasons", "parts_of_day")


# --------------------------------------------------------------------------------------------
# Lexicon: the YAML word lists, validated once, and the regular expressions built from them.

def alternation(words, escape=True) -> str:
    """An alternation, longest first so that "September" wins over "Sep"."""
    items = sorted({w for w in words}, key=len, reverse=True)
    return "|".join((re.escape(w) if escape else w).replace(r"\ ", r"\s+") for w in items)


@dataclass(slots=True)
class Lexicon:
    months: dict[str, int]
    months_full: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, Any]
    units: dict[str, tuple[str, int]]
    unit_plurals: dict[str, str]
    ordinals: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    references: dict[str, str]
    frequencies: dict[str, str]
    holidays: dict[str, Any]
    not_year_before: frozenset[str]
    may_month_before: frozenset[str]
    future_cues: re.Pattern
    decade_words: dict[str, int]
    approximators: str
    point_modifiers: str


@cache
def lexicon() -> Lexicon:
    raw = load("timex")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise DataError(f"timex.yaml: missing keys {missing}")
    months, months_full = {}, {}
    for num, names in raw["months"].items():
        if not 1 <= int(num) <= 12:
            raise DataError(f"timex.yaml: month number {num}")
        months_full[names[0]] = int(num)
        for name in names:
            months[name.rstrip(".")] = int(num)
    weekdays = {}
    for num, names in raw["weekdays"].items():
        for name in names:
            weekdays[name.rstrip(".")] = int(num)
    units = {}
    for name, (letter, mult) in raw["units"].items():
        if letter not in "SMHDWQY":
            raise DataError(f"timex.yaml: unit {name} has designator {letter}")
        units[name] = (letter, int(mult))
    refs = {}
    for value, words in raw["references"].items():
        if value not in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
            raise DataError(f"timex.yaml: reference value {value}")
        refs.update({w.lower(): value for w in words})
    return Lexicon(
        months=months, months_full=months_full, weekdays=weekdays,
        numbers={**wordlists.words().numbers, **{str(k).lower(): v for k, v in raw["numbers"].items()}},
        units=units, unit_plurals=dict(raw.get("unit_plurals") or {}),
        ordinals={str(k).lower(): int(v) for k, v in raw["ordinals"].items()},
        seasons=dict(raw["seasons"]), parts_of_day=dict(raw["parts_of_day"]),
        references=refs, frequencies=dict(raw["frequencies"]), holidays=dict(raw["holidays"]),
        not_year_before=frozenset(w.lower() for w in raw["not_year_before"]),
        may_month_before=frozenset(w.lower() for w in raw.get("may_month_before") or []),
        decade_words={k.lower(): int(v) for k, v in (raw.get("decade_words") or {}).items()},
        future_cues=re.compile(r"(?<![\w'])(?:" + alternation(raw["future_cues"]) + r")(?![\w])", re.I),
        approximators=alternation(raw.get("approximators") or []),
        point_modifiers=alternation(raw.get("point_modifiers") or []),
    )


def number_value(word: str) -> Any:
    lex = lexicon()
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in lex.numbers:
        return lex.numbers[w]
    if re.fullmatch(r"\d+\s+1/2", w):
        return int(w.split()[0]) + 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w) if "." in w else int(w)
    parts = re.split(r"[\s-]+", w)
    if len(parts) == 2 and parts[0] in lex.numbers and parts[1] in lex.numbers:
        a, b = lex.numbers[parts[0]], lex.numbers[parts[1]]
        if isinstance(a, int) and isinstance(b, int):
            return a * b if b == 100 else a + b
    return None


def unit_name(word: str) -> str | None:
    lex = lexicon()
    w = word.lower()
    if w in lex.unit_plurals:
        return lex.unit_plurals[w]
    if w in lex.units:
        return w
    if w.endswith("s") and w[:-1] in lex.units:
        return w[:-1]
    return None

def month_number(word: str) -> int:
    lex = lexicon()
    w = word.rstrip(".")
    return lex.months.get(w) or lex.months.get(w.capitalize()) or 0


def weekday_number(word: str) -> int:
    lex = lexicon()
    w = word.rstrip(".")
    return lex.weekdays.get(w) or lex.weekdays.get(w.capitalize()) or 0

def ordinal_number(word: str) -> int:
    w = word.lower()
    if w[0].isdigit():
        return int(w[0])
    return lexicon().ordinals.get(w, 0)
