"""Sanctions lists as facts: every entity imported from the OFAC dev list has a case file that
answers, listings read as listings (authority, programme, list, date) and screening shows them."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from rapsheet.settings import Settings
from tests.conftest import ROOT

OFAC = ROOT.parent / "shared" / "data" / "ofac-sdn" / "edu777art_2022" / "sdn.csv"
ZALA = ROOT.parent / "shared" / "data" / "opensanctions-ftm" / "dataset" / "zala" / "entities.ftm.json"


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    if not OFAC.is_file():
        pytest.skip(f"no OFAC dev list at {OFAC}")
    from rapsheet.importers import import_file
    from rapsheet.store import open_store
    url = f"sqlite:///{tmp_path_factory.mktemp('listed') / 'store.db'}"
    with open_store(url) as store:
        import_file(store, OFAC, resolve=False)
        if ZALA.is_file():
            import_file(store, ZALA, resolve=False)
    return url


@pytest.fixture(scope="module")
def client(listed):
    from rapsheet.api import create_app
    with TestClient(create_app(Settings(db=listed), load_pipeline=False)) as client:
        yield client


def test_every_imported_entity_has_a_case_file(listed, client):
    import sqlalchemy as sa
    from markupsafe import escape
    from starlette.requests import Request

    from rapsheet.store import open_store
    from rapsheet.store import schema as t
    from rapsheet.web.pages import case_page
    with open_store(listed) as store:
        with store.engine.connect() as conn:
            ids = [r.id for r in conn.execute(sa.select(t.entities.c.id))]
        assert len(ids) > 8000
        # Every case page rendered whole by the code the page route ends in (read in batches,
        # as the page reads one); every 200th also over HTTP, merge candidates screened.
        request = Request({"type": "http", "app": client.app, "method": "GET", "path": "/ui/entities",
                           "headers": [], "query_string": b""})
        failed, rendered = [], 0
        for i in range(0, len(ids), 1000):
            for case in store.case_files(ids[i:i + 1000]):
                page = case_page(request, case, candidates=[])
                rendered += 1
                if page.status_code != 200 or str(escape(case["name"])) not in page.body.decode():
                    failed.append(case["id"])
    assert (rendered, failed) == (len(ids), [])
    answers = {i: client.get(f"/ui/entities/{i}").status_code for i in ids[::200]}
    assert set(answers.values()) == {200}, answers


def test_an_ofac_listing_reads_as_a_listing(client):
    answer = client.post("/match", json={"queries": {"q": {"name": "Ayman al-Zawahiri", "type": "person"}}})
    assert answer.status_code == 200, answer.text
    top = answer.json()["responses"]["q"]["results"][0]
    assert top["match"]
    [risk] = [r for r in top["risks"] if r["category"] == "terrorism"]
    assert (risk["proceeding"], risk["stage"], risk["program"]) == ("sanctions", "sanctioned", "SDGT")
    assert "Office of Foreign Assets Control" in risk["authority"]
    assert "listed by US Treasury" in risk["allegation"] and "alleged" not in risk["allegation"]
    page = client.get(f"/ui/entities/{top['id']}").text
    assert "listed by US Treasury, Office of Foreign Assets Control under SDGT" in page


def test_ftm_sanctions_with_no_crime_category_still_show(client):
    if not ZALA.is_file():
        pytest.skip("no FtM dev file")
    subjects = {}
    for line in ZALA.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        if data.get("schema") == "Sanction":
            for subject in data["properties"].get("entity", []):
                subjects[subject] = subjects.get(subject, 0) + 1
    subject_id = max(subjects, key=subjects.get)
    [entity] = [json.loads(line) for line in ZALA.read_text(encoding="utf-8").splitlines()
                if json.loads(line).get("id") == subject_id]
    answer = client.post("/match", json={"queries": {"q": {"name": entity["caption"]}}}).json()
    top = answer["responses"]["q"]["results"][0]
    assert top["sanctions"], top
    listing = top["sanctions"][0]
    assert listing["proceeding"] == "sanctions" and listing["allegation"].startswith("listed by ")
    assert any(s["date"] for s in top["sanctions"])
