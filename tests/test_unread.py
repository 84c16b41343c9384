"""Articles stored unread: off-topic by triage, or in another language. They are stored with
their text, title, date and language, never as failures; the off-topic ones are read on demand
(`ingest --read-all`, POST /articles/{id}/read); names on a Spanish page stay searchable without
ever being presented as accused."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from rapsheet.cli import main
from rapsheet.settings import Settings
from tests.conftest import ROOT, SEED
from tests.test_triage import GENERAL

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
SAMPLE = ROOT / "rapsheet" / "data" / "sample"
SPANISH = ("Capturan en Medellín a Ramiro Luna Paredes, señalado de lavar dinero para una red de "
           "narcotraficantes\n\n"
           "La Policía Nacional capturó el martes en Medellín a Ramiro Luna Paredes, de 41 años, "
           "señalado por la Fiscalía de coordinar el lavado de millones de dólares de una red de "
           "narcotraficantes. Según los investigadores, Luna Paredes movía el dinero a través de "
           "casas de cambio en la frontera con la ayuda de su socia, Elvira Castañeda Ruiz, quien "
           "sigue prófuga. Un juez de control de garantías le dictó medida de aseguramiento en un "
           "centro carcelario mientras avanza el proceso en su contra.\n")


@pytest.fixture()
def files(tmp_path):
    title, text = GENERAL["football"]
    (tmp_path / "football.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    (tmp_path / "captura.txt").write_text(SPANISH, encoding="utf-8")
    return tmp_path


@pytest.fixture()
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPSHEET_DB", f"sqlite:///{tmp_path / 'store.db'}")
    return CliRunner()


def _articles(runner) -> dict[str, dict]:
    result = runner.invoke(main, ["articles", "--json"])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return {row["source"].rsplit("/", 1)[-1]: row for row in rows}


@pytest.mark.model
def test_ingest_stores_off_topic_and_foreign_articles_unread_and_reads_them_on_demand(runner, files):
    result = runner.invoke(main, ["ingest", str(files / "football.txt"), str(files / "captura.txt"),
                                  str(SAMPLE / "wire-fraud-guilty-plea.txt"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["new"] == 3 and summary["failed"] == 0
    assert summary["not_read"] == {"off-topic": 1, "language es": 1}
    stored = _articles(runner)
    assert stored["football.txt"]["not_read"] == "off-topic"
    assert stored["football.txt"]["title"] == GENERAL["football"][0]
    assert stored["captura.txt"]["not_read"] == "language es"
    assert stored["captura.txt"]["language"] == "es"
    assert stored["wire-fraud-guilty-plea.txt"]["not_read"] is None

    again = runner.invoke(main, ["ingest", "--read-all", "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout.strip().splitlines()[-1])["reread"] == 1
    stored = _articles(runner)
    assert stored["football.txt"]["not_read"] is None
    # a page in another language stays unread: the English pipeline would invent facts
    assert stored["captura.txt"]["not_read"] == "language es"
    shown = runner.invoke(main, ["show", "Dena Marsh", "--json"])
    assert shown.exit_code == 0, shown.output


@pytest.mark.model
def test_no_triage_reads_every_article_and_read_all_needs_no_paths(runner, files):
    result = runner.invoke(main, ["ingest", str(files / "football.txt"), "--no-triage", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["not_read"] == {}
    assert _articles(runner)["football.txt"]["not_read"] is None
    assert runner.invoke(main, ["ingest"]).exit_code == 2
    assert runner.invoke(main, ["ingest", "--read-all", "--triage"]).exit_code == 2


@pytest.mark.model
def test_extract_keeps_a_foreign_page_with_its_names_and_reads_off_topic_ones(runner, files):
    result = runner.invoke(main, ["extract", str(HOSTILE / "german-news.txt"), str(files / "captura.txt")])
    assert result.exit_code == 0, result.output
    german, spanish = (json.loads(line) for line in result.stdout.splitlines() if line.strip())
    assert german["article"]["language"] == "de" and german["article"]["not_read"] == "language de"
    assert spanish["article"]["not_read"] == "language es"
    names = {e["name"]: e for e in spanish["entities"]}
    assert {"Ramiro Luna Paredes", "Elvira Castañeda Ruiz"} <= set(names)
    person = names["Ramiro Luna Paredes"]
    assert person["type"] == "person" and person["label"] == "not read: language es"
    assert person["roles"] == [] and person["risks"] == [] and spanish["charges"] == []
    # the short form later on is the same person
    assert [m["text"] for m in person["mentions"]] == ["Ramiro Luna Paredes", "Luna Paredes"]
    only = runner.invoke(main, ["extract", "--only", "article", str(HOSTILE / "spanish-news.html")])
    assert only.exit_code == 0 and json.loads(only.stdout)["article"]["language"] == "es"
    # extract reads what it is given, on topic or not
    football = runner.invoke(main, ["extract", str(files / "football.txt")])
    assert football.exit_code == 0 and "not_read" not in json.loads(football.stdout)["article"]


def test_a_name_from_a_spanish_page_is_found_by_screening_and_is_not_accused(tmp_path, files):
    from rapsheet.jobs import ingest
    from rapsheet.screen import screen
    from rapsheet.store import open_store

    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        summary = ingest([str(files / "captura.txt")], store=store)
        assert summary.not_read == {"language es": 1}
        results = screen("Ramiro Luna Paredes", store=store)
        assert results and results[0].name == "Ramiro Luna Paredes" and results[0].match
        assert results[0].risks == []
        assert screen("Elvira Castaneda Ruiz", store=store)[0].match


def test_the_api_reads_an_off_topic_article_on_demand(tmp_path, files, pipeline):
    from rapsheet.api import create_app
    from rapsheet.jobs import ingest
    from rapsheet.store import open_store

    db = f"sqlite:///{tmp_path / 'api.db'}"
    with open_store(db) as store:
        summary = ingest([str(files / "football.txt"), str(files / "captura.txt")], store=store)
        football, spanish = summary.article_ids
    with TestClient(create_app(Settings(db=db, api_key="k"))) as client:
        assert client.get(f"/articles/{football}").json()["article"]["not_read"] == "off-topic"
        assert client.post(f"/articles/{football}/read").status_code == 401
        done = client.post(f"/articles/{football}/read", headers={"X-API-Key": "k"})
        assert done.status_code == 200, done.text
        assert done.json()["read"] is True
        assert "not_read" not in done.json()["document"]["article"]
        assert any(e["name"] == "Dena Marsh" for e in done.json()["document"]["entities"])
        twice = client.post(f"/articles/{football}/read", headers={"X-API-Key": "k"})
        assert twice.status_code == 200 and twice.json()["read"] is False
        page = client.get(f"/ui/articles/{spanish}")
        assert page.status_code == 200 and "Not read: language es" in page.text
        foreign = client.post(f"/articles/{spanish}/read", headers={"X-API-Key": "k"})
        assert foreign.status_code == 409 and foreign.json()["ok"] is False
        assert client.post("/articles/0000000000000000/read", headers={"X-API-Key": "k"}).status_code == 404


@pytest.mark.model
def test_the_seed_is_read_by_ingest(tmp_path):
    from rapsheet.jobs import ingest
    from rapsheet.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'seed.db'}") as store:
        summary = ingest([str(SEED)], store=store, published=None)
        assert summary.new == 1 and summary.not_read == {}


def test_names_joined_by_and_or_after_a_title_come_out_as_the_people_themselves():
    from rapsheet.unread import name_candidates
    text = ("La fiscal ADA Marisol Quintero Beltrán y Tomás Ibarra Leal presentaron el caso. "
            "Fiscal Adolfo Restrepo Gil habló con la prensa.")
    assert [name for _, _, name in name_candidates(text)] == [
        "Marisol Quintero Beltrán", "Tomás Ibarra Leal", "Adolfo Restrepo Gil"]
