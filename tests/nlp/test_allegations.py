"""Every accused carries the allegation the text names, at the latest reported step: a
co-defendant "arraigned on the same indictment" carries its charges; a sentencing that names no
offence carries the crime a sentence naming the defendant asserts, or the release's own crimes when
they are no one else's. Crimes charged to others never lend their category."""
from __future__ import annotations

from tests.nlp.accusation_eval import find_entity


def risks(doc, name):
    entity = find_entity(doc, name)
    assert entity is not None, f"{name} not found"
    assert "accused" in entity.roles, f"{name} not accused: {entity.roles}"
    return {r.category: r.stage for r in entity.risks}


def test_a_co_defendant_on_the_same_indictment_carries_its_charges(read_article):
    doc = read_article(
        "The District Attorney identified the defendant as Marcus Hale, 21, of Brooklyn. He was "
        "arraigned today on an indictment in which he is charged with second-degree murder and "
        "second-degree criminal possession of a weapon. Tyrell Owens, 22, of Brooklyn, was "
        "arraigned on the same indictment.", "2025-03-02")
    assert risks(doc, "Tyrell Owens") == {"violent_crime": "charged", "arms_trafficking": "charged"}


def test_a_sentencing_that_names_no_offence_takes_the_crime_of_the_defendants_sentence(read_article):
    doc = read_article(
        "Statement from State Attorney Helen Ruiz regarding the sentencing of former police "
        "officer Dana Pryor\n"
        "Former police officer Dana Pryor’s shooting of her ex-boyfriend, another officer, shows "
        "that no one is immune to domestic violence. Pryor’s 30-year sentence cannot undo the "
        "harm she did.", "2025-03-02")
    assert risks(doc, "Dana Pryor") == {"violent_crime": "sentenced"}


def test_a_crime_charged_to_others_in_the_release_lends_nothing(read_article):
    doc = read_article(
        "Statement regarding the sentencing of Owen Crane\n"
        "Owen Crane was sentenced today. Separately, two guards were charged with forging the "
        "jail logs.", "2025-03-02")
    crane = find_entity(doc, "Owen Crane")
    assert crane is not None and "forgery" not in {r.category for r in crane.risks}


def test_a_resentencing_statement_takes_the_release_s_crimes(read_article):
    doc = read_article(
        "Statement of State Attorney Helen Ruiz Regarding the Re-sentencing of Victor Lamb and "
        "Peter Quill\n"
        "I respect the decision of our juries that Victor Lamb and Peter Quill should no longer "
        "receive the death penalty for the 1995 kidnapping and murders of two businessmen. No one "
        "should forget the horrors these victims went through.", "2025-03-02")
    for name in ("Victor Lamb", "Peter Quill"):
        assert risks(doc, name) == {"kidnapping": "sentenced", "violent_crime": "sentenced"}


def test_each_of_the_defendants_sentenced_after_a_named_verdict(read_article):
    doc = read_article(
        "Four co-defendants, Carl Benton, 28, and Mike Benton, 34, of Flatbush, were convicted of "
        "second-degree murder and first-degree robbery earlier this year following a jury trial. "
        "Each of the defendants was sentenced to 25 years to life in prison.", "2025-03-02")
    for name in ("Carl Benton", "Mike Benton"):
        assert risks(doc, name) == {"violent_crime": "sentenced", "robbery_theft": "sentenced"}


def test_the_defendants_of_a_later_paragraph_are_not_the_earlier_ones(read_article):
    doc = read_article(
        "Carl Benton and Mike Benton were convicted of first-degree robbery in March.\n\n"
        "In an unrelated case, police arrested three men in Queens on Monday. The judge said the "
        "defendants were sentenced in absentia.", "2025-03-02")
    for name in ("Carl Benton", "Mike Benton"):
        assert risks(doc, name) == {"robbery_theft": "convicted"}
