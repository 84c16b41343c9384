"""Decisions not to charge, questions and per-charge outcomes, on sentences written for these tests:
a prosecutor who declines to prosecute, a grand jury that refuses to indict or no-bills, "no charges
were filed", "released without charge" clear the person (dismissed), never charge them; a question
or a refusal to comment charges no one; counts that ended differently keep their own outcome.
"""
from __future__ import annotations

import pytest

from tests.nlp.accusation_eval import assert_not_accused, find_entity

ADVERSE = {"suspected", "arrested", "charged", "convicted", "sentenced"}


def stages_of(doc, name):
    e = find_entity(doc, name)
    assert e is not None, name
    return e, {r.category: r.stage for r in e.risks}


@pytest.mark.parametrize("text", [
    "Prosecutors declined to prosecute Mark Dolan, 44, for the robbery of a gas station.",
    "A grand jury refused to indict Mark Dolan, a police officer, on manslaughter charges.",
    "The district attorney's office declined to file murder charges against Mark Dolan.",
])
def test_a_decision_not_to_charge_clears_the_person(read_article, text):
    doc = read_article(text)
    e, stages = stages_of(doc, "Mark Dolan")
    assert stages and set(stages.values()) == {"dismissed"}, stages
    assert all(r.status == "cleared" for r in e.risks)
    assert not [c for c in doc.charges if c.defendant == e.id and c.stage in ADVERSE]


@pytest.mark.parametrize("text", [
    "The grand jury no-billed Mark Dolan on a charge of aggravated assault.",
    "No charges were filed against Mark Dolan after the crash, police said.",
    "Mark Dolan was arrested on Friday but later released without charges.",
])
def test_no_bill_no_charges_and_release_without_charge_give_no_adverse_stage(read_article, text):
    doc = read_article(text)
    e = find_entity(doc, "Mark Dolan")
    assert e is not None
    assert not [r for r in e.risks if r.stage in ADVERSE], e.risks
    events = [ev for ev in doc.events if any(a.role == "defendant" and a.entity == e.id
                                             for a in ev.arguments)]
    assert any(ev.type == "dismissal" and ev.stage == "dismissed" and ev.modality == "asserted"
               for ev in events), [(ev.type, ev.modality) for ev in events]


@pytest.mark.parametrize("text", [
    "Mark Dolan declined to comment on the murder charges against him.",
])
def test_declining_to_comment_on_charges_clears_no_one(read_article, text):
    doc = read_article(text)
    _, stages = stages_of(doc, "Mark Dolan")
    assert stages == {"violent_crime": "charged"}


@pytest.mark.parametrize("text", [
    "No charges have been filed yet against Mark Dolan, and the investigation continues.",
    "Will Mark Dolan be charged with fraud after the audit? Nobody knows.",
    "If convicted, Mark Dolan faces up to 20 years in prison for the robbery.",
    "Mark Dolan was questioned but not charged, police said.",
    "\"Mark Dolan should be in jail,\" Senator Ann Price said at a rally.",
    "Senator Ann Price called her rival Mark Dolan a criminal who belongs in prison.",
])
def test_questions_conditionals_and_rhetoric_give_no_stage(read_article, text):
    doc = read_article(text)
    assert_not_accused(doc, "Mark Dolan")


def test_counts_that_ended_differently_keep_their_own_outcome(read_article):
    doc = read_article("A jury acquitted Mark Dolan of murder but convicted him of a gun "
                       "possession count on Tuesday.")
    e, stages = stages_of(doc, "Mark Dolan")
    assert stages == {"violent_crime": "acquitted", "arms_trafficking": "convicted"}, stages
    by_offense = {c.offense: c.stage for c in doc.charges if c.defendant == e.id}
    assert by_offense.get("murder") == "acquitted"
    assert "convicted" in by_offense.values()


# -- convictions set aside -----------------------------------------------------------------------

@pytest.mark.parametrize("text, category", [
    ("An appeals court overturned Mark Dolan's murder conviction on Tuesday. Dolan was convicted "
     "in 2015.", "violent_crime"),
    ("A judge vacated the robbery conviction against Mark Dolan after new DNA evidence emerged.",
     "robbery_theft"),
])
def test_an_overturned_conviction_is_overturned(read_article, text, category):
    doc = read_article(text)
    e, stages = stages_of(doc, "Mark Dolan")
    assert stages == {category: "overturned"}, stages
    assert all(r.status == "cleared" for r in e.risks)


def test_an_exoneration_then_a_dismissal_leaves_the_conviction_overturned(read_article):
    doc = read_article(
        "MEDIA RELEASE: District Attorney Announces Exoneration of Marcus Day\n"
        "The District Attorney's Office announces the exoneration of Marcus Day for his 1990 sexual "
        "assault conviction after DNA testing. In 1990, Marcus Day was convicted of the sexual "
        "assault of a young woman. Mr. Day was sentenced to 40 years in prison. The court ordered "
        "his case dismissed on March 24, 2023.")
    e, stages = stages_of(doc, "Marcus Day")
    assert stages == {"sexual_exploitation": "overturned"}, stages


# -- whose case a dismissal ends -----------------------------------------------------------------

def test_officers_whose_charges_were_dismissed_are_cleared(read_article):
    doc = read_article(
        "On Monday, the District Attorney's Office dismissed charges of deadly conduct against "
        "Police Sgt.\nKevin Marsh and Officers Danny Vela and Dustin Reyes in the death of a man.")
    for name in ("Danny Vela", "Dustin Reyes"):
        e, stages = stages_of(doc, name)
        assert "accused" in e.roles and set(stages.values()) == {"dismissed"}, (name, stages)


def test_a_case_caption_names_the_defendant_of_its_dismissal(read_article):
    doc = read_article(
        "Maria Cruz, 35, was charged with misdemeanor sexual battery in June. Daniel Brooks, 40, was "
        "charged with robbery in another case.\nThere were no available courtrooms, so the case "
        "was dismissed by the court on Dec. 8. The dismissal of this case, People v. Cruz, also "
        "ended a protection order for the victim.")
    e, stages = stages_of(doc, "Maria Cruz")
    assert stages == {"sexual_exploitation": "dismissed"}, stages
    _, stages = stages_of(doc, "Daniel Brooks")
    assert stages == {"robbery_theft": "charged"}, stages
