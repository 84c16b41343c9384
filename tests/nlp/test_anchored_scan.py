"""AnchoredScan gives exactly a pattern's finditer matches (rapsheet.nlp.anchored_scan)."""
import re
from pathlib import Path

import pytest

from rapsheet.nlp.anchored_scan import AnchoredScan, anchored_scan
from rapsheet.nlp.quantities import lexicon as quantity_lexicon
from rapsheet.nlp.timex.rules import rules, scanners
from tests.nlp.test_scan import TEXTS, _all


#: the texts FastScan's tests read, and texts an anchor's walk back must read right
ANCHOR_TEXTS = TEXTS + [
    "about about nearly 3 days; xabout 3 days, 3 DAYS, three weeks; (3 days) 3-days 3\tdays",
    "3 daysweeks, ab3 days, \u212aout 3 days, about three\u0130 days, three \u0130days and 4 days",
    "days days 3 days",
    "drugs 3g 3 g, 3kg of 4 KG; g 5\u212ag kg",
]


@pytest.mark.parametrize("pattern,anchors", [
    (r"(?i:(?:about|nearly)\s+)*(?:\d+|three)[\s-]+(?P<unit>days|weeks)", ("unit",)),
    (r"(?:about\s+)?(?:\d+|three)\s+(?P<unit>days|weeks)(?![a-z])", ("unit",)),   # case-sensitive
    (r"(?i:(?:every|each)\s+(?P<unit>day|week)|(?:\d+\s+times)\s+a\s+(?P<unit2>day|week))", ("unit", "unit2")),
    (r"(?i:(?<=\bfor\s)|(?:the\s+)?past\s+)(?P<unit>days|weeks)", ("unit",)),
    (r"\d+\s*(?P<unit>(?i:kg|g))(?![a-z])", ("unit",)),      # never right after a letter
    (r"(?:[mk]\s)?(?P<unit>(?i:kg|g))", ("unit",)),            # nothing need come before: "drugs"
])
def test_anchored_scan_same_matches_as_finditer(pattern, anchors):
    rx = re.compile(pattern)
    scan = AnchoredScan(rx, anchors)
    assert scan._anchoring is not None
    for text in ANCHOR_TEXTS:
        assert _all(scan.finditer(text)) == _all(rx.finditer(text)), text


def test_rule_tables_same_matches_as_finditer():
    """The timex rules and the quantities' patterns, as they are scanned, over the fixtures'
    articles and hostile texts."""
    lex = quantity_lexicon()
    scans = [(scan, rx) for (_, scan, _), (_, rx, _) in zip(scanners(), rules())]
    scans += [(anchored_scan(rx, anchors), rx) for rx, anchors in [
        (lex.money_symbol, ("cur",)), (lex.money_word, ("cur",)), (lex.measured, ("unit",)), (lex.counted, ("thing",))]]
    texts = [p.read_text() for p in sorted(Path(__file__).parents[1].joinpath("fixtures", "articles").glob("*.txt"))]
    anchored = 0
    for scan, rx in scans:
        anchored += getattr(scan, "_anchoring", None) is not None
        for text in texts + ANCHOR_TEXTS:
            assert _all(scan.finditer(text)) == _all(rx.finditer(text)), rx.pattern[:60]
    assert anchored >= 10


def test_an_anchor_must_be_in_every_match():
    with pytest.raises(ValueError):
        AnchoredScan(re.compile(r"(?:\d+\s+(?P<unit>days))?x"), ("unit",))
    with pytest.raises(ValueError):
        AnchoredScan(re.compile(r"\d+\s+(?P<unit>days)|never"), ("unit",))
    # letters before the anchor of no fixed list: the rule is scanned whole, still exactly
    scan = AnchoredScan(re.compile(r"[a-z]+\s+(?P<unit>days)"), ("unit",))
    assert scan._anchoring is None
    assert [m.group() for m in scan.finditer("for 3 days, some days")] == ["some days"]
