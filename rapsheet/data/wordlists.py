"""The closed-class words several components share (rapsheet/data/words.yaml), typed.

`words().pronouns.forms("subject")` gives {"i", "we", "you", "he", "she", "it", "they"};
`forms("object", "possessive", persons=THIRD)` the third person's object and possessive forms.
`words().numbers` maps the cardinal number words, one to a hundred, to their values;
`words().speech_verbs` are the verbs of saying every reader of speech shares.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapsheet.data.loading import VALIDATORS, load
from rapsheet.errors import DataError

CASES = ("subject", "object", "possessive", "reflexive", "standalone")
SPEAKERS = ("first_singular", "first_plural", "second")
THIRD = ("masculine", "feminine", "neuter", "plural")
PERSONS = SPEAKERS + THIRD


@dataclass(frozen=True, slots=True)
class Pronouns:
    persons: dict[str, tuple[str, ...]]   # person -> its forms, in the order of CASES
    relative: frozenset[str]
    group: frozenset[str]

    def forms(self, *cases: str, persons: Iterable[str] = PERSONS) -> frozenset[str]:
        """The pronouns in `cases` (all five when none is named) of `persons`."""
        columns = [CASES.index(c) for c in cases or CASES]
        return frozenset(self.persons[p][i] for p in persons for i in columns)


@dataclass(frozen=True, slots=True)
class Words:
    pronouns: Pronouns
    numbers: dict[str, int]
    speech_verbs: frozenset[str]


def validate_words(content: Any, filename: str = "words.yaml") -> None:
    """pronouns: a row of five forms for each person; relative and group pronouns, speech verbs:
    word lists;
    numbers: word -> a positive whole number."""
    if not isinstance(content, dict):
        raise DataError(f"{filename}: expected a mapping")
    rows = content.get("pronouns")
    if not isinstance(rows, dict) or set(rows) != set(PERSONS):
        raise DataError(f"{filename}: pronouns: expected one row for each of {', '.join(PERSONS)}")
    for person, forms in rows.items():
        if not isinstance(forms, list) or len(forms) != len(CASES) \
                or not all(isinstance(f, str) and f for f in forms):
            raise DataError(f"{filename}: pronouns.{person}: expected {len(CASES)} words "
                            f"({', '.join(CASES)})")
    for key in ("relative_pronouns", "group_pronouns", "speech_verbs"):
        value = content.get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise DataError(f"{filename}: {key}: expected a list of words")
    numbers = content.get("numbers")
    if not isinstance(numbers, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v > 0
            for k, v in numbers.items()):
        raise DataError(f"{filename}: numbers: expected word: a positive whole number")


VALIDATORS["words"] = validate_words


@cache
def words() -> Words:
    """rapsheet/data/words.yaml, validated and typed, read once."""
    raw = load("words")
    return Words(
        pronouns=Pronouns(persons={p: tuple(f.lower() for f in raw["pronouns"][p]) for p in PERSONS},
                          relative=frozenset(w.lower() for w in raw["relative_pronouns"]),
                          group=frozenset(w.lower() for w in raw["group_pronouns"])),
        numbers={k.lower(): int(v) for k, v in raw["numbers"].items()},
        speech_verbs=frozenset(w.lower() for w in raw["speech_verbs"]),
    )
