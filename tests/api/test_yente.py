"""yente's paths answered for yente's own client: `rapsheet serve` (uvicorn on 127.0.0.1, a
random port) over a store holding the seed article and an FtM sanctions file, queried with the
published `yente-client` package, unchanged."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT

yente_client = pytest.importorskip("yente_client")
ZALA = ROOT.parent / "shared" / "data" / "opensanctions-ftm" / "dataset" / "zala" / "entities.ftm.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory, seed_document):
    from rapsheet.store import open_store
    db = f"sqlite:///{tmp_path_factory.mktemp('yente') / 'store.db'}"
    with open_store(db) as store:
        store.add(seed_document)
        if ZALA.is_file():
            from rapsheet.importers import import_file
            import_file(store, ZALA, resolve=False)
    port = _free_port()
    env = {**os.environ, "RAPSHEET_DB": db, "PYTHONPATH": str(ROOT)}
    env.pop("RAPSHEET_API_KEY", None)
    server = subprocess.Popen([sys.executable, "-m", "rapsheet", "serve", "--port", str(port)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while True:
        assert server.poll() is None, server.stderr.read().decode()[-2000:]
        assert time.time() < deadline, "rapsheet serve did not start"
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture
def client(served):
    with yente_client.Client(base_url=served, timeout=60) as client:
        yield client


def test_healthz_answers_as_yente(client):
    assert client.healthz().status == "ok"


def test_a_person_query_finds_the_accused_with_allegations_beside(served, client):
    query = yente_client.Person(name=["Jose Enrique Martinez Flores"], birthDate=["2001"])
    answer = client.match(query, limit=3)
    top = answer.results[0]
    assert top.caption == "Jose Enrique Martinez Flores" and top.schema_ == "Person"
    assert top.match and top.score >= 0.8
    assert "crime.terror" in top.properties["topics"]
    assert answer.total.value == len(answer.results) and answer.limit == 3
    assert top.explanations             # why it scored, feature by feature
    # The allegations as reported travel beside yente's fields, with stage and source.
    raw = httpx.post(f"{served}/match/default", json={"queries": {"q": query.to_payload()}}).json()
    result = raw["responses"]["q"]["results"][0]
    assert raw["responses"]["q"]["status"] == 200
    [risk] = [r for r in result["risks"] if r["category"] == "terrorism"]
    assert (risk["proceeding"], risk["stage"], risk["status"]) == ("criminal", "charged", "active")
    assert risk["allegation"].startswith("charged with") and risk["evidence"][0]["text"]
    assert set(result["features"]) == set(result["explanations"])


def test_threshold_cutoff_and_a_sibling_are_honoured(client):
    exact = yente_client.Person(name=["Jose Enrique Martinez Flores"])
    strict = client.match(exact, threshold=1.0)
    assert all(r.match == (r.score >= 1.0) for r in strict.results)
    assert client.match(yente_client.Person(name=["Qwxz Vbnmrt"]), cutoff=0.5).results == []
    # Same surnames, other given names: another person, never a match.
    sibling = client.match(yente_client.Person(name=["Ruben Dario Martinez Flores"]), cutoff=0.0)
    assert "Jose Enrique Martinez Flores" in [r.caption for r in sibling.results]
    assert not any(r.match for r in sibling.results)
    # An organisation query does not match a person.
    company = client.match(yente_client.Company(name=["Jose Enrique Martinez Flores"]), cutoff=0.0)
    assert company.results and not any(r.match and r.schema_ == "Person" for r in company.results)


def test_a_sanctions_listing_reads_as_a_listing(served, client):
    if not ZALA.is_file():
        pytest.skip("no FtM dev file")
    listed = next(e for e in map(json.loads, ZALA.read_text(encoding="utf-8").splitlines())
                  if e.get("schema") == "Person" and "sanction" in e["properties"].get("topics", []))
    answer = client.match(yente_client.Person(name=listed["properties"]["name"][:1]))
    top = answer.results[0]
    assert top.match and "sanction" in top.properties["topics"]
    raw = httpx.post(f"{served}/match/default", json={"queries": {"q": {
        "schema": "Person", "properties": {"name": listed["properties"]["name"][:1]}}}}).json()
    listing = raw["responses"]["q"]["results"][0]["sanctions"][0]
    assert listing["proceeding"] == "sanctions" and listing["allegation"].startswith("listed")


def test_errors_keep_the_contract_shape(served):
    unknown = httpx.post(f"{served}/match/nowhere", json={"queries": {"q": {
        "schema": "Person", "properties": {"name": ["X"]}}}})
    assert unknown.status_code == 404 and unknown.json()["ok"] is False
    document = httpx.post(f"{served}/match/default", json={"queries": {"q": {
        "schema": "Document", "properties": {"name": ["X"]}}}})
    assert document.status_code == 400 and "schema" in document.json()["error"]
    # The contract's own POST /match is unchanged.
    own = httpx.post(f"{served}/match", json={"queries": {"q": {"name": "Jose Enrique Martinez Flores"}}})
    assert own.status_code == 200 and own.json()["responses"]["q"]["results"][0]["name"]
