"""Realistic news pages: the report's body comes out whole, the page around it does not, and the
title, author, publication date, site name and address are right."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rapsheet.ingest import read_html, read_inputs

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"

CASES = {
    "gulf-coast-courier-fentanyl-arrest.html": dict(
        title="Houston Man Charged After Police Seize 5 Kilograms of Fentanyl",
        author="Maria Gonzalez", published=dt.date(2025, 3, 14), sitename="Gulf Coast Courier",
        url="https://gulfcoastcourier.example.com/2025/03/14/houston-man-charged-fentanyl-seizure/",
        first="A 37-year-old Houston man was charged Thursday with possession with intent",
        body=["hidden in the spare tire of his pickup truck",
              "He is being held without bond pending a detention hearing scheduled for March 20.",
              "“Five kilograms of fentanyl is enough to kill more than a million people,” said Special Agent",
              "Prior conviction",
              "The case is being prosecuted by the U.S. Attorney’s Office for the Southern District of Texas."],
        absent=["Skip to content", "Contact Us", "Share this", "Click to share", "Advertisement",
                "Pasadena smuggling ring", "Related Posts", "Lock him up", "K9 unit", "Leave a Reply",
                "Your email address", "Save my name", "Recent Posts", "Astros", "Subscribe",
                "We use cookies", "All rights reserved", "Tagged"]),
    "metro-wire-money-laundering-sentence.html": dict(
        title="Former bank manager sentenced to 8 years for laundering cartel cash",
        author="James O'Connell", published=dt.date(2024, 11, 5), sitename="Metro Wire",
        url="https://www.metrowire.example.org/crime/former-bank-manager-sentenced-laundering",
        first="NEWARK, N.J. — A former branch manager of a regional bank was sentenced",
        body=["Helena Morris, 52, of Elizabeth, pleaded guilty in June",
              "The money was then wired to accounts in Mexico and Hong Kong.",
              "U.S. District Judge Evelyn Park also ordered Morris to forfeit $420,000",
              "are awaiting trial, which is scheduled to begin in February."],
        absent=["Sign in", "Opinion", "Weather", "Advertisement", "newsletter", "Unsubscribe",
                "Facebook", "More from Crime", "Ponzi scheme", "Terms of Use", "cookies"]),
    "justice-gov-extortion-indictment.html": dict(
        title="Five Alleged Gang Members Indicted for Extortion of Queens Businesses",
        author=None, published=dt.date(2025, 6, 10), sitename="United States Department of Justice",
        url="https://www.justice.gov/usao-edny/pr/five-alleged-gang-members-indicted-extortion-queens-businesses",
        first="An indictment was unsealed today in federal court in Brooklyn",
        body=["demanded weekly “protection” payments from bodegas, barbershops and auto repair shops",
              "stated United States Attorney Joseph Nocella, Jr.",
              "The defendants are Andre Whitfield, also known as “Dre Money,” 29; Kevin Osei, 24;",
              "the defendants are presumed innocent unless and until proven guilty."],
        absent=["official website of the United States government", "Here’s how you know",
                "Employment", "Accessibility", "FOIA", "Justice.gov is the official website"]),
    "kvtn-news-kidnapping-arrest.html": dict(
        title="Deputies arrest 2 in kidnapping of Fresno teen held for ransom",
        author="Priya Natarajan", published=dt.date(2025, 8, 19), sitename="KVTN News 24", url=None,
        first="FRESNO, Calif. (KVTN) — Two men were arrested Tuesday in the kidnapping of a 16-year-old",
        body=["Deputies identified the suspects as Jorge Salinas, 33, and Brandon Tate, 27, both of Clovis.",
              "“This family lived every parent’s nightmare,” Zanoni said at a news conference.",
              "Anyone with information is asked to call the sheriff’s office tip line at 559-600-8029."],
        absent=["LIVE:", "Traffic", "RELATED", "Amber Alert", "ADVERTISEMENT", "Tags:", "Trending",
                "Heat wave", "EEO Report", "cookies", "Copyright"]),
}


@pytest.fixture(scope="module")
def articles():
    return {name: read_html((PAGES / name).read_bytes(), name) for name in CASES}


@pytest.mark.parametrize("name", CASES)
def test_body_is_extracted_whole(articles, name):
    article, case = articles[name], CASES[name]
    assert article.text.startswith(case["first"])
    for passage in case["body"]:
        assert passage in article.text, passage


@pytest.mark.parametrize("name", CASES)
def test_page_boilerplate_is_left_out(articles, name):
    article = articles[name]
    for boilerplate in CASES[name]["absent"]:
        assert boilerplate not in article.text, boilerplate
    assert "<" not in article.text


@pytest.mark.parametrize("name", CASES)
def test_metadata(articles, name):
    article, case = articles[name], CASES[name]
    assert article.title == case["title"]
    assert not article.text.startswith(case["title"])       # the body only; the title is apart
    assert article.author == case["author"]
    assert article.published == case["published"]
    assert article.sitename == case["sitename"]
    assert article.url == case["url"]
    assert article.language == "en"


def test_given_url_wins_and_published_is_only_a_fallback():
    html = (PAGES / "kvtn-news-kidnapping-arrest.html").read_bytes()
    article = read_html(html, "kvtn.html", url="https://kvtn24.example.com/news/fresno",
                        published=dt.date(2030, 1, 1))
    assert article.url == "https://kvtn24.example.com/news/fresno"
    assert article.published == dt.date(2025, 8, 19)
    undated = html.replace(b'"datePublished":"2025-08-19T18:45:00-07:00","dateModified":"2025-08-20T07:10:00-07:00",', b"")
    undated = undated.replace(b" | Published August 19, 2025 6:45 PM", b"")
    assert read_html(undated, "kvtn.html", published=dt.date(2025, 12, 31)).published == dt.date(2025, 12, 31)


def test_read_inputs_reads_a_folder_of_pages_in_name_order():
    items = list(read_inputs([str(PAGES)]))
    assert [Path(i.source).name for i in items] == sorted(CASES)
    assert all(i.language == "en" for i in items)


def test_benchmark_switches_keep_a_short_page():
    short = (b"<html><head><title>Brief</title></head><body><article><p>Police arrested a man "
             b"on Sunday after a stabbing outside a bar.</p></article></body></html>")
    from rapsheet.errors import InputError
    with pytest.raises(InputError) as err:
        read_html(short, "brief.html")
    assert err.value.stage == "extract"
    article = read_html(short, "brief.html", min_chars=0, language=None)
    assert article.text == "Police arrested a man on Sunday after a stabbing outside a bar."
