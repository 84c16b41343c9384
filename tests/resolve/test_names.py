"""Name comparison: tables of same/different names, ranking cases, and the score's promises."""
from __future__ import annotations

import pytest

from rapsheet.errors import RapsheetError
from rapsheet.resolve.names import FEATURES, compare_forms, compare_names, name_keys, normalise

SAME = [
    ("José Enrique Martínez Flores", "Jose Enrique Martinez Flores", "person"),
    ("Martinez Flores, Jose", "Jose Martinez Flores", "person"),
    ("JOSÉ ENRIQUE MARTÍNEZ-FLORES", "José Enrique Martínez Flores", None),
    ("Владимир Владимирович Путин", "Vladimir Vladimirovich Putin", "Person"),
    ("Ayman al-Zawahiri", "AL ZAWAHIRI, Dr. Ayman", "Person"),
    ("The Sinaloa Cartel", "Cartel de Sinaloa", "organization"),
    ("Anglo-Caribbean Co., Ltd.", "ANGLO-CARIBBEAN LLC", "Company"),
    ("Juan de la Cruz", "Juan Cruz", "person"),
]

MATCH = [  # not identical, yet the same name
    ("Jose Martinez Flores", "José Enrique Martínez Flores", "person"),
    ("J. E. Martinez Flores", "Jose Enrique Martinez Flores", "person"),
    ("Mohammed Ali Hassan", "Muhammad Ali Hasan", None),
    ("SUKHORENKO, Stiapan Mikalaevich", "SUKHARENKA, Stsiapan Mikalayevich", "Person"),
    ("Abd Al Aziz AWDA", "Abdulaziz Awda", "Person"),
    ("Anglo-Caribbean Co., Ltd.", "ANGLO CARIBBEAN COMPANY LIMITED", "Company"),
    ("Tareck Zaidan El Aissami Maddah", "Tareck El Aissami", "person"),
]

DIFFERENT = [
    ("Jose Garcia Lopez", "Jose Garcia Perez", "person"),
    ("Ahmed al-Zawahiri", "Ayman al-Zawahiri", "person"),
    ("R. Martinez Flores", "Jose Martinez Flores", "person"),
    ("Sinaloa Cartel", "Jalisco Cartel", "organization"),
    ("MS-13", "MS-18", "organization"),
    ("Pam Bondi", "Jose Enrique Martinez Flores", None),
    ("Tren de Aragua", "Jose Enrique Martinez Flores", None),
]


@pytest.mark.parametrize("a,b,type_", SAME)
def test_same_name_scores_one(a, b, type_):
    result = compare_names(a, b, type_)
    assert result.score == 1.0 and result.match
    assert result.explanation[0]["feature"] == "exact"


@pytest.mark.parametrize("a,b,type_", MATCH)
def test_variants_match_below_one(a, b, type_):
    result = compare_names(a, b, type_)
    assert result.match, result.explanation
    assert 0 < result.score < 1.0      # a near miss never saturates


@pytest.mark.parametrize("a,b,type_", DIFFERENT)
def test_different_names_do_not_match(a, b, type_):
    result = compare_names(a, b, type_)
    assert not result.match, result.explanation


RANKING = [  # (query, better, worse)
    ("Jose Enrique Martinez Flores", "Jose Martinez Flores", "Jose Martinez"),
    ("Jose Enrique Martinez Flores", "J. Martinez Flores", "R. Martinez Flores"),
    ("Muhammad Hassan", "Mohammed Hassan", "Mohammed Hussein"),
    # A rare name agreeing in part is better evidence than a common one agreeing as much.
    ("Tareck Zaidan El Aissami", "Tareck Zaidan", None),
]


@pytest.mark.parametrize("query,better,worse", RANKING[:3])
def test_better_candidate_outscores_worse(query, better, worse):
    assert compare_names(query, better, "person").score > compare_names(query, worse, "person").score


def test_common_names_are_weaker_evidence():
    rare = compare_names("Tareck Zaidan", "Tareck Zaidan Aissami", "person")
    common = compare_names("Jose Garcia", "Jose Garcia Lopez", "person")
    assert rare.score > common.score
    assert any(f["feature"] == "common_names" for f in common.explanation)
    assert not any(f["feature"] == "common_names" for f in rare.explanation)


def test_type_mismatch_costs():
    same_type = compare_names("Tren de Aragua", "Tren de Aragua", None)
    assert same_type.score == 1.0
    person = normalise("Acme Holding", "person")
    assert person.kind == "person"
    a = compare_names("Aragua Trading LLC", "Aragua Trading", None)
    b = compare_names("Aragua Trading LLC", "Aragua Trading", "person")
    assert a.match
    assert b.score <= a.score


def test_explanation_sums_to_score():
    result = compare_names("Jose Martinez Flores", "José Enrique Martínez Flores", "person")
    total = sum(f["weight"] * f["value"] for f in result.explanation)
    assert result.score == pytest.approx(min(1.0, max(0.0, total)), abs=1e-3)
    declared = {f.name for f in FEATURES}
    assert {f["feature"] for f in result.explanation} <= declared
    assert all(f.fn.__doc__ for f in FEATURES)


def test_threshold_follows_setting(monkeypatch):
    pair = ("Jose Martinez Flores", "José Enrique Martínez Flores")
    score = compare_names(*pair).score
    monkeypatch.setenv("RAPSHEET_MATCH_THRESHOLD", str(score + 0.01))
    assert not compare_names(*pair).match
    monkeypatch.setenv("RAPSHEET_MATCH_THRESHOLD", str(score - 0.01))
    assert compare_names(*pair).match


def test_unknown_type_is_a_usage_error():
    with pytest.raises(RapsheetError):
        compare_names("a", "b", "Planet")


def test_empty_names_score_zero():
    assert compare_names("", "Jose", None).score == 0.0
    assert compare_names("!!!", "???", None).match is False


def test_blocking_keys_are_shared_by_variants():
    assert name_keys("Martínez Flores, José", "person") & name_keys("Jose Enrique Martinez Flores", "person")
    assert name_keys("Muhammad Ali", None) & name_keys("Mohammed Aly", None)
    assert "n:cartel sinaloa" in name_keys("The Sinaloa Cartel", "organization")
    assert not name_keys("Pam Bondi", None) & name_keys("Tren de Aragua", None)


SIBLINGS = [  # families designated together on the OFAC list, and namesakes
    ("CANO CORREA, Jhon Eidelber", "CANO CORREA, Maria", "Person"),
    ("LAREDO DONJUAN, Ismael", "LAREDO DONJUAN, Ruben", "Person"),
    ("Ali Barzan Ibrahim Hasan AL-TIKRITI", "Noor Barzan Ibrahim Hasan AL-TIKRITI", "Person"),
    ("Brenda Guadalupe Esparragoza Gastelum", "Juan Ignacio Esparragoza Gastelum", None),
    # invented: two known first names that the aligner would pair on spelling alone
    ("Kamal Haddad Rahimi", "Jamal Haddad Rahimi", "Person"),
    ("TORVAN, Marija", "TORVAN, Marko", "Person"),
    ("QUELLAR, Ahmad", "QUELLAR, Muhammad Tarek", "Person"),
    # invented: every given name differs, each pair only spelled a little alike (Korean names)
    ("PARVEK, Sang-ho", "PARVEK, Tong Chol", "Person"),
    ("PARVEK, Sang Ho", "PARVEK, Kyong Hyok", "Person"),
    # invented: unknown first names, little alike, beside the same father's and family names
    ("Qusen Tamir Haddad ZERVANI", "Usel Tamir Haddad ZERVANI", "Person"),
    # invented: a child's name holds the parent's given and father's names, one place later
    ("ZERVANI, Tamir Haddad", "ZERVANI, Orvel Tamir Haddad", "Person"),
    ("Tamir Haddad Zervani", "Orvel bin Tamir Haddad Zervani", "Person"),
    ("Tamir ibn Haddad Zervani", "Orvel ibn Tamir Haddad Zervani", None),
    # invented: two known first names built on the same consonants, their vowels elsewhere
    ("VESTRANI, Hamid Yasin", "VESTRANI, Ahmad", "Person"),
    ("ZARQALI, Muhammad Tarek", "ZARQALI, Mahmud", "Person"),
    # invented: the first half of a compound name ("Abd" of "Abd al-Latif") is no spelling of a name
    ("QASDANI, Abid Tamir Yasin", "QASDANI, Karim abd al-Latif Tamir Yasin", "Person"),
    # invented: names written syllable by syllable, one given syllable with another initial sound
    ("KAO, Wen Ming", "KAO, Wen Ping", "Person"),
    ("LIN, Chun Hsiang", "LIN, Chun Liang", "Person"),
]


@pytest.mark.parametrize("a,b", [
    ("QASDANI, Arif Tamir", "QASDANI, Muhammad Arif Tamir"),     # the first of a compound name
    ("KHINLAR, Aye Thida", "KHINLAR, Daw Aye Thida"),             # an honorific
    ("ZERVANI, Nur al-Din", "ZERVANI, Salim Nur al-Din"),         # one given name with its article
    ("QASDANI, Ka-chiu", "QASDANI, John Ka-chiu"),                # one hyphenated given name
    ("Tamir Haddad Zervani", "Orvel Tamir Haddad Zervani"),       # no comma, no "bin": unknown
])
def test_an_added_leading_name_is_no_child_without_evidence(a, b):
    """Invented names: a longer name with one more word before the shorter one is a child's
    only when the shorter shows a given name followed by a father's name."""
    result = compare_names(a, b, "Person")
    assert result.match and not result.vetoes, result.explanation


def test_a_childs_name_is_explained_in_analyst_words():
    result = compare_names("ZERVANI, Tamir Haddad", "ZERVANI, Orvel Tamir Haddad", "Person")
    assert result.vetoes == ["same surnames, different given names: tamir vs orvel (child of tamir)"]


@pytest.mark.parametrize("a,b", [
    ("Muhammad Yasin Darwish", "Mohammed Yassin Darwish"),
    ("Akram Tahir Nouri", "Arkam Tahir Nouri"),
    ("Yusuf Belkadi", "Yousef Belkadi"),
    ("Aleksandr Voronin", "Alexander Voronin"),
    ("RIMAK, Jong Chol", "RIMAK, Chong Chol"),
    ("VOLKANOV, Yuri Sergeyevich", "VOLKANOV, Iurii Sergeevich"),
    ("VOLKANOV, Dzmitry Sergeyevich", "VOLKANOV, Dmitry Sergeevich"),
    ("VESTRANI, Hamid Yasin", "VESTRANI, Hamed Yassin"),
    ("ZARQALI, Fahd Tarek", "ZARQALI, Fahad"),
    ("QASDANI, Abd al-Latif Tamir", "QASDANI, Abdul Latif Tamir"),
    ("KAO, Wen Hsiang", "KAO, Wen Xiang"),          # Wade-Giles and pinyin
    ("LIN, Chun Chiang", "LIN, Chun Jiang"),
    ("RI, Yong Chol", "RI, Yong Chul"),
])
def test_spellings_of_one_first_name_still_match(a, b):
    """Invented names: a transliteration of the same first name beside the same surname is not
    a sibling."""
    result = compare_names(a, b, "Person")
    assert result.match and not result.vetoes, result.explanation


def test_one_shared_surname_does_not_make_unknown_first_names_siblings():
    """Invented: two little-alike first names that are not both known, beside one shared word
    only, may be transliterations of one name: no given-name veto (the score decides)."""
    result = compare_names("Qusen Haddad", "Usel Haddad", "Person", threshold=0.0)
    assert not result.vetoes, result.explanation


@pytest.mark.parametrize("a,b,type_", SIBLINGS)
def test_siblings_never_match_at_any_threshold(a, b, type_):
    result = compare_names(a, b, type_, threshold=0.0)
    assert not result.match
    assert result.vetoes == [f for f in result.vetoes if "same surnames, different given names" in f]
    assert result.vetoes, result.explanation


@pytest.mark.parametrize("a,b,type_", [
    ("Flores", "Jose Enrique Martinez Flores", "person"),
    ("Martinez", "Martinez", "person"),
    ("Jose", "Jose Garcia", None),
])
def test_one_word_is_never_a_match(a, b, type_):
    result = compare_names(a, b, type_, threshold=0.0)
    assert not result.match and any("only one word agrees" in v for v in result.vetoes)


def test_one_word_organisations_still_match():
    assert compare_names("Hezbollah", "Hizballah", "organization").match
    assert compare_names("Hamas", "HAMAS", None).match


def test_person_never_matches_an_organisation():
    assert compare_names("Aragua Trading LLC", "Aragua Trading", None).match
    person, company = normalise("Martinez Flores", "person"), normalise("Martinez Flores", "organization")
    result = compare_forms(person, company, threshold=0.0)
    assert not result.match and result.vetoes == ["a person against an organization"]


def test_a_part_of_a_name_is_no_conflict():
    # One name inside the other: missing given names, not different ones.
    result = compare_names("Jose Martinez Flores", "José Enrique Martínez Flores", "person")
    assert result.match and not result.vetoes
