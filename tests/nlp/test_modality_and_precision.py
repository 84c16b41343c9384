"""What a sentence does not assert accuses no one, and what a page only lists is no one's case.

Negation and modality on the shapes real reports take: reported rhetoric ("should be charged",
"must be held accountable", "demanded that X be arrested"), conditionals ("if convicted ..."),
questions, denials, negations that run over a series ("neither charged nor convicted"), and "with
the exception of". Precision on scraped pages: a teaser of another story cut short by an ellipsis,
a headline the model took for a name. Stage: a surname the model read as a place or a common noun
still carries its person's case.

Sentences and names are invented for these tests (tests/conftest.py's `read_article` runs the whole
pipeline).
"""
from __future__ import annotations

import pytest

from tests.nlp.accusation_eval import assert_not_accused, find_entity

ADVERSE = {"suspected", "arrested", "charged", "convicted", "sentenced"}


def stages_of(doc, name):
    e = find_entity(doc, name)
    assert e is not None and "accused" in e.roles, f"{name} not accused: {e and e.roles}"
    return {r.stage for r in e.risks}


def no_adverse_stage(doc, name):
    e = find_entity(doc, name)
    assert e is None or not any(r.stage in ADVERSE and r.status != "cleared" for r in e.risks), \
        f"{name}: {[(r.category, r.stage) for r in e.risks]}"
    assert e is None or not any(c.defendant == e.id and c.stage in ADVERSE for c in doc.charges)


@pytest.mark.parametrize("text", [
    "Senator Ruth Palmer said Dennis Moreau should be charged with treason.",
    "Dennis Moreau ought to be prosecuted for fraud, the activist Lena Fisk wrote.",
    "Mayor Irene Castell said Dennis Moreau must be arrested for the fraud.",
    "Councilman Victor Halloran said Dennis Moreau should be in jail for what he did to the city.",
    "Protesters demanded that Dennis Moreau be arrested for the fraud.",
    "Activists called for Dennis Moreau to be prosecuted for the embezzlement.",
    "Activists called for the arrest of Dennis Moreau.",
])
def test_rhetoric_and_wishes_accuse_no_one(read_article, text):
    assert_not_accused(read_article(text), "Dennis Moreau")


@pytest.mark.parametrize("text", [
    "If convicted, Dennis Moreau faces up to 20 years in prison for the robbery.",
    "Dennis Moreau, if convicted of murder, faces life in prison.",
    "Dennis Moreau could be sentenced to 20 years if found guilty of fraud.",
    "Was Dennis Moreau charged with fraud? Nobody at the courthouse would say.",
])
def test_conditionals_and_questions_make_no_conviction(read_article, text):
    doc = read_article(text)
    no_adverse_stage(doc, "Dennis Moreau")
    e = find_entity(doc, "Dennis Moreau")
    assert e is None or not {"convicted", "sentenced"} & {r.stage for r in e.risks}


@pytest.mark.parametrize("text", [
    "Dennis Moreau has neither been charged nor convicted in the case.",
    "Dennis Moreau was never charged or convicted of fraud.",
    "Dennis Moreau has not been charged with nor convicted of any crime, police said.",
    "Dennis Moreau denies stealing from the charity.",
])
def test_a_negation_covers_every_verb_of_its_series(read_article, text):
    assert_not_accused(read_article(text), "Dennis Moreau")


def test_a_negation_does_not_run_over_but(read_article):
    doc = read_article("Dennis Moreau was not arrested but charged with fraud.")
    assert "charged" in stages_of(doc, "Dennis Moreau")


@pytest.mark.parametrize("text", [
    "All four defendants were convicted of fraud, with the exception of Dennis Moreau.",
    "All four defendants were convicted of fraud except Dennis Moreau.",
])
def test_the_one_excepted_is_not_convicted(read_article, text):
    no_adverse_stage(read_article(text), "Dennis Moreau")


def test_cleared_and_declined_are_no_adverse_stage(read_article):
    doc = read_article("Dennis Moreau was cleared of all charges in the embezzlement case on Friday.")
    no_adverse_stage(doc, "Dennis Moreau")
    doc = read_article("A grand jury declined to indict Dennis Moreau in the shooting.")
    no_adverse_stage(doc, "Dennis Moreau")


def test_a_teaser_of_another_story_accuses_no_one(read_article):
    text = ("District Attorney Mara Lindqvist announced today that Peter Okonkwo was sentenced to "
            "12 years in prison for robbery.\n"
            "Recent News\n"
            "Lakeview Man Charged with Murder after Victim Dies from Beating\n"
            "June 3, 2026\n"
            "District Attorney Mara Lindqvist announced today that Harold Quint has been charged "
            "with murder following the …\n"
            "Three Charged in Warehouse Fraud Scheme\n"
            "District Attorney Mara Lindqvist announced today that Olga Brandt, 51, who is "
            "currently charged with one count ...\n")
    doc = read_article(text)
    assert "sentenced" in stages_of(doc, "Peter Okonkwo")
    assert_not_accused(doc, "Harold Quint")
    assert_not_accused(doc, "Olga Brandt")
    # a quotation that trails off is no teaser
    doc = read_article("Harold Quint was charged with murder on Monday, and his lawyer said “we will …”\n")
    assert "charged" in stages_of(doc, "Harold Quint")


def test_a_surname_read_as_a_place_keeps_its_persons_case(read_article):
    doc = read_article("Prosecutors charged Ronald Pettigrew with first-degree murder in a 2004 "
                       "shooting.\nOn April 17, 2025, Pettigrew was located at the airport in Lima, "
                       "Peru and detained. Pettigrew was extradited to face charges in Cook County.")
    pettigrew = find_entity(doc, "Ronald Pettigrew")
    assert pettigrew is not None and len([m for m in pettigrew.mentions if m.kind == "name"]) == 3
    assert not any(e.type == "location" and e.name == "Pettigrew" for e in doc.entities)


def test_a_surname_opening_a_sentence_carries_the_sentence(read_article):
    doc = read_article("A serial killer was sentenced to life in prison, District Attorney Ann Ware "
                       "announced.\nJose Calderas would go to bars, where he met his victims.\n"
                       "Calderas received a life sentence on each of the cases, as part of a plea "
                       "agreement.")
    assert "sentenced" in stages_of(doc, "Jose Calderas")


def test_a_warrant_executed_is_no_death_sentence(read_article):
    doc = read_article("Brandon Roe, 27, is charged with extortion. Agents executed a search warrant at "
                       "Roe's apartment this morning and seized two phones.")
    assert stages_of(doc, "Brandon Roe") == {"charged"}
    assert not any(e.type == "sentence" for e in doc.events)
    doc = read_article("The regime executed the dissident cleric Hamid Sarvani on Monday.")
    assert any(e.type == "sentence" for e in doc.events)


def test_a_motion_to_dismiss_clears_no_one_yet(read_article):
    doc = read_article("Prosecutors filed a motion to dismiss the case against Dennis Moreau, who is "
                       "charged with fraud.")
    assert any(e.type == "dismissal" and e.modality == "pending" for e in doc.events)
    assert stages_of(doc, "Dennis Moreau") == {"charged"}
    doc = read_article("A judge dismissed the fraud charges against Dennis Moreau on Monday.")
    assert stages_of(doc, "Dennis Moreau") == {"dismissed"}


def test_an_offence_in_title_case_is_no_defendant(read_article):
    doc = read_article("Officer Ryan Holt was indicted Friday.\n• 2 Indictments of Deadly Conduct\n")
    assert_not_accused(doc, "Deadly Conduct")
    assert "charged" in stages_of(doc, "Ryan Holt")
    doc = read_article("The indictment of Marcus Bell was unsealed on Monday.")
    assert find_entity(doc, "Marcus Bell") is not None and "accused" in find_entity(doc, "Marcus Bell").roles
