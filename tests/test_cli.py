"""The command line as a user meets it: help, exit codes, JSON documents, ingest summaries."""
from __future__ import annotations

import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from rapsheet.cli import main
from tests.conftest import ROOT, SEED

SAMPLE = ROOT / "rapsheet" / "data" / "sample"
CONTRACT_CHECK = ROOT.parent / "shared" / "tools" / "check_contract.py"
COMMANDS = sorted(main.commands)


@pytest.fixture()
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPSHEET_DB", f"sqlite:///{tmp_path / 'store.db'}")
    return CliRunner()


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(runner, command):
    args = [command, "--help"] if command else ["--help"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert "Usage:" in result.output
    if command is None:
        for name in ("extract", "ingest", "show", "screen", "compare-names", "serve"):
            assert name in result.output


def test_missing_path_is_a_one_line_error_with_status_2(runner, tmp_path):
    missing = tmp_path / "nope.txt"
    for command in ("extract", "ingest"):
        result = runner.invoke(main, [command, str(missing)])
        assert result.exit_code == 2
        lines = [l for l in result.output.splitlines() if l.strip()]
        assert len(lines) == 1 and str(missing) in lines[0]


def test_bad_option_and_bad_date_are_usage_errors(runner):
    assert runner.invoke(main, ["extract", str(SEED), "--bogus"]).exit_code == 2
    result = runner.invoke(main, ["extract", str(SEED), "--published", "23/04/2025"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


@pytest.mark.model
def test_extract_seed_prints_one_contract_document(runner):
    result = runner.invoke(main, ["extract", str(SEED), "--published", "2025-04-23"])
    assert result.exit_code == 0, result.output
    lines = [l for l in result.stdout.splitlines() if l.strip()]
    assert len(lines) == 1
    doc = json.loads(lines[0])
    for key in ("article", "entities", "events", "charges", "times", "quantities", "quotes"):
        assert key in doc
    assert doc["article"]["published"] == "2025-04-23"
    text = doc["article"]["text"]
    assert "Related Post" not in text and not text.startswith("Trump")
    tda = [e for e in doc["entities"] if e["name"] == "Tren de Aragua"]
    assert tda and tda[0]["type"] == "organization"
    for e in doc["entities"]:
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    if CONTRACT_CHECK.exists():
        check = subprocess.run([sys.executable, str(CONTRACT_CHECK)], input=lines[0], text=True,
                               capture_output=True)
        assert check.returncode == 0, check.stdout


@pytest.mark.model
def test_no_clean_keeps_offsets_into_the_input(runner):
    raw = SEED.read_text(encoding="utf-8")
    result = runner.invoke(main, ["extract", str(SEED), "--published", "2025-04-23", "--no-clean"])
    doc = json.loads(result.stdout.splitlines()[0])
    assert doc["article"]["text"] == raw
    for e in doc["entities"]:
        for m in e["mentions"]:
            assert raw[m["start"]:m["end"]] == m["text"]


def test_only_article_stops_after_cleaning(runner):
    result = runner.invoke(main, ["extract", str(SEED), "--only", "article"])
    doc = json.loads(result.stdout.splitlines()[0])
    assert doc["entities"] == [] and doc["events"] == [] and doc["article"]["text"]


@pytest.mark.model
def test_extract_keeps_input_order_and_reports_failures_in_place(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    good = tmp_path / "good.txt"
    good.write_text("Prosecutors in Miami charged Carlos Mendez, 38, with wire fraud on Monday. "
                    "Mendez is accused of stealing $2 million from elderly investors through a "
                    "fake real-estate fund, the U.S. Attorney's Office said in a statement.")
    result = runner.invoke(main, ["extract", str(good), str(empty)])
    assert result.exit_code == 1
    docs = [json.loads(l) for l in result.stdout.splitlines() if l.strip()]
    assert docs[0]["article"]["source"] == str(good)
    assert docs[1]["source"] == str(empty) and "\n" not in docs[1]["error"]


@pytest.mark.model
def test_ingest_twice_changes_nothing_and_show_finds_the_case_file(runner):
    first = runner.invoke(main, ["ingest", str(SAMPLE), "--json"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout.strip().splitlines()[-1])
    assert summary["new"] == summary["read"] >= 6 and summary["failed"] == 0
    second = runner.invoke(main, ["ingest", str(SAMPLE), "--json"])
    again = json.loads(second.stdout.strip().splitlines()[-1])
    assert again["new"] == 0 and again["duplicate"] == summary["read"]
    listed = runner.invoke(main, ["articles", "--json"])
    assert len(listed.stdout.strip().splitlines()) == summary["read"]
    shown = runner.invoke(main, ["show", "--accused", "--json"])
    cases = [json.loads(l) for l in shown.stdout.splitlines() if l.strip()]
    assert cases and all(any(r["role"] == "accused" for r in c["roles"]) for c in cases)
    # Officials never come out as accused case files.
    for case in cases:
        for attr in case["attributes"].get("title_kind", []):
            assert attr["value"] not in ("judge", "prosecutor")


@pytest.mark.model
def test_ingest_records_failures_and_goes_on(runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "in" / "empty.html").write_text("")
    (tmp_path / "in" / "ok.txt").write_text(
        "A federal jury in Denver convicted Marisol Vega, 44, of health care fraud on Friday. "
        "Vega billed Medicare for $3.1 million in therapy sessions that never took place, "
        "prosecutors said. She faces up to 10 years in prison when she is sentenced in June.")
    result = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["read"] == 3 and summary["new"] == 1 and summary["failed"] == 2
    failures = runner.invoke(main, ["failures", "--json"])
    rows = [json.loads(l) for l in failures.stdout.splitlines() if l.strip()]
    assert {pathlib.Path(r["source"]).name for r in rows} == {"binary.txt", "empty.html"}
    assert all(r["reason"] and "\n" not in r["reason"] for r in rows)


@pytest.mark.model
def test_killed_ingest_rerun_stores_every_article_once(tmp_path):
    """SIGKILL an ingest midway, run it again: every article stored once and whole."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    base = (SAMPLE / "cartel-money-laundering-indictment.txt").read_text(encoding="utf-8")
    for i in range(24):
        (corpus / f"a{i:02d}.txt").write_text(base + f"\n\nCase number 25-cr-{1000 + i} was assigned.\n")
    db = tmp_path / "kill.db"
    env = dict(os.environ, RAPSHEET_DB=f"sqlite:///{db}")
    exe = [sys.executable, "-m", "rapsheet", "ingest", str(corpus)]
    proc = subprocess.Popen(exe, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import sqlalchemy as sa
    deadline = time.time() + 240
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if db.exists():
            try:
                with sa.create_engine(f"sqlite:///{db}").connect() as conn:
                    stored = conn.execute(sa.text("select count(*) from articles")).scalar()
            except sa.exc.OperationalError:
                continue
            if stored >= 3:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored < 24, "the ingest was not caught midway"
    rerun = subprocess.run([*exe, "--json"], env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-500:]
    summary = json.loads(rerun.stdout.strip().splitlines()[-1])
    assert summary["new"] + summary["duplicate"] == 24
    with sa.create_engine(f"sqlite:///{db}").connect() as conn:
        assert conn.execute(sa.text("select count(*) from articles")).scalar() == 24
        per_article = conn.execute(sa.text(
            "select a.id, count(m.id) from articles a left join mentions m on m.article_id = a.id "
            "group by a.id")).all()
    counts = {n for _, n in per_article}
    assert len(counts) == 1 and counts.pop() > 0, "some article was stored without all its mentions"


def test_readme_commands_are_real():
    """The README's usage lines name commands and options that exist."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    for line in re.findall(r"^rapsheet (\w[\w-]*)(.*?)(?:#|$)", readme, flags=re.M):
        command, rest = line
        help_text = runner.invoke(main, [command, "--help"]).output
        assert "Usage:" in help_text, command
        for option in re.findall(r"(--[\w-]+)", rest):
            assert option in help_text, (command, option)
