"""The command line: a thin layer over the library (rapsheet.jobs, rapsheet.store).

Documents go to stdout as JSON lines; progress, summaries and errors go to stderr.
Exit status: 0 all well, 1 some inputs failed, 2 a usage error (missing path, bad option).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import NoReturn

import click

from rapsheet.errors import RapsheetError, UsageError


def _fail_usage(message: str) -> NoReturn:
    click.echo(f"rapsheet: error: {message}", err=True)
    sys.exit(2)


def _check_paths(paths: tuple[str, ...]) -> None:
    for p in paths:
        if p != "-" and not os.path.exists(p):
            _fail_usage(f"no such file or directory: {p}")


def _date(value: str | None) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail_usage(f"not a date in YYYY-MM-DD form: {value!r}")


def _store():
    from rapsheet.store import open_store
    try:
        return open_store()
    except RapsheetError as exc:
        click.echo(f"rapsheet: error: {exc.detail}", err=True)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rapsheet")
def main() -> None:
    """rapsheet: who is accused of what, read from crime and law-enforcement news.

    The store is named by RAPSHEET_DB (an SQLAlchemy URL); without it, ./rapsheet.db.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date for inputs that carry none (resolves relative dates).")
@click.option("--no-clean", is_flag=True, help="Keep plain text verbatim, so offsets point into the input.")
@click.option("--only", type=click.Choice(["article"]), help="Stop after reading and cleaning.")
def extract(paths, published, no_clean, only):
    """Read each input and print one JSON document per article (nothing is stored)."""
    from rapsheet.jobs import extract as run_extract

    _check_paths(paths)
    date = _date(published)
    failed = 0
    try:
        for doc in run_extract(list(paths), published=date, clean=not no_clean, only=only):
            failed += "error" in doc and "article" not in doc
            sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    except UsageError as exc:
        _fail_usage(exc.detail)
    except RapsheetError as exc:
        click.echo(f"rapsheet: error: {exc.detail}", err=True)
        sys.exit(1)
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date for inputs that carry none.")
@click.option("--no-clean", is_flag=True, help="Keep plain text verbatim.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("--triage/--no-triage", default=None,
              help="Read fully only the articles about crime, the courts, sanctions or terrorism; "
                   "store the others unread ('not read: off-topic'). Default: the triage setting "
                   "(on; RAPSHEET_TRIAGE=0 turns it off).")
@click.option("--read-all", is_flag=True,
              help="Read every article given fully (no triage), then read the articles stored "
                   "unread as off-topic and store their reading (PATHS may then be left out).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes that read and extract (this process alone writes).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: a process pool here; ray: Ray Data actors (the `distributed` extra; "
                   "RAY_ADDRESS names a cluster).")
@click.option("--since", metavar="YYYY-MM-DD",
              help="Skip articles published before this date (undated ones are kept).")
def ingest(paths, published, no_clean, as_json, workers, engine, since, triage, read_all):
    """Read, extract and store every input (deduplicated); print a summary.

    Inputs: pages, text, .jsonl, WARC/WARC.gz crawls, RSS/Atom feeds, .urls lists of URLs.
    Articles off-topic by triage, or in a language other than English, are stored unread (text,
    title, date, language); `--read-all` reads the off-topic ones later."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from rapsheet.ingest.sanitize import for_terminal
    from rapsheet.jobs import ingest as run_ingest, read_unread
    from rapsheet.jobs.writer import IngestSummary

    if not paths and not read_all:
        _fail_usage("give the PATHS to ingest, or --read-all to read the articles stored unread")
    if read_all and triage:
        _fail_usage("--read-all reads every article: it cannot go with --triage")
    _check_paths(paths)
    date = _date(published)
    since_date = _date(since)
    store = _store()
    console = Console(stderr=True)
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
                      TextColumn("{task.completed} read"), TimeElapsedColumn(),
                      console=console, transient=False) as progress:
            task = progress.add_task("ingesting", total=None)

            def advance(source: str) -> None:
                progress.update(task, advance=1, description=_short(source))

            summary = IngestSummary()
            if paths:
                summary = run_ingest(list(paths), store=store, published=date, clean=not no_clean,
                                     progress=advance, workers=workers, engine=engine,
                                     since=since_date, triage=False if read_all else triage)
            if read_all:
                again = read_unread(store, progress=advance)
                summary.reread, summary.failed = again.reread, summary.failed + again.failed
                summary.failures += again.failures
            progress.update(task, description="done")
    except UsageError as exc:
        _fail_usage(exc.detail)
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False))
    else:
        console.print(f"read {summary.read}, new {summary.new}, duplicate {summary.duplicate}, "
                      f"failed {summary.failed}")
        if summary.not_read:
            console.print("stored unread: " + ", ".join(f"{n} {reason}" for reason, n in
                                                        sorted(summary.not_read.items())), markup=False)
        if read_all:
            console.print(f"read now: {summary.reread} articles stored unread", markup=False)
        if summary.skipped:
            console.print("skipped " + ", ".join(f"{n} {reason}" for reason, n in
                                                 sorted(summary.skipped.items())), markup=False)
        for w in summary.workers if len(summary.workers) > 1 else ():
            console.print(f"  worker {w['pid']}: {w['items']} items, peak RSS {w['peak_rss_mb']} MB",
                          markup=False)
        for f in summary.failures:
            console.print(for_terminal(f"  failed: {f.source}: [{f.stage}] {f.reason}"), markup=False)
    sys.exit(1 if summary.failed else 0)


def _short(source: str, width: int = 40) -> str:
    from rapsheet.ingest.sanitize import for_terminal

    source = for_terminal(source)
    return source if len(source) <= width else "…" + source[-(width - 1):]


@main.command()
@click.argument("entity", required=False)
@click.option("--accused", is_flag=True, help="Show the case file of every accused subject.")
@click.option("--json", "as_json", is_flag=True, help="Print the case file as JSON.")
def show(entity, accused, as_json):
    """Print the case file of ENTITY (an id or a name)."""
    from rapsheet.casefile import accused_case_files, render_case_file

    if not entity and not accused:
        _fail_usage("give an ENTITY (id or name) or --accused")
    store = _store()
    if accused:
        files = list(accused_case_files(store))
    else:
        found = store.case_file(entity)
        if found is None:
            click.echo(f"rapsheet: no entity matches {entity!r}", err=True)
            sys.exit(1)
        files = [found]
    for case in files:
        if as_json:
            click.echo(json.dumps(case, ensure_ascii=False, default=str))
        else:
            render_case_file(case)


@main.command()
@click.option("--limit", default=50, show_default=True, help="How many, newest first.")
@click.option("--offset", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
def articles(limit, offset, as_json):
    """List stored articles, newest first."""
    store = _store()
    rows = store.articles(limit=limit, offset=offset)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    _print_table(("id", "published", "title", "source"), rows)


@main.command()
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
def failures(limit, offset, as_json):
    """List inputs that could not be read, with their reason."""
    store = _store()
    rows = store.failures(limit=limit, offset=offset)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    _print_table(("source", "stage", "reason"), rows)


def _print_table(columns: tuple[str, ...], rows: list[dict]) -> None:
    """Rows as a terminal table; each cell plain text without control characters, so that a
    stored title holding '[/bold]' or an ESC sequence shows as written and colours nothing."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from rapsheet.ingest.sanitize import for_terminal

    table = Table(*columns)
    for row in rows:
        table.add_row(*(Text(for_terminal(row.get(c) if row.get(c) is not None else ""))
                        for c in columns))
    Console().print(table)


def _load_commands() -> None:
    import importlib
    import pkgutil

    import rapsheet.commands as package
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        importlib.import_module(f"{package.__name__}.{info.name}")


_load_commands()

if __name__ == "__main__":
    main()
