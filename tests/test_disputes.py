"""Disputing one allegation from every surface: the API (keyed like every write), the CLI and the
case page's form. A disputed allegation leaves screening and stays on the case file as disputed,
with who and when; undoing it brings it back."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from rapsheet.settings import Settings
from tests.store.store_corpus import report

NAME = "Diego Rojas"
KEY = "dispute-test-key"


@pytest.fixture
def db(tmp_path):
    from rapsheet.store import open_store
    url = f"sqlite:///{tmp_path / 'store.db'}"
    convicted = report(NAME, 33, "Lima", "money laundering", "money_laundering", 2, "2024-02-01",
                       dt.date(2024, 2, 3), source="convicted.txt")
    with open_store(url) as store:
        store.add(convicted)
        [row] = [r for r in store.entities(limit=100) if r["name"] == NAME]
    return url, row["id"]


def _risks(client) -> list[str]:
    answer = client.post("/match", json={"queries": {"q": {"name": NAME}}}, headers={"X-API-Key": KEY})
    [top] = answer.json()["responses"]["q"]["results"]
    return [r["category"] for r in top["risks"]]


def test_the_api_disputes_and_undoes_with_the_key(db):
    from rapsheet.api import create_app
    url, entity = db
    with TestClient(create_app(Settings(db=url, api_key=KEY), load_pipeline=False)) as client:
        assert _risks(client) == ["money_laundering"]
        body = {"entity": entity, "category": "money_laundering", "reason": "wrong man", "who": "ana"}
        assert client.post("/disputes", json=body).status_code == 401
        made = client.post("/disputes", json=body, headers={"X-API-Key": KEY})
        assert made.status_code == 201, made.text
        assert _risks(client) == []
        case = client.get(f"/entities/{entity}").json()
        assert case["risks"] == [] and case["disputed"][0]["dispute"]["who"] == "ana"
        assert client.post("/disputes", json=body, headers={"X-API-Key": KEY}).status_code == 409
        listed = client.get("/disputes", params={"entity": entity}).json()["results"]
        assert [d["reason"] for d in listed] == ["wrong man"]
        assert client.delete(f"/disputes/{made.json()['id']}").status_code == 401
        undone = client.delete(f"/disputes/{made.json()['id']}", headers={"X-API-Key": KEY})
        assert undone.status_code == 200 and undone.json()["active"] is False
        assert _risks(client) == ["money_laundering"]


def test_the_cli_disputes_lists_and_undoes(db):
    from rapsheet.cli import main
    url, entity = db
    runner = CliRunner(env={"RAPSHEET_DB": url})
    made = runner.invoke(main, ["dispute", "add", entity, "money_laundering", "--reason", "wrong man",
                                "--who", "ben"])
    assert made.exit_code == 0, made.output
    dispute_id = json.loads(made.stdout)["id"]
    screened = runner.invoke(main, ["screen", NAME, "--json"])
    assert json.loads(screened.stdout)["results"][0]["risks"] == []
    listed = [json.loads(line) for line in runner.invoke(main, ["dispute", "list", entity]).stdout.splitlines()]
    assert [(d["who"], d["active"]) for d in listed] == [("ben", True)]
    missing = runner.invoke(main, ["dispute", "add", entity, "kidnapping", "--reason", "no"])
    assert missing.exit_code == 1 and "no allegation of kidnapping" in missing.stderr
    assert runner.invoke(main, ["dispute", "undo", str(dispute_id)]).exit_code == 0
    screened = runner.invoke(main, ["screen", NAME, "--json"])
    assert [r["category"] for r in json.loads(screened.stdout)["results"][0]["risks"]] == ["money_laundering"]


def test_the_case_page_form_disputes_and_undoes(db):
    from rapsheet.api import create_app
    url, entity = db
    with TestClient(create_app(Settings(db=url, api_key=KEY), load_pipeline=False)) as client:
        client.post("/ui/key", data={"key": KEY})
        page = client.get(f"/ui/entities/{entity}").text
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        assert 'action="/ui/entities/%s/dispute"' % entity in page
        posted = client.post(f"/ui/entities/{entity}/dispute", data={
            "token": token, "category": "money_laundering", "reason": "wrong man", "who": "cleo"})
        assert posted.status_code == 200, posted.text          # after the redirect
        assert 'id="disputed"' in posted.text and "disputed by cleo" in posted.text
        assert "wrong man" in posted.text
        assert _risks(client) == []
        dispute_id = re.search(r'action="/ui/disputes/(\d+)/undo"', posted.text).group(1)
        undone = client.post(f"/ui/disputes/{dispute_id}/undo", data={"token": token, "back": entity})
        assert undone.status_code == 200 and 'id="disputed"' not in undone.text
        assert _risks(client) == ["money_laundering"]


def test_the_terminal_case_file_shows_the_dispute(db):
    from rapsheet.cli import main
    url, entity = db
    runner = CliRunner(env={"RAPSHEET_DB": url})
    assert runner.invoke(main, ["dispute", "add", entity, "money_laundering", "--reason", "wrong man",
                                "--who", "dana"]).exit_code == 0
    shown = runner.invoke(main, ["show", entity])
    assert shown.exit_code == 0, shown.output
    disputed = shown.output.split("Disputed by an analyst", 1)[1]
    assert "charged with money laundering" in disputed and "dana" in disputed and "wrong man" in disputed
