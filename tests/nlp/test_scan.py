"""FastScan gives exactly a pattern's finditer matches (rapsheet.nlp.scan)."""
import re

import pytest

from rapsheet.nlp.scan import FastScan, prefix_filter
from rapsheet.nlp.quantities import lexicon as quantity_lexicon
from rapsheet.nlp.timex.rules import rules

TEXTS = [
    "About 3 days ago, the 2nd quarter of 2019; nearly two years later, on Monday 10 p.m.",
    "He was sentenced to 25 years in prison and ordered to pay $1.2 million; 4 kilograms of cocaine.",
    "KELVIN \u212a and long s \u017f: 12 \u212aM, \u017feven days, A5 days, x10 pm; the 1990s, mid-March 2020.",
    "",
    "   ",
    "Seven hundred rounds of ammunition were seized last week, twenty-one firearms and 3 kg of heroin.",
]

PATTERNS = [
    r"(?i:(?:about|nearly)\s+)?\d+\s+days",
    r"(?i:k)m",                     # the Kelvin sign folds to k
    r"(?i:s)even",                  # the long s folds to s
    r"(?<![\d])(?:\d\d)?\d\d(?!\d)",
    r"(?:x)?",                      # may match nothing: scanned as it is
    r".ays",                        # starts with any character: scanned as it is
    r"(a)\1",                       # a back reference
]


def _all(matches):
    return [(m.span(), m.groups(), m.groupdict()) for m in matches]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_same_matches_as_finditer(pattern):
    rx = re.compile(pattern)
    scan = FastScan(rx)
    for text in TEXTS:
        assert _all(scan.finditer(text)) == _all(rx.finditer(text))


def test_rule_tables_match_finditer():
    lex = quantity_lexicon()
    patterns = [rx for _, rx, _ in rules()] + [lex.measured, lex.money_symbol, lex.money_word, lex.counted]
    for rx in patterns:
        scan = FastScan(rx)
        for text in TEXTS:
            assert _all(scan.finditer(text)) == _all(rx.finditer(text)), rx.pattern[:60]


def test_filters_only_where_it_can():
    assert prefix_filter(re.compile(r"(?:x)?")) is None
    assert prefix_filter(re.compile(r".ays")) is None
    first, starts = prefix_filter(re.compile(r"(?i:ab)c"))
    assert re.fullmatch(first, "a") and re.fullmatch(first, "A") and not re.fullmatch(first, "b")
    assert re.fullmatch(first, "\u212a")   # the Kelvin sign: case-insensitive "k"'s kin, any non-ASCII
    assert "[" in starts


def test_class_with_all_non_ascii_is_the_same_set():
    # written as the ASCII characters it leaves out ("[^...]"), which compiles fast; same set
    from rapsheet.nlp.scan import _NON_ASCII, _class

    for fragments in ([frozenset({"a", "A", _NON_ASCII})], [frozenset({r"\d", "x", _NON_ASCII}), frozenset({"-"})]):
        written = re.compile(_class(fragments))
        plain = re.compile("[" + "".join(sorted(set().union(*fragments))) + "]")
        assert written.pattern.startswith("[^")
        for code in [*range(0x3000), 0x212A, 0xFFFF, 0x1F600, 0x10FFFF]:
            assert bool(written.fullmatch(chr(code))) == bool(plain.fullmatch(chr(code))), hex(code)
