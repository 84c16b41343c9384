"""Plural descriptions that the text goes on to name, designees named later, received sentences,
offence lists and the offence table rows added for them: each person named gets the event, the
charges and the stage of the description; no one else does."""
from __future__ import annotations


from tests.nlp.accusation_eval import assert_not_accused, find_entity


def _risk(doc, name):
    e = find_entity(doc, name)
    assert e is not None, name
    return {r.category: r.stage for r in e.risks}, e


def test_including_list_of_a_plural_subject_gets_the_arrest_and_its_charge(read_article):
    doc = read_article(
        "Six men, including a bus driver, Tomas Brennan, 44, of Dayton, and a nurse, Peter "
        "Vasquez, 37, were arrested on charges of soliciting prostitution, Sheriff Mary Cole said.")
    for name in ("Tomas Brennan", "Peter Vasquez"):
        risks, e = _risk(doc, name)
        assert "accused" in e.roles and risks.get("sexual_exploitation") == "arrested"
        assert any(c.defendant == e.id and c.category == "sexual_exploitation" for c in doc.charges)
    assert find_entity(doc, "Mary Cole") is not None
    assert_not_accused(doc, "Mary Cole")


def test_among_those_arrested_were_names_the_arrested(read_article):
    doc = read_article(
        "Police arrested eleven people in the raid. Among those arrested were Victor Lindqvist "
        "and Marco Bellini, who are accused of human trafficking.")
    for name in ("Victor Lindqvist", "Marco Bellini"):
        risks, e = _risk(doc, name)
        assert "accused" in e.roles and risks.get("human_trafficking") == "arrested"


def test_who_after_of_place_is_the_person_not_the_town(read_article):
    doc = read_article("Among those arrested was Gerald Ames, 48, of Winter Haven, who is accused "
                       "of human trafficking.")
    risks, e = _risk(doc, "Gerald Ames")
    assert risks.get("human_trafficking") == "arrested"


def test_defendants_named_in_the_next_sentence_share_the_charge(read_article):
    doc = read_article(
        "Two Brazilian nationals were charged Tuesday with wire fraud conspiracy, prosecutors said. "
        "The defendants are Rafael Moura, 34, and Bruno Teixeira, 41. U.S. Attorney Karen Holt "
        "thanked the FBI.")
    for name in ("Rafael Moura", "Bruno Teixeira"):
        risks, e = _risk(doc, name)
        assert risks.get("fraud") == "charged"
    assert find_entity(doc, "Karen Holt") is not None
    assert_not_accused(doc, "Karen Holt")


def test_arrested_and_charged_share_the_passive_subject(read_article):
    doc = read_article(
        "Xu Haoming, 39, and Gao Lijun, 35, were arrested last Thursday and charged in a 5-count "
        "indictment with conspiracy to commit money laundering, operating an unlicensed money "
        "transmitting business, and three counts of international money laundering.")
    for name in ("Xu Haoming", "Gao Lijun"):
        e = find_entity(doc, name)
        mine = [c for c in doc.charges if c.defendant == e.id]
        assert {c.counts for c in mine} == {1, 3}, mine
        assert len(mine) == 3 and all(c.category == "money_laundering" for c in mine)


def test_gerund_offences_after_the_first_are_charges_too(read_article):
    doc = read_article(
        "Hector Ortiz Beltran was indicted by a federal grand jury in Chicago on charges of running a continuing "
        "criminal enterprise, conspiring to import cocaine and heroin into the United States, and "
        "conspiring to launder drug proceeds.")
    e = find_entity(doc, "Hector Ortiz Beltran")
    cats = {c.category for c in doc.charges if c.defendant == e.id}
    assert cats == {"organized_crime", "narcotics", "money_laundering"}
    assert any("cocaine and heroin" in c.offense for c in doc.charges)


def test_sanctioned_companies_named_in_a_later_sentence(read_article):
    doc = read_article(
        "The Treasury Department on Tuesday sanctioned two shipping companies and four tankers "
        "that moved Iranian oil. The Treasury Department said Red Coast Shipping FZE and "
        "Amber Line Maritime Ltd used ship-to-ship transfers to evade sanctions.\n"
        "(Reporting by Jane Porter; Editing by Tom Walsh)")
    for name in ("Red Coast Shipping FZE", "Amber Line Maritime Ltd"):
        risks, e = _risk(doc, name)
        assert "accused" in e.roles and risks.get("sanctions_evasion") == "sanctioned"
    assert_not_accused(doc, "Jane Porter")
    assert_not_accused(doc, "Tom Walsh")


def test_relative_pronoun_object_of_a_designation_is_its_antecedent(read_article):
    doc = read_article("He is a member of Los Halcones, which the administration designated a "
                       "foreign terrorist organization in February.")
    risks, e = _risk(doc, "Los Halcones")
    assert risks.get("terrorism") == "sanctioned"


def test_received_prison_term_is_a_sentence(read_article):
    doc = read_article(
        "Three residents were sentenced this week for buying rifles for smugglers. Carla Mendez "
        "pleaded guilty to straw purchasing and received 46 months on Wednesday.")
    risks, _ = _risk(doc, "Carla Mendez")
    assert risks.get("arms_trafficking") == "sentenced"


def test_offence_table_rows():
    from rapsheet.nlp.offences import classify_offense, offense_categories, statute_info
    assert classify_offense("murder in aid of racketeering") == "violent_crime"
    assert {c for c, _, _ in offense_categories("murder in aid of racketeering")} == {
        "violent_crime", "organized_crime"}
    assert classify_offense("transmitting a demand in relation to damaging a protected computer") == "extortion"
    assert {c for c, _, _ in offense_categories("cyber extortion")} == {"cybercrime", "extortion"}
    assert classify_offense("conspiring to launder drug proceeds") == "money_laundering"
    assert classify_offense("running a continuing criminal enterprise") == "organized_crime"
    assert classify_offense("illicit association") == "organized_crime"
    assert classify_offense("document servitude") == "human_trafficking"
    assert classify_offense("conspiracy to transport aliens") == "migrant_smuggling"
    assert statute_info("18 U.S.C. § 1346") == ("honest services fraud", "fraud")
    assert statute_info("18 U.S.C. § 1030(a)(7)")[1] == "extortion"
