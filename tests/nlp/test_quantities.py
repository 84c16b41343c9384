"""rapsheet_quantities: amounts, units and substances in real-looking seizure and fraud reports."""
from __future__ import annotations

import pytest

from rapsheet.nlp import quantities
from tests.conftest import SEED
from .test_timex import nlp  # noqa: F401  (the one spaCy pipeline of the session)


@pytest.fixture(scope="session")
def annotate(nlp):  # noqa: F811
    component = nlp.create_pipe("rapsheet_quantities")

    def run(text: str):
        doc = component(nlp(text))
        return [(q.text, q.amount, q.unit, q.substance) for q in doc._.rs_quantities], doc
    return run


def test_seed_article_quantities(annotate):
    found, doc = annotate(SEED.read_text(encoding="utf-8"))
    assert [(a, u, s) for _, a, u, s in found] == [(10, "kg", "cocaine-laced substance"),
                                                   (14, "kg", "similar mixture")]
    for q in doc._.rs_quantities:
        assert doc.text[q.start:q.end] == q.text


@pytest.mark.parametrize("sentence, amount, unit, substance", [
    ("Flores distributed approximately 10 kilograms of a cocaine-laced substance.", 10, "kg",
     "cocaine-laced substance"),
    ("He is accused of distributing an additional 14 kilograms of a similar mixture.", 14, "kg",
     "similar mixture"),
    ("The scheme defrauded investors of $38.5 million, prosecutors said.", 38_500_000, "USD", None),
    ("Border agents found 1,200 fentanyl pills hidden in the spare tire.", 1200, "pill", "fentanyl"),
    ("Police recovered 14 firearms from the stash house.", 14, "firearm", None),
    ("The Coast Guard intercepted more than 2 tons of cocaine off Panama.", 2, "ton", "cocaine"),
    ("Italian police froze assets worth €5 million.", 5_000_000, "EUR", None),
    ("Deputies seized five pounds of methamphetamine during the stop.", 5, "lb", "methamphetamine"),
    ("The courier carried 400 grams of heroin in his luggage.", 400, "g", "heroin"),
    ("Officers found 3,000 counterfeit oxycodone pills in the car.", 3000, "pill", "oxycodone"),
    ("The gang laundered 2.3 billion pesos, or about $600,000 in US dollars.", 600_000, "USD", None),
    ("Investigators traced 12.5 bitcoin to the ransom wallet.", 12.5, "BTC", None),
    ("Customs officers seized 250 kg of cannabis resin at the port.", 250, "kg", "cannabis resin"),
])
def test_quantities(annotate, sentence, amount, unit, substance):
    found, _ = annotate(sentence)
    assert (amount, unit, substance) in [(a, u, s) for _, a, u, s in found], found


@pytest.mark.parametrize("sentence", [
    "Jose Enrique Martinez Flores, 24, is believed to be a senior member of the gang.",
    "Flores faces two counts of international drug distribution and one count of conspiracy.",
    "He was sentenced to five years in prison and three years of supervised release.",
    "The gang was founded in 2014 inside a prison in Aragua.",
    "He is charged under 18 U.S.C. § 2339B.",
    "Hundreds of alleged members were deported to El Salvador.",
    "The two rounds of talks ended without agreement.",
])
def test_not_quantities(annotate, sentence):
    found, _ = annotate(sentence)
    assert found == []


def test_several_quantities_in_one_sentence(annotate):
    found, _ = annotate("They found five pounds of methamphetamine and 400 grams of heroin, "
                        "plus $12,000 in cash and 500 rounds of ammunition.")
    assert [(a, u, s) for _, a, u, s in found] == [
        (5, "lb", "methamphetamine"), (400, "g", "heroin"), (12_000, "USD", None), (500, "round", None)]


def test_plain_text_agrees_with_doc(annotate):
    sentence = "Agents seized 1,200 fentanyl pills and $38.5 million."
    from_doc, _ = annotate(sentence)
    from_text = [(q.text, q.amount, q.unit, q.substance) for q in quantities.find_quantities(sentence)]
    assert from_doc == from_text
