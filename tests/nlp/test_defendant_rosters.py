"""Every defendant a release names: the one "identified as the defendant", the roster of "the
defendants" (after "identified ... as", "include", or a list below a colon), and the defendant of a
crime told through "the defendant" and "he" when that person is also quoted. The victims, the
judge and the prosecutors of the same release stay clean."""
from __future__ import annotations

import pytest

from tests.nlp.accusation_eval import assert_not_accused, find_entity


def stages(doc, name):
    entity = find_entity(doc, name)
    assert entity is not None, f"{name} not found"
    assert "accused" in entity.roles, f"{name} not accused: {entity.roles}"
    return {r.category: r.stage for r in entity.risks}


def test_the_defendant_identified_by_name_carries_the_sentence(read_article):
    doc = read_article(
        "Brooklyn District Attorney Miguel Serrano today announced that a 20-year-old Brooklyn man "
        "was sentenced to 20 years to life in prison for the murder of Paul Rivers, a teacher who "
        "was stabbed to death in 2023.\n"
        "The District Attorney identified the defendant as Daniel Marsh, 20, of Flatbush, "
        "Brooklyn. He was sentenced today to 20 years to life in prison by Brooklyn Supreme Court "
        "Justice Anna Cole, following his guilty plea to second-degree murder last month.\n"
        "According to the investigation, the defendant turned to the victim and started yelling "
        "at him, saying, “I’m going to kill you.” The defendant then ran up to him and fatally "
        "stabbed him multiple times.\n", "2025-02-19")
    assert stages(doc, "Daniel Marsh").get("violent_crime") == "sentenced"
    for name in ("Paul Rivers", "Miguel Serrano", "Anna Cole"):
        assert_not_accused(doc, name)


def test_the_pronoun_object_of_a_clause_is_not_its_subject(read_article):
    doc = read_article(
        "The District Attorney identified the defendant as Daniel Marsh, 20, of Flatbush. "
        "According to the evidence, Walter Price was walking home when the defendant ran up to "
        "him and stabbed him.", "2025-02-19")
    marsh = find_entity(doc, "Daniel Marsh")
    assert marsh is not None and "victim" not in marsh.roles, marsh.roles
    assert_not_accused(doc, "Walter Price")


ROSTERS = [
    # "identified the defendants as" a list with ages and towns
    ("Four gang members were convicted of attempted murder and gang assault for attacking two "
     "men in Sunset Park, Brooklyn District Attorney Miguel Serrano announced today.\n"
     "The District Attorney identified the defendants as Carl Benson, 28, and Luis Ortega, 34, "
     "of Bedford-Stuyvesant, Peter Dunn, 35, and Mark Hollis, 36, of Sunset Park, Brooklyn.\n",
     ["Carl Benson", "Luis Ortega", "Peter Dunn", "Mark Hollis"], ("violent_crime", "convicted"),
     ["Miguel Serrano"]),
    # "The defendants ... include" a list, three sentences after the indictment
    ("District Attorney Summer Lane announced today that a criminal grand jury has returned "
     "indictments against three individuals in connection with a violent riot in Pacific Beach. "
     "The defendants were indicted on charges of conspiracy to commit a riot and assault with a "
     "deadly weapon. The grand jury heard testimony over 13 days.\n"
     "The defendants arraigned in court today include Alan Becker, 31; Jesse Moran, 31; and "
     "Brian Tate, 25. If convicted, the defendants face probation to prison.\n",
     ["Alan Becker", "Jesse Moran", "Brian Tate"], ("violent_crime", "charged"), ["Summer Lane"]),
    # a list below a colon, one name a line, then the release's end and its press contact
    ("Six men were charged after a daytime smash-and-grab robbery of a jewelry store.\n"
     "The defendants were charged with burglary and criminal damage to property. They appeared "
     "in court today and were ordered detained.\n"
     "Assistant State’s Attorney Nick Hale presented the case in court.\n"
     "The defendants charged are listed below:\n"
     "William Brown, 21\nDerrick Holt, 24\nJalen Pierce, 31\n###\n"
     "Media contact: Laura Finch, 312-555-0100\n",
     ["William Brown", "Derrick Holt", "Jalen Pierce"], ("robbery_theft", "charged"),
     ["Nick Hale", "Laura Finch"]),
]


@pytest.mark.parametrize("text,names,risk,innocent", ROSTERS, ids=["identified-as", "include", "listed-below"])
def test_a_roster_of_defendants_shares_the_case(read_article, text, names, risk, innocent):
    doc = read_article(text, "2025-02-19")
    category, stage = risk
    for name in names:
        assert stages(doc, name).get(category) == stage, name
    for name in innocent:
        assert_not_accused(doc, name)


def test_defendants_presumed_innocent_names_no_one(read_article):
    doc = read_article(
        "A grand jury indicted a 17-year-old on a murder charge. An indictment is merely an "
        "allegation. All defendants are presumed innocent until proven guilty.\n"
        "Related: Judge Maria Lopez Files Motion in Cases Related to County Staff\n", "2025-02-19")
    assert_not_accused(doc, "Maria Lopez")


def test_a_described_defendants_sentence_is_the_one_named_defendants(read_article):
    doc = read_article(
        "SANTA ANA – A third striker was sentenced today to 13 years in state prison for assaulting "
        "a sheriff's deputy by crashing into his patrol car. Victor Salcedo, 28, of Santa Ana, pleaded "
        "guilty to one felony count of aggravated assault on a peace officer.\n"
        "Deputy District Attorney Brock Lane prosecuted this case.\n", "2012-06-11")
    assert stages(doc, "Victor Salcedo").get("violent_crime") == "sentenced"
    assert_not_accused(doc, "Brock Lane")


def test_co_defendants_listed_with_ages_and_towns_share_the_verdict(read_article):
    doc = read_article(
        "The District Attorney identified the defendant as Owen Castell, 25, of Midwood. He was "
        "sentenced today to 20 years in prison following his guilty plea to first-degree "
        "manslaughter. Four co-defendants, Rudy Fenner, 28, and Abel Fenner, 34, of Red Hook, "
        "Silas Ortmann, 35, and Dario Quint, 36 of Sunset Park, Brooklyn were convicted of "
        "second-degree murder and first-degree robbery earlier this year following a jury trial "
        "before Justice Mara Lindqvist.", "2025-02-19")
    for name in ("Rudy Fenner", "Abel Fenner", "Silas Ortmann", "Dario Quint"):
        assert stages(doc, name) == {"violent_crime": "convicted", "robbery_theft": "convicted"}, name
    assert_not_accused(doc, "Mara Lindqvist")


def test_co_defendants_whose_cases_are_pending_are_charged_in_the_same_case(read_article):
    doc = read_article(
        "The State's Attorney's Office today announced the guilty plea of Joel Danvers for the 2023 "
        "murder of Officer Lena Porter.\n"
        "Danvers, 22, was sentenced to 55 years in prison after pleading guilty to first-degree "
        "murder before Judge Irene Vass. State's Attorney Ruth Calloway thanked Assistant State's "
        "Attorney Mona Pike for handling the case.\n"
        "Cases for his co-defendants—Tariq Hollins, Devon Marr, and Kyle Ashby—remain pending.\n",
        "2025-04-02")
    assert "violent_crime" in stages(doc, "Joel Danvers")
    for name in ("Tariq Hollins", "Devon Marr", "Kyle Ashby"):
        assert stages(doc, name) == {"violent_crime": "charged"}, name
    for name in ("Lena Porter", "Irene Vass", "Ruth Calloway", "Mona Pike"):
        assert_not_accused(doc, name)


def test_the_defendant_of_a_case_caption_is_charged_and_its_dismissal_ends_it(read_article):
    doc = read_article(
        "COUNTYWIDE – The County DA's Office has filed an appeal in the case of People v. Ruiz, "
        "a felony assault with personal use of a weapon which caused great bodily injury to the "
        "victim.\n"
        "On Oct. 26, the DA's Office announced ready to begin the trial of Marco Ruiz. The next "
        "day, the case was dismissed by the court. District Attorney Helen Okafor said the office "
        "opposed the decision.\n", "2024-11-02")
    assert stages(doc, "Marco Ruiz") == {"violent_crime": "dismissed"}
    assert_not_accused(doc, "Helen Okafor")


def test_a_civil_caption_between_private_parties_accuses_no_one(read_article):
    doc = read_article(
        "The court heard arguments in Dalton v. Pryce, a dispute over a fence between two "
        "neighbours, Ada Dalton and Felix Pryce.\n", "2024-11-02")
    for name in ("Ada Dalton", "Felix Pryce"):
        assert_not_accused(doc, name)


def test_a_list_joined_by_semicolons_names_every_defendant(read_article):
    # the parser hangs "Curtis Wendell" on "nephew" and "Ilse Marquardt" on an age, outside the list
    doc = read_article(
        "DAYTON, Ohio — A federal grand jury has returned an indictment in a mail theft scheme.\n"
        "The indictment charges Tobias R. Wendell, 41, of Dayton; his nephew, Curtis Wendell, 22, "
        "of Dayton; Ilse Marquardt, 39, of Xenia; Gerald Pruitt, 47, a resident of Troy; and Oren "
        "Blaylock, 50, of Kettering, with conspiracy to commit theft of mail.\n", "2025-03-04")
    for name in ("Tobias R. Wendell", "Curtis Wendell", "Ilse Marquardt", "Gerald Pruitt", "Oren Blaylock"):
        assert stages(doc, name).get("robbery_theft") == "charged", name


def test_a_titled_description_after_a_semicolon_is_no_list_item(read_article):
    doc = read_article(
        "The indictment charges Tobias R. Wendell, 41, of Dayton; his attorney, Ruth Ellery, "
        "said he would plead not guilty.\n", "2025-03-04")
    assert_not_accused(doc, "Ruth Ellery")


def test_a_defendant_who_admitted_the_deed_is_no_mere_speaker(read_article):
    # told only through "a 41-year-old man" and "He": the admission quotes him, it does not
    # make him a commentator whom only a named accusation could accuse
    doc = read_article(
        "TOLEDO, Ohio – A 41-year-old Sandusky man has pleaded guilty to smuggling migrants for "
        "profit, announced U.S. Attorney Mara Kessling.\n\n"
        "Rodrigo Esteban Salinas admitted that in May 2024 he drove a box truck carrying 22 migrants "
        "across the border near Detroit.\n\n"
        "He pleaded guilty on Monday to one count of conspiracy to transport aliens.\n", "2025-03-04")
    assert stages(doc, "Rodrigo Esteban Salinas").get("migrant_smuggling") in ("convicted", "charged")
    assert_not_accused(doc, "Mara Kessling")


def test_a_description_with_the_name_in_apposition_names_the_defendant(read_article):
    # the plea's subject is "The contractor"; quoted, he is protected from an accusation that
    # does not name him
    doc = read_article(
        "Former Harlow Mayor Vincent Oduya was sentenced Friday to four years in prison for "
        "taking bribes.\n\n"
        "The contractor, Gideon P. Marsh, 66, of Elmira, pleaded guilty before trial and testified "
        "against the former mayor.\n\n"
        "\"I am ashamed of what I did,\" Marsh told the court.\n", "2025-03-04")
    marsh = find_entity(doc, "Gideon P. Marsh")
    assert marsh is not None and "accused" in marsh.roles, marsh and marsh.roles
