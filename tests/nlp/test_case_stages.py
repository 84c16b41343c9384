"""The stage and categories of an accused whose own sentence names no offence: the allegation is
in another sentence of the same case (a verdict or a list of co-defendants, the arrest of a group),
and a designation is never turned into a charge. Invented sentences only."""
from __future__ import annotations

from rapsheet.nlp.offences import offense_categories
from tests.nlp.accusation_eval import find_entity


def _risks(doc, name):
    entity = find_entity(doc, name)
    assert entity is not None and "accused" in entity.roles, name
    return {r.category: r for r in entity.risks}


def test_a_codefendant_acquitted_in_another_sentence_is_acquitted_of_the_case(read_article):
    doc = read_article(
        "Tomas Verbeek, 52, of Harlow, was sentenced to 12 years in prison after pleading guilty to "
        "conspiracy to violate the Racketeer Influenced and Corrupt Organizations Act.\n\n"
        "Six other defendants were charged in the case. Five have pleaded guilty, and one, "
        "Lionel Ashgrove, 44, was acquitted by a jury in May.", "2025-02-10")
    ashgrove = _risks(doc, "Lionel Ashgrove")
    assert set(ashgrove) == {"organized_crime"}
    assert ashgrove["organized_crime"].stage == "acquitted"
    assert ashgrove["organized_crime"].status == "cleared"
    # the statute's name is one offence, not also a corruption count
    assert set(_risks(doc, "Tomas Verbeek")) == {"organized_crime"}


def test_a_person_found_not_guilty_of_all_charges_is_cleared_of_the_case(read_article):
    doc = read_article(
        "A federal jury convicted Marlon Quist, 61, of conspiracy to commit health care fraud.\n\n"
        "Dana Oberlin, 37, a billing clerk, was found not guilty of all charges against her.",
        "2025-03-14")
    oberlin = _risks(doc, "Dana Oberlin")
    assert oberlin and all(r.stage == "acquitted" for r in oberlin.values())
    assert "fraud" in oberlin


def test_an_arrest_among_a_group_arrested_carries_the_groups_suspected_offence(read_article):
    doc = read_article(
        "Police in three countries arrested 19 people suspected of smuggling thousands of migrants "
        "across the northern border, the agency said on Friday.\n\n"
        "The suspected organiser, Pavel Drozd, 44, was arrested at his home in Brno on Monday.",
        "2025-06-20")
    drozd = _risks(doc, "Pavel Drozd")
    assert set(drozd) == {"migrant_smuggling"}
    assert drozd["migrant_smuggling"].stage == "arrested"


def test_an_arrest_beside_others_charged_separately_borrows_nothing(read_article):
    doc = read_article(
        "Harold Kine was arrested on Monday. Separately, two guards were charged with forging "
        "the logs.", "2025-05-07")
    kine = find_entity(doc, "Harold Kine")
    assert kine is not None and "forgery" not in {r.category for r in kine.risks}


def test_a_designation_stays_a_designation_beside_a_charge_for_another_offence(read_article):
    doc = read_article(
        "The Department of State is today designating Octavio Ruelas Prado, the leader of the "
        "armed group, as a Specially Designated Global Terrorist.\n\n"
        "Ruelas Prado has been charged in the United States with narcotics trafficking.",
        "2025-07-01")
    ruelas = _risks(doc, "Octavio Ruelas Prado")
    assert ruelas["terrorism"].stage == "sanctioned"
    assert ruelas["narcotics"].stage == "charged"


def test_a_first_surname_alone_read_as_a_place_is_the_person(read_article):
    doc = read_article(
        "Federal officers removed Rigoberto Andrés Quintanilla Fuentes, 40, who is wanted in his "
        "home country for murder.\n\n"
        "A court in Santa Ana charged Quintanilla in 2020 with aggravated homicide.",
        "2025-02-01")
    person = _risks(doc, "Rigoberto Andrés Quintanilla Fuentes")
    assert person.get("violent_crime") is not None
    assert person["violent_crime"].stage == "charged"


def test_smuggling_a_number_of_migrants_is_migrant_smuggling():
    assert [c for c, _, _ in offense_categories("smuggling hundreds of migrants")] == \
        ["migrant_smuggling"]
    assert [c for c, _, _ in offense_categories("smuggling cigarettes")] != ["migrant_smuggling"]


def _charges(doc, name):
    entity = find_entity(doc, name)
    assert entity is not None, name
    return {(c.offense, c.category) for c in doc.charges if c.defendant == entity.id}


def test_a_verdict_that_finds_a_pronoun_guilty_charges_the_defendant(read_article):
    doc = read_article("Marlon Quist, 61, was convicted of seven counts of health care fraud. The "
                       "jury also found him guilty of two counts of paying kickbacks to brokers.",
                       "2025-03-14")
    assert "corruption" in {cat for _, cat in _charges(doc, "Marlon Quist")}


def test_the_offence_after_the_supervised_release_clause_is_the_sentences(read_article):
    doc = read_article("U.S. District Judge Ana Ruiz sentenced Tomas Verbeek, 31, of Mesa, on "
                       "Monday to 210 months in federal prison, followed by five years of "
                       "supervised release, for conspiracy to possess with intent to distribute "
                       "fentanyl and possession of a firearm in furtherance of a drug trafficking "
                       "crime.", "2025-03-14")
    offences = _charges(doc, "Tomas Verbeek")
    assert ("conspiracy to possess with intent to distribute fentanyl", "narcotics") in offences


def test_a_charge_list_with_gun_offenses_and_a_bare_conspiracy_is_split(read_article):
    doc = read_article("Dario Pell, 20, and Ivo Marsh, 23, are charged with robbery of a motor "
                       "vehicle, conspiracy, aggravated assault and gun offenses.", "2025-01-08")
    cats = {cat for _, cat in _charges(doc, "Dario Pell")}
    assert {"robbery_theft", "violent_crime", "arms_trafficking"} <= cats


def test_a_name_in_apposition_ends_no_charge_list(read_article):
    doc = read_article("Lukas Brenner, 40, has pleaded not guilty to five counts, including wire "
                       "fraud, commodities fraud and conspiracy to manipulate the price of the "
                       "firm's token, ZTK.", "2025-01-08")
    cats = {cat for _, cat in _charges(doc, "Lukas Brenner")}
    assert {"fraud", "market_abuse"} <= cats


def test_a_clause_about_the_victim_adds_no_offence(read_article):
    doc = read_article("A court in Valle Norte charged Esteban Ruiz Carmona in 2021 with aggravated "
                       "homicide in connection with the death of a shopkeeper who had refused to "
                       "pay extortion to a local gang.", "2025-02-01")
    cats = {r.category for r in find_entity(doc, "Esteban Ruiz Carmona").risks}
    assert "violent_crime" in cats and "extortion" not in cats
    assert all("shopkeeper who" not in c.offense for c in doc.charges)


def test_each_person_accused_in_a_list_of_relative_clauses_gets_only_their_own(read_article):
    doc = read_article("Among those arrested were Omar Tell, 40, of Dunmore, who is accused of "
                       "arson; and Peter Vance, 28, of Elk Grove, who is accused of money "
                       "laundering.", "2025-04-02")
    assert {cat for _, cat in _charges(doc, "Omar Tell")} == {"violent_crime"}
    assert {cat for _, cat in _charges(doc, "Peter Vance")} == {"money_laundering"}
    tell = _risks(doc, "Omar Tell")
    assert tell["violent_crime"].stage == "arrested"   # the charge does not lower the arrest


def test_a_lawsuit_that_accuses_is_no_criminal_charge(read_article):
    doc = read_article("The lawsuit accuses Brandon Mell of fraud.", "2025-04-02")
    mell = find_entity(doc, "Brandon Mell")
    assert mell is None or not any(c.defendant == mell.id and c.proceeding == "criminal"
                                   for c in doc.charges)


def test_acquitted_of_all_charges_clears_every_allegation_the_text_named(read_article):
    doc = read_article(
        "A jury on Monday acquitted Anselm Varga, a former harbour commissioner, of all charges "
        "that he took kickbacks from a dredging firm. Varga, 61, had been charged with conspiracy, "
        "wire fraud and accepting bribes.", "2025-06-10")
    varga = find_entity(doc, "Anselm Varga")
    assert varga is not None and varga.risks
    assert {r.status for r in varga.risks} == {"cleared"}, [(r.category, r.stage, r.status) for r in varga.risks]


def test_acquitted_of_all_charges_but_one_keeps_that_one(read_article):
    doc = read_article(
        "Anselm Varga, 61, was charged with wire fraud and accepting bribes. A jury acquitted "
        "Varga on all counts except one count of wire fraud.", "2025-06-10")
    varga = find_entity(doc, "Anselm Varga")
    assert varga is not None and any(r.status == "active" for r in varga.risks)


def test_whole_case_outcome_words():
    from rapsheet.nlp.risk import WHOLE_CASE
    assert WHOLE_CASE.search("acquitted her of all charges, but prosecutors said they would appeal")
    assert WHOLE_CASE.search("found not guilty on all five counts")
    assert not WHOLE_CASE.search("acquitted on all counts except one count of wire fraud")
    assert not WHOLE_CASE.search("acquitted of all but one count")
