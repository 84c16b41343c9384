"""Charges: offence, counts, statute, defendant and category, from real-looking sentences."""
from __future__ import annotations

import pytest

from rapsheet.nlp.offences import classify_offense, find_statutes, statute_info
from tests.nlp.accusation_eval import find_entity


def test_seed_charge_table(seed_document):
    flores = find_entity(seed_document, "Jose Enrique Martinez Flores")
    rows = [(c.offense, c.counts, c.category, c.stage) for c in seed_document.charges
            if c.defendant == flores.id]
    assert rows == [
        ("providing material support to a designated foreign terrorist organization", 1,
         "terrorism", "charged"),
        ("conspiracy to provide material support to a designated foreign terrorist organization",
         1, "terrorism", "charged"),
        ("conspiracy to distribute drugs internationally", 1, "narcotics", "charged"),
        ("international drug distribution", 2, "narcotics", "charged"),
    ]


def test_counts_statutes_and_conviction(read_article):
    doc = read_article(
        "Maria Lopez, 41, of Phoenix, pleaded guilty to three counts of wire fraud and one count "
        "of aggravated identity theft, in violation of 18 U.S.C. § 1028A, prosecutors said.",
        "2025-03-02")
    lopez = find_entity(doc, "Maria Lopez")
    charges = {c.offense: c for c in doc.charges if c.defendant == lopez.id}
    assert charges["wire fraud"].counts == 3 and charges["wire fraud"].category == "fraud"
    assert charges["wire fraud"].stage == "convicted"
    identity = charges["aggravated identity theft"]
    assert identity.counts == 1 and identity.statute == "18 U.S.C. § 1028A"


def test_nine_count_list_and_pronoun_defendant(read_article):
    doc = read_article(
        "Omar Haddad was arrested on Monday in Detroit. He was charged with conspiracy to "
        "distribute fentanyl, money laundering and unlawful possession of a firearm.",
        "2025-03-02")
    haddad = find_entity(doc, "Omar Haddad")
    cats = {c.category for c in doc.charges if c.defendant == haddad.id}
    assert cats == {"narcotics", "money_laundering", "arms_trafficking"}


def test_not_charged_gives_no_charge(read_article):
    doc = read_article("Kevin Marsh was questioned but was not charged with fraud.", "2025-03-02")
    assert doc.charges == []


@pytest.mark.parametrize("offense,category", [
    ("providing material support to a designated foreign terrorist organization", "terrorism"),
    ("possession with intent to distribute methamphetamine", "narcotics"),
    ("conspiracy to commit money laundering", "money_laundering"),
    ("health care fraud", "fraud"), ("racketeering conspiracy", "organized_crime"),
    ("felon in possession of a firearm", "arms_trafficking"),
    ("sexual exploitation of a minor", "sexual_exploitation"),
    ("conspiracy to violate the International Emergency Economic Powers Act", "sanctions_evasion"),
    ("bribery of a public official", "corruption"), ("tax evasion", "tax_crime"),
    ("securities fraud", "market_abuse"), ("alien smuggling", "migrant_smuggling"),
    ("sex trafficking of a minor", "human_trafficking"), ("second-degree murder", "violent_crime"),
    ("computer intrusion", "cybercrime"), ("trafficking in counterfeit goods", "counterfeiting"),
    ("Hobbs Act robbery", "robbery_theft"), ("kidnapping", "kidnapping"),
    ("extortion", "extortion"), ("wildlife trafficking", "environmental_crime"),
    # 924(c): the crime the firearm served decides, not the firearm
    ("brandishing a firearm during a crime of violence", "violent_crime"),
    ("possession of a firearm in furtherance of a drug trafficking crime", "narcotics"),
    ("aggravated identity theft", "fraud"), ("possession and sale of stolen goods", "stolen_goods"),
    ("conspiracy to commit honest services wire fraud", "fraud"),
    ("smuggling goods from the United States", "smuggling"),
    # laundering drug money is laundering, however many words stand between
    ("laundered more than $3 million in drug money through currency exchanges", "money_laundering"),
    ("laundering cash", "money_laundering"),
])
def test_offense_categories(offense, category):
    assert classify_offense(offense) == category


def test_statutes():
    cites = find_statutes("in violation of 21 U.S.C. §§ 841 and 846 and Title 18, United States "
                          "Code, Section 1956(h)")
    assert [c.text for c in cites] == ["21 U.S.C. §§ 841 and 846", "18 U.S.C. § 1956(h)"]
    assert statute_info("18 U.S.C. § 2339B")[1] == "terrorism"
    assert statute_info("18 U.S.C. § 922(g)(1)")[1] == "arms_trafficking"
    assert statute_info("18 U.S.C. § 1956(h)")[1] == "money_laundering"
    assert statute_info("8 U.S.C. § 1324(a)(1)(A)(ii)")[1] == "migrant_smuggling"


def test_count_list_the_parser_cuts_short_and_offences_ending_in_or(read_article):
    doc = read_article("Marco Ruiz, 51, and Elena Ruiz, 47, are charged with one count of conspiracy to "
                       "commit forced labor, six counts of forced labor and one count of conspiracy to "
                       "commit visa fraud, prosecutors said.", "2025-03-04")
    got = sorted((c.offense, c.counts, c.category) for c in doc.charges
                 if c.defendant == next(e.id for e in doc.entities if e.name == "Marco Ruiz"))
    assert got == [("conspiracy to commit forced labor", 1, "human_trafficking"),
                   ("conspiracy to commit visa fraud", 1, "fraud"),
                   ("forced labor", 6, "human_trafficking")]


@pytest.mark.parametrize("offense,category", [
    # state-code names of offences (Texas, California, Illinois)
    ("deadly conduct", "violent_crime"), ("injury to a child", "violent_crime"),
    ("child endangerment", "violent_crime"), ("aggravated battery with a firearm", "violent_crime"),
    ("theft by unauthorized control of property exceeding $100,000", "robbery_theft"),
    ("continuous sexual abuse of a child", "sexual_exploitation"),
    ("predatory criminal sexual assault", "sexual_exploitation"), ("rape", "sexual_exploitation"),
    ("misdemeanor sexual battery", "sexual_exploitation"),
    ("lewd acts on a dependent adult", "sexual_exploitation"),
    # a murder during a sexual act is a murder
    ("first-degree murder with a special circumstance for committing a murder during a lewd and "
     "lascivious act on a minor", "violent_crime"),
    ("street terrorism", "organized_crime"), ("conspiracy to commit a riot", "violent_crime"),
    ("tampering with a government record", "forgery"),
    ("filing a false police report", "corruption"),
    ("violating the state's campaign finance laws", "corruption"),
    ("criminal damage to property", "robbery_theft"),
    # consumer-protection violations of a civil suit
    ("violated the Automatic Renewal Law and False Advertising Law", "fraud"),
    ("violation of the Fair Debt Collection Practices Act", "fraud"),
])
def test_state_code_offense_categories(offense, category):
    assert classify_offense(offense) == category


def test_counts_including_a_list_are_each_offence(read_article):
    doc = read_article(
        "Helen Marsh was indicted on 15 counts involving multiple victims, including murder, "
        "involuntary manslaughter, child endangerment, and lewd acts on dependent adults.",
        "2025-03-02")
    marsh = find_entity(doc, "Helen Marsh")
    offenses = {c.offense: c.category for c in doc.charges if c.defendant == marsh.id}
    assert offenses.get("murder") == "violent_crime"
    assert offenses.get("child endangerment") == "violent_crime"
    assert offenses.get("lewd acts on dependent adults") == "sexual_exploitation"


def test_charges_named_as_nouns_against_a_defendant(read_article):
    doc = read_article(
        "The District Attorney's office filed murder and armed robbery charges this afternoon "
        "against Peter Halvard Lindqvist, 46, of Marina del Rey. Prosecutors filed charges of "
        "burglary and arson against Dale Womack on Tuesday.", "2025-03-02")
    nilsen, womack = find_entity(doc, "Peter Halvard Lindqvist"), find_entity(doc, "Dale Womack")
    assert {(c.offense, c.stage) for c in doc.charges if c.defendant == nilsen.id} == {
        ("murder", "charged"), ("armed robbery", "charged")}
    assert {c.category for c in doc.charges if c.defendant == womack.id} == {
        "robbery_theft", "violent_crime"}


def test_noun_charges_against_a_described_person_or_dropped_charge_no_one_else(read_article):
    doc = read_article(
        "The office announced sexual assault charges against former Lakeside Hospital counselor "
        "Ed Rivers. Prosecutors later dropped the assault charges against Dale Womack.",
        "2025-03-02")
    hospital = find_entity(doc, "Lakeside Hospital")
    assert hospital is None or "accused" not in hospital.roles
    womack = find_entity(doc, "Dale Womack")
    assert not any(c.defendant == womack.id and c.stage == "charged" for c in doc.charges)


def test_dismissed_noun_charges_against_titled_officers(read_article):
    doc = read_article(
        "On Monday, the District Attorney's Office dismissed charges of misdemeanor deadly conduct "
        "against Dallas Police Sergeant Kevin Marsh and Officers Danny Vale and Dustin Wolcott in "
        "the death of a 32-year-old man.", "2025-03-02")
    for name in ("Kevin Marsh", "Danny Vale", "Dustin Wolcott"):
        person = find_entity(doc, name)
        assert person is not None, name
        assert {(c.category, c.stage) for c in doc.charges if c.defendant == person.id} == {
            ("violent_crime", "dismissed")}, name
        assert {r.status for r in person.risks} <= {"cleared"}


def test_charges_that_he_did_something_name_the_deed(read_article):
    doc = read_article(
        "Tomas Brekke, 58, was indicted in Denver in June on charges that he laundered more than "
        "$3 million in drug money through two car dealerships.", "2025-08-02")
    brekke = find_entity(doc, "Tomas Brekke")
    mine = [c for c in doc.charges if c.defendant == brekke.id]
    assert mine and all(not c.offense.lower().startswith("charges") for c in mine)
    assert {c.category for c in mine} == {"money_laundering"}
