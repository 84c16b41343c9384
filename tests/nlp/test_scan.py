"""FastScan gives exactly a pattern's finditer matches (rapsheet.nlp.scan)."""
import re

import pytest

from rapsheet.nlp.scan import FastScan, match_needs, prefix_filter
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
    r"(?i:seven)\s+days",           # needs "seven", which the long s of "\u017feven" folds to
    r"(?i:kilometers?|km)",         # needs "kilometer" or "km": the Kelvin sign's "\u212aM" is one
    r"\d+\s+(?:days|weeks)\s+ago",   # needs "ago"
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


def test_needs_every_match_holds_one():
    assert match_needs(re.compile(r"(?i:(?:the\s+)?\d+(?:st|th)\s+century)")) == ((), ("century",))
    assert match_needs(re.compile(r"(?:Mr|Ms)\.\s+[A-Z]\w+")) is None            # too short to rule out much
    assert match_needs(re.compile(r"(?:about\s+)?\d+\s+(?:days|weeks)")) == (("days", "weeks"), ())
    assert match_needs(re.compile(r"(?:days)?\d+")) is None                       # an optional word is no need
    assert match_needs(re.compile(r"\d+(?=\s+days)")) is None                    # a look-ahead is outside the match
    scan = FastScan(re.compile(r"(?i:\d+\s+kilograms?)"))
    assert not scan.may_match("five pounds of it") and scan.may_match("3 KILOGRAMS")
    assert scan.may_match("3 \u212aILOGRAMS") and [m.group() for m in scan.finditer("3 \u212aILOGRAMS")] == ["3 \u212aILOGRAMS"]


def test_end_search_finds_what_its_pattern_finds():
    """Every window of real articles' text, and hostile endings, read alike with and without the
    look at the last characters."""
    from pathlib import Path

    from rapsheet.nlp.attributes import _kind_patterns
    from rapsheet.nlp.ner_repair import AGE_BEFORE, CASE_CAPTION_BEFORE, HONORIFIC_BEFORE, person_cues
    from rapsheet.nlp.scan import EndSearch

    searches = [AGE_BEFORE, CASE_CAPTION_BEFORE, HONORIFIC_BEFORE, *person_cues(), _kind_patterns()[0]]
    texts = [p.read_text() for p in sorted(Path(__file__).parents[1].joinpath("fixtures", "articles").glob("*.txt"))]
    texts.append("Media Contact:\u2003 \nBY\n People v. \nthe victim , \nMr.\u00a0\nCONTA\u212aT: \nvia \u017fome gang \n")
    windows = 0
    for text in texts:
        for at in range(1, len(text) + 1, 3):
            before = text[max(0, at - 60):at]
            for search in searches:
                found, plain = search.search(before), search.pattern.search(before)
                assert (found and found.span()) == (plain and plain.span()), (search.pattern.pattern[:40], before)
            windows += 1
    assert windows > 1000
    with pytest.raises(ValueError):
        EndSearch(re.compile(r"x\s+$"), ["x "], needs_space=True)
