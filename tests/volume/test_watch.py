"""`rapsheet watch`: a watchlist fires once per change — a first sighting, then only what a later
article adds (a new article, event or stage) — and stays silent when nothing new was stored."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rapsheet.cli import main
from rapsheet.jobs import ingest
from rapsheet.store import open_store
from rapsheet.watch import WatchEntry, load_watchlist, watch

ARRESTED = """Colombian businessman arrested in Miami on money laundering charges

MIAMI — Federal agents arrested Carlos Ignacio Restrepo, 52, a Colombian businessman, at Miami
International Airport on Monday, prosecutors said. Restrepo was charged with conspiracy to commit
money laundering for allegedly moving $4 million in cocaine proceeds through a chain of currency
exchange houses. He made an initial appearance in federal court and was ordered detained.
"""

CONVICTED = """Miami jury convicts Colombian businessman of laundering cartel cash

MIAMI — A federal jury on Thursday convicted Carlos Ignacio Restrepo, 52, of conspiracy to commit
money laundering after a two-week trial, the U.S. Attorney's Office said. Prosecutors said
Restrepo moved $4 million in cocaine proceeds through currency exchange houses in Miami and
Bogota. He faces up to 20 years in prison when he is sentenced in June.
"""

UNRELATED = """Ohio man pleads guilty to wire fraud

COLUMBUS, Ohio — Dennis Whitfield, 61, pleaded guilty on Tuesday to wire fraud for stealing
$900,000 from investors in a sham real estate fund, federal prosecutors said. Whitfield admitted
that he spent the money on a lake house and gambling trips. He will be sentenced in August.
"""


def add(tmp_path, store, name, text, published):
    path = tmp_path / f"{name}.txt"
    path.write_text(text)
    import datetime as dt
    summary = ingest([str(path)], store=store, published=dt.date.fromisoformat(published))
    assert summary.new == 1, summary.to_json()


@pytest.mark.model
def test_a_watchlist_fires_exactly_once_per_change(tmp_path):
    listing = tmp_path / "watchlist.csv"
    listing.write_text("name,birth_year,country\nCarlos Restrepo,1972,CO\nMaria Nobody,,\n")
    entries = load_watchlist(listing)
    assert entries == [WatchEntry("Carlos Restrepo", 1972, "CO"), WatchEntry("Maria Nobody")]
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        assert watch(store, listing) == []                        # nothing stored yet
        add(tmp_path, store, "arrested", ARRESTED, "2025-03-03")
        [first] = watch(store, listing)
        assert first.first and "Restrepo" in first.entity_name
        assert [a["title"] for a in first.new_articles] == [
            "Colombian businessman arrested in Miami on money laundering charges"]
        assert "arrest" in {e["type"] for e in first.new_events}
        assert watch(store, listing) == []                        # reported once

        add(tmp_path, store, "unrelated", UNRELATED, "2025-03-05")
        assert watch(store, listing) == []                        # news, but not about him

        add(tmp_path, store, "convicted", CONVICTED, "2025-04-10")
        hits = watch(store, listing)
        assert hits, "the conviction was not reported"
        new_titles = {a["title"] for h in hits for a in h.new_articles}
        assert new_titles == {"Miami jury convicts Colombian businessman of laundering cartel cash"}
        assert "conviction" in {e["type"] for h in hits for e in h.new_events}
        # only the new article's events: the arrest was reported already
        assert all(e["article"] != first.new_events[0]["article"] for h in hits for e in h.new_events)
        assert watch(store, listing) == []


@pytest.mark.model
def test_watch_command_prints_json_lines_once_and_refuses_bad_usage(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("RAPSHEET_DB", db)
    with open_store(db) as store:
        add(tmp_path, store, "arrested", ARRESTED, "2025-03-03")
    listing = tmp_path / "people.csv"
    listing.write_text("Carlos Ignacio Restrepo\n")              # no header: name only
    runner = CliRunner()
    first = runner.invoke(main, ["watch", str(listing), "--json"])
    assert first.exit_code == 0, first.output
    [hit] = [json.loads(line) for line in first.stdout.splitlines()]
    assert hit["watch"]["name"] == "Carlos Ignacio Restrepo" and hit["first"] is True
    assert hit["changes"] and hit["score"] >= 0.6
    again = runner.invoke(main, ["watch", str(listing), "--json"])
    assert again.exit_code == 0 and again.stdout.strip() == ""
    bad = runner.invoke(main, ["watch", str(listing), "--since", "last tuesday"])
    assert bad.exit_code == 2 and "not an ISO date" in bad.output
    missing = runner.invoke(main, ["watch", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2
