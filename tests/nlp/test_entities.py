"""Who is who inside an article, and the attributes read for each person and organisation."""
from __future__ import annotations

from tests.conftest import entity_named
from rapsheet.text import fold_case as fold

SMUGGLING = """\
HOUSTON – A Mexican national was sentenced Tuesday to 15 years in federal prison for leading a \
human smuggling organization, U.S. Attorney Alamdar Hamdani announced.

Ricardo Alonso Gómez-Peña, 41, of Laredo, Texas, pleaded guilty in March 2024. Gómez-Peña, also \
known as "El Güero," admitted he coordinated the transport of more than 300 migrants.

U.S. District Judge Diana Saldaña imposed the sentence. The judge also ordered him to pay $250,000.

"This defendant treated human beings as cargo," said Special Agent in Charge Mark Lippa of \
Homeland Security Investigations. Lippa said his agents worked for two years on the case.
"""

CARTEL = """\
A leader of the Sinaloa Cartel was extradited to the United States on Friday, the Justice \
Department said.

Prosecutors say Néstor Iván Salazar-Urquídez, a 52-year-old citizen of Mexico, ran fentanyl \
laboratories for the cartel in Culiacán. The 52-year-old is expected to appear in federal court \
in Chicago next week. His lawyer, Daniel Ochoa, declined to comment.

The Sinaloa Cartel was designated a foreign terrorist organization in February. The group has \
long denied targeting civilians.
"""

ORG_ALIAS = """\
Federal prosecutors charged three alleged members of MS-13 with racketeering on Monday. The \
charges against the Mara Salvatrucha members follow a two-year investigation by the FBI and the \
Drug Enforcement Administration (DEA). The DEA said the gang ran drug sales in Long Island.
"""


def mentions(ent, kind=None):
    return [fold(m.text) for m in ent.mentions if kind is None or m.kind == kind]


def test_seed_flores_mentions_join_one_person(seed_document):
    flores = entity_named(seed_document, "Jose Enrique Martinez Flores")
    assert flores is not None and flores.type == "person"
    names = mentions(flores)
    assert names.count("flores") >= 5
    assert "he" in names and "his" in names
    assert any("venezuelan national" in m for m in names)
    # No other person entity holds a bare "Flores".
    others = [e for e in seed_document.entities if e is not flores and e.type == "person"]
    assert all("flores" not in mentions(e) for e in others)


def test_seed_tren_de_aragua_is_one_organisation_never_a_person(seed_document):
    tda = [e for e in seed_document.entities if "tren de aragua" in fold(e.name)]
    assert len(tda) == 1
    assert tda[0].type == "organization"
    assert len(mentions(tda[0], "name")) >= 6
    assert any(m == "the gang" for m in mentions(tda[0], "nominal"))


def test_seed_officials_are_people_with_titles(seed_document):
    bondi = entity_named(seed_document, "Pam Bondi")
    patel = entity_named(seed_document, "Kash Patel")
    trump = entity_named(seed_document, "Donald Trump")
    assert bondi and patel and trump
    assert [a.value for a in bondi.attributes["title"]] == ["Attorney General"]
    assert [a.value for a in patel.attributes["title"]] == ["FBI Director"]
    assert [a.value for a in trump.attributes["title"]] == ["President"]


def test_seed_flores_attributes(seed_document):
    flores = entity_named(seed_document, "Jose Enrique Martinez Flores")
    attrs = {k: [a.value for a in v] for k, v in flores.attributes.items()}
    assert attrs["age"] == [24]
    assert attrs["birth_year"] == [[2000, 2001]]
    assert attrs["nationality"] == ["VE"]
    assert any("high-ranking member of Tren de Aragua" in r for r in attrs["role"])
    assert any("inner circle" in r for r in attrs["role"])
    assert any(v.startswith("Bogotá") for v in attrs["location"])
    assert attrs["custody"] == ["Colombia"]
    text = seed_document.article.text
    for a in flores.attributes["age"]:
        assert "24" in text[a.start:a.end]


def test_seed_tren_de_aragua_attributes(seed_document):
    tda = entity_named(seed_document, "Tren de Aragua")
    attrs = {k: [a.value for a in v] for k, v in tda.attributes.items()}
    assert "VE" in attrs.get("country", [])
    assert {"Bolivia", "Colombia", "Chile", "Peru"} <= set(attrs.get("active_in", []))
    assert any("prison" in o for o in attrs.get("origin", []))


def test_surname_alias_and_title_holder(read_article):
    doc = read_article(SMUGGLING, "2025-06-12")
    gomez = entity_named(doc, "Ricardo Alonso Gómez-Peña")
    assert gomez is not None
    names = mentions(gomez)
    assert "gomez-pena" in names
    attrs = {k: [a.value for a in v] for k, v in gomez.attributes.items()}
    assert attrs["age"] == [41]
    assert attrs["alias"] == ["El Güero"]
    assert attrs["location"][0].startswith("Laredo")
    judge = entity_named(doc, "Diana Saldaña")
    assert judge is not None and "the judge" in mentions(judge)
    assert [a.value for a in judge.attributes["title"]] == ["U.S. District Judge"]
    lippa = entity_named(doc, "Mark Lippa")
    assert "lippa" in mentions(lippa) and "his" in mentions(lippa)
    # "him" after the judge's sentence is the defendant's? No: the nearest subject is the judge,
    # who is a woman, so a masculine pronoun must not join her.
    assert "him" not in mentions(judge)


def test_age_nationality_from_apposition_and_nominal(read_article):
    doc = read_article(CARTEL, "2025-05-02")
    nestor = entity_named(doc, "Néstor Iván Salazar-Urquídez")
    assert nestor is not None
    attrs = {k: [a.value for a in v] for k, v in nestor.attributes.items()}
    assert attrs["age"][0] == 52
    assert attrs["nationality"] == ["MX"]
    assert "the 52-year-old" in mentions(nestor)
    lawyer = entity_named(doc, "Daniel Ochoa")
    assert lawyer is not None and lawyer is not nestor
    cartel = entity_named(doc, "Sinaloa Cartel")
    assert cartel is not None and cartel.type == "organization"
    assert "the group" in mentions(cartel) or "the cartel" in mentions(cartel)


def test_acronyms_and_aliases_join_their_organisation(read_article):
    doc = read_article(ORG_ALIAS, "2025-05-02")
    dea = [e for e in doc.entities if "dea" in mentions(e)]
    assert len(dea) == 1
    assert "drug enforcement administration" in mentions(dea[0])
    ms13 = [e for e in doc.entities if "ms-13" in mentions(e)]
    assert len(ms13) == 1 and ms13[0].type == "organization"
    assert "the gang" in mentions(ms13[0])


def test_towns_are_never_people(read_article):
    doc = read_article("Prosecutors said Ana Beltrán Ruiz, 45, of Chula Vista, laundered $3 million "
                       "through exchange houses in Tijuana and Mexicali. Beltrán Ruiz was charged with "
                       "conspiracy to launder monetary instruments.", "2025-03-12")
    people = {e.name for e in doc.entities if e.type == "person"}
    assert any("Beltrán Ruiz" in p for p in people)
    assert not people & {"Chula Vista", "Tijuana", "Mexicali"}
    assert all("accused" not in e.roles for e in doc.entities if e.type == "location")


def test_a_title_ending_the_previous_sentence_is_no_title(read_article):
    doc = read_article("He said an appeal could be made to the office of Sweden's attorney general.\n"
                       "Assange is battling extradition to the United States, where he faces charges.",
                       "2019-11-19")
    assange = entity_named(doc, "Assange")
    assert assange is not None and "title" not in assange.attributes


HEADLINED_RELEASE = """\
MEDIA RELEASE: County DA Marisa Okonjo Announces Exoneration of Delbert
Quincy Faulk for Conviction based on Faulty Forensics
(ELKHART) - The County District Attorney’s Office announces the exoneration of Delbert
Quincy Faulk, 52, for his 1998 arson conviction after a review by the Conviction Integrity Unit.
“The evidence no longer supports this conviction,” District Attorney Marisa Okonjo said.
Thank you to ADA Priscilla Vantongeren and Investigators Rolf Ekdahl and Amos Tindle for \
their work on this case.
Share
Latest Posts
Lakeview Man Sentenced to Life in Prison
Guilty Verdict in Riverside Stabbing
"""


def people(doc):
    return {e.name for e in doc.entities if e.type == "person"}


def test_headline_and_title_words_never_form_or_extend_a_name(read_article):
    doc = read_article(HEADLINED_RELEASE, "2024-11-18")
    names = {e.name for e in doc.entities if e.type in ("person", "organization")}
    assert not [n for n in names if any(w in n.split() for w in (
        "Announces", "Exoneration", "Man", "Sentenced", "Guilty", "Verdict", "ADA", "Investigators"))]
    assert {"Marisa Okonjo", "Priscilla Vantongeren", "Rolf Ekdahl", "Amos Tindle"} <= people(doc)


def test_a_name_wrapped_across_a_line_of_prose_is_one_person(read_article):
    doc = read_article(HEADLINED_RELEASE, "2024-11-18")
    faulk = [e for e in doc.entities if "Faulk" in e.name]
    assert len(faulk) == 1 and faulk[0].type == "person" and faulk[0].name == "Delbert Quincy Faulk"


def test_a_name_never_runs_across_the_lines_of_a_tag_list(read_article):
    doc = read_article("Deputies arrested Kevin Ortega after a chase through Santa Ana, police said.\n"
                       "Tags\nKevin Ortega\nMurder\nRene Castaneda\nShare\nLatest Posts\n",
                       "2024-05-02")
    assert not [n for n in people(doc) if "\n" in n or "Murder" in n]
    assert "Kevin Ortega" in people(doc)


def test_a_title_before_a_name_makes_a_person_not_an_organisation(read_article):
    doc = read_article("The case was tried by ADA Brittany Kowalczyk of the Homicide Bureau, and "
                       "Lead Prosecutor Hilary Wendt argued the appeal.", "2024-05-02")
    assert {"Brittany Kowalczyk", "Hilary Wendt"} <= people(doc)
    assert not [e for e in doc.entities if e.type == "organization" and "Kowalczyk" in e.name]


def _person(doc, name):
    return next((e for e in doc.entities if e.type == "person" and e.name == name), None)


def test_evidence_makes_a_person_whatever_the_model_label(read_article):
    doc = read_article(
        "A grand jury returned an indictment charging 17-year-old Laith Omar Shahzad with arson. "
        "On July 9, 2025, DMV employee Shaquana Merritt was charged with bribery.\n"
        "A county spokesperson, Marisol Quintero-Vidal, said the office would not comment.\n"
        "The defendants charged are listed below:\nLiberty Coles, 33\nTerrell Onuoha, 31\n"
        "The appeal was filed by Deputy District Attorneys Emily Varga and Jesse Morrow of the Writs "
        "unit. Dr. Robert Dale Bass, Laguna Woods, was charged Sept. 21.\n"
        "Assistant State’s Attorneys\nKatie Sievers\nand\nKrystyn Dalillo\nwill handle the "
        "prosecution.\n“We will not stop,”\nCook County State’s Attorney Maureen O’Neill Falk\nsaid.\n",
        "2025-07-10")
    for name in ("Laith Omar Shahzad", "Shaquana Merritt", "Marisol Quintero-Vidal", "Liberty Coles",
                 "Terrell Onuoha", "Emily Varga", "Robert Dale Bass", "Katie Sievers", "Maureen O’Neill Falk"):
        assert _person(doc, name), (name, [(e.type, e.name) for e in doc.entities])
    assert not [e for e in doc.entities if e.type == "organization" and "Haywood" in e.name]


def test_a_plural_title_before_a_headline_verb_makes_no_person(read_article):
    doc = read_article("May 26, 2026\n\nInvestigators Seek Public's Help in Identifying 1994 Victim\n\n"
                       "Detectives asked anyone with information to call the tip line.", "2026-05-26")
    assert not [n for n in people(doc) if "Seek" in n or "Public" in n]


def test_a_byline_or_press_contact_is_a_person_never_accused(read_article):
    doc = read_article(
        "MAN SENTENCED TO PRISON FOR ARMED ROBBERY OF GAS STATION\nAuthor\nLeilani Marsh Fenwick\n"
        "Published\nJune 16, 2017\nSANTA ANA, Calif. – A man was sentenced today to 12 years in state "
        "prison for robbing a gas station at gunpoint. Dwayne Koster, 34, pleaded guilty to one felony "
        "count of second degree robbery.\n", "2017-06-16")
    author = _person(doc, "Leilani Marsh Fenwick")
    assert author is not None and "accused" not in author.roles
    koster = _person(doc, "Dwayne Koster")
    assert koster is not None and "accused" in koster.roles
    doc = read_article("March 18, 2019 Contact: Kimberlee Loach\nDirector of Communications\n"
                       "A Dallas man was indicted for fraud on Monday, prosecutors said.", "2019-03-18")
    contact = _person(doc, "Kimberlee Loach")
    assert contact is not None and "accused" not in contact.roles


def test_a_nickname_inside_a_name_is_an_alias_not_a_cut(read_article):
    doc = read_article(
        "The District Attorney identified the defendant as Darnell (Big D) Huxley, 21, of Brooklyn. "
        "Huxley was arraigned Monday. Regulators also arrested William Neil “Doc” Gallaway, 77, on "
        "Friday. Gallaway ran the fund.", "2024-03-12")
    for name, alias in (("Darnell Huxley", "Big D"), ("William Neil Gallaway", "Doc")):
        ent = _person(doc, name)
        assert ent is not None, [(e.type, e.name) for e in doc.entities]
        assert alias in [a.value for a in ent.attributes.get("alias", [])]
    assert not [n for n in people(doc) if n in ("Darnell", "William Neil")]


def test_a_canonical_name_holds_no_epithet_or_headline_verb(read_article):
    doc = read_article(
        "Gordon Pryce Denies Carlos Estrada Entry To Club Gala\n\n"
        "Gordon Pryce said Monday that Carlos Estrada would not attend. Crooked Harold Lindqvist "
        "should be in jail, Pryce wrote. Lindqvist denied wrongdoing. Frank Delgado Ruiz, 45, of "
        "Austin, declined to comment.", "2024-03-12")
    names = people(doc)
    assert {"Gordon Pryce", "Carlos Estrada", "Harold Lindqvist", "Frank Delgado Ruiz"} <= names, names
    assert not [n for n in names if "Crooked" in n or "Denies" in n]


def test_a_company_keeps_its_legal_form_and_is_never_a_person(read_article):
    doc = read_article(
        "The bureau secured a $9 million judgment against Meridian Recovery, LLC as well as a "
        "judgment against Keystone Savings, N.A. in 2019. He learned that his employer, "
        "Norwalk-based Calliope Therapeutics, was negotiating to be acquired.", "2024-03-12")
    orgs = {e.name for e in doc.entities if e.type == "organization"}
    assert {"Meridian Recovery, LLC", "Keystone Savings, N.A.", "Calliope Therapeutics"} <= orgs, orgs
    assert not [n for n in people(doc) if "Calliope" in n]


def test_a_group_name_cut_at_its_particle_is_one_organisation(read_article):
    # the model reads "Los Halcones" as a nationality or a place and leaves "Norte" out
    doc = read_article(
        "The Department of State is today designating Los Halcones del Norte as a Foreign "
        "Terrorist Organization (FTO). The Department is also designating the group's leader, "
        "Aurelio Benítez Ocaña, as an SDGT.\n\n"
        "Los Halcones del Norte is a violent criminal organization based in the Mexican state of "
        "Sonora.\n", "2025-07-24")
    group = entity_named(doc, "Los Halcones del Norte")
    assert group is not None and group.type == "organization"
    assert "accused" in group.roles and {r.stage for r in group.risks} == {"sanctioned"}
    # a person's particle never makes an organisation
    doc = read_article("Police said Juan de Dios Ortega, 44, of Tucson, was arrested on Monday with "
                       "Eduardo de la Garza.\n", "2025-07-24")
    assert not [e.name for e in doc.entities if e.type == "organization" and "Ortega" in e.name]


def test_a_company_the_model_missed_is_read_back_from_its_legal_form(read_article):
    doc = read_article(
        "TOLEDO, Ohio — The operator of a chemical plant on Lake Erie has agreed to pay a $2 "
        "million civil penalty to settle claims that it violated the Clean Water Act, federal "
        "officials said Thursday.\n\n"
        "Maumee Solvents Partners LP agreed to the settlement with the Environmental Protection "
        "Agency without admitting liability.\n", "2025-03-04")
    company = entity_named(doc, "Maumee Solvents Partners LP")
    assert company is not None and company.type == "organization"
    assert "accused" in company.roles and {r.stage for r in company.risks} == {"settled"}, company.risks
