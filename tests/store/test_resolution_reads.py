"""What resolution reads of the store (`rapsheet.store.resolution`), on SQLite and PostgreSQL: a
profile holds each role once however many articles state it, its risk categories, its aliases in
the order stored, and its articles only once read (`read_articles`); an alias introduced in an
article still joins an entity of the other type mentioned there, its articles read for that pair
alone; blocking reads keys of any text, however many."""
from __future__ import annotations

import datetime as dt
import random

from rapsheet.model import Article, Document, Entity
from rapsheet.store import entity_id, resolution, schema as t
from rapsheet.resolve.blocking import MAX_BLOCK, MAX_CANDIDATES
from rapsheet.store.resolution import candidates, load_profiles, read_articles
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


def test_a_profile_reads_its_risk_categories_beside_its_other_statements(store):
    store.add(report("Carlos Vargas", 30, "Lima", "money laundering", "money_laundering", 5, "April 1", DAY))
    store.add(report("Carlos Vargas", 30, "Miami", "drug trafficking", "drug_trafficking", 5, "April 2", DAY,
                     source="r2.txt"))
    defendant = entity_id("person", "Carlos Vargas")
    with store.engine.connect() as conn:
        profile = load_profiles(conn, {defendant})[defendant]
    assert profile.risks == {"money_laundering", "drug_trafficking"}
    assert profile.roles == {"accused"} and profile.aliases == []


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


def _candidates_reading_every_key(members: dict[str, set[str]], keys_of: dict[str, set[str]],
                                  max_block: int = MAX_BLOCK) -> dict[str, set[str]]:
    """Blocking as `candidates` documents it, over every key's members at hand: each entity's
    keys of at most `max_block` rarest first, until MAX_CANDIDATES others; an entity alone
    under its keys that fit reads the next, larger one, and no more."""
    found = {}
    for entity, keys in keys_of.items():
        others: set[str] = set()
        usable = sorted((k for k in keys if 0 < len(members.get(k, ())) <= max_block),
                        key=lambda k: (len(members[k]), k))
        for key in usable:
            if others and len(others) + len(members[key]) > MAX_CANDIDATES + 1:
                break
            others |= members[key] - {entity}
            if len(members[key]) > min(max_block, MAX_CANDIDATES + 1):
                break
        found[entity] = others
    return found


def test_candidates_read_only_the_rarest_keys_and_find_what_reading_every_key_finds(store, monkeypatch):
    # Keys of every size around the budget, each entity under a dozen of them: reading only an
    # entity's rarest keys up to its budget finds the same others as reading every key that fits.
    rng = random.Random(7)
    ids = [f"e{n:03d}" for n in range(120)]
    members: dict[str, set[str]] = {f"k{n:03d}": set(rng.sample(ids, rng.choice((1, 2, 3, 5, 8, 12, 13, 14, 20, 45))))
                                    for n in range(150)}
    keys_of: dict[str, set[str]] = {i: set() for i in ids}
    for key, holders in members.items():
        for holder in holders:
            keys_of[holder].add(key)
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with store.engine.begin() as conn:
        conn.execute(t.entities.insert(), [{"id": i, "type": "person", "name": i, "name_key": i, "canonical_id": i,
                                            "first_seen": now} for i in ids])
        conn.execute(t.entity_keys.insert(), [{"key": k, "entity_id": i} for k, holders in members.items()
                                              for i in sorted(holders)])
        read: list[str] = []
        members_of = resolution._members
        monkeypatch.setattr(resolution, "_members", lambda conn, keys: read.extend(keys) or members_of(conn, keys))
        found = candidates(conn, keys_of)
    assert found == _candidates_reading_every_key(members, keys_of)
    assert sum(len(others) for others in found.values()) > len(ids)
    fitting = [k for k, holders in members.items() if len(holders) <= MAX_CANDIDATES + 1]
    assert len(read) < len(fitting)


def test_candidates_read_keys_of_any_text_and_of_more_than_one_chunk(store):
    # The reads send their keys as one parameter (JSON text on SQLite): quotes, backslashes,
    # accents and letters beyond the basic plane come back as they went, and a list longer than
    # one chunk of ids is read whole.
    odd = ['t:o"neil', "t:back\\slash", "t:josé", "t:\U0001d4b6li", "p:a, b"]
    plain = [f"t:k{n:04d}" for n in range(1200)]
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with store.engine.begin() as conn:
        conn.execute(t.entities.insert(), [{"id": i, "type": "person", "name": i, "name_key": i, "canonical_id": i,
                                            "first_seen": now} for i in ("a", "b")])
        conn.execute(t.entity_keys.insert(), [{"key": k, "entity_id": i} for k in odd + plain for i in ("a", "b")])
        sizes: dict[str, int] = {}
        found = candidates(conn, {"a": set(odd), "b": set(plain)}, sizes=sizes)
    assert sizes == dict.fromkeys(odd + plain, 2)
    assert found == {"a": {"b"}, "b": {"a"}}
