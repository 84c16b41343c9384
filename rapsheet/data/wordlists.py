"""The closed-class words several components share (rapsheet/data/words.yaml), typed.

`words().pronouns.forms("subject")` gives {"i", "we", "you", "he", "she", "it", "they"};
`forms("object", "possessive", persons=THIRD)` the third person's object and possessive forms.
`words().numbers` maps the cardinal number words, one to a hundred, to their values;
`words().speech_verbs` are the verbs of saying every reader of speech shares.
`words().legal_forms` are companies' legal forms ("LLC", "S.A."), each reader's test derived from
them: `pattern()` a regex, `token_words()` the forms as one token reads, `name_words()` the words
they leave in a name key; `without=` names the forms (or written forms) a reader leaves out.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapsheet.data.loading import VALIDATORS, load
from rapsheet.errors import DataError
from rapsheet.text import name_tokens

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
class LegalForms:
    """Companies' legal forms: a form ("llc") -> its written forms ("LLC", "L.L.C.")."""
    written: dict[str, tuple[str, ...]]

    def spellings(self, without: Iterable[str] = ()) -> tuple[str, ...]:
        """Every written form, longest first, less the forms or written forms in `without`."""
        without = set(without)
        every = {s for forms in self.written.values() for s in forms}
        unknown = without - set(self.written) - every
        if unknown:
            raise DataError(f"words.yaml: legal_forms: no form {', '.join(sorted(unknown))}")
        kept = {s for form, forms in self.written.items() if form not in without
                for s in forms if s not in without}
        return tuple(sorted(kept, key=lambda s: (-len(s), s)))

    def pattern(self, without: Iterable[str] = ()) -> str:
        """A regex (source, case-sensitive) for one written form, the stop at its end optional
        ("Inc", "Inc.", "N.A")."""
        return "(?:" + "|".join(re.escape(s.rstrip(".")) + r"\.?" for s in self.spellings(without)) + ")"

    def token_words(self, without: Iterable[str] = ()) -> frozenset[str]:
        """The forms as one token reads them: lower case, the stops at its ends stripped ("s.a")."""
        return frozenset(s.lower().strip(".") for s in self.spellings(without))

    def name_words(self, without: Iterable[str] = ()) -> frozenset[str]:
        """The words the forms leave at the end of a name key (rapsheet.text.name_tokens): "l",
        "l", "c" for "L.L.C.", and a one-word form's letters run together ("llc", "na"), as they are
        also written."""
        out: set[str] = set()
        for s in self.spellings(without):
            parts = name_tokens(s)
            out.update(parts)
            if " " not in s:
                out.add("".join(parts))
        return frozenset(out)


@dataclass(frozen=True, slots=True)
class Words:
    pronouns: Pronouns
    numbers: dict[str, int]
    speech_verbs: frozenset[str]
    legal_forms: LegalForms


def validate_words(content: Any, filename: str = "words.yaml") -> None:
    """pronouns: a row of five forms for each person; relative and group pronouns, speech verbs:
    word lists;
    numbers: word -> a positive whole number; legal_forms: form -> its written forms, each
    written form under one form only."""
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
    forms = content.get("legal_forms")
    if not isinstance(forms, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and v and all(isinstance(s, str) and s.strip() for s in v)
            for k, v in forms.items()):
        raise DataError(f"{filename}: legal_forms: expected form: a list of its written forms")
    written = [s for v in forms.values() for s in v]
    twice = sorted({s for s in written if written.count(s) > 1})
    if twice:
        raise DataError(f"{filename}: legal_forms: written under two forms: {', '.join(twice)}")


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
        legal_forms=LegalForms({k: tuple(v) for k, v in raw["legal_forms"].items()}),
    )
