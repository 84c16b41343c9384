"""What resolution reads of the store (`rapsheet.store.resolution`), on SQLite and PostgreSQL: a
profile holds each role once however many articles state it, its aliases in the order stored,
and its articles only once read (`read_articles`); an alias introduced in an article still joins
an entity of the other type mentioned there, its articles read for that pair alone."""
from __future__ import annotations

import datetime as dt

from rapsheet.model import Article, Document, Entity
from rapsheet.store import entity_id, schema as t
from rapsheet.store.resolution import load_profiles, read_articles
from tests.store.store_corpus import find, mention, report

DAY = dt.date(2025, 4, 23)


def nickname_report(text: str, nickname_is_named: bool) -> Document:
    """A report naming a defendant "alias Chuqui"; with `nickname_is_named`, NER also read
    "Chuqui" alone later on as an organisation."""
    person = Entity("e1", "person", "Jose Enrique Martinez Flores", mentions=[
        mention(text, "Jose Enrique Martinez Flores")])
    person.add_attribute("alias", "Chuqui", *find(text, "Chuqui"))
    person.add_role("accused")
    entities = [person]
    if nickname_is_named:
        entities.append(Entity("e2", "organization", "Chuqui", mentions=[mention(text, "Chuqui", nth=1)]))
    return Document(Article(source="chuqui.txt", text=text, published=DAY, language="en"), entities=entities)


def canonical(store, type_: str, name: str) -> str:
    with store.engine.connect() as conn:
        return conn.execute(t.entities.select().where(t.entities.c.id == entity_id(type_, name))).one().canonical_id


def test_a_profile_reads_each_role_once_and_its_articles_when_asked(store):
    for n, city in enumerate(("Lima", "Miami", "Houston")):
        store.add(report(f"Carlos Vargas {n}", 30 + n, city, "money laundering", "money_laundering", 5,
                         "April 1", DAY, source=f"r{n}.txt"))
    official = entity_id("person", "Pam Bondi")
    with store.engine.connect() as conn:
        profile = load_profiles(conn, {official})[official]
        assert profile.roles == {"official"} and profile.articles == set()
        read_articles(conn, {official: profile})
    assert len(profile.articles) == 3


def test_an_alias_introduced_in_the_article_joins_the_other_type_there_only(store):
    text = "Jose Enrique Martinez Flores, alias Chuqui, was arrested in Lima. Chuqui led the ring."
    store.add(nickname_report(text, nickname_is_named=True))
    assert canonical(store, "organization", "Chuqui") == canonical(store, "person", "Jose Enrique Martinez Flores")


def test_an_alias_does_not_join_the_other_type_named_in_another_article(store):
    text = "Jose Enrique Martinez Flores, alias Chuqui, was arrested in Lima. Chuqui led the ring."
    store.add(nickname_report(text, nickname_is_named=False))
    other = "Police in Cali said Chuqui was a brand of cement. Chuqui sold well."
    store.add(Document(Article(source="cement.txt", text=other, published=DAY, language="en"), entities=[
        Entity("e1", "organization", "Chuqui", mentions=[mention(other, "Chuqui")])]))
    assert canonical(store, "organization", "Chuqui") != canonical(store, "person", "Jose Enrique Martinez Flores")
