"""The FollowTheMoney export carries the meaning: OpenSanctions topics for what a subject is
accused of (none for a cleared allegation), a `Sanction` per designation, and the evidence (the
article's URL and the sentence) beside each subject; every entity valid under followthemoney's
model, every value one its property type accepts."""
from __future__ import annotations

import datetime as dt
import io
import json
import pathlib

import pytest

from rapsheet.model import Risk
from tests.conftest import SEED
from tests.store.store_corpus import report, sentence

LISTS = pathlib.Path(__file__).parent / "fixtures" / "lists"
FLORES = "Jose Enrique Martinez Flores"


@pytest.fixture(scope="module")
def exported(read_article, tmp_path_factory):
    from followthemoney import model

    from rapsheet.export import export
    from rapsheet.importers import import_file
    from rapsheet.store import open_store
    acquitted = report("Lucia Herrera", 41, "Miami", "murder", "violent_crime", 1, "2023-05-01",
                       dt.date(2023, 5, 2), source="acquitted.txt")
    acquitted.entities[0].risks = [Risk("violent_crime", "acquitted",
                                        [sentence(acquitted.article.text, "Prosecutors charged")],
                                        date="2023-05-02")]
    seed = read_article(SEED.read_text(encoding="utf-8"), "2025-04-23", source=str(SEED), clean=True)
    seed.article.url = "https://www.justice.gov/opa/pr/tren-de-aragua-terrorism-case"
    with open_store(f"sqlite:///{tmp_path_factory.mktemp('ftm') / 'store.db'}") as store:
        store.add(seed)
        store.add(acquitted)
        import_file(store, LISTS / "sdn.csv", resolve=False)
        out = io.StringIO()
        export(store, "ftm", out)
    return [model.get_proxy(json.loads(line), cleaned=False) for line in out.getvalue().splitlines()]


def test_every_entity_is_valid_under_the_model(exported):
    for proxy in exported:
        for prop, value in proxy.itervalues():
            assert prop.schema is not None and proxy.schema.get(prop.name) is prop
            assert prop.type.clean(value, proxy=proxy) is not None, (proxy.schema.name, prop.name, value)
    assert {"Person", "Organization", "Article", "Documentation", "Sanction"} <= {p.schema.name for p in exported}
    by_id = {p.id: p for p in exported}
    for proxy in exported:
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in by_id, (proxy.schema.name, prop.name, value)


def _subject(exported, name, listed=False):
    """The subject named `name` read from the news, or (`listed`) imported from the list."""
    [found] = [p for p in exported if p.schema.name in ("Person", "Organization")
               and name in p.get("name") and bool(p.get("program")) == listed]
    return found


def test_topics_say_what_is_alleged_and_nothing_for_a_cleared_allegation(exported):
    flores = _subject(exported, FLORES)
    assert {"crime", "crime.terror", "crime.traffick.drug"} <= set(flores.get("topics"))
    cleared = _subject(exported, "Lucia Herrera")
    assert cleared.get("topics") == []
    assert cleared.get("notes") == ["acquitted of violent crime (2023)"]
    listed = _subject(exported, FLORES, listed=True)
    assert {"sanction", "crime.terror"} <= set(listed.get("topics"))


def test_a_sanction_per_designation(exported):
    listed = _subject(exported, FLORES, listed=True)
    sanctions = [p for p in exported if p.schema.name == "Sanction" and p.get("entity") == [listed.id]]
    assert {s.first("program") for s in sanctions} >= {"SDGT"}
    assert all(s.get("authority") and s.first("summary").startswith("listed by") for s in sanctions)
    cuba = _subject(exported, "AEROCARIBBEAN AIRLINES", listed=True)
    [embargo] = [p for p in exported if p.schema.name == "Sanction" and p.get("entity") == [cuba.id]]
    assert embargo.first("program") == "CUBA" and cuba.get("topics") == ["sanction"]


def test_the_evidence_travels_with_the_subject(exported):
    flores = _subject(exported, FLORES)
    assert flores.get("sourceUrl") == ["https://www.justice.gov/opa/pr/tren-de-aragua-terrorism-case"]
    [link] = [p for p in exported if p.schema.name == "Documentation" and p.get("entity") == [flores.id]]
    assert link.get("sourceUrl") == flores.get("sourceUrl") and link.get("date") == ["2025-04-23"]
    summary = link.get("summary")
    assert any(s.startswith("charged with terrorism (2025): ") and "terrorist organization" in s
               for s in summary), summary

