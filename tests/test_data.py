"""rapsheet.data: the YAML gazetteers load and validate, and the EntityRuler built from them tags
real-looking news sentences (organisations as ORG, never PERSON; laws as LAW)."""
from __future__ import annotations

import textwrap

import pytest

from rapsheet import data
from rapsheet.errors import RapsheetError


@pytest.fixture(scope="session")
def ruled_nlp():
    """The configured spaCy model with only the gazetteer ruler added, loaded once."""
    import spacy

    from rapsheet.settings import settings

    nlp = spacy.load(settings().spacy_model)
    data.add_entity_ruler(nlp)
    return nlp


def ents(nlp, text):
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


# --- validation ---------------------------------------------------------------------------------

def _write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_bad_kind_is_reported_with_file_and_row(tmp_path):
    path = _write(tmp_path, "organizations.yaml", """\
        designations: {US-FTO: Foreign Terrorist Organization}
        organizations:
        - {name: Tren de Aragua, aliases: [TdA], kind: gang, countries: [VE]}
        - {name: Los Zetas, aliases: [Zetas], kind: drug-gang, countries: [MX]}
        """)
    with pytest.raises(RapsheetError) as err:
        data.parse(path, data.validate_organizations)
    message = str(err.value)
    assert "organizations.yaml" in message and "row 2" in message and "Los Zetas" in message
    assert "kind" in message


@pytest.mark.parametrize("row, problem", [
    ("{name: Los Zetas, kind: cartel, countries: [Mexico]}", "ISO alpha-2"),
    ("{name: Los Zetas, kind: cartel, countries: [ZZ]}", "not in nationalities"),
    ("{name: Los Zetas, kind: cartel, countries: [MX], designations: [US-XYZ]}", "not declared"),
    ("{aliases: [Zetas], kind: cartel, countries: [MX]}", "'name'"),
    ("{name: Los Zetas, aliases: TdA, kind: cartel, countries: [MX]}", "'aliases'"),
    ("{name: Los Zetas, aliases: [TDA], kind: cartel, countries: [MX]}", "already used"),
])
def test_each_kind_of_bad_organization_row_is_caught(tmp_path, row, problem):
    path = _write(tmp_path, "organizations.yaml", f"""\
        designations: {{US-FTO: Foreign Terrorist Organization}}
        organizations:
        - {{name: Tren de Aragua, aliases: [TdA], kind: gang, countries: [VE]}}
        - {row}
        """)
    with pytest.raises(RapsheetError, match="row 2") as err:
        data.parse(path, data.validate_organizations)
    assert problem in str(err.value)


def test_broken_yaml_names_the_file_and_line(tmp_path):
    path = _write(tmp_path, "laws.yaml", "laws:\n- {name: Hobbs Act, country: US\n- {name: x}\n")
    with pytest.raises(RapsheetError, match=r"laws.yaml: not valid YAML at line"):
        data.parse(path, data.validate_laws)


def test_agency_titles_and_nationality_validators_catch_bad_rows(tmp_path):
    agencies = _write(tmp_path, "agencies.yaml", """\
        agencies:
        - {name: FBI, kind: spy-agency, country: US}
        us_districts: {Texas: [southern]}
        """)
    with pytest.raises(RapsheetError, match=r"agencies.yaml: agencies row 1 \('FBI'\).*kind"):
        data.parse(agencies, data.validate_agencies)
    titles = _write(tmp_path, "titles.yaml", """\
        titles:
        - {title: FBI Director, kind: official, agency: Federal Bureau of Nothing}
        title_words: [Director]
        """)
    with pytest.raises(RapsheetError, match="not in agencies.yaml"):
        data.parse(titles, data.validate_titles)
    nationalities = _write(tmp_path, "nationalities.yaml", """\
        countries:
        - {code: DO, name: Dominican Republic, demonyms: [Dominican]}
        - {code: DM, name: Dominica, demonyms: [Dominican]}
        """)
    with pytest.raises(RapsheetError, match="'Dominican' is already used"):
        data.parse(nationalities, data.validate_nationalities)


def test_unknown_files_load_without_a_validator(tmp_path):
    path = _write(tmp_path, "triggers.yaml", "arrest: [arrested, detained]\n")
    assert data.parse(path, data.VALIDATORS.get("triggers")) == {"arrest": ["arrested", "detained"]}


# --- the shipped files --------------------------------------------------------------------------

def test_shipped_files_load_and_are_large_enough():
    assert len(data.load("organizations")["organizations"]) >= 150
    assert len(data.load("agencies")["agencies"]) >= 80
    assert len(data.load("laws")["laws"]) >= 40
    assert len(data.load("nationalities")["countries"]) >= 249
    assert {row["kind"] for row in data.load("titles")["titles"]} == set(data.TITLE_KINDS)
    assert data.load("organizations") is data.load("organizations")  # read once


def test_every_organization_name_and_alias_is_unique():
    seen: dict[str, str] = {}
    for row in data.load("organizations")["organizations"]:
        names = [row["name"], *row.get("aliases", []), *row.get("ambiguous_aliases", [])]
        for name in names:
            key = data.fold(name)
            assert seen.setdefault(key, row["name"]) == row["name"], \
                f"{name!r} names both {seen[key]!r} and {row['name']!r}"


def test_seed_facts_are_in_the_gazetteers():
    by_name = {row["name"]: row for row in data.load("organizations")["organizations"]}
    tda = by_name["Tren de Aragua"]
    assert "TdA" in tda["aliases"] and tda["countries"][0] == "VE"
    assert {"US-FTO", "US-SDGT"} <= set(tda["designations"])
    titles = {row["title"]: row for row in data.load("titles")["titles"]}
    assert titles["Attorney General"]["kind"] == "prosecutor"
    assert titles["FBI Director"]["agency"] == "FBI"
    assert titles["U.S. District Judge"]["kind"] == "judge"
    assert titles["defense attorney"]["kind"] == "lawyer"


@pytest.mark.parametrize("text, codes", [
    ("Venezuelan", ("VE",)), ("Venezuelans", ("VE",)), ("U.K.", ("GB",)), ("British", ("GB",)),
    ("Mexico", ("MX",)), ("the United States", ("US",)), ("American", ("US",)),
    ("Colombian", ("CO",)), ("Salvadoran", ("SV",)), ("Korean", ("KR", "KP")), ("Martian", ()),
])
def test_country_codes_read_names_and_demonyms(text, codes):
    assert data.country_codes(text) == codes
    assert data.country_code(text) == (codes[0] if len(codes) == 1 else None)


# --- the ruler ----------------------------------------------------------------------------------

def test_every_pattern_has_a_label_and_a_slug_id():
    patterns = data.entity_ruler_patterns()
    assert {p["label"] for p in patterns} == {"ORG", "LAW"}
    assert all(p["id"] and p["id"] == data.slug(p["id"]) for p in patterns)
    spellings = {p["pattern"]: p["id"] for p in patterns}
    assert spellings["TdA"] == spellings["Tren de Aragua"] == "tren-de-aragua"
    assert "Wagner" not in spellings and "the Outfit" not in spellings  # ambiguous aliases
    assert "hells angels" not in spellings and "HELLS ANGELS" in spellings


def test_tren_de_aragua_and_tda_are_one_organization_never_a_person(ruled_nlp):
    found = ents(ruled_nlp, "Jose Enrique Martinez Flores, 24, is believed to be a high-ranking "
                            "member of Tren de Aragua based in Bogotá, Colombia. Prosecutors say "
                            "TdA leaders ordered the killings.")
    assert ("Tren de Aragua", "ORG", "tren-de-aragua") in found
    assert ("TdA", "ORG", "tren-de-aragua") in found
    assert ("Jose Enrique Martinez Flores", "PERSON", "") in found
    assert not any(label == "PERSON" and "Aragua" in text for text, label, _ in found)


@pytest.mark.parametrize("sentence, span, label, ent_id", [
    ("Federal agents arrested three alleged MS-13 members in Long Island on Tuesday.",
     "MS-13", "ORG", "ms-13"),
    ("The Trump administration invoked the centuries-old Alien Enemies Act to deport them.",
     "Alien Enemies Act", "LAW", "alien-enemies-act"),
    ("He admitted moving fentanyl for the Sinaloa Cartel through Arizona.",
     "Sinaloa Cartel", "ORG", "sinaloa-cartel"),
    ("Officials said the Sinaloa cartel controls the route.",
     "Sinaloa cartel", "ORG", "sinaloa-cartel"),
    ("The CJNG and the Cártel de Sinaloa were designated in February.",
     "CJNG", "ORG", "cartel-de-jalisco-nueva-generacion"),
    ("He pleaded guilty in the U.S. District Court for the Southern District of Texas.",
     "U.S. District Court for the Southern District of Texas", "ORG",
     "u-s-district-court-for-the-southern-district-of-texas"),
    ("The Treasury’s Office of Foreign Assets Control sanctioned the network.",
     "Office of Foreign Assets Control", "ORG", "office-of-foreign-assets-control"),
    ("A federal grand jury in Houston returned a superseding indictment.",
     "federal grand jury", "ORG", "federal-grand-jury"),
    ("AL-SHABAAB CLAIMS ATTACK ON BASE", "AL-SHABAAB", "ORG", "al-shabaab"),
    ("He was charged under the RICO Act with racketeering conspiracy.",
     "RICO Act", "LAW", "racketeer-influenced-and-corrupt-organizations-act"),
])
def test_ruler_tags_names_in_news_sentences(ruled_nlp, sentence, span, label, ent_id):
    assert (span, label, ent_id) in ents(ruled_nlp, sentence)


def test_ruler_leaves_common_words_and_ambiguous_names_alone(ruled_nlp):
    found = ents(ruled_nlp, "The orchestra played Wagner, then the outfit of the national "
                            "action committee was discussed over ice.")
    assert not any(ent_id for _, _, ent_id in found), found


def test_token_style_patterns_follow_the_same_case_rule():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": None})
    ruler.add_patterns(data.entity_ruler_patterns(style="token"))
    assert [(e.text, e.ent_id_) for e in nlp("TdA and tda and HEZBOLLAH and hezbollah").ents] == \
        [("TdA", "tren-de-aragua"), ("HEZBOLLAH", "hezbollah")]


def test_a_match_leads_back_to_its_gazetteer_row(ruled_nlp):
    doc = ruled_nlp("OFAC designated TdA as a transnational criminal organization.")
    rows = {e.text: data.entry(e.ent_id_) for e in doc.ents if e.ent_id_}
    assert rows["TdA"]["name"] == "Tren de Aragua" and rows["TdA"]["source"] == "organizations"
    assert rows["OFAC"]["kind"] == "regulator" and rows["OFAC"]["source"] == "agencies"
    assert data.entry("no-such-body") is None
