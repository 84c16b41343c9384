"""Screening results that stand alone: each hit's allegations carry what an analyst needs without
opening the case file: the allegation as reported, its proceeding, stage, status (cleared shown
as cleared), date, the sentence that supports it and the article (title, outlet, date), in the
CLI's text, its CSV (`--csv`, `--format csv`) and its JSON, and in the API's JSON."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

from rapsheet.model import Risk
from tests.store.store_corpus import report, sentence

URL = "https://www.justice.gov/usao-sdfl/pr/miami-woman-acquitted"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from rapsheet.store import open_store
    url = f"sqlite:///{tmp_path_factory.mktemp('standalone') / 'store.db'}"
    charged = report("Diego Rojas", 33, "Lima", "money laundering", "money_laundering", 2,
                     "2024-02-01", dt.date(2024, 2, 3), source="rojas.txt")
    charged.article.title = "Peruvian man charged with laundering cartel money"
    acquitted = report("Lucia Herrera", 41, "Miami", "murder", "violent_crime", 1, "2023-05-01",
                       dt.date(2023, 5, 2), source="herrera.txt")
    acquitted.article.url, acquitted.article.title = URL, "Jury acquits Miami woman"
    acquitted.entities[0].risks = [Risk("violent_crime", "acquitted",
                                        [sentence(acquitted.article.text, "Prosecutors charged")],
                                        date="2023-05-02")]
    with open_store(url) as store:
        store.add(charged)
        store.add(acquitted)
    return url


def _run(db, *args):
    from rapsheet.cli import main
    result = CliRunner(env={"RAPSHEET_DB": db}).invoke(main, ["screen", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_cli_text_shows_each_allegation_with_its_source(db):
    text = _run(db, "Lucia Herrera")
    assert "cleared: acquitted of violent crime (2023)" in text
    assert "criminal proceeding, stage acquitted, cleared, 2023-05-02" in text
    assert "“Prosecutors charged Herrera with murder" in text
    assert "— “Jury acquits Miami woman”, justice.gov, 2023-05-02" in text
    other = _run(db, "Diego Rojas")
    assert "alleged: charged with money laundering (2024)" in other
    assert "criminal proceeding, stage charged, active, 2024-02-03" in other
    assert "“Peruvian man charged with laundering cartel money”, news.example.org, 2024-02-03" in other


@pytest.mark.parametrize("flag", [["--csv"], ["--format", "csv"]])
def test_the_csv_has_a_row_per_allegation_that_stands_alone(db, flag):
    rows = list(csv.DictReader(io.StringIO(_run(db, "Lucia Herrera", *flag))))
    [row] = [r for r in rows if r["name"] == "Lucia Herrera"]
    assert row["allegation"] == "acquitted of violent crime (2023)"
    assert (row["proceeding"], row["stage"], row["status"], row["date"]) == (
        "criminal", "acquitted", "cleared", "2023-05-02")
    assert row["sentence"].startswith("Prosecutors charged Herrera with murder")
    assert (row["article_title"], row["outlet"], row["article_date"], row["url"]) == (
        "Jury acquits Miami woman", "justice.gov", "2023-05-02", URL)
    assert row["match"] == "True" and float(row["score"]) > 0.9


def test_the_json_carries_the_article(db):
    answer = json.loads(_run(db, "Lucia Herrera", "--json"))
    [risk] = answer["results"][0]["risks"]
    [evidence] = risk["evidence"]
    assert risk["status"] == "cleared" and risk["proceeding"] == "criminal"
    assert (evidence["title"], evidence["outlet"], evidence["published"], evidence["url"]) == (
        "Jury acquits Miami woman", "justice.gov", "2023-05-02", URL)
    assert evidence["text"].startswith("Prosecutors charged Herrera")


def test_two_formats_at_once_fail_at_once(db):
    from rapsheet.cli import main
    result = CliRunner(env={"RAPSHEET_DB": db}).invoke(main, ["screen", "X", "--json", "--csv"])
    assert result.exit_code != 0 and "one output format" in result.output


def test_the_web_screening_page_shows_each_allegation_with_its_source(db):
    from fastapi.testclient import TestClient

    from rapsheet.api import create_app
    from rapsheet.settings import Settings
    with TestClient(create_app(Settings(db=db), load_pipeline=False)) as client:
        page = client.get("/ui/screen", params={"name": "Lucia Herrera"})
    assert page.status_code == 200
    text = page.text
    assert "acquitted of violent crime (2023)" in text and "status-cleared" in text
    assert "criminal proceeding · acquitted · cleared" in text
    assert "Prosecutors charged Herrera with murder" in text
    assert "Jury acquits Miami woman" in text and "justice.gov" in text
