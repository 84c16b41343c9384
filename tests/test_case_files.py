"""One case file per subject across outlets: the seed plus four articles written in other outlets'
styles (tests/fixtures/case) ingested into one store, then read back as case files."""
from __future__ import annotations

import pathlib

import pytest

from tests.conftest import SEED

CASE = pathlib.Path(__file__).parent / "fixtures" / "case"
LISTS = pathlib.Path(__file__).parent / "fixtures" / "lists"
PUBLISHED = {"wire-colombia-arrest-chuqui.txt": "2025-04-01", "daily-houston-indictment.txt": "2025-04-24",
             "blog-tda-fto-analysis.txt": "2025-04-25", "radio-official-flores.txt": "2025-04-21"}


@pytest.fixture(scope="module")
def documents(read_article):
    docs = [read_article(SEED.read_text(encoding="utf-8"), "2025-04-23", source=str(SEED), clean=True)]
    for name, published in PUBLISHED.items():
        docs.append(read_article((CASE / name).read_text(encoding="utf-8"), published, source=name))
    return docs


@pytest.fixture(scope="module")
def store(documents, tmp_path_factory):
    from rapsheet.store import open_store
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('case') / 'case.db'}")
    for doc in documents:
        assert store.add(doc).new
    yield store
    store.close()


def test_every_outlet_names_one_subject(store):
    case = store.case_file("José Enrique Martínez Flores")
    assert case["name"] == "Jose Enrique Martinez Flores"
    # The short form in another outlet and the nickname in a third land in the same case file.
    for name in ("Jose Enrique Martinez Flores", "Martinez Flores", "Chuqui"):
        assert store.case_file(name)["id"] == case["id"], name
    assert "Chuqui" in case["aliases"] and "Martinez Flores" in case["aliases"]
    assert len(case["members"]) >= 2
    assert {a["source"] for a in case["articles"]} >= {str(SEED), "wire-colombia-arrest-chuqui.txt",
                                                       "daily-houston-indictment.txt",
                                                       "blog-tda-fto-analysis.txt"}
    assert "radio-official-flores.txt" not in {a["source"] for a in case["articles"]}
    published = [a["published"] for a in case["articles"]]
    assert published == sorted(published, reverse=True)


def test_officials_stay_separate_and_carry_no_risk(store):
    subject = store.case_file("Jose Enrique Martinez Flores")
    for name in ("Pam Bondi", "Kash Patel", "Daniel Flores"):
        official = store.case_file(name)
        assert official is not None, name
        assert official["id"] not in subject["members"], name
        assert official["risks"] == [], name
        assert any(r["role"] == "official" for r in official["roles"]), name
    # A quote belongs to the case file of its speaker only.
    bondi = store.case_file("Pam Bondi")
    assert bondi["quotes"] and all(q["speaker"] in bondi["members"] for q in bondi["quotes"])
    assert all(q["speaker"] in subject["members"] for q in subject["quotes"])


def test_the_arrest_reported_by_two_outlets_is_one_event(store):
    case = store.case_file("Jose Enrique Martinez Flores")
    arrests = [ev for ev in case["events"] if ev["type"] == "arrest"
               and (ev.get("date") or {}).get("value") == "2025-03-31"]
    assert len(arrests) == 1
    assert len(set(arrests[0]["articles"])) >= 2
    assert {s["article"] for s in arrests[0]["sources"]} == set(arrests[0]["articles"])
    dated = [ev["date"]["value"] for ev in case["events"] if ev.get("date")]
    assert dated == sorted(dated)


def test_risks_and_conflicting_ages(store):
    case = store.case_file("Jose Enrique Martinez Flores")
    risks = {r["category"]: r for r in case["risks"]}
    assert risks["terrorism"]["stage"] == "charged" and risks["terrorism"]["date"]
    assert risks["narcotics"]["stage"] == "charged"
    ages = {v["value"]: v for v in case["attributes"]["age"]}
    assert set(ages) == {24, 25}                       # "24", "the 24-year-old", and "25" elsewhere
    assert all(v["conflict"] for v in ages.values()) and "age" in case["conflicts"]
    assert len(ages[24]["sources"]) >= 2
    assert not any(v["conflict"] for v in case["attributes"]["member_of"])


def test_sanctions_lists_show_in_the_case_file(store):
    from rapsheet.importers import import_file
    assert import_file(store, LISTS / "sdn.csv")["entries"] == 3        # the vessel is left out
    assert import_file(store, LISTS / "entities.ftm.json")["entries"] == 2
    case = store.case_file("Jose Enrique Martinez Flores")
    [listed] = case["sanctions"]
    assert listed["dataset"] == "us_ofac_sdn" and listed["id"] == "ofac-52001"
    assert "SDGT" in listed["program"]
    gang = store.case_file("Tren de Aragua")
    assert [s["dataset"] for s in gang["sanctions"]] == ["us_ofac_sdn_test"]
    # A listed namesake with another nationality and birth year is not the sheriff.
    assert store.case_file("Daniel Flores")["sanctions"] == []
    assert store.case_file("Pam Bondi")["sanctions"] == []
