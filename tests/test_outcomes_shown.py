"""A cleared allegation is shown as cleared on every surface: the case file (store, terminal),
screening (CLI and API), the API's case file, the web UI and the exports. Never a bare offence."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from rich.console import Console

from rapsheet.model import Charge, Risk
from rapsheet.settings import Settings
from tests.store.store_corpus import report, sentence

NAME = "Lucia Herrera"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A store where one person was charged with murder and acquitted, and another convicted."""
    import datetime as dt

    from rapsheet.store import open_store
    url = f"sqlite:///{tmp_path_factory.mktemp('outcomes') / 'store.db'}"
    acquitted = report(NAME, 41, "Miami", "murder", "violent_crime", 1, "2023-05-01",
                       dt.date(2023, 5, 2), source="acquitted.txt")
    person = acquitted.entities[0]
    evidence = sentence(acquitted.article.text, "Prosecutors charged")
    person.risks = [Risk("violent_crime", "acquitted", [evidence], date="2023-05-02")]
    acquitted.charges = [Charge("e1", "murder", "violent_crime", "acquitted", evidence, counts=1)]
    convicted = report("Diego Rojas", 33, "Lima", "money laundering", "money_laundering", 2,
                       "2024-02-01", dt.date(2024, 2, 3), source="convicted.txt")
    convicted.entities[0].risks[0].stage = "convicted"
    with open_store(url) as store:
        store.add(acquitted)
        store.add(convicted)
    return url


def case_of(db, name=NAME):
    from rapsheet.store import open_store
    with open_store(db) as store:
        [row] = [r for r in store.entities(limit=100) if r["name"] == name]
        return store.case_file(row["id"])


def test_the_case_file_carries_proceeding_status_and_the_phrase(db):
    case = case_of(db)
    [risk] = case["risks"]
    assert (risk["proceeding"], risk["stage"], risk["status"]) == ("criminal", "acquitted", "cleared")
    assert risk["allegation"] == "acquitted of violent crime (2023)"
    [charge] = case["charges"]
    assert charge["allegation"] == "acquitted of murder (2023)" and charge["status"] == "cleared"
    other = case_of(db, "Diego Rojas")
    assert other["risks"][0]["status"] == "active"
    assert other["risks"][0]["allegation"].startswith("convicted of money laundering")


def test_the_terminal_case_file_says_acquitted(db):
    from rapsheet.casefile import render_case_file
    console = Console(record=True, width=200)
    render_case_file(case_of(db), console)
    text = console.export_text()
    assert "acquitted of murder (2023)" in text and "acquitted of violent crime" in text
    assert "charged with" not in text


def test_cli_screening_shows_the_allegation_cleared(db):
    from rapsheet.cli import main
    runner = CliRunner(env={"RAPSHEET_DB": db})
    result = runner.invoke(main, ["screen", NAME])
    assert result.exit_code == 0, result.output
    assert "cleared: acquitted of violent crime (2023)" in result.output
    assert "alleged: " not in result.output.split("Diego")[0]
    result = runner.invoke(main, ["screen", NAME, "--json"])
    [answer] = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    [risk] = answer["results"][0]["risks"]
    assert risk["status"] == "cleared" and risk["proceeding"] == "criminal"


def test_the_api_and_the_ui_show_it_cleared(db):
    from rapsheet.api import create_app
    client = TestClient(create_app(Settings(db=db)))
    answer = client.post("/match", json={"queries": {"q": {"name": NAME}}})
    assert answer.status_code == 200, answer.text
    [risk] = answer.json()["responses"]["q"]["results"][0]["risks"]
    assert (risk["stage"], risk["status"], risk["allegation"]) == (
        "acquitted", "cleared", "acquitted of violent crime (2023)")
    case_id = case_of(db)["id"]
    case = client.get(f"/entities/{case_id}").json()
    assert case["risks"][0]["status"] == "cleared"
    page = client.get(f"/ui/entities/{case_id}")
    assert page.status_code == 200
    assert "acquitted of murder (2023)" in page.text and "status-cleared" in page.text
    assert "charged with" not in page.text


def test_the_exports_show_it_cleared(db):
    from followthemoney import model

    from rapsheet.export import export
    from rapsheet.store import open_store
    with open_store(db) as store:
        out = io.StringIO()
        export(store, "csv", out)
        rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
        assert rows[NAME]["risks"] == "acquitted of violent crime (2023)"
        out = io.StringIO()
        export(store, "jsonl", out)
        cases = {c["name"]: c for c in map(json.loads, out.getvalue().splitlines())}
        assert cases[NAME]["risks"][0]["status"] == "cleared"
        out = io.StringIO()
        export(store, "ftm", out)
    people = {p.caption: p for p in (model.get_proxy(json.loads(line), cleaned=False)
                                     for line in out.getvalue().splitlines())
              if p.schema.name == "Person"}
    assert people[NAME].get("notes") == ["acquitted of violent crime (2023)"]
    assert people[NAME].get("topics") == []             # acquitted: no crime topic
    assert "crime.fin" in people["Diego Rojas"].get("topics")
