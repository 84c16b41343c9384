"""CLI for entity resolution: `rapsheet judge same|not-same|undo`, `rapsheet judgements` and
`rapsheet resolve`; thin over `Store.judge`, `Store.judgements` and `Store.resolve`."""
from __future__ import annotations

import json
import sys

import click

from rapsheet.cli import _store, main
from rapsheet.errors import NotFound, RapsheetError


def _fail(exc: RapsheetError) -> None:
    click.echo(f"rapsheet: error: {exc.detail}", err=True)
    sys.exit(1 if isinstance(exc, NotFound) else 2)


@main.group()
def judge():
    """Tell entity resolution that two entities are, or are not, one subject (or undo that)."""


def _judge(a: str, b: str, same: bool, author: str | None) -> None:
    store = _store()
    try:
        judgement = store.judge(a, b, same, author=author)
    except RapsheetError as exc:
        _fail(exc)
    click.echo(json.dumps(judgement.to_json(), ensure_ascii=False))


@judge.command("same")
@click.argument("id1")
@click.argument("id2")
@click.option("--author", help="Who judges (default: analyst).")
def judge_same(id1, id2, author):
    """ID1 and ID2 are one subject: their clusters join."""
    _judge(id1, id2, True, author)


@judge.command("not-same")
@click.argument("id1")
@click.argument("id2")
@click.option("--author", help="Who judges (default: analyst).")
def judge_not_same(id1, id2, author):
    """ID1 and ID2 are different subjects: no automatic match will join them."""
    _judge(id1, id2, False, author)


@judge.command("undo")
@click.argument("judgement_id", type=int)
def judge_undo(judgement_id):
    """Undo a judgement (it stays on record); the clusters are recomputed without it."""
    store = _store()
    try:
        judgement = store.undo_judgement(judgement_id)
    except RapsheetError as exc:
        _fail(exc)
    click.echo(json.dumps(judgement.to_json(), ensure_ascii=False))


@main.command()
@click.option("--active", is_flag=True, help="Leave out undone judgements.")
def judgements(active):
    """List the analysts' judgements, newest first, as JSON lines."""
    for judgement in _store().judgements(include_undone=not active):
        click.echo(json.dumps(judgement.to_json(), ensure_ascii=False))


@main.command()
def resolve():
    """Resolve every stored person and organisation again (after a bulk load or an import)."""
    click.echo(json.dumps(_store().resolve(), ensure_ascii=False))
