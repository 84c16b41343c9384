"""What a terminal or a spreadsheet is given of stored text is inert: titles, names and reasons
holding rich markup, ESC sequences or bidi overrides (rows stored before the ingest sanitiser,
or written by another tool) neither crash `articles`/`failures`/`show`/`screen` nor colour the
terminal, and a CSV cell that starts like a formula is written as text."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from rapsheet.cli import main
from tests.conftest import SEED

TITLE = "\x1b[31mRED[/bold] [link=http://x]x\u202eevil\x07"
NAME = "=HYPERLINK(\"http://evil.example\")\x1b]0;owned\x07"
REASON = "bad [/red] \x1b[2Jwiped\rover"


@pytest.fixture()
def hostile_store(tmp_path, monkeypatch):
    db = tmp_path / "store.db"
    monkeypatch.setenv("RAPSHEET_DB", f"sqlite:///{db}")
    monkeypatch.setenv("COLUMNS", "250")
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(SEED), "--published", "2025-04-23", "--json"])
    assert result.exit_code == 0, result.output
    entity = json.loads(runner.invoke(main, ["show", "--accused", "--json"]).stdout.splitlines()[0])
    with sqlite3.connect(db) as con:
        con.execute("update articles set title = ?", (TITLE,))
        con.execute("update entities set name = ? where id = ?", (NAME, entity["id"]))
        con.execute("insert into failures (id, source, stage, reason, created) "
                    "values (?, ?, ?, ?, ?)",
                    ("f" * 32, "feed\x1b[1m.xml", "read", REASON, "2025-04-23 00:00:00"))
    return runner, entity


def assert_inert(output: str) -> None:
    for raw in ("\x1b", "\x07", "\u202e", "\r"):
        assert raw not in output, f"{raw!r} reached the terminal"


@pytest.mark.model
def test_listing_commands_show_stored_markup_as_written_and_no_control_character(hostile_store):
    runner, _ = hostile_store
    articles = runner.invoke(main, ["articles"])
    assert articles.exit_code == 0, articles.output
    assert "RED[/bold]" in articles.stdout and "[link=http://x]" in articles.stdout
    assert_inert(articles.stdout)
    failures = runner.invoke(main, ["failures"])
    assert failures.exit_code == 0, failures.output
    assert "[/red]" in failures.stdout and "wipedover" in failures.stdout
    assert_inert(failures.stdout)


@pytest.mark.model
def test_case_file_and_screening_print_a_hostile_name_inert(hostile_store):
    runner, entity = hostile_store
    shown = runner.invoke(main, ["show", entity["id"]])
    assert shown.exit_code == 0, shown.output
    assert "HYPERLINK" in shown.stdout and "RED[/bold]" in shown.stdout
    assert_inert(shown.stdout)
    screened = runner.invoke(main, ["screen", entity["name"], "--limit", "50", "--threshold", "0"])
    assert screened.exit_code == 0, screened.output
    assert "HYPERLINK" in screened.stdout
    assert_inert(screened.stdout)


@pytest.mark.model
def test_csv_export_writes_formula_like_cells_as_text(hostile_store):
    runner, entity = hostile_store
    exported = runner.invoke(main, ["export", "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    names = {row["id"]: row["name"] for row in rows}
    assert names[entity["id"]].startswith("'=HYPERLINK(")
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
