"""Dates and sources as people read them: no TimeML code, hash or file path reaches a page.

A table of TimeML values and the words shown for them, then a crawl of every page of a store
built from the sample corpus and the seed article through the real pipeline."""
from __future__ import annotations

from collections import defaultdict

import pytest
from fastapi.testclient import TestClient

from rapsheet.settings import Settings
from rapsheet.web.dates import excerpt, input_name, readable_date, source_line
from tests.conftest import ROOT, SEED
from tests.web.crawl import crawl, problems

SAMPLE = ROOT / "rapsheet" / "data" / "sample"


@pytest.mark.parametrize("value, published, text, shown", [
    ("2025-03-31", None, None, "31 March 2025"),
    ("2025-03", None, None, "March 2025"),
    ("2025", None, None, "2025"),
    ("XXXX-03-31", None, "March 31", "31 March (year not stated)"),
    ("XXXX-03", None, None, "March (year not stated)"),
    ("XXXX-WXX-4", "2025-04-23", "Thursday", "a Thursday (date not stated)"),
    ("2025-03-31TMO", None, None, "31 March 2025, morning"),
    ("2025-Q1", None, None, "first quarter of 2025"),
    ("2025-W14", None, None, "the week of 31 March 2025"),
    ("PAST_REF", "2025-04-23", "a year ago", "about a year before 23 April 2025"),
    ("PAST_REF", "2025-04-23", "three months earlier", "about 3 months before 23 April 2025"),
    ("PAST_REF", "2025-04-23", "recently", "some time before 23 April 2025"),
    ("PAST_REF", None, "formerly", "in the past (date not stated)"),
    ("PRESENT_REF", "2025-04-23", "now", "around 23 April 2025"),
    ("FUTURE_REF", "2025-04-23", "soon", "some time after 23 April 2025"),
    ("P5Y", None, None, "5 years"),
    (None, None, None, "date not stated"),
    ("XXXX", None, None, "date not stated"),
    ("XXXX-XX-XX", None, None, "date not stated"),
    ("garbage", None, None, "date not stated"),
])
def test_timeml_values_read_as_words(value, published, text, shown):
    assert readable_date(value, published, text) == shown


def test_a_source_is_its_title_outlet_and_date_never_a_path():
    article = {"id": "ab0df250ab0df250", "source": "/srv/feeds/x.html", "title": "Nine Charged",
               "url": "https://www.justice.gov/usao-sdca/pr/nine", "published": "2025-03-12"}
    assert source_line(article) == "“Nine Charged”, justice.gov, 12 March 2025"
    assert source_line({"id": "x", "source": "/srv/a.txt", "headline": "Man charged"}) == \
        "“Man charged”, date not stated"
    assert input_name("/srv/feeds/bad.warc.gz") == "bad.warc.gz"
    assert input_name("https://example.org/a/b") == "https://example.org/a/b"


@pytest.fixture(scope="module")
def sample_client(tmp_path_factory, pipeline):
    from rapsheet.api import create_app
    from rapsheet.jobs import ingest
    from rapsheet.store import open_store
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('readable') / 'rapsheet.db'}")
    summary = ingest([str(SAMPLE), str(SEED)], store=store)
    assert summary.new >= 7
    with TestClient(create_app(Settings(db=str(store.engine.url)), store=store)) as client:
        yield client


def test_two_facts_read_near_the_start_of_one_sentence_have_links_that_read_differently():
    sentence = "Dorn, 47, was indicted in Cardiff in May on charges that he moved stolen cars through two yards."
    whole, age, step = (excerpt(sentence, 90, words) for words in (sentence, "47", "indicted"))
    assert len({whole, age, step}) == 3
    assert whole.startswith("“Dorn, 47,") and age.startswith("“… 47,") and step.startswith("“… indicted")
    assert excerpt(sentence, 90, "Dorn") == whole   # nothing cut before the fact's words: nothing to tell


def test_no_page_shows_a_machine_code_hash_or_path(sample_client):
    pages, found, evidence_words = 0, [], []
    for path, page in crawl(sample_client):
        pages += 1
        found += [f"{path}: {p}" for p in problems(page.texts)]
        evidence_words += [(path, text) for href, text in page.links if text.lower() in ("evidence", "source", "")]
    assert pages > 20, "the crawl found too few pages"
    assert found == []
    assert evidence_words == [], "links must say what they lead to"


def test_evidence_links_on_a_case_file_are_told_apart(sample_client):
    found = sample_client.get("/entities", params={"q": "Villasenor Ruiz"}).json()["results"][0]
    page = next(p for path, p in crawl(sample_client, f"/ui/entities/{found['id']}", limit=1))
    targets = defaultdict(set)
    for href, text in page.links:
        if "#ev-" in href:
            targets[text].add(href)
    assert len(targets) >= 5
    # One text, one place: a reader can tell every evidence link from the others.
    assert all(len(hrefs) == 1 for hrefs in targets.values()), {t: h for t, h in targets.items() if len(h) > 1}
    text = " ".join(page.texts)
    assert "“Nine Charged in Scheme to Launder $48 Million in Drug Proceeds for Mexican Cartel”, 12 March 2025" in text
    assert "home.treasury.gov, 10 April 2025" in text
