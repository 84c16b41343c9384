"""rapsheet_timex: what must and must not come out of real-looking crime reporting."""
from __future__ import annotations

import datetime as dt

import pytest
import spacy

from rapsheet.nlp import timex
from rapsheet.settings import settings
from tests.conftest import SEED

PUBLISHED = dt.date(2025, 4, 23)          # a Wednesday


@pytest.fixture(scope="session")
def nlp():
    return spacy.load(settings().spacy_model)


@pytest.fixture(scope="session")
def annotate(nlp):
    component = nlp.create_pipe("rapsheet_timex")

    def run(text: str, published: dt.date | None = PUBLISHED):
        doc = nlp(text)
        doc._.rs_published = published
        component(doc)
        return doc
    return run


def values(doc) -> dict[str, str]:
    return {t.text: t.value for t in doc._.rs_times}


def test_seed_article_dates(annotate):
    text = SEED.read_text(encoding="utf-8")
    doc = annotate(text)
    got = values(doc)
    assert got["March 31"] == "2025-03-31"
    assert got["April 8"] == "2025-04-08"
    assert got["February"] == "2025-02"
    assert got["February 20"] == "2025-02-20"
    assert got["November 2024"] == "2024-11"
    assert got["about a year ago"] == "2024"
    assert got["About a month ago"] == "2025-03"
    assert got["Wednesday"] == "2025-04-23"
    for t in doc._.rs_times:
        assert doc.text[t.start:t.end] == t.text
        assert t.type in ("date", "time", "duration", "set")
    # Ages, counts, kilograms and "24" must not be dates.
    assert not any(t.text.strip() in ("24", "10", "14", "one", "two") for t in doc._.rs_times)
    assert not any("kilogram" in t.text or "count" in t.text for t in doc._.rs_times)


@pytest.mark.parametrize("sentence, text, value", [
    ("Police arrested him on April 8, 2025, in Bogotá.", "April 8, 2025", "2025-04-08"),
    ("The raid took place on 31 March 2025 near the border.", "31 March 2025", "2025-03-31"),
    ("Court records dated 3/31/2025 show the transfer.", "3/31/2025", "2025-03-31"),
    ("The filing, dated 2024-11-05, lists three defendants.", "2024-11-05", "2024-11-05"),
    ("He was detained on March 31 following a request.", "March 31", "2025-03-31"),
    ("In February, the group was designated a terrorist organization.", "February", "2025-02"),
    ("The scheme ran from November 2024 until his arrest.", "November 2024", "2024-11"),
    ("The cartel was founded in 2019 by two brothers.", "2019", "2019"),
    ("The gang grew out of a prison in the 1990s.", "the 1990s", "199"),
    ("Officials announced the charges on Wednesday.", "Wednesday", "2025-04-23"),
    ("The suspect was arrested on Monday in Miami.", "Monday", "2025-04-21"),
    ("Prosecutors said the shipment left last Friday.", "last Friday", "2025-04-18"),
    ("He began working for the gang about a month ago.", "about a month ago", "2025-03"),
    ("He was first questioned a year ago.", "a year ago", "2024"),
    ("Agents raided the warehouse last week.", "last week", "2025-W16"),
    ("Earlier this month, agents raided the house.", "Earlier this month", "2025-04"),
    ("The judge ruled yesterday that he stays in custody.", "yesterday", "2025-04-22"),
    ("The charges unsealed today name four men.", "today", "2025-04-23"),
    ("He was convicted last year of fraud.", "last year", "2024"),
    ("His trial is set to begin next month.", "next month", "2025-05"),
    ("She left the country two years ago.", "two years ago", "2023"),
    ("The bank was robbed on Christmas Eve.", "Christmas Eve", "2024-12-24"),
    ("The deal closed in the third quarter of 2024.", "the third quarter of 2024", "2024-Q3"),
    ("The vote is scheduled for Tuesday, the spokesman said.", "Tuesday", "2025-04-29"),
    ("He will be sentenced on June 12.", "June 12", "2025-06-12"),
    ("The shooting happened at 10:30 p.m. Saturday.", "10:30 p.m. Saturday", "2025-04-19T22:30"),
])
def test_dates_resolved_against_publication(annotate, sentence, text, value):
    doc = annotate(sentence)
    assert values(doc).get(text) == value, [(t.text, t.value) for t in doc._.rs_times]


@pytest.mark.parametrize("sentence, text, kind, value", [
    ("He was sentenced to five years in federal prison.", "five years", "duration", "P5Y"),
    ("The conspiracy lasted 18 months.", "18 months", "duration", "P18M"),
    ("The investigation took more than a decade.", "more than a decade", "duration", "P10Y"),
    ("She faces up to 20 years if convicted.", "up to 20 years", "duration", "P20Y"),
    ("The hearing lasted two and a half hours.", None, None, None),
    ("He was held for 72 hours without charge.", "72 hours", "duration", "PT72H"),
    ("Couriers crossed the border every week.", "every week", "set", "P1W"),
    ("The ring paid officials annually.", "annually", "set", "P1Y"),
    ("Smugglers made the trip twice a month.", "twice a month", "set", "P1M"),
    ("The network moves cash daily.", "daily", "set", "P1D"),
])
def test_durations_and_sets(annotate, sentence, text, kind, value):
    doc = annotate(sentence)
    if text is None:
        return_values = [(t.text, t.value) for t in doc._.rs_times]
        # "two and a half hours": the number word is not in the unit pattern; nothing false.
        assert all(t.type == "duration" for t in doc._.rs_times), return_values
        return
    found = {t.text: t for t in doc._.rs_times}
    assert text in found, [(t.text, t.value) for t in doc._.rs_times]
    assert (found[text].type, found[text].value) == (kind, value)


@pytest.mark.parametrize("sentence, text, value", [
    ("He was arrested on March 31 in Colombia.", "March 31", "XXXX-03-31"),
    ("In February, the group was designated.", "February", "XXXX-02"),
    ("The indictment was unsealed on Wednesday.", "Wednesday", "XXXX-WXX-3"),
    ("He began conspiring about a year ago.", "about a year ago", "PAST_REF"),
    ("Today's charges send a clear message.", "Today", "PRESENT_REF"),
    ("Agents raided the house last week.", "last week", "PAST_REF"),
    ("The trial starts next month.", "next month", "FUTURE_REF"),
    ("Starting in November 2024, he shipped drugs.", "November 2024", "2024-11"),
])
def test_without_publication_date(annotate, sentence, text, value):
    doc = annotate(sentence, published=None)
    assert values(doc).get(text) == value, [(t.text, t.value) for t in doc._.rs_times]


@pytest.mark.parametrize("sentence", [
    "He may be extradited to the United States.",
    "May the court show mercy, his lawyer said.",
    "Jose Enrique Martinez Flores, 24, is believed to be a high-ranking member.",
    "Flores faces two counts of international drug distribution.",
    "Agents seized 14 kilograms of cocaine and $2,000 in cash.",
    "He is charged under 18 U.S.C. § 2339B and 18 U.S.C. § 1956.",
    "Tips can be reported at 1-800-225-5324 or 713-693-5000.",
    "The cartel moved 2000 pills through the port.",
    "Supporters plan a march on Washington.",
    "The 24-year-old man was a courier.",
])
def test_no_false_dates(annotate, sentence):
    doc = annotate(sentence)
    assert doc._.rs_times == [], [(t.text, t.value) for t in doc._.rs_times]


def test_may_as_month(annotate):
    doc = annotate("The shipment arrived in May and another on May 5.")
    assert values(doc) == {"May": "2024-05", "May 5": "2025-05-05"} or values(doc)["May"].endswith("-05")
    assert values(doc)["May 5"].endswith("-05-05")


def test_plain_text_matches_doc(annotate):
    sentence = "He was arrested on March 31 and indicted on April 8, 2025."
    from_doc = [(t.start, t.end, t.value) for t in annotate(sentence)._.rs_times]
    from_text = [(t.start, t.end, t.value) for t in timex.find_times(sentence, PUBLISHED)]
    assert from_doc == from_text == [(19, 27, "2025-03-31"), (44, 57, "2025-04-08")]


def test_resolve_relative_date():
    assert timex.resolve_relative_date("about a month ago", PUBLISHED) == "2025-03"
    assert timex.resolve_relative_date("March 31", PUBLISHED) == "2025-03-31"
    assert timex.resolve_relative_date("Friday", PUBLISHED, tense="past") == "2025-04-18"
    assert timex.resolve_relative_date("Friday", PUBLISHED, tense="future") == "2025-04-25"
    assert timex.resolve_relative_date("March 31", None) == "XXXX-03-31"
    assert timex.resolve_relative_date("the suspect", PUBLISHED) is None


def test_date_in_span_picks_the_date_near_the_trigger(annotate):
    text = ("Flores was arrested on March 31 and a grand jury indicted him on April 8. "
            "He was sentenced to five years.")
    doc = annotate(text)
    first = text.index(".") + 1
    arrest = text.index("arrested")
    indicted = text.index("indicted")
    assert timex.date_in_span(doc, 0, first, near=arrest).value == "2025-03-31"
    assert timex.date_in_span(doc, 0, first, near=indicted).value == "2025-04-08"
    # A sentence with only a duration has no date.
    assert timex.date_in_span(doc, first, len(text)) is None
