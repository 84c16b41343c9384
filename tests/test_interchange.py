"""Interchange: FollowTheMoney export that the followthemoney library accepts, CSV and JSON lines,
and imports of a FollowTheMoney file and an OFAC SDN CSV (small files in tests/fixtures/lists)."""
from __future__ import annotations

import csv
import io
import json
import pathlib

import pytest
from click.testing import CliRunner

from tests.conftest import SEED

LISTS = pathlib.Path(__file__).parent / "fixtures" / "lists"


@pytest.fixture(scope="module")
def store(read_article, tmp_path_factory):
    from rapsheet.store import open_store
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('x') / 'x.db'}")
    store.add(read_article(SEED.read_text(encoding="utf-8"), "2025-04-23", source=str(SEED), clean=True))
    yield store
    store.close()


def test_ftm_export_validates_and_carries_topics(store):
    from followthemoney import model

    from rapsheet.export import export
    out = io.StringIO()
    assert export(store, "ftm", out) > 0
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    proxies = {e["id"]: model.get_proxy(e, cleaned=False) for e in entities}
    for proxy in proxies.values():
        assert proxy.schema.name in ("Person", "Organization", "Article", "Documentation", "Sanction")
        for prop in proxy.iterprops():      # every property exists on the schema
            assert prop.schema is not None
    people = {p.caption: p for p in proxies.values() if p.schema.name == "Person"}
    subject = people["Jose Enrique Martinez Flores"]
    assert {"crime.terror", "crime.traffick.drug"} <= set(subject.get("topics"))
    assert set(subject.get("birthDate")) == {"2000", "2001"}
    assert subject.get("nationality") == ["ve"]
    assert people["Pam Bondi"].get("topics") == []
    links = [p for p in proxies.values() if p.schema.name == "Documentation" and p.get("entity") == [subject.id]]
    assert links and all(link.get("document")[0] in proxies for link in links)
    assert proxies[links[0].get("document")[0]].schema.name == "Article"


def test_csv_and_jsonl(store):
    from rapsheet.export import export
    out = io.StringIO()
    export(store, "csv", out)
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert "charged with terrorism" in rows["Jose Enrique Martinez Flores"]["risks"]
    assert rows["Pam Bondi"]["risks"] == ""
    out = io.StringIO()
    n = export(store, "jsonl", out)
    cases = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(cases) == n == len(rows)
    assert {c["name"] for c in cases} == set(rows)


def test_import_ofac_and_ftm(tmp_path):
    from rapsheet.importers.ftm import read_ftm
    from rapsheet.importers.ofac import read_sdn
    entries = {e.list_id: e for e in read_sdn(LISTS / "sdn.csv")}
    assert set(entries) == {"ofac-36", "ofac-52001", "ofac-52002"}        # no vessel
    listed = entries["ofac-52001"]
    assert listed.name == "Jose Enrique Martinez Flores" and listed.schema == "Person"
    assert listed.birth_years == [2001] and listed.countries == ["VE"]
    assert "CHUQUI" in listed.aliases and listed.programs == ["SDGT", "ILLICIT-DRUGS-EO14059"]
    assert entries["ofac-36"].schema == "Organization" and "AERO-CARIBBEAN" in entries["ofac-36"].aliases
    ftm = {e.list_id: e for e in read_ftm(LISTS / "entities.ftm.json")}
    assert set(ftm) == {"NK-test-tda", "NK-test-osetrova"}                 # no address, no sanction
    assert ftm["NK-test-tda"].programs == ["TCO"] and ftm["NK-test-tda"].dataset == "us_ofac_sdn_test"
    assert ftm["NK-test-osetrova"].birth_years == [1988]


def test_cli_import_then_export(tmp_path, monkeypatch):
    from rapsheet.cli import main
    monkeypatch.setenv("RAPSHEET_DB", f"sqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(LISTS / "sdn.csv"), str(LISTS / "entities.ftm.json")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[0])["entries"] == 3
    out = tmp_path / "out.csv"
    assert runner.invoke(main, ["export", "--format", "csv", "-o", str(out)]).exit_code == 0
    rows = {r["name"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["Jose Enrique Martinez Flores"]["sanctions"] == "us_ofac_sdn:ofac-52001"
    assert "sanctioned for narcotics" in rows["Jose Enrique Martinez Flores"]["risks"]
    assert runner.invoke(main, ["import", str(tmp_path / "missing.csv")]).exit_code == 2
    assert runner.invoke(main, ["export", "--format", "xml"]).exit_code == 2
