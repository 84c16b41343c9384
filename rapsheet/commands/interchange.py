"""CLI for interchange: `rapsheet export --format ftm|csv|jsonl [-o FILE]` and
`rapsheet import FILE...` (FollowTheMoney entity files, OFAC SDN CSV); thin over
`rapsheet.export` and `rapsheet.importers`."""
from __future__ import annotations

import json
import sys

import click

from rapsheet.cli import _fail_usage, _store, main
from rapsheet.errors import RapsheetError, UsageError


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["ftm", "csv", "jsonl"]), default="ftm",
              show_default=True, help="FollowTheMoney entities, one CSV row per subject, or case files.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of stdout.")
def export_command(fmt, output):
    """Write every stored person and organisation for other tools."""
    from rapsheet.export import export
    store = _store()
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        n = export(store, fmt, out)
    finally:
        if output:
            out.close()
    click.echo(f"exported {n} subject(s)", err=True)


@main.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option("--dataset", help="Dataset name when the file carries none (default: from the file).")
def import_command(paths, dataset):
    """Import sanctions lists: FollowTheMoney entity files (e.g. OpenSanctions entities.ftm.json)
    or the OFAC SDN CSV (with alt.csv beside it for aliases)."""
    from rapsheet.importers import import_file
    store = _store()
    for path in paths:
        try:
            counts = import_file(store, path, dataset=dataset)
        except UsageError as exc:
            _fail_usage(exc.detail)
        except RapsheetError as exc:
            click.echo(f"rapsheet: error: {exc.detail}", err=True)
            sys.exit(1)
        click.echo(json.dumps({"source": path} | counts, ensure_ascii=False))
