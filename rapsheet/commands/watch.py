"""`rapsheet watch WATCHLIST.csv`: screen a watchlist against the articles stored since its last
run and print each new or changed hit once (a thin layer over `rapsheet.watch.watch`)."""
from __future__ import annotations

import json
import os
import sys

import click

from rapsheet.cli import _fail_usage, _store, main
from rapsheet.errors import UsageError


@main.command()
@click.argument("watchlist", type=click.Path(dir_okay=False))
@click.option("--since", metavar="ISO", help="Screen the articles stored since this date or "
              "date-time instead of those since the watchlist's last run.")
@click.option("--name", help="The name the watchlist's state is kept under (default: the file's stem).")
@click.option("--dry-run", is_flag=True, help="Report without remembering what was reported.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit, as JSON lines.")
def watch(watchlist, since, name, dry_run, as_json):
    """Screen WATCHLIST (CSV: name[,birth_year][,country]) against newly stored articles;
    report each new or changed hit once: a new article, a new event, a new stage."""
    from rapsheet.watch import watch as run_watch

    if not os.path.isfile(watchlist):
        _fail_usage(f"no such file: {watchlist}")
    store = _store()
    try:
        hits = run_watch(store, watchlist, since=since, name=name, save=not dry_run)
    except UsageError as exc:
        _fail_usage(exc.detail)
    for hit in hits:
        if as_json:
            sys.stdout.write(json.dumps(hit.to_json(), ensure_ascii=False, default=str) + "\n")
            continue
        label = "NEW" if hit.first else "CHANGED"
        click.echo(f"{label} {hit.entry.name} -> {hit.entity_name} [{hit.entity_id}] "
                   f"score {hit.score:.2f}")
        for change in hit.changes():
            click.echo(f"  {change}")
    if not as_json:
        click.echo(f"{len(hits)} hit{'s' if len(hits) != 1 else ''}", err=True)
