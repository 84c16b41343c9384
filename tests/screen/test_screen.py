"""Screening: ranking by name, birth year and country, explanations, and the store's entities."""
from __future__ import annotations

import random

import pytest

from rapsheet.screen import Candidate, ScreenIndex, screen

RISK = {"category": "terrorism", "stage": "charged", "date": "2025-04-22"}


@pytest.fixture(scope="module")
def index():
    rng = random.Random(3)
    given = ["Jose", "Juan", "Luis", "Carlos", "Maria", "Ana", "Pedro", "Miguel"]
    family = ["Garcia", "Lopez", "Martinez", "Perez", "Flores", "Gomez", "Diaz", "Torres"]
    filler = [Candidate(f"f{i}", f"{rng.choice(given)} {rng.choice(family)} {rng.choice(family)}", "person",
                        birth_years=(y := rng.randint(1950, 2005), y + 1))
              for i in range(3000)]
    # Random people, none of whom bears a name the tests look for.
    filler = [c for c in filler if not {"Martinez", "Flores"} <= set(c.name.split())]
    people = [
        Candidate("jemf", "José Enrique Martínez Flores", "person", aliases=("Chuqui", "Martinez Flores"),
                  birth_years=(2000, 2001), countries=frozenset({"VE"}), risks=[RISK]),
        Candidate("jemf-elder", "Jose Martinez Flores", "person", birth_years=(1958, 1959),
                  countries=frozenset({"MX"})),
        Candidate("bondi", "Pam Bondi", "person", countries=frozenset({"US"})),
        Candidate("tda", "Tren de Aragua", "organization", aliases=("TdA",), risks=[RISK]),
    ]
    return ScreenIndex(filler[:1500] + people + filler[1500:])


def test_birth_year_puts_the_right_person_first(index):
    results = index.screen("Jose Martinez Flores", birth_year=2001)
    assert results[0].id == "jemf"
    assert results[0].match and results[0].risks == [RISK]
    features = [f["feature"] for f in results[0].explanation]
    assert "birth_year" in features and "name" in features
    elder = next(r for r in results if r.id == "jemf-elder")
    assert elder.score < results[0].score
    assert any(f["feature"] == "birth_year" and f["weight"] < 0 for f in elder.explanation)


def test_without_birth_year_the_exact_name_wins(index):
    assert index.screen("Jose Martinez Flores")[0].id == "jemf-elder"


def test_country_adjusts_mildly(index):
    us = index.screen("Jose Martinez Flores", country="VE")
    ids = [r.id for r in us[:2]]
    assert set(ids) == {"jemf", "jemf-elder"}
    ve = next(r for r in us if r.id == "jemf")
    assert any(f["feature"] == "country" and f["weight"] > 0 for f in ve.explanation)


def test_official_carries_no_risk(index):
    results = index.screen("Pam Bondi")
    assert results[0].id == "bondi" and results[0].risks == []
    assert all(not r.risks for r in results if r.match)


def test_alias_and_results_are_ranked(index):
    results = index.screen("Chuqui")
    assert results[0].id == "jemf" and results[0].matched_name == "Chuqui"
    scores = [r.score for r in index.screen("Maria Lopez Garcia", limit=20)]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 20


def test_absent_name_finds_no_match(index):
    assert not [r for r in index.screen("Vladislav Tretiak") if r.match]
    assert index.screen("   ") == []


def test_blocking_touches_a_small_part(index):
    assert len(index.blocked("Jose Enrique Martinez Flores")) <= 200 < len(index)


def test_names_added_later_are_found(index):
    index.add(Candidate("late", "Zhang Wei", "person"))
    assert index.screen("Wei Zhang")[0].id == "late"


def test_screen_over_a_store(tmp_path):
    store_mod = pytest.importorskip("rapsheet.store")
    from rapsheet.model import Article, Document, Entity, Mention, Risk
    text = ("Jose Enrique Martinez Flores, 24, a Venezuelan national, was charged with terrorism, "
            "Attorney General Pam Bondi said.")
    person = Entity("e1", "person", "Jose Enrique Martinez Flores",
                    mentions=[Mention(0, 28, "Jose Enrique Martinez Flores")], roles=["accused"],
                    risks=[Risk("terrorism", "charged", [(0, len(text))])])
    person.add_attribute("birth_year", [2000, 2001], 30, 32)
    person.add_attribute("nationality", "VE", 36, 46)
    official = Entity("e2", "person", "Pam Bondi", mentions=[Mention(len(text) - 15, len(text) - 6, "Pam Bondi")],
                      roles=["official"])
    document = Document(Article("a.txt", text), entities=[person, official])
    with store_mod.open_store(f"sqlite:///{tmp_path / 'screen.db'}") as store:
        store.add(document)
        results = screen("Jose Martinez Flores", birth_year=2001, store=store)
        assert results[0].name == "Jose Enrique Martinez Flores"
        assert results[0].risks[0]["category"] == "terrorism" and results[0].risks[0]["stage"] == "charged"
        assert "charged with terrorism" in results[0].risks[0]["evidence"][0]["text"]
        bondi = screen("Pam Bondi", store=store)
        assert bondi[0].name == "Pam Bondi" and bondi[0].risks == []


def test_a_brother_never_screens_as_his_brother():
    # Both brothers read from news: each entity also carries the surname-only mention.
    index = ScreenIndex([
        Candidate("ismael", "Ismael Laredo Donjuan", "person", aliases=("Laredo Donjuan",), risks=[RISK]),
        Candidate("ruben", "Ruben Laredo Donjuan", "person", aliases=("Laredo Donjuan",)),
        Candidate("firm", "Laredo Donjuan", "organization", risks=[RISK]),
    ])
    results = index.screen("Ruben Laredo Donjuan", type="person")
    assert results[0].id == "ruben" and results[0].match
    ismael = next(r for r in results if r.id == "ismael")
    assert not ismael.match
    assert any("same surnames, different given names" in reason for reason in ismael.reasons)
    assert not [r for r in results if r.id == "firm" and r.match]
    # A surname alone is never a match either.
    assert not [r for r in index.screen("Donjuan", type="person") if r.match]


def test_birth_year_counts_and_says_so():
    index = ScreenIndex([Candidate("a", "Tareck Zaidan El Aissami", "person", birth_years=(1974, 1974))])
    [same] = index.screen("Tareck Zaidan El Aissami", birth_year=1974)
    [other] = index.screen("Tareck Zaidan El Aissami", birth_year=1985)
    assert same.match and "same birth year: 1974" in same.reasons
    assert not other.match and other.score < same.score
    assert other.reasons[0] == "birth year differs: 1985 vs 1974"
