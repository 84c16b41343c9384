"""CLI for disputed allegations: `rapsheet dispute add|undo|list`; thin over `Store.dispute`,
`Store.undo_dispute` and `Store.disputes`."""
from __future__ import annotations

import json

import click

from rapsheet.cli import _store, main
from rapsheet.commands.resolve import _fail
from rapsheet.errors import RapsheetError


@main.group()
def dispute():
    """Mark one allegation against a subject as wrong (or undo that): it leaves screening and
    exports and shows as disputed in the case file."""


@dispute.command("add")
@click.argument("entity")
@click.argument("category")
@click.option("--reason", required=True, help="Why the allegation is wrong (kept on record).")
@click.option("--who", help="Who disputes it (default: analyst).")
def dispute_add(entity, category, reason, who):
    """Dispute the CATEGORY allegation (e.g. terrorism) against ENTITY (an entity id)."""
    try:
        done = _store().dispute(entity, category, reason, who or "analyst")
    except RapsheetError as exc:
        _fail(exc)
    click.echo(json.dumps(done, ensure_ascii=False))


@dispute.command("undo")
@click.argument("dispute_id", type=int)
@click.option("--who", help="Who undoes it (default: analyst).")
def dispute_undo(dispute_id, who):
    """Undo a dispute: the allegation is back in screening and exports; the record stays."""
    try:
        done = _store().undo_dispute(dispute_id, who or "analyst")
    except RapsheetError as exc:
        _fail(exc)
    click.echo(json.dumps(done, ensure_ascii=False))


@dispute.command("list")
@click.argument("entity", required=False)
def dispute_list(entity):
    """Disputes, newest first (of ENTITY's cluster when given), as JSON lines."""
    for row in _store().disputes(entity, limit=10_000):
        click.echo(json.dumps(row, ensure_ascii=False))
