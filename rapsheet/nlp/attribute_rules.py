"""The model's `attribute_ruler`, matched through an index: the same matches, found by look-ups.

spaCy's AttributeRuler runs its Matcher over every token with every rule. An English pipeline
holds ~180 rules, nearly all of one token (`{"TAG": "NN"}` -> POS NOUN, `{"LOWER": "i", "TAG":
"PRP"}` -> morphology), and matching them costs about as much as the parser: ~12 CPU ms of a
~520-token release. Yet a token's rules depend only on the few attributes the rules test, and a
text repeats the same few thousand combinations of them ("the" DT det). `index_attribute_rules`
gives the ruler a matcher that works out the rules of each combination once, keeps the answer,
and for the rules of several tokens checks the tokens after a first one that fits. Rules it
cannot read the same way as spaCy (quantifiers, attributes beyond `STRING_ATTRS` and the flags)
stay with a spaCy Matcher of their own. The ruler then applies what was found exactly as before
(`AttributeRuler.set_annotations`), in the same order: its own `match` sorts by rule number,
then match id, start and end, and this gives the same list, each match once (as a Matcher does).

Reads: the tokens' attributes the rules name (TAG, LOWER, DEP, ...). Writes: nothing itself.
"""
from __future__ import annotations

import re
from typing import Any

from spacy.attrs import IDS  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

#: Token attributes a one-token rule may test by value and still be indexed: those whose
#: `Doc.to_array` value is the hash of the string a pattern gives (POS is not: its array value
#: is spaCy's number for the part of speech), and the flags, 0 or 1.
STRING_ATTRS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "SHAPE", "PREFIX",
                          "SUFFIX", "ENT_TYPE"})
FLAG_ATTRS = frozenset(name for name in IDS if name.startswith(("IS_", "LIKE_")))


#: Combinations of attribute values remembered; past this the memory starts again.
MAX_REMEMBERED = 200_000

#: One token's tests: (column of the attribute, "in" | "not_in" | "regex", hashes or pattern).
Tests = tuple[tuple[int, str, Any], ...]


class IndexedRuleMatcher:
    """`AttributeRuler.match` for one ruler: the same list of (rule, match id, start, end)."""

    def __init__(self, ruler: AttributeRuler):
        self.strings = ruler.vocab.strings
        self.ids = [self.strings.add(str(rule)) for rule in range(len(ruler.attrs))]
        read = [(rule, ruler.matcher.get(str(rule))[1]) for rule in range(len(ruler.attrs))]
        columns: dict[str, int] = {}     # attribute -> its column, as the compiled rules name them
        self.singles: list[tuple[int, Tests]] = []
        self.sequences: list[tuple[int, tuple[Tests, ...]]] = []
        self.rest = Matcher(ruler.vocab, validate=False)
        for rule, patterns in read:
            compiled = [_compile(pattern, columns, self.strings) for pattern in patterns]
            if any(c is None for c in compiled):
                self.rest.add(self.ids[rule], patterns)
                continue
            for sequence in compiled:
                assert sequence is not None
                if len(sequence) == 1:
                    self.singles.append((rule, sequence[0]))
                else:
                    self.sequences.append((rule, sequence))
        self.array_ids = [IDS[name] for name in sorted(columns, key=columns.__getitem__)]
        # The one-token rules filed by a value one of their "in" tests wants (column -> value ->
        # rules), so that working out a new combination tries only the rules it may match.
        self.filed: dict[int, dict[int, list[tuple[int, Tests]]]] = {}
        self.unfiled: list[tuple[int, Tests]] = []
        for rule, tests in self.singles:
            wanted = [(column, values) for column, kind, values in tests if kind == "in"]
            if not wanted:
                self.unfiled.append((rule, tests))
                continue
            column, values = min(wanted, key=lambda w: len(w[1]))
            for value in values:
                self.filed.setdefault(column, {}).setdefault(value, []).append((rule, tests))
        self.remembered: dict[tuple[int, ...], tuple[list[int], list[tuple[int, tuple[Tests, ...]]]]] = {}

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found: set[tuple[int, int, int, int]] = set()
        if (self.singles or self.sequences) and len(doc):
            array = doc.to_array(self.array_ids).reshape(len(doc), -1)
            rows: list[tuple[int, ...]] = [tuple(row) for row in array.tolist()]  # type: ignore[arg-type]
            for start, row in enumerate(rows):
                known = self.remembered.get(row)
                if known is None:
                    known = self._rules_of(row)
                rules, sequences = known
                found.update((rule, self.ids[rule], start, start + 1) for rule in rules)
                for rule, sequence in sequences:
                    end = start + len(sequence)
                    if end <= len(rows) and all(self._passes(tests, rows[start + k])
                                                for k, tests in enumerate(sequence[1:], 1)):
                        found.add((rule, self.ids[rule], start, end))
        if len(self.rest):
            found.update((int(self.strings[key]), key, start, end)
                         for key, start, end in self.rest(doc, allow_missing=True, as_spans=False))
        return sorted(found)

    def _rules_of(self, row: tuple[int, ...]):
        """The one-token rules a token of these values matches, and the longer rules it may
        start; remembered."""
        if len(self.remembered) >= MAX_REMEMBERED:
            self.remembered.clear()
        tried = [*self.unfiled, *(single for column, table in self.filed.items()
                                  for single in table.get(row[column], ()))]
        known = (sorted({rule for rule, tests in tried if self._passes(tests, row)}),
                 [(rule, sequence) for rule, sequence in self.sequences if self._passes(sequence[0], row)])
        self.remembered[row] = known
        return known

    def _passes(self, tests: Tests, row: tuple[int, ...]) -> bool:
        for column, kind, values in tests:
            value = row[column]
            if kind == "in":
                if value not in values:
                    return False
            elif kind == "not_in":
                if value in values:
                    return False
            elif not values.search(self.strings[value]):
                return False
        return True


def _compile(pattern: list[dict], columns: dict[str, int], strings) -> tuple[Tests, ...] | None:
    """A pattern's tests, token by token, as spaCy's Matcher reads them; None when it holds
    something read otherwise (an operator, a predicate beyond IN, NOT_IN and REGEX, an attribute
    beyond `STRING_ATTRS` and the flags)."""
    sequence = []
    for token in pattern:
        tests: list[tuple[int, str, Any]] = []
        for name, value in token.items():
            name = str(name).upper()
            if name not in STRING_ATTRS | FLAG_ATTRS:
                return None
            column = columns.setdefault(name, len(columns))
            if not isinstance(value, dict):
                value = {"IN": [value]}
            if len(value) != 1:
                return None
            (predicate, operand), = value.items()
            if predicate in ("IN", "NOT_IN") and isinstance(operand, list):
                options = {_hashed(name, option, strings) for option in operand}
                if None in options:
                    return None
                tests.append((column, predicate.lower(), frozenset(options)))
            elif predicate == "REGEX" and name in STRING_ATTRS and isinstance(operand, str):
                tests.append((column, "regex", re.compile(operand)))
            else:
                return None
        sequence.append(tuple(tests))
    return tuple(sequence)


def _hashed(name: str, value: Any, strings) -> int | None:
    """A pattern's value as `Doc.to_array` gives the attribute: a string's hash, a flag's 0 or
    1; None for a value of another kind."""
    if name in STRING_ATTRS:
        return strings.add(value) if isinstance(value, str) else None
    return int(value) if isinstance(value, bool) else None


def index_attribute_rules(nlp: Language, name: str = "attribute_ruler") -> None:
    """Give the pipeline's attribute ruler (if it has one) the indexed matcher. Rules added to
    the ruler afterwards would not be seen: call this once its rules are all in."""
    if name not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe(name)
    if isinstance(ruler, AttributeRuler):
        ruler.match = IndexedRuleMatcher(ruler)  # type: ignore[method-assign]
