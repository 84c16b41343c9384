"""The packaged migrations: they build the schema that schema.py declares, and upgrade an older
database in place with its data intact."""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.store.store_corpus import many_documents
from rapsheet.store import current_revision, head_revision, open_store
from rapsheet.store.engine import create_engine, upgrade
from rapsheet.store.schema import metadata


def schema_differences(engine: sa.Engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_migrations_build_the_declared_schema(db_url):
    with open_store(db_url) as store:
        assert current_revision(store.engine) == head_revision() >= "0003"
        assert schema_differences(store.engine) == []
    # Opening again finds the schema current and leaves it alone.
    with open_store(db_url) as store:
        assert current_revision(store.engine) == head_revision()


def test_a_revision_1_database_upgrades_in_place_with_its_data(db_url):
    engine = create_engine(db_url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    old = many_documents(2)[0]
    now = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as conn:
        # Written the way revision 1 knew the table: no author column.
        articles = sa.Table("articles", sa.MetaData(), autoload_with=conn)
        assert "author" not in articles.c
        conn.execute(articles.insert().values(
            id=old.article.id, content_hash=old.article.content_hash, source=old.article.source,
            url=old.article.url, title=old.article.title, published=old.article.published,
            language="en", text=old.article.text, document=json.dumps(old.to_json()),
            extractor_version="0.0.1", first_seen=now, last_seen=now))
    engine.dispose()

    with open_store(db_url) as store:
        assert current_revision(store.engine) == head_revision()
        assert schema_differences(store.engine) == []
        assert store.article(old.article.id) == old.to_json()
        [listed] = store.articles()
        assert listed["title"] == old.article.title and listed["author"] is None
        assert listed["extractor_version"] == "0.0.1"
        assert store.add(old).new is False                  # still deduped after the upgrade
        new = many_documents(2)[1]
        new.article.author = "Staff reporter"
        assert store.add(new).new
        assert [a["author"] for a in store.articles()] == ["Staff reporter", None]


def test_a_revision_4_database_gets_proceeding_and_status_with_nothing_lost(db_url):
    from rapsheet.store.rows import document_rows

    engine = create_engine(db_url)
    upgrade(engine, "0004")
    docs = many_documents(2)
    docs[1].charges[0].stage = "acquitted"
    docs[1].entities[0].risks[0].stage = "acquitted"
    with engine.begin() as conn:
        # Written the way revision 4 knew the tables: charges without proceeding or status.
        tables = sa.MetaData()
        tables.reflect(conn)
        assert "proceeding" not in tables.tables["charges"].c
        written: set[str] = set()      # the official and the agency are in both reports
        for doc in docs:
            rows = document_rows(doc, dt.datetime.now(dt.timezone.utc))
            for name, field in (("articles", "article"), ("entities", "entities"),
                                ("mentions", "mentions"), ("statements", "statements"),
                                ("charges", "charges")):
                table = tables.tables[name]
                records = getattr(rows, field)
                records = records if isinstance(records, list) else [records]
                if name == "entities":
                    records = [r for r in records if r["id"] not in written]
                    written.update(r["id"] for r in records)
                conn.execute(table.insert(), [{k: v for k, v in r.items() if k in table.c}
                                              for r in records])
        before = conn.execute(sa.select(tables.tables["charges"])).mappings().all()
    engine.dispose()

    with open_store(db_url) as store:
        assert current_revision(store.engine) == head_revision()
        assert schema_differences(store.engine) == []
        with store.engine.connect() as conn:
            after = conn.execute(sa.select(sa.table("charges", *(sa.column(c) for c in (
                "id", "offense", "stage", "data", "proceeding", "status"))))).mappings().all()
        assert {r["id"]: (r["offense"], r["stage"], r["data"]) for r in before} == \
            {r["id"]: (r["offense"], r["stage"], r["data"]) for r in after}
        assert {r["stage"]: (r["proceeding"], r["status"]) for r in after} == {
            "charged": ("criminal", "active"), "acquitted": ("criminal", "cleared")}
        cleared = [e for e in store.entities(limit=10) if e["name"] == docs[1].entities[0].name]
        case = store.case_file(cleared[0]["id"])
        assert (case["risks"][0]["status"], case["risks"][0]["proceeding"]) == ("cleared", "criminal")
        assert case["charges"][0]["allegation"].startswith("acquitted of ")


def test_a_revision_6_database_gets_its_allegations_indexed_with_nothing_lost(db_url):
    from rapsheet.store.browse import Filters
    from rapsheet.store.rows import document_rows

    engine = create_engine(db_url)
    upgrade(engine, "0006")
    docs = many_documents(2)
    docs[1].entities[0].risks[0].stage = "acquitted"
    with engine.begin() as conn:
        # Written the way revision 6 knew the tables: no allegations index.
        tables = sa.MetaData()
        tables.reflect(conn)
        assert "allegations" not in tables.tables
        written: set[str] = set()
        for doc in docs:
            rows = document_rows(doc, dt.datetime.now(dt.timezone.utc))
            for name, field in (("articles", "article"), ("entities", "entities"),
                                ("mentions", "mentions"), ("statements", "statements")):
                records = getattr(rows, field)
                records = records if isinstance(records, list) else [records]
                if name == "entities":
                    records = [r for r in records if r["id"] not in written]
                    written.update(r["id"] for r in records)
                conn.execute(tables.tables[name].insert(), records)
        risks = conn.execute(sa.select(sa.func.count()).select_from(tables.tables["statements"])
                             .where(tables.tables["statements"].c.prop.like("risk:%"))).scalar()
    engine.dispose()
    assert risks >= 2

    with open_store(db_url) as store:
        assert current_revision(store.engine) == head_revision()
        assert schema_differences(store.engine) == []
        assert store.counts()["statements"] > risks
        cleared = store.browse(Filters(status="cleared"))
        assert [r["name"] for r in cleared["results"]] == [docs[1].entities[0].name]
        assert cleared["results"][0]["allegations"][0]["allegation"].startswith("acquitted of ")
        standing = store.browse(Filters(status="active", proceeding="criminal"))
        assert docs[0].entities[0].name in [r["name"] for r in standing["results"]]
        assert docs[1].entities[0].name not in [r["name"] for r in standing["results"]]
        assert store.browse(Filters(date_from=str(docs[1].article.published)))["total"] >= 1
        # A later article is indexed as it is stored.
        third = many_documents(3)[2]
        store.add(third)
        assert third.entities[0].name in [r["name"] for r in store.browse(Filters(stage=third.entities[0].risks[0].stage))["results"]]


def test_the_migrations_have_one_head():
    from alembic.script import ScriptDirectory
    from rapsheet.store.engine import alembic_config
    assert len(ScriptDirectory.from_config(alembic_config(None)).get_heads()) == 1


def test_a_revision_8_database_gets_its_roles_and_countries_indexed(db_url):
    from rapsheet.store.browse import Filters
    from rapsheet.store.rows import document_rows

    engine = create_engine(db_url)
    upgrade(engine, "0008")
    doc = many_documents(1)[0]
    with engine.begin() as conn:
        tables = sa.MetaData()
        tables.reflect(conn)
        assert "entity_facts" not in tables.tables
        rows = document_rows(doc, dt.datetime.now(dt.timezone.utc))
        for name, field in (("articles", "article"), ("entities", "entities"),
                            ("mentions", "mentions"), ("statements", "statements")):
            records = getattr(rows, field)
            conn.execute(tables.tables[name].insert(), records if isinstance(records, list) else [records])
    engine.dispose()
    with open_store(db_url) as store:
        assert schema_differences(store.engine) == []
        accused = {r["name"] for r in store.browse(Filters(role="accused"))["results"]}
        assert doc.entities[0].name in accused
        assert store.browse(Filters(role="victim"))["total"] < store.browse(Filters())["total"]


def test_a_revision_9_database_keeps_its_articles_read(db_url):
    from rapsheet.model import Document
    from rapsheet.store.rows import document_rows

    engine = create_engine(db_url)
    upgrade(engine, "0009")
    doc = many_documents(1)[0]
    with engine.begin() as conn:
        tables = sa.MetaData()
        tables.reflect(conn)
        assert "not_read" not in tables.tables["articles"].c
        row = document_rows(doc, dt.datetime.now(dt.timezone.utc)).article
        row.pop("not_read")
        conn.execute(tables.tables["articles"].insert(), [row])
    engine.dispose()
    with open_store(db_url) as store:
        assert schema_differences(store.engine) == []
        assert store.unread(None) == []
        assert store.articles()[0]["not_read"] is None
        # an article stored unread now is found, and its reading replaces it
        unread = many_documents(2)[1]
        unread.article.not_read = "off-topic"
        store.add(Document(article=unread.article))
        assert [r["id"] for r in store.unread()] == [unread.article.id]
        unread.article.not_read = None
        assert store.replace_unread(unread).new
        assert store.unread(None) == []
        assert store.article(unread.article.id)["entities"]
        assert not store.replace_unread(unread).new
