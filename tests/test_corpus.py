"""The test corpus loads, and its expectations point at text that is really in each article."""
from __future__ import annotations

import re

import pytest

from tests.corpus import CorpusError, load_cases, validate

CASES = load_cases()


def test_corpus_is_large_and_varied():
    assert len(CASES) >= 48
    assert sum(c.is_html for c in CASES) >= 2
    categories = {cat for c in CASES for a in c.expect["accused"] for cat in a["categories"]}
    assert len(categories) >= 18
    assert any(not c.expect["accused"] for c in CASES), "a story with no accused at all"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.stem)
def test_expectations_occur_in_article(case):
    text = case.visible_text
    for quote in case.expect["quotes"]:
        assert quote["starts"] in text, f"quote start {quote['starts']!r}"
    for time in case.expect["times"]:
        assert time["text"] in text, f"time {time['text']!r}"
    for qty in case.expect["quantities"]:
        assert qty["text"] in text, f"quantity {qty['text']!r}"
    for row in case.expect["accused"] + case.expect["not_accused"]:
        assert row["name"] in text, f"name {row['name']!r}"
        for alias in row.get("aliases", []):
            assert alias in text, f"alias {alias!r}"
    speakers = set(case.accused_names) | set(case.not_accused_names)
    for quote in case.expect["quotes"]:
        assert quote["speaker"] is None or quote["speaker"] in speakers, quote


@pytest.mark.parametrize("case", [c for c in CASES if c.is_html], ids=lambda c: c.stem)
def test_html_pages_carry_their_publication_date(case):
    found = re.search(r'<meta property="article:published_time" content="(\d{4}-\d{2}-\d{2})',
                      case.text)
    assert found and found.group(1) == case.published.isoformat()


def test_validation_names_the_bad_field():
    bad = {"published": "2025-01-02", "kind": "indictment", "not_accused": [],
           "accused": [{"name": "A B", "type": "person", "stage": "indicted",
                        "categories": ["fraud"]}]}
    with pytest.raises(CorpusError, match=r"x\.yaml: accused\[0\]\.stage: 'indicted'"):
        validate("x", bad)
    bad["accused"][0].update(stage="charged", categories=["drugs"])
    with pytest.raises(CorpusError, match="categories: 'drugs'"):
        validate("x", bad)
    bad["accused"][0]["categories"] = ["narcotics"]
    bad["events"] = [{"type": "indictment", "modality": "asserted"}]
    with pytest.raises(CorpusError, match="events\\[0\\].type"):
        validate("x", bad)
