"""Who did what to whom: a pronoun never stands for the one harmed in its own clause, the person
an accused officer arrested is the case's victim, and the header lines of scraped pages (contact
blocks, headlines, a rank abbreviation before a name) start and end sentences where a reader
would.

Sentences are written for these tests (tests/conftest.py's `read_article` runs the whole pipeline).
"""
from __future__ import annotations

from tests.nlp.accusation_eval import assert_not_accused, find_entity


def accused(doc, name):
    e = find_entity(doc, name)
    assert e is not None and "accused" in e.roles, f"{name} not accused: {e and e.roles}"
    return e


def pronouns(entity) -> list[str]:
    return [m.text for m in entity.mentions if m.kind == "pronoun"]


# -- pronouns ------------------------------------------------------------------------------------

def test_the_he_of_a_relative_clause_is_not_the_one_it_describes(read_article):
    doc = read_article("Police arrested Marcus Reed, 31, on Friday. Jordan Ellis, whom he had "
                       "stalked for months, died at the scene. He was charged with murder.")
    reed = accused(doc, "Marcus Reed")
    assert pronouns(reed) == ["he", "He"]
    assert_not_accused(doc, "Jordan Ellis")


def test_the_he_who_shot_someone_is_not_the_one_he_shot(read_article):
    doc = read_article("Taylor Brooks, 29, was shot dead on Main Street on Sunday. A witness told "
                       "officers that after he shot Taylor Brooks, the gunman ran into a park.")
    brooks = find_entity(doc, "Taylor Brooks")
    assert brooks is not None and "he" not in pronouns(brooks)
    assert_not_accused(doc, "Taylor Brooks")


def test_a_charged_he_skips_the_person_killed_in_the_sentence_before(read_article):
    doc = read_article("Kim Archer, 34, was arrested on Sunday. Police said Archer killed Dana "
                       "Whitfield after an argument. He was charged with murder on Monday.")
    archer = accused(doc, "Kim Archer")
    assert "He" in pronouns(archer)
    assert_not_accused(doc, "Dana Whitfield")


# -- the person an accused officer arrested ----------------------------------------------------

def test_the_man_an_acquitted_officer_arrested_is_not_accused(read_article):
    doc = read_article(
        "A jury found former police officer Victor Lanning, 41, not guilty of filing a false "
        "police report.\nOn June 2, 2022, Lanning confronted, detained, and arrested Omar "
        "Castillo, 22, near a bus stop. The police department did not forward the case against "
        "Omar Castillo for prosecution.")
    lanning = accused(doc, "Victor Lanning")
    assert {r.stage for r in lanning.risks} == {"acquitted"}
    assert {r.category for r in lanning.risks} == {"corruption"}
    assert_not_accused(doc, "Omar Castillo")
    assert "victim" in find_entity(doc, "Omar Castillo").roles


def test_a_man_the_police_arrested_is_still_accused(read_article):
    doc = read_article("Officers detained, searched, and arrested Omar Castillo, 22, near a bus "
                       "stop on Friday. He was charged with robbery.")
    accused(doc, "Omar Castillo")


# -- sentences at the header lines of scraped pages --------------------------------------------

def _sentences(pipeline, text):
    return [s.text.strip() for s in pipeline(text).sents]


def test_contact_block_and_headline_lines_are_sentences_of_their_own(pipeline):
    text = ("June 18, 2025 Contact: Maria Delgado\nDirector of Communications\n"
            "County District Attorney’s Office\n214-555-0100 (Office)\n"
            "For Immediate Release: Charges Dismissed Against Two Deputies\n"
            "The District Attorney’s Office dismissed the charges on Monday.")
    sents = _sentences(pipeline, text)
    assert "Director of Communications" in sents
    assert "214-555-0100 (Office)" in sents
    assert sents[-1] == "The District Attorney’s Office dismissed the charges on Monday."


def test_a_rank_abbreviation_before_a_line_break_ends_no_sentence(pipeline):
    text = ("The office dismissed charges of deadly conduct against Dallas Police Sgt.\n"
            "Kevin Marsh and Officer Dan Vela in the death of a man.")
    sents = _sentences(pipeline, text)
    assert len(sents) == 1, sents
    sents = _sentences(pipeline, "Charges against Police Sgt. Kevin Marsh were dismissed today.")
    assert len(sents) == 1, sents


def test_a_wrapped_sentence_and_a_wrapped_headline_stay_whole(pipeline):
    text = ("For Immediate Release: Charges of Deadly Conduct Dismissed\n"
            "Against Three Police Officers\n"
            "On Monday, the District Attorney’s Office dismissed charges against the officers\n"
            "in the death of a man in custody.")
    sents = _sentences(pipeline, text)
    assert sents[0].endswith("Against Three Police Officers"), sents
    assert sents[-1].endswith("in the death of a man in custody."), sents


def test_a_headline_line_does_not_lend_its_words_to_the_next_sentence(read_article):
    doc = read_article("Recent News\nMan Linked to Remains Investigation Charged\nJune 10, 2026\n"
                       "Maria Delgado, 40, was acquitted of fraud on Monday.")
    delgado = accused(doc, "Maria Delgado")
    assert {r.stage for r in delgado.risks} == {"acquitted"}


# -- a sentence that lists the charges against a roster ------------------------------------

def test_charges_listed_against_the_defendants_are_each_defendants(read_article):
    doc = read_article(
        "A grand jury returned indictments against three people. Charges handed down by the "
        "grand jury against the defendants include conspiracy to commit a riot and assault with "
        "a deadly weapon.\nThe defendants arraigned in court today include Alex Moreno, 31; "
        "Jesse Cannon, 31; and Brian Light, 25.")
    for name in ("Alex Moreno", "Jesse Cannon", "Brian Light"):
        e = accused(doc, name)
        charges = [c for c in doc.charges if c.defendant == e.id]
        assert charges and {c.category for c in charges} == {"violent_crime"}, name
        assert {c.stage for c in charges} == {"charged"}


def test_a_description_in_apposition_to_a_name_stands_for_it(read_article):
    # the designation's target is "an Iranian airline", said of the name it stands beside
    doc = read_article(
        "According to the indictment, the defendants bought engine parts from suppliers in Ohio "
        "and then shipped them to Zagros Air, an Iranian airline designated by the Treasury "
        "Department in 2011 for supporting terrorism.\n", "2025-03-04")
    zagros = accused(doc, "Zagros Air")
    assert {r.stage for r in zagros.risks} == {"sanctioned"}, zagros.risks
    assert_not_accused(doc, "Treasury Department")
