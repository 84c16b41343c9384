"""Every endpoint of the REST API against a store of real articles: what users get, what bad
requests get (one error shape, a 4xx naming the field), and what the API key guards."""
from __future__ import annotations

import pytest

from tests.api.conftest import KEY, SECOND_REPORT, entity_id


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body["error"]


def test_health_reports_the_store(client):
    body = client.get("/health").json()
    assert body["ok"] is True and body["pipeline_loaded"] is True
    assert body["counts"]["articles"] >= 4 and body["counts"]["entities"] > 10


def test_article_round_trip_and_dedupe(client):
    stored = client.get(f"/articles/{client.ids['seed']}").json()
    assert set(stored) >= {"article", "entities", "events", "charges", "times", "quantities", "quotes"}
    assert stored["article"]["published"] == "2025-04-23"
    names = [e["name"] for e in stored["entities"]]
    assert "Jose Enrique Martinez Flores" in names
    # The same text again, sent as text/plain: stored once, 200 and new=False.
    again = client.post("/articles", content=stored["article"]["text"].encode(),
                        headers={"content-type": "text/plain", "X-API-Key": KEY})
    assert again.status_code == 200 and again.json()["new"] is False
    assert again.json()["id"] == client.ids["seed"]


def test_html_article_is_read_from_its_page(client):
    document = client.get(f"/articles/{client.ids['html']}").json()
    assert "<" not in document["article"]["text"][:200]
    assert document["article"]["title"]


def test_list_articles_paginates_with_total(client):
    first = client.get("/articles", params={"limit": 2}).json()
    second = client.get("/articles", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] >= 4
    assert len(first["results"]) == 2
    assert not {a["id"] for a in first["results"]} & {a["id"] for a in second["results"]}
    assert "text" not in first["results"][0]


@pytest.mark.parametrize("kwargs, status, field", [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "body"),
    ({"json": {"text": "a", "html": "<p>b</p>"}}, 422, "text, html"),
    ({"json": {}}, 422, "text"),
    ({"json": {"text": "   \n "}}, 422, "text"),
    ({"json": {"text": "Some text", "body": "x"}}, 422, "body"),
    ({"json": {"text": "Some text", "published": "23 April"}}, 422, "published"),
    ({"json": ["text"]}, 422, "body"),
    ({"content": b"x", "headers": {"content-type": "application/pdf"}}, 415, "content-type"),
    ({"json": {"url": "https://example.org/news/1"}}, 400, "url"),
])
def test_post_article_bad_bodies(client, kwargs, status, field):
    kwargs.setdefault("headers", {})["X-API-Key"] = KEY
    message = error_of(client.post("/articles", **kwargs), status)
    assert message.startswith(field), message


def test_bad_content_is_recorded_as_a_failure(client):
    error_of(client.post("/articles", json={"text": "-- ... -- !!! ... ?? -- ... --"},
                         headers={"X-API-Key": KEY}), 422)
    failures = client.get("/failures").json()
    assert failures["total"] >= 1
    assert any(f["source"] == "api" and f["stage"] for f in failures["results"])


def test_an_article_in_another_language_is_stored_unread(client):
    added = client.post("/articles", json={"text": "O empresário Osvaldo Prates Lacerda foi preso na "
                                                   "segunda-feira em Curitiba, acusado de fraude em "
                                                   "licitações, informou o Ministério Público."},
                        headers={"X-API-Key": KEY})
    assert added.status_code == 201, added.text
    document = added.json()["document"]
    assert document["article"]["language"] == "pt"
    assert document["article"]["not_read"] == "language pt"
    names = {e["name"]: e["type"] for e in document["entities"]}
    assert names == {"Osvaldo Prates Lacerda": "person", "Ministério Público": "organization"}
    assert document["entities"][0]["roles"] == [] and document["charges"] == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/x", "http://localhost/", "http://10.1.2.3/",
                                 "http://[::1]/", "http://169.254.169.254/latest/meta-data",
                                 "file:///etc/passwd"])
def test_url_fetch_refuses_private_addresses(app_with, url):
    with app_with(api_allow_url_fetch=True) as c:
        message = error_of(c.post("/articles", json={"url": url}, headers={"X-API-Key": KEY}), 400)
    assert message.startswith("url: refused")


def test_writes_need_the_key(client):
    assert error_of(client.post("/articles", json={"text": SECOND_REPORT}), 401).startswith("X-API-Key")
    error_of(client.post("/articles", json={"text": SECOND_REPORT}, headers={"X-API-Key": "wrong"}), 401)
    error_of(client.post("/judgements", json={"left": "a", "right": "b", "verdict": "same"}), 401)
    error_of(client.delete("/judgements/1"), 401)
    # Reads stay open by default.
    assert client.get("/entities").status_code == 200


def test_reads_can_be_keyed(app_with):
    with app_with(api_read_key_required=True) as c:
        for path in ("/entities", "/articles", "/events", "/failures", "/judgements"):
            error_of(c.get(path), 401)
            assert c.get(path, headers={"X-API-Key": KEY}).status_code == 200
        error_of(c.post("/match", json={"queries": {"q": {"name": "Flores"}}}), 401)
        assert c.get("/health").json()["counts"] == {}


def test_body_size_limit(app_with):
    with app_with(api_max_body_bytes=2000) as c:
        big = {"text": "Flores was charged. " * 200}
        assert "limit" in error_of(c.post("/articles", json=big, headers={"X-API-Key": KEY}), 413)
        # Without a Content-Length (chunked), the limit holds while the body streams in.
        chunks = (b"x" * 1000 for _ in range(5))
        error_of(c.post("/articles", content=chunks,
                        headers={"content-type": "text/plain", "X-API-Key": KEY}), 413)


def test_a_write_past_the_time_limit_is_stored_and_says_so(tmp_path, pipeline):
    """Never 504 with the article stored behind the client's back: a write runs to its end."""
    from fastapi.testclient import TestClient

    from rapsheet.api import create_app
    from rapsheet.settings import Settings
    db = f"sqlite:///{tmp_path / 'slow.db'}"
    app = create_app(Settings(db=db, api_timeout_seconds=0.05, api_allow_anonymous_writes=True))
    with TestClient(app) as c:
        text = "Prosecutors said Maria Lopez, 41, was charged with fraud in Miami on Tuesday. " * 30
        added = c.post("/articles", json={"text": text})
        assert added.status_code == 201, added.text
    # Read back without the tiny limit: on a loaded machine even a listing can take over 0.05 s.
    with TestClient(create_app(Settings(db=db))) as reader:
        assert [a["id"] for a in reader.get("/articles").json()["results"]] == [added.json()["id"]]


def test_search_entities(client):
    found = client.get("/entities", params={"q": "martinez flores"}).json()
    assert {"Jose Enrique Martinez Flores", "Jose E. Martinez-Flores"} <= {r["name"] for r in found["results"]}
    # An exact name comes first, case and accents aside.
    exact = client.get("/entities", params={"q": "JOSÉ ENRIQUE MARTINEZ FLORES"}).json()
    assert exact["results"][0]["name"] == "Jose Enrique Martinez Flores"
    everyone = client.get("/entities", params={"limit": 3}).json()
    later = client.get("/entities", params={"limit": 3, "offset": 3}).json()
    assert everyone["total"] == later["total"] > 6
    assert not {r["id"] for r in everyone["results"]} & {r["id"] for r in later["results"]}
    assert client.get("/entities", params={"q": "zzqx nobody"}).json() == {
        "total": 0, "limit": 50, "offset": 0, "results": []}
    assert error_of(client.get("/entities", params={"q": ""}), 422).startswith("q:")
    assert error_of(client.get("/entities", params={"limit": 0}), 422).startswith("limit:")
    assert error_of(client.get("/entities", params={"offset": -1}), 422).startswith("offset:")


def test_case_file(client):
    flores = entity_id(client, "Jose Enrique Martinez Flores")
    case = client.get(f"/entities/{flores}").json()
    assert case["name"] == "Jose Enrique Martinez Flores"
    assert any(r["category"] == "terrorism" and r["stage"] == "charged" for r in case["risks"])
    assert any(c["category"] == "terrorism" for c in case["charges"])
    assert all(s["text"] for r in case["risks"] for s in r["sources"])
    bondi = client.get(f"/entities/{entity_id(client, 'Pam Bondi')}").json()
    assert bondi["risks"] == [] and bondi["charges"] == []
    assert error_of(client.get("/entities/no-such-entity"), 404).startswith("entity_id")


def test_timeline(client):
    flores = entity_id(client, "Jose Enrique Martinez Flores")
    whole = client.get(f"/entities/{flores}/timeline", params={"limit": 500}).json()
    assert whole["total"] == len(whole["results"]) > 2
    dated = [e["date"]["value"] for e in whole["results"] if e.get("date")]
    assert dated == sorted(dated)
    assert any(e["type"] == "arrest" and e["date"]["value"] == "2025-03-31" for e in whole["results"])
    page = client.get(f"/entities/{flores}/timeline", params={"limit": 2, "offset": 1}).json()
    assert page["results"] == whole["results"][1:3]
    error_of(client.get("/entities/nobody/timeline"), 404)


def test_events_filters(client):
    arrests = client.get("/events", params={"type": "arrest"}).json()
    assert arrests["total"] >= 1 and all(e["type"] == "arrest" for e in arrests["results"])
    assert all(e["text"] and e["article"] for e in arrests["results"])
    terror = client.get("/events", params={"category": "terrorism"}).json()
    assert terror["total"] >= 1
    assert all(e["article"] in (client.ids["seed"], client.ids["second"]) for e in terror["results"])
    march = client.get("/events", params={"date_from": "2025-03-01", "date_to": "2025-03-31"}).json()
    assert march["total"] >= 1
    assert all("2025-03-01" <= e["date"]["value"] <= "2025-03-31" for e in march["results"])
    charged = client.get("/events", params={"stage": "charged"}).json()
    assert all(e["stage"] == "charged" for e in charged["results"])
    everything = client.get("/events", params={"limit": 500}).json()
    assert everything["total"] > march["total"]
    page = client.get("/events", params={"limit": 3, "offset": 3}).json()
    assert [e["id"] for e in page["results"]] == [e["id"] for e in everything["results"][3:6]]
    assert error_of(client.get("/events", params={"type": "picnic"}), 422).startswith("type:")
    assert error_of(client.get("/events", params={"date_from": "2025-04-01", "date_to": "2025-03-01"}),
                    422).startswith("date_from")
    assert error_of(client.get("/events", params={"date_from": "April"}), 422).startswith("date_from")


def test_match(client):
    body = {"queries": {"flores": {"name": "Jose Martinez Flores", "birth_year": 2001, "country": "VE"},
                        "nobody": {"name": "Wilhelmina Oyelaran-Castellanos"}}}
    answer = client.post("/match", json=body).json()
    results = answer["responses"]["flores"]["results"]
    top = next(r for r in results if r["name"] == "Jose Enrique Martinez Flores")
    assert top["match"] is True and results.index(top) <= 1
    assert top["explanation"] and any(r["category"] == "terrorism" for r in top["risks"])
    assert not any(r["match"] for r in answer["responses"]["nobody"]["results"])
    # A wrong birth year costs score.
    wrong = client.post("/match", json={"queries": {"q": {"name": "Jose Martinez Flores",
                                                          "birth_year": 1960}}}).json()
    same = next(r for r in wrong["responses"]["q"]["results"] if r["id"] == top["id"])
    assert same["score"] < top["score"]


@pytest.mark.parametrize("body, field", [
    ({"queries": {f"q{i}": {"name": "Flores"} for i in range(101)}}, "queries"),
    ({"queries": {}}, "queries"),
    ({"queries": {"q": {"name": ""}}}, "queries.q.name"),
    ({"queries": {"q": {"name": "Flores", "birth_year": "nineteen"}}}, "queries.q.birth_year"),
    ({"queries": {"q": {"name": "Flores", "country": "VEN"}}}, "queries.q.country"),
    ({"queries": {"q": {"name": "Flores", "nickname": "El Viejo"}}}, "queries.q.nickname"),
    ({"names": ["Flores"]}, "queries"),
])
def test_match_bad_bodies(client, body, field):
    assert error_of(client.post("/match", json=body), 422).startswith(field)


def test_judgements_merge_split_undo(client):
    left = entity_id(client, "Jose Enrique Martinez Flores")
    right = entity_id(client, "Jose E. Martinez-Flores")
    assert left != right
    keyed = {"X-API-Key": KEY}
    merged = client.post("/judgements", json={"left": left, "right": right, "verdict": "same",
                                              "who": "analyst", "reason": "same age and case"}, headers=keyed)
    assert merged.status_code == 201 and merged.json()["canonical_id"] == left
    assert merged.json()["reason"] == "same age and case"
    case = client.get(f"/entities/{right}").json()
    assert case["id"] == left and set(case["members"]) == {left, right}
    assert {a["id"] for a in case["articles"]} >= {client.ids["seed"], client.ids["second"]}
    assert client.get("/events", params={"entity": left, "limit": 500}).json()["total"] > \
        len(client.get(f"/articles/{client.ids['second']}").json()["events"]) - 1
    listed = client.get("/judgements", params={"entity": right}).json()
    assert listed["total"] >= 1 and listed["results"][0]["verdict"] == "same"
    assert listed["results"][0]["reason"] == "same age and case"
    # Undo: apart again.
    undone = client.delete(f"/judgements/{merged.json()['id']}", headers=keyed)
    assert undone.status_code == 200 and undone.json()["undone"]
    assert client.get(f"/entities/{right}").json()["members"] == [right]
    # Merge, then split with 'not same': the second verdict wins.
    client.post("/judgements", json={"left": left, "right": right, "verdict": "same"}, headers=keyed)
    split = client.post("/judgements", json={"left": left, "right": right, "verdict": "not_same"},
                        headers=keyed)
    assert split.status_code == 201
    assert client.get(f"/entities/{right}").json()["members"] == [right]
    error_of(client.post("/judgements", json={"left": left, "right": "nope", "verdict": "same"},
                         headers=keyed), 404)
    error_of(client.post("/judgements", json={"left": left, "right": left, "verdict": "same"},
                         headers=keyed), 422)
    assert error_of(client.post("/judgements", json={"left": left, "right": right, "verdict": "maybe"},
                                headers=keyed), 422).startswith("verdict")
    error_of(client.delete("/judgements/999999", headers=keyed), 404)
    error_of(client.delete("/judgements/abc", headers=keyed), 422)


def test_failures_paginate(client):
    page = client.get("/failures", params={"limit": 1}).json()
    assert page["limit"] == 1 and page["total"] >= len(page["results"])


def test_unknown_paths_and_methods_share_the_error_shape(client):
    assert error_of(client.get("/no/such/path"), 404).startswith("not found")
    error_of(client.put("/health"), 405)


def test_openapi_schema_has_examples(client):
    schema = client.get("/openapi.json").json()
    assert {"/health", "/articles", "/articles/{article_id}", "/entities", "/entities/{entity_id}",
            "/entities/{entity_id}/timeline", "/events", "/match", "/judgements",
            "/judgements/{judgement_id}", "/failures"} <= set(schema["paths"])
    components = schema["components"]["schemas"]
    assert components["MatchRequest"]["examples"][0]["queries"]["q1"]["name"]
    assert "application/json" in schema["paths"]["/articles"]["post"]["requestBody"]["content"]
    assert "text/html" in schema["paths"]["/articles"]["post"]["requestBody"]["content"]


def test_security_headers(client):
    for path in ("/health", "/ui/", "/no/such/path"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_export(client):
    import csv
    import io
    import json
    ftm = client.get("/export", params={"format": "ftm"})
    assert ftm.status_code == 200 and int(ftm.headers["x-rapsheet-subjects"]) >= 2
    entities = [json.loads(line) for line in ftm.text.splitlines() if line.strip()]
    assert any(e.get("schema") == "Person" and "Jose Enrique Martinez Flores" in
               json.dumps(e.get("properties", {}), ensure_ascii=False) for e in entities)
    rows = list(csv.DictReader(io.StringIO(client.get("/export", params={"format": "csv"}).text)))
    assert any("Martinez Flores" in " ".join(map(str, r.values())) for r in rows)
    assert error_of(client.get("/export", params={"format": "xml"}), 422).startswith("format")
