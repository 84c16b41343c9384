"""The Store over both databases: adding, deduping, reading back, searching and case files."""
from __future__ import annotations

import dataclasses
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from tests.store.store_corpus import expected_counts, many_documents, report
from rapsheet.store import entity_id, open_store
from rapsheet.store import schema as t


def rows_of(store, table, article_id: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)
                            .where(table.c.article_id == article_id)).scalar()


def test_add_stores_the_whole_document_and_reads_it_back(store):
    doc = many_documents(1)[0]
    result = store.add(doc)
    assert result.new and result.article_id == doc.article.id
    stored = store.article(doc.article.id)
    expected = doc.to_json()
    assert stored["article"] == expected["article"]
    assert [e["name"] for e in stored["entities"]] == [e["name"] for e in expected["entities"]]
    assert stored["events"] == expected["events"] and stored["charges"] == expected["charges"]
    # Each entity in the stored document says which store entity it became.
    person = stored["entities"][0]
    assert person["global_id"] == entity_id("person", doc.entities[0].name)
    assert store.entity(person["global_id"])["canonical_id"] == person["global_id"]
    for name, n in expected_counts(doc).items():
        assert rows_of(store, getattr(t, name), doc.article.id) == n, name
    assert store.has(doc.article.content_hash)
    assert store.article("0" * 16) is None


def test_adding_the_same_page_again_changes_nothing(store):
    doc = many_documents(1)[0]
    assert store.add(doc).new
    before = store.counts()
    again = store.add(doc)
    assert again == type(again)(doc.article.id, False)
    # The same page fetched again with other spacing and case is the same article.
    reformatted = dataclasses.replace(doc.article, text="  " + doc.article.text.upper().replace(" ", "\n "),
                                      source="mirror.html")
    assert store.add(dataclasses.replace(doc, article=reformatted)).new is False
    assert store.counts() == before
    assert store.counts()["articles"] == 1


def test_concurrent_adds_of_one_page_store_it_once(store):
    docs = many_documents(6)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(store.add, docs * 4))
    assert sum(r.new for r in results) == len(docs)
    assert store.counts()["articles"] == len(docs)
    for doc in docs:
        assert rows_of(store, t.mentions, doc.article.id) == expected_counts(doc)["mentions"]


def test_same_name_in_two_articles_is_one_entity_with_mentions_in_both(store):
    first = report("José Martínez Flores", 24, "Bogotá", "conspiracy to distribute cocaine",
                   "narcotics", 10, "2025-03-31", dt.date(2025, 4, 23))
    second = report("Jose Martinez Flores", 25, "Houston", "providing material support to a "
                    "foreign terrorist organization", "terrorism", 14, "2025-06-02",
                    dt.date(2025, 6, 10))
    store.add(first)
    store.add(second)
    person = entity_id("person", "José Martínez Flores")
    assert person == entity_id("person", "JOSE MARTINEZ-FLORES")
    with store.engine.connect() as conn:
        articles = conn.execute(sa.select(t.mentions.c.article_id).distinct()
                                .where(t.mentions.c.entity_id == person)).scalars().all()
    assert sorted(articles) == sorted([first.article.id, second.article.id])
    # Pam Bondi appears in both too, as one entity, and never as accused.
    bondi = store.case_file("pam bondi")
    assert [r["role"] for r in bondi["roles"]] == ["official"]
    assert bondi["risks"] == [] and bondi["charges"] == []
    assert len(bondi["articles"]) == 2


def test_case_file_gathers_facts_with_sources_across_articles(store):
    first = report("José Martínez Flores", 24, "Bogotá", "conspiracy to distribute cocaine",
                   "narcotics", 10, "2025-03-31", dt.date(2025, 4, 23))
    second = report("Jose Martinez Flores", 25, "Houston", "providing material support to a "
                    "foreign terrorist organization", "terrorism", 14, "2025-06-02",
                    dt.date(2025, 6, 10))
    later_narcotics = report("Jose Martinez Flores", 25, "Houston", "conspiracy to distribute cocaine",
                             "narcotics", 14, "2025-06-02", dt.date(2025, 9, 1))
    later_narcotics.entities[0].risks[0].stage = "convicted"
    for doc in (second, first, later_narcotics):
        store.add(doc)

    case = store.case_file("jose martinez flores")
    assert case is not None and case["type"] == "person"
    assert case == store.case_file(case["id"]) == store.case_file("JOSÉ MARTÍNEZ FLORES")
    assert "Flores" in case["aliases"]
    assert [a["id"] for a in case["articles"]] == [later_narcotics.article.id, second.article.id,
                                                  first.article.id]   # newest first
    ages = {a["value"]: a for a in case["attributes"]["age"]}
    assert set(ages) == {24, 25}
    source = ages[24]["sources"][0]
    assert source["article"] == first.article.id
    assert source["text"].startswith("José Martínez Flores, 24, was arrested in Bogotá")
    assert first.article.text[source["start"]:source["end"]] in source["text"]
    assert [r["role"] for r in case["roles"]] == ["accused"]
    assert len(case["roles"][0]["articles"]) == 3
    risks = {r["category"]: r for r in case["risks"]}
    assert risks["narcotics"]["stage"] == "convicted"          # the later stage wins
    assert risks["narcotics"]["date"] == "2025-09-01"
    assert risks["terrorism"]["stage"] == "charged" and len(risks["narcotics"]["sources"]) == 2
    assert sorted(c["offense"] for c in case["charges"]) == [
        "conspiracy to distribute cocaine", "conspiracy to distribute cocaine",
        "providing material support to a foreign terrorist organization"]
    assert all(c["defendant"] == case["id"] and "charged" in c["text"] for c in case["charges"])
    dated = [ev["date"]["value"] for ev in case["events"] if ev["date"]]
    assert dated == sorted(dated) and dated[0] == "2025-03-31"
    assert {ev["type"] for ev in case["events"]} == {"arrest", "charge", "extradition"}
    assert case["events"][-1]["date"] is None                  # undated events come last
    arrest = case["events"][0]
    assert arrest["roles"] == ["defendant"] and "arrested in Bogotá" in arrest["text"]
    assert case["quotes"] == []                                # he is not the speaker
    assert store.case_file("Nobody Atall") is None


def test_quotes_belong_to_their_speaker(store):
    doc = many_documents(1)[0]
    store.add(doc)
    case = store.case_file("Pam Bondi")
    assert [q["text"] for q in case["quotes"]] == ["This defendant will face justice,"]
    assert case["quotes"][0]["article"] == doc.article.id
    assert case["attributes"]["title"][0]["value"] == "Attorney General"


def test_entity_search_ignores_case_and_accents(store):
    store.add(report("José Martínez Flores", 24, "Bogotá", "money laundering", "money_laundering",
                     3, "2025-03-31", dt.date(2025, 4, 23)))
    store.add(report("Martina Gomez", 31, "Lima", "money laundering", "money_laundering", 2,
                     "2025-02-01", dt.date(2025, 2, 3)))
    for query in ("martinez", "MARTÍNEZ", "Martínez  Flores"):
        assert [e["name"] for e in store.entities(query)] == ["José Martínez Flores"], query
    assert [e["name"] for e in store.entities("bogota")] == ["Bogotá"]
    # An exact name comes before names that merely contain it.
    assert [e["name"] for e in store.entities("mart")] == ["José Martínez Flores", "Martina Gomez"]
    assert store.entities("%") == [] and store.entities("_") == []
    everyone = store.entities(limit=100)
    assert {e["name"] for e in everyone} >= {"Pam Bondi", "Justice Department", "Lima"}
    assert store.entities(limit=2, offset=1) == everyone[1:3]
    bondi = store.entities("bondi")[0]
    assert bondi["articles"] == 2 and bondi["type"] == "person"


def test_articles_are_listed_newest_first_in_pages(store):
    docs = many_documents(5)
    for doc in reversed(docs[:3]) :
        store.add(doc)
    undated = dataclasses.replace(docs[3], article=dataclasses.replace(docs[3].article, published=None))
    store.add(undated)
    listed = store.articles()
    assert [a["id"] for a in listed] == [docs[2].article.id, docs[1].article.id,
                                         docs[0].article.id, undated.article.id]
    assert listed[0]["published"] == docs[2].article.published.isoformat()
    assert "text" not in listed[0] and listed[0]["title"] == docs[2].article.title
    assert [a["id"] for a in store.articles(limit=2, offset=1)] == [a["id"] for a in listed[1:3]]


def test_failures_are_recorded_once(store):
    assert store.add_failure("feeds/broken.html", "read", "no article text found")
    assert store.add_failure("feeds/broken.html", "read", "no article text found") is False
    assert store.add_failure("feeds/broken.html", "nlp", "document too long")
    assert store.add_failure("feeds/other.warc", "read", "no article text found")
    failures = store.failures()
    assert len(failures) == 3 == store.counts()["failures"]
    assert {(f["source"], f["stage"]) for f in failures} == {
        ("feeds/broken.html", "read"), ("feeds/broken.html", "nlp"), ("feeds/other.warc", "read")}
    assert len(store.failures(limit=1, offset=2)) == 1


def test_open_store_reads_the_url_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "nested" / "env.db"
    monkeypatch.setenv("RAPSHEET_DB", f"sqlite:///{path}")
    with open_store() as store:
        store.add(many_documents(1)[0])
    with open_store(f"sqlite:///{path}") as again:
        assert again.counts()["articles"] == 1
        with again.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
