"""Browsing entities by what they are alleged to have done: Store.browse and the home page."""
from __future__ import annotations

import pytest

from rapsheet.store.browse import Filters
from tests.web.crawl import read
from tests.web.test_readable import sample_client  # noqa: F401  (the sample store, built once)


@pytest.fixture(scope="module")
def store(sample_client):  # noqa: F811
    return sample_client.app.state.store


def test_an_empty_search_browses_latest_allegation_first(sample_client):  # noqa: F811
    page = read(sample_client.get("/ui/").text)
    text = " ".join(page.texts)
    assert "entities." in text and "Caicedo Valencia" in text
    rows = [t for href, t in page.links if href.startswith("/ui/entities/")]
    # The newest allegation (14 August 2025) heads the list, before older ones.
    assert rows.index("Wilson Andrés Caicedo Valencia") < rows.index("Svetlana Igorevna Morozova")


def test_filters_narrow_and_facets_count(store):
    everyone = store.browse(Filters())
    laundering = store.browse(Filters(category="money_laundering"))
    assert 0 < laundering["total"] < everyone["total"]
    names = {r["name"] for r in laundering["results"]}
    assert "Óscar Iván Villaseñor Ruiz" in names and "Svetlana Igorevna Morozova" not in names
    assert all(any(a["category"] == "money_laundering" for a in r["allegations"]) for r in laundering["results"])
    assert dict(everyone["facets"]["category"])["money_laundering"] == laundering["total"]
    convicted = store.browse(Filters(stage="convicted"))
    assert "Svetlana Igorevna Morozova" in {r["name"] for r in convicted["results"]}
    assert store.browse(Filters(status="cleared"))["total"] == 0     # the sample clears no one
    venezuelan = store.browse(Filters(country="VE", role="accused"))["results"]
    assert "Jose Enrique Martinez Flores" in {r["name"] for r in venezuelan}
    assert store.browse(Filters(date_from="2025-08-01"))["total"] < store.browse(Filters(date_to="2025-08-01"))["total"]
    by_mentions = store.browse(Filters(), sort="mentions")["results"]
    assert by_mentions[0]["mentions"] >= by_mentions[-1]["mentions"] or by_mentions[-1]["mentions"] is None


def test_the_filter_form_and_facet_links_work(sample_client):  # noqa: F811
    response = sample_client.get("/ui/", params={"category": "money_laundering", "sort": "mentions"})
    page = read(response.text)
    assert "matching the filters" in " ".join(page.texts)
    facet_links = [href for href, _ in page.links if "stage=" in href]
    assert facet_links and all("category=money_laundering" in h for h in facet_links)
    narrowed = read(sample_client.get(facet_links[0]).text)
    assert any(h.startswith("/ui/entities/") for h, _ in narrowed.links)
    assert sample_client.get("/ui/", params={"sort": "random"}).status_code == 422


def test_the_api_browses_as_the_page_does(sample_client):  # noqa: F811
    params = {"category": "money_laundering", "sort": "mentions"}
    answer = sample_client.get("/browse", params=params | {"limit": 100})
    assert answer.status_code == 200, answer.text
    found = answer.json()
    listed = [t for href, t in read(sample_client.get("/ui/", params=params).text).links
              if href.startswith("/ui/entities/")]
    assert [r["name"] for r in found["results"]] == listed
    assert "Óscar Iván Villaseñor Ruiz" in listed
    assert found["filters"] == {"category": "money_laundering"} and found["sort"] == "mentions"
    assert {"value": "money_laundering", "count": found["total"]} in found["facets"]["category"]
    assert all(a["allegation"] for r in found["results"] for a in r["allegations"])
    convicted = sample_client.get("/browse", params={"stage": "convicted", "status": "active"}).json()
    assert "Svetlana Igorevna Morozova" in {r["name"] for r in convicted["results"]}
    for bad in ({"stage": "beheaded"}, {"sort": "random"}, {"date_from": "2025-13-01"},
                {"date_from": "2025-09-01", "date_to": "2025-01-01"}):
        refused = sample_client.get("/browse", params=bad)
        assert refused.status_code == 422 and refused.json()["ok"] is False, bad


@pytest.mark.parametrize("sort", ["latest", "name", "mentions"])
def test_pages_follow_on_from_each_other(store, sort):
    whole = store.browse(Filters(), sort=sort, limit=1000)
    assert whole["total"] == len(whole["results"]) > 10
    paged = [r["id"] for offset in range(0, whole["total"], 7)
             for r in store.browse(Filters(), sort=sort, limit=7, offset=offset)["results"]]
    assert paged == [r["id"] for r in whole["results"]]
    if sort == "latest":
        # Everyone with an allegation, newest first, then the others by name.
        alleged = [r["latest"] for r in whole["results"] if r["allegations"]]
        dated = [d for d in alleged if d]
        assert alleged[:len(dated)] == sorted(dated, reverse=True)      # an undated one after them
        undated = [r for r in whole["results"] if not r["allegations"]]
        assert whole["results"][-len(undated):] == undated and undated


def test_a_filtered_list_exports_as_the_page_lists_it(sample_client):  # noqa: F811
    import csv
    import io
    import json
    listed = {r["name"] for r in sample_client.get("/browse", params={"category": "money_laundering", "limit": 500}).json()["results"]}
    for path in ("/export", "/ui/export"):
        answer = sample_client.get(path, params={"format": "csv", "category": "money_laundering"})
        assert answer.status_code == 200, answer.text
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        assert {r["name"] for r in rows} == listed
        assert int(answer.headers["x-rapsheet-subjects"]) == len(rows)
    ftm = sample_client.get("/ui/export", params={"format": "ftm", "category": "money_laundering"}).text
    names = {n for line in ftm.splitlines() for n in json.loads(line).get("properties", {}).get("name", [])}
    assert listed <= names and "Svetlana Igorevna Morozova" not in names
    everyone = sample_client.get("/export", params={"format": "csv"})
    assert len(list(csv.DictReader(io.StringIO(everyone.text)))) > len(listed)
