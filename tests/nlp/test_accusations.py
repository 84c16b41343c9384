"""Never a false accusation: officials, judges, agents, victims, witnesses, lawyers and quoted
commentators are never accused and carry no risk, however close they stand to a crime word.

Runs the whole pipeline (tests/conftest.py's `read_article`) on adversarial sentences and on every
case of the test corpus (tests/fixtures/articles), whose `not_accused` lists must come out with no
accusation at all; accuracy on the accused is gated by the floors pinned in benchmarks/floors.yaml.
"""
from __future__ import annotations

import pytest

from tests.corpus import corpus_floors, load_cases
from tests.nlp.accusation_eval import assert_not_accused, case_article, find_entity, score_case, totals

# (text, names never accused, names that must be accused)
ADVERSARIAL = [
    ("Attorney General Pam Bondi said the gang trafficked drugs into the United States and "
     "laundered the proceeds through shell companies.", ["Pam Bondi"], []),
    ("President Donald Trump signed an executive order designating Tren de Aragua a foreign "
     "terrorist organization.", ["Donald Trump"], ["Tren de Aragua"]),
    ("FBI Director Kash Patel announced that Carlos Mendoza was arrested in Miami on Tuesday and "
     "charged with money laundering.", ["Kash Patel"], ["Carlos Mendoza"]),
    ("U.S. District Judge Maria Alvarez sentenced Peter Novak to 12 years in prison for wire "
     "fraud.", ["Maria Alvarez"], ["Peter Novak"]),
    ("Police said Daniel Reyes, 34, was killed when gunmen opened fire outside his home. No one "
     "has been arrested.", ["Daniel Reyes"], []),
    ("“He stole everything we had,” said Linda Harper, one of the victims of the Ponzi scheme run "
     "by Gregory Lyle, who pleaded guilty to securities fraud.", ["Linda Harper"], ["Gregory Lyle"]),
    ("Defense attorney Robert Klein said his client, Ahmed Farouk, denies the charges of "
     "providing material support to ISIS.", ["Robert Klein"], ["Ahmed Farouk"]),
    ("U.S. Attorney Jennifer Walsh, who prosecuted the cartel leaders, said the drug trafficking "
     "organization moved tons of cocaine.", ["Jennifer Walsh"], []),
    ("Special Agent Thomas Reed testified that Victor Sokolov hacked into the bank's network and "
     "stole customer data.", ["Thomas Reed"], []),
    ("Mayor Helen Brooks, who was not charged, said she was shocked by the bribery scheme "
     "uncovered in her office.", ["Helen Brooks"], []),
    ("The Treasury Department sanctioned the Sinaloa Cartel, Treasury Secretary Scott Bessent "
     "said, citing its role in fentanyl trafficking.", ["Scott Bessent"], []),
    ("Prosecutors said Miguel Torres could face life in prison if convicted of murder.", [], []),
    ("Detective Sarah Kim, who investigated the murder of Joseph Grant, said the killer has not "
     "been identified.", ["Sarah Kim", "Joseph Grant"], []),
]


@pytest.mark.parametrize("text,innocent,guilty", ADVERSARIAL, ids=[a[0][:40] for a in ADVERSARIAL])
def test_adversarial_sentence_accuses_no_official(read_article, text, innocent, guilty):
    doc = read_article(text, "2025-05-06")
    for name in innocent:
        entity = find_entity(doc, name)
        assert entity is not None, f"{name} not found as an entity"
        assert "accused" not in entity.roles, f"{name} accused: {entity.roles}"
        assert entity.risks == [], f"{name} carries risk: {entity.risks}"
    for name in guilty:
        entity = find_entity(doc, name)
        assert entity is not None and "accused" in entity.roles, f"{name} not accused"


def test_hypothetical_penalty_is_not_a_conviction(read_article):
    doc = read_article("Prosecutors said Miguel Torres could face life in prison if convicted of "
                       "murder.", "2025-05-06")
    torres = find_entity(doc, "Miguel Torres")
    assert torres is None or all(r.stage not in ("convicted", "sentenced") for r in torres.risks)
    assert all(e.modality == "hypothetical" for e in doc.events if e.type in ("conviction",))


def test_negated_charge_accuses_no_one(read_article):
    doc = read_article("Anna Petrova was questioned by detectives but was not charged, police said.",
                       "2025-05-06")
    petrova = find_entity(doc, "Anna Petrova")
    assert petrova is not None and "accused" not in petrova.roles and not petrova.risks
    assert any(e.type == "charge" and e.negated for e in doc.events)


def test_seed_officials_and_accused(seed_document):
    flores = find_entity(seed_document, "Jose Enrique Martinez Flores")
    assert flores is not None and "accused" in flores.roles
    assert {r.category: r.stage for r in flores.risks} == {"terrorism": "charged",
                                                            "narcotics": "charged"}
    gang = find_entity(seed_document, "Tren de Aragua")
    risks = {r.category: r.stage for r in gang.risks}
    assert risks.get("terrorism") == "sanctioned"
    assert {"narcotics", "human_trafficking", "extortion", "kidnapping",
            "money_laundering"} <= set(risks)
    for name in ("Pam Bondi", "Kash Patel", "Donald Trump"):
        official = find_entity(seed_document, name)
        assert official is not None
        assert "official" in official.roles and "accused" not in official.roles
        assert official.risks == []


CASES = load_cases()

# Accuracy floors on the corpus, pinned from the run that set them: raise them as the pipeline
# improves; lowering one needs a reason in the commit message.
# Contract v2 made the two civil settlements of the corpus accused (civil, settled), which the
# reading does not find yet: recall 0.86 -> 0.842, stage 0.76 -> 0.747, categories 0.74 -> 0.73 on
# the larger denominator, with nothing read differently.
# Civil outcomes read as charges (settled, penalized, sued) found one of the two: recall 0.855.
# People typed from evidence (an age, a role noun, a title, a byline) and nicknames inside names:
# recall 0.876, stage 0.783, categories 0.775, charges 0.848.
# Surnames the model read as a place or a common noun join their person: categories 0.781, charges 0.856;
# "executed a search warrant" is no death sentence: stage 0.804.
# The floors themselves live in benchmarks/floors.yaml (own_corpus_accusations).
FLOORS = corpus_floors("own_corpus_accusations")


@pytest.fixture(scope="module")
def corpus_scores(pipeline):
    from rapsheet.nlp.pipeline import extract_document
    return [score_case(case, extract_document(case_article(case), pipeline)) for case in CASES]


def test_corpus_has_cases():
    assert len(CASES) >= 40


def test_corpus_false_accusations_zero(corpus_scores):
    wrong = {s.stem: s.false_accusations for s in corpus_scores if s.false_accusations}
    assert wrong == {}, f"false accusations: {wrong}"


def test_corpus_accuracy_floors(corpus_scores):
    got = totals(corpus_scores)
    low = {k: round(got[k], 3) for k, floor in FLOORS.items() if got[k] < floor}
    assert low == {}, f"below floor: {low} (all: {got})"


def test_dateline_is_no_defendant_and_sentence_is_latest_stage(read_article):
    doc = read_article("ST. LOUIS – A federal judge on Tuesday sentenced Marcus Webb, 29, to 22 "
                       "years in federal prison for conspiracy to distribute fentanyl.", "2025-05-07")
    webb = find_entity(doc, "Marcus Webb")
    assert webb is not None and {r.category: r.stage for r in webb.risks} == {"narcotics": "sentenced"}
    for event in doc.events:
        assert all("LOUIS" not in a.text for a in event.arguments), event


def test_defendants_listed_with_ages_share_the_verdict(read_article):
    doc = read_article("José Armando Villatoro Cruz, also known as \"Demonio,\" 28, and Edwin "
                       "Rigoberto Fuentes Ayala, also known as \"Chucky,\" 24, were found guilty "
                       "of murder in aid of racketeering, conspiracy to commit murder in aid of "
                       "racketeering, and using a firearm during a crime of violence.", "2025-05-07")
    for name in ("José Armando Villatoro Cruz", "Edwin Rigoberto Fuentes Ayala"):
        entity = find_entity(doc, name)
        assert entity is not None and "accused" in entity.roles, name
        assert {r.category: r.stage for r in entity.risks}.get("violent_crime") == "convicted", name


def test_sentencing_to_come_leaves_the_stage_at_convicted(read_article):
    doc = read_article("Leila Haddad-Moreno pleaded guilty to one count of tax evasion on Monday. "
                       "She faces up to five years in prison when she is sentenced in December.",
                       "2025-05-07")
    leila = find_entity(doc, "Leila Haddad-Moreno")
    assert {r.category: r.stage for r in leila.risks} == {"tax_crime": "convicted"}
    assert all(e.modality != "asserted" for e in doc.events if e.type == "sentence")


def test_dismissed_indictment_ends_its_one_defendants_case(read_article):
    doc = read_article("Samuel Ogunleye was charged with bank fraud in March. On Friday, U.S. "
                       "District Judge Wendy Parkhurst dismissed the indictment with prejudice.",
                       "2025-05-07")
    samuel = find_entity(doc, "Samuel Ogunleye")
    assert {r.category: r.stage for r in samuel.risks} == {"fraud": "dismissed"}
    judge = find_entity(doc, "Wendy Parkhurst")
    assert judge is not None and "accused" not in judge.roles and not judge.risks


RELEASE = """\
WASHINGTON — Today, the U.S. Department of the Treasury's Office of Foreign Assets Control (OFAC) \
designated three individuals and two companies in Panama that have laundered proceeds for the \
Gulf Clan.

Rodrigo Esteban Salcedo Vélez, a Panamanian businessman based in Colón, moves cash for the group \
through his firm Salcedo Import Export S.A. His partner, Marta Lucía Oquendo, runs Oquendo \
Logistics Ltd.

"These facilitators give cartels a bank," said Deputy Assistant Secretary for Illicit Finance \
Margaret O'Donnell. Panamanian prosecutor Julio Arosemena welcomed the action.

The individuals and entities are designated pursuant to Executive Order 14059.
"""


def test_release_designees_are_sanctioned_but_the_officials_it_names_are_not(read_article):
    doc = read_article(RELEASE, "2025-06-10")
    by_name = {e.name: e for e in doc.entities}
    for designee in ("Rodrigo Esteban Salcedo Vélez", "Marta Lucía Oquendo"):
        ent = next(e for n, e in by_name.items() if designee.split()[0] in n)
        assert "accused" in ent.roles and {r.stage for r in ent.risks} == {"sanctioned"}, designee
    for official in ("Margaret O'Donnell", "Julio Arosemena"):
        ent = next((e for n, e in by_name.items() if official.split()[-1] in n), None)
        assert ent is None or ("accused" not in ent.roles and not ent.risks), official


def test_a_name_near_crime_words_with_no_allegation_is_not_accused(read_article):
    doc = read_article("Republicans on the committee questioned why Hunter Biden sat on the board of "
                       "Burisma while the company was under investigation for corruption in Ukraine. "
                       "Representative Adam Schiff said the inquiry would continue.", "2019-11-19")
    for name in ("Hunter Biden", "Adam Schiff"):
        assert_not_accused(doc, name)


def test_who_tries_to_stop_a_theft_is_not_the_thief(read_article):
    doc = read_article("Police said Marcus Bell was a good Samaritan who tried to stop the suspect "
                       "from stealing a woman's purse.", "2025-05-07")
    stealing = [e for e in doc.events if e.trigger.text == "stealing"]
    assert stealing and [a.text for a in stealing[0].arguments if a.role == "defendant"] == ["the suspect"]
    assert not any("accused" in e.roles or e.risks for e in doc.entities), \
        [(e.name, e.roles) for e in doc.entities if "accused" in e.roles]


def test_a_detained_population_is_not_an_accused_organisation(read_article):
    doc = read_article("The mass detention of a million or more Uighurs began after party leaders "
                       "vowed a struggle against terrorism in the region.", "2019-11-25")
    assert not any("accused" in e.roles or e.risks for e in doc.entities), \
        [(e.name, e.roles) for e in doc.entities if "accused" in e.roles]


def test_a_headline_about_guards_charged_does_not_charge_the_dead_inmate(read_article):
    doc = read_article("Two federal prison officers charged with falsifying records in connection "
                       "with Jeffrey Epstein's suicide", "2019-11-19")
    epstein = find_entity(doc, "Jeffrey Epstein")
    assert epstein is not None and "accused" not in epstein.roles and not epstein.risks
    assert not doc.charges


def test_others_charged_in_the_same_sentence_lend_no_offence(read_article):
    doc = read_article("Harold Kine was held at the jail until his arrest, and guards there were "
                       "later charged with forging the logs.", "2025-05-07")
    kine = find_entity(doc, "Harold Kine")
    assert kine is not None
    assert not any(c.defendant == kine.id for c in doc.charges)
    assert "forgery" not in {r.category for r in kine.risks}


def test_a_category_belongs_to_the_clause_of_the_defendants_own_event(read_article):
    doc = read_article("Harold Kine was jailed in a county lockup where two guards later falsified "
                       "records of their cell checks.", "2025-05-07")
    kine = find_entity(doc, "Harold Kine")
    assert kine is not None and "forgery" not in {r.category for r in kine.risks}


def test_a_surname_alone_after_the_full_name_carries_the_charges(read_article):
    doc = read_article("Isaiah Montgomery, 19, and Raheem K. Lassiter, 22, were arrested Monday.\n\n"
                       "Montgomery and Lassiter are charged as adults with robbery of a motor "
                       "vehicle.", "2024-12-11")
    for name in ("Isaiah Montgomery", "Raheem K. Lassiter"):
        ent = find_entity(doc, name)
        assert ent is not None and {r.category: r.stage for r in ent.risks} == {
            "robbery_theft": "charged"}, (name, ent and ent.risks)


def test_charging_a_device_is_no_criminal_charge(read_article):
    doc = read_article("The new pad can charge an iPhone, an Apple Watch and AirPods at once, the "
                       "company said.", "2019-11-19")
    assert not any(e.type == "charge" for e in doc.events)
    assert not any("accused" in e.roles for e in doc.entities)


def test_found_guilty_with_the_defendant_between_and_its_offence(read_article):
    doc = read_article("A jury found Mark Ruiz not guilty of murder on Friday.", "2025-05-07")
    ruiz = find_entity(doc, "Mark Ruiz")
    assert ruiz is not None and {r.category: r.stage for r in ruiz.risks} == {"violent_crime": "acquitted"}


def test_a_verdict_in_a_complement_clause_convicts_only_when_a_verdict_giver_states_it(read_article):
    doc = read_article("The jury weighed the evidence and decided that Marlon Kessick was guilty of "
                       "second-degree murder.", "2025-05-07")
    kessick = find_entity(doc, "Marlon Kessick")
    assert kessick is not None and {r.category: r.stage for r in kessick.risks} == {"violent_crime": "convicted"}
    doc = read_article("Jurors agreed Dana Pellow was guilty of arson.", "2025-05-07")
    pellow = find_entity(doc, "Dana Pellow")
    assert pellow is not None and "accused" in pellow.roles
    doc = read_article("Judge Amy Rollins concluded that Dana Pellow was guilty of arson.", "2025-05-07")
    pellow = find_entity(doc, "Dana Pellow")
    assert pellow is not None and "accused" in pellow.roles
    # "they" stands for the jurors of the sentence before
    doc = read_article("The jurors agreed that the scheme was illegal. They weighed all the evidence and "
                       "decided that Ronan Vesk was guilty of armed robbery.", "2025-05-07")
    vesk = find_entity(doc, "Ronan Vesk")
    assert vesk is not None and {r.category: r.stage for r in vesk.risks} == {"robbery_theft": "convicted"}
    # not guilty clears; a relative, a bare "they" or a modal clause gives no verdict
    doc = read_article("The jury found that Lena Farrow was not guilty of manslaughter.", "2025-05-07")
    farrow = find_entity(doc, "Lena Farrow")
    assert farrow is not None and {r.stage for r in farrow.risks} == {"acquitted"}
    for text, name in [
        ("His mother decided that Tom Brisket was guilty of the theft.", "Tom Brisket"),
        ("The judge's wife decided that Tom Brisket was guilty of the theft.", "Tom Brisket"),
        ("Neighbours met on Monday. They decided that Tom Brisket was guilty of the theft.", "Tom Brisket"),
        ("The jury will decide whether Ana Lutz is guilty of fraud.", "Ana Lutz"),
        ("The judge ruled that Ana Lutz would be guilty of fraud if she signed.", "Ana Lutz"),
        ("The jury did not decide that Ana Lutz was guilty of fraud.", "Ana Lutz"),
    ]:
        doc = read_article(text, "2025-05-07")
        e = find_entity(doc, name)
        assert e is None or not any(r.stage == "convicted" for r in e.risks), text


def test_a_sentence_handed_to_someone_sentences_them(read_article):
    doc = read_article("A county jury took an hour to hand down a life sentence to 45-year-old Gordon "
                       "Plimsby on Tuesday for the murder of his uncle.", "2025-05-07")
    plimsby = find_entity(doc, "Gordon Plimsby")
    assert plimsby is not None and {r.category: r.stage for r in plimsby.risks} == {"violent_crime": "sentenced"}
    doc = read_article("Judge Amy Rollins imposed a 10-year sentence on Harriet Quell for fraud.", "2025-05-07")
    assert {r.stage for r in find_entity(doc, "Harriet Quell").risks} == {"sentenced"}
    assert_not_accused(doc, "Amy Rollins")
    # what is handed is no sentence, or is handed to no one who undergoes it
    doc = read_article("The judge handed a copy of the sentence to reporter Ina Brask.", "2025-05-07")
    assert_not_accused(doc, "Ina Brask")


def test_a_statute_cited_between_two_offences_does_not_end_the_list(read_article):
    doc = read_article("Yasmin Haddad pleaded guilty to bank embezzlement, in violation of 18 U.S.C. § 656, "
                       "and aggravated identity theft, in violation of 18 U.S.C. § 1028A.", "2025-05-07")
    yasmin = find_entity(doc, "Yasmin Haddad")
    assert {c.category for c in doc.charges if c.defendant == yasmin.id} == {"robbery_theft", "fraud"}
    doc = read_article("Omar Reyes pleaded guilty to one count of wire fraud, in violation of 18 U.S.C. "
                       "§ 1343, and one count of money laundering, in violation of 18 U.S.C. § 1956.",
                       "2025-05-07")
    omar = find_entity(doc, "Omar Reyes")
    mine = {c.category: c for c in doc.charges if c.defendant == omar.id}
    assert set(mine) == {"fraud", "money_laundering"}
    assert mine["money_laundering"].counts == 1 and "1956" in (mine["money_laundering"].statute or "")


def test_passive_accusation_accuses_its_subject_and_never_the_accuser(read_article):
    doc = read_article("Maria Lopez is accused of laundering money for the gang. Prosecutors Jane Ruiz "
                       "and Tom Hale accused Peter Grant of extortion.", "2025-05-07")
    for name, category in (("Maria Lopez", "money_laundering"), ("Peter Grant", "extortion")):
        ent = find_entity(doc, name)
        assert ent is not None and {r.category: r.stage for r in ent.risks} == {category: "suspected"}
    for name in ("Jane Ruiz", "Tom Hale"):
        assert_not_accused(doc, name)


def test_an_organisation_a_source_says_commits_an_offence_is_suspected(read_article):
    doc = read_article("The Sinaloa Cartel has smuggled tons of fentanyl into the United States, the "
                       "DEA said. The Treasury Department fights drug trafficking, officials said. "
                       "Acme Corp. was defrauded of $2 million by the scheme, prosecutors said.",
                       "2025-05-07")
    cartel = find_entity(doc, "Sinaloa Cartel")
    assert {r.category: r.stage for r in cartel.risks} == {"narcotics": "suspected"}
    for name in ("Drug Enforcement Administration", "U.S. Department of the Treasury", "Acme Corp."):
        assert_not_accused(doc, name)



def test_an_organisation_that_works_against_a_crime_is_not_suspected_of_it(read_article):
    doc = read_article("According to its director, the Polaris Project rescues victims of human trafficking "
                       "every year. JPMorgan Chase said it had flagged transactions linked to money "
                       "laundering.", "2025-05-07")
    for name in ("Polaris Project", "JPMorgan Chase"):
        assert_not_accused(doc, name)
