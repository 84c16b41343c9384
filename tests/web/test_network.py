"""The network of an entity: typed ties to people, organisations and articles, each tie linked to
the sentence that reports it."""
from __future__ import annotations

from tests.web.crawl import read
from tests.web.test_readable import sample_client  # noqa: F401  (the sample store, built once)


def test_each_tie_links_to_the_sentence_that_reports_it(sample_client):  # noqa: F811
    store = sample_client.app.state.store
    flores = store.browse(store_filters(q="Jose Enrique Martinez Flores"))["results"][0]["id"]
    found = sample_client.get(f"/ui/entities/{flores}/network.json").json()
    kinds = {e["type"] for e in found["edges"]}
    assert "member of" in kinds and kinds & {"quoted in", "named in"}
    labels = {n["id"]: n["label"] for n in found["nodes"]}
    member = [e for e in found["edges"] if e["type"] == "member of"][0]
    assert "Tren de Aragua" in labels[member["target"]]
    article = sample_client.get(f"/articles/{member['evidence']['article']}").json()["article"]["text"]
    start, end = member["evidence"]["start"], member["evidence"]["end"]
    assert "Tren de Aragua" in article[start:end]
    assert member["href"] == f"/ui/articles/{member['evidence']['article']}#ev-{start}-{end}"
    page = read(sample_client.get(f"/ui/entities/{flores}/network").text)
    assert (member["href"], "the sentence") in page.links
    assert sample_client.get("/ui/entities/nobody-at-all/network").status_code == 404


def store_filters(**given):
    from rapsheet.store.browse import Filters
    return Filters(**given)
