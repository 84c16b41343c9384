"""Screening and name comparison from the command line, over a store fed by real articles."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rapsheet.cli import main
from tests.conftest import ROOT, SEED


@pytest.fixture(scope="module")
def store_env(tmp_path_factory):
    db = tmp_path_factory.mktemp("screen") / "store.db"
    env = {"RAPSHEET_DB": f"sqlite:///{db}"}
    runner = CliRunner(env=env)
    result = runner.invoke(main, ["ingest", str(SEED), str(ROOT / "rapsheet" / "data" / "sample"),
                                  "--published", "2025-04-23"])
    assert result.exit_code == 0, result.output
    return runner


def screen_json(runner, *args):
    result = runner.invoke(main, ["screen", *args, "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.model
def test_defendant_ranks_first_with_stage_and_evidence(store_env):
    [answer] = screen_json(store_env, "Jose Martinez Flores", "--birth-year", "2001")
    top = answer["results"][0]
    assert "Flores" in top["name"] and top["match"]
    stages = {(r["category"], r["stage"]) for r in top["risks"]}
    assert ("terrorism", "charged") in stages and ("narcotics", "charged") in stages
    assert all(r["stage"] != "convicted" for r in top["risks"])  # charged, never "guilty"
    features = {f["feature"] for f in top["explanation"]}
    assert "birth_year" in features


@pytest.mark.model
def test_a_wrong_birth_year_lowers_the_score(store_env):
    [right] = screen_json(store_env, "Jose Martinez Flores", "--birth-year", "2001")
    [wrong] = screen_json(store_env, "Jose Martinez Flores", "--birth-year", "1960")
    assert wrong["results"][0]["score"] < right["results"][0]["score"]


@pytest.mark.model
def test_officials_screen_without_any_allegation(store_env):
    for name in ("Pam Bondi", "Kash Patel"):
        [answer] = screen_json(store_env, name)
        hits = [r for r in answer["results"] if r["match"]]
        assert hits and all(not r["risks"] for r in hits), (name, hits)


@pytest.mark.model
def test_batch_csv_and_bad_rows(store_env, tmp_path):
    csv_path = tmp_path / "names.csv"
    csv_path.write_text("name,birth_year,country\nJose Martinez Flores,2001,VE\nPam Bondi,,\n")
    answers = screen_json(store_env, "--batch", str(csv_path))
    assert [a["query"]["name"] for a in answers] == ["Jose Martinez Flores", "Pam Bondi"]
    bad = tmp_path / "bad.csv"
    bad.write_text("fullname\nX\n")
    result = store_env.invoke(main, ["screen", "--batch", str(bad)])
    assert result.exit_code == 2 and "name" in result.output


def test_compare_names_scores_and_explains():
    runner = CliRunner()
    same = json.loads(runner.invoke(main, ["compare-names", "José Enrique Martínez Flores",
                                           "Jose Enrique Martinez Flores"]).stdout)
    reordered = json.loads(runner.invoke(main, ["compare-names", "Martinez Flores, Jose",
                                                "Jose Enrique Martinez Flores"]).stdout)
    other = json.loads(runner.invoke(main, ["compare-names", "Jose Enrique Martinez Flores",
                                            "Maria Martinez Lopez"]).stdout)
    assert same["match"] and reordered["match"] and not other["match"]
    assert other["score"] < reordered["score"] <= same["score"]
    assert reordered["score"] < 1.0 and reordered["explanation"]


def test_compare_names_pairs_file_keeps_order(tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("name1,name2,type\nSinaloa Cartel,Cartel de Sinaloa,organization\n"
                     "Pam Bondi,Pamela Bondi,person\nSinaloa Cartel,Jalisco Cartel,\n")
    result = CliRunner().invoke(main, ["compare-names", "--pairs", str(pairs)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3 and rows[0]["match"] and not rows[2]["match"]
    assert CliRunner().invoke(main, ["compare-names", "only one"]).exit_code == 2


@pytest.mark.model
def test_an_alias_from_the_articles_is_screened(store_env):
    [answer] = screen_json(store_env, "El Contador")
    assert answer["results"] and "Villase" in answer["results"][0]["name"]


@pytest.mark.model
def test_a_bad_row_is_one_error_line_and_the_batch_goes_on(store_env, tmp_path):
    batch = tmp_path / "mixed.csv"
    batch.write_text("name,birth_year,country\n"
                     "Jose Martinez Flores,2001,VE\n"
                     "Someone,nineteen,\n"            # line 3: not a year
                     "Other Person,,Venezuela\n"      # line 4: not a code
                     ",,\n"                           # line 5: no name (skipped)
                     "Pam Bondi,,\n")
    result = store_env.invoke(main, ["screen", "--batch", str(batch), "--json"])
    assert result.exit_code == 1
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [a["query"]["name"] for a in answers] == ["Jose Martinez Flores", "Pam Bondi"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("rapsheet: error:")]
    assert len(errors) == 2
    assert "line 3" in errors[0] and "'nineteen' is not a year" in errors[0]
    assert "line 4" in errors[1] and "ISO alpha-2" in errors[1]
