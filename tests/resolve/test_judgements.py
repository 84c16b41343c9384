"""Analysts' judgements: "same", "not same" and undo, obeyed by the store and remembered against
later automatic resolution."""
from __future__ import annotations

import pathlib

import pytest
from click.testing import CliRunner

from tests.conftest import SEED

CASE = pathlib.Path(__file__).parent.parent / "fixtures" / "case"


@pytest.fixture
def store(read_article, tmp_path):
    from rapsheet.store import open_store
    store = open_store(f"sqlite:///{tmp_path / 'j.db'}")
    store.add(read_article(SEED.read_text(encoding="utf-8"), "2025-04-23", source=str(SEED), clean=True))
    store.add(read_article((CASE / "blog-tda-fto-analysis.txt").read_text(encoding="utf-8"), "2025-04-25",
                           source="blog.txt"))
    yield store
    store.close()


def ids(store, name):
    case = store.case_file(name)
    return case["id"], case["members"]


def test_not_same_splits_and_survives_later_resolution(store, read_article):
    full = store.entities("Jose Enrique Martinez Flores")[0]["id"]
    short = next(e for e in store.entities("Martinez Flores") if e["id"] == full)  # merged by resolution
    members = store.entity(full)["members"]
    other = next(m for m in members if m != full)
    assert store.entity(other)["name"] == "Martinez Flores"

    judgement = store.judge(full, other, same=False, author="test")
    assert judgement.same is False and judgement.author == "test"
    assert store.entity(other)["canonical_id"] != store.entity(full)["canonical_id"]
    # A new report that would join them automatically does not override the analyst.
    store.add(read_article((CASE / "daily-houston-indictment.txt").read_text(encoding="utf-8"), "2025-04-24",
                           source="daily.txt"))
    store.resolve()
    assert store.entity(other)["canonical_id"] != store.entity(full)["canonical_id"]

    undone = store.undo_judgement(judgement.id)
    assert undone.undone is not None
    assert store.entity(other)["canonical_id"] == store.entity(full)["canonical_id"] == short["id"]
    assert [j.id for j in store.judgements()] == [judgement.id]
    assert store.judgements(include_undone=False) == []


def test_same_joins_and_undo_restores(store):
    subject = store.case_file("Jose Enrique Martinez Flores")
    bondi = store.case_file("Pam Bondi")
    before = sorted(subject["members"])
    judgement = store.judge(bondi["id"], subject["id"], same=True)
    assert store.entity(bondi["id"])["canonical_id"] == store.entity(subject["id"])["canonical_id"]
    store.undo_judgement(judgement.id)
    assert sorted(store.case_file("Jose Enrique Martinez Flores")["members"]) == before
    assert store.case_file("Pam Bondi")["members"] == [bondi["id"]]


def test_cli_judge_and_list(store, monkeypatch):
    from rapsheet.cli import main
    monkeypatch.setenv("RAPSHEET_DB", str(store.engine.url))
    subject = store.case_file("Jose Enrique Martinez Flores")["id"]
    patel = store.case_file("Kash Patel")["id"]
    runner = CliRunner()
    result = runner.invoke(main, ["judge", "not-same", subject, patel, "--author", "ana"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(main, ["judgements"])
    assert '"verdict": "not_same"' in listed.output and '"author": "ana"' in listed.output
    assert runner.invoke(main, ["judge", "same", subject, "no-such-id"]).exit_code == 1
    assert runner.invoke(main, ["judge", "same", subject, subject]).exit_code == 2
    assert runner.invoke(main, ["judge", "undo", "999"]).exit_code == 1
