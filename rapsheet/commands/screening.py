"""CLI for names: `rapsheet screen NAME` (one name or a CSV of names against the store) and
`rapsheet compare-names A B` / `--pairs FILE.csv`; thin over rapsheet.screen and
rapsheet.resolve.names."""
from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from rapsheet.stages import describe
from rapsheet.cli import _fail_usage, _store, main
from rapsheet.errors import RapsheetError

TYPES = ["person", "organization", "Person", "Organization", "Company", "LegalEntity", "Vessel", ""]


def _read_rows(path: str, required: tuple[str, ...]) -> list[dict]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                _fail_usage(f"{path}: the header lacks column(s) {', '.join(missing)}")
            return list(reader)
    except OSError as exc:
        _fail_usage(f"cannot read {path}: {exc.strerror}")
    except UnicodeDecodeError:
        _fail_usage(f"{path}: not UTF-8 text")
    return []


@main.command()
@click.argument("name", required=False)
@click.option("--birth-year", type=int, help="Year of birth of the person screened.")
@click.option("--country", help="ISO alpha-2 country code (nationality or residence).")
@click.option("--batch", "batch", type=click.Path(dir_okay=False),
              help="Screen every row of a CSV with columns name[,birth_year,country].")
@click.option("--limit", default=10, show_default=True, help="Results per name.")
@click.option("--threshold", type=float, help="Score at or above which a result is a match "
                                              "(default: the match_threshold setting).")
@click.option("--type", "type_", type=click.Choice(TYPES, case_sensitive=True), default="",
              help="Only entities of this type.")
@click.option("--json", "as_json", is_flag=True, help='Print {"results": [...]} (one line per name in --batch).')
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV: one row per allegation of each hit "
                                                    "(the same as --format csv).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default=None,
              help="text (default), json (as --json) or csv (as --csv).")
def screen(name, birth_year, country, batch, limit, threshold, type_, as_json, as_csv, fmt):
    """Screen NAME against every stored entity: ranked matches with score, explanation,
    the allegations as reported (proceeding, stage, status, date) and the evidence (the
    sentence, and the article's title, outlet and date)."""
    from rapsheet.screen import index_from_store

    chosen = {f for f, flag in (("json", as_json), ("csv", as_csv)) if flag} | ({fmt} if fmt else set())
    if len(chosen) > 1:
        _fail_usage(f"choose one output format, not {' and '.join(sorted(chosen))}")
    fmt = chosen.pop() if chosen else "text"
    if bool(name) == bool(batch):
        _fail_usage("give a NAME or --batch FILE.csv (not both)")
    if country and len(country) != 2:
        _fail_usage(f"--country takes an ISO alpha-2 code, not {country!r}")
    # (where, query, why it cannot be screened): in a batch a bad row is one error line on
    # stderr and the rows after it are still screened; the exit status is then 1.
    queries: list[tuple[str | None, dict[str, Any], str | None]] = [
        (None, {"name": name, "birth_year": birth_year, "country": country}, None)]
    if batch:
        queries = [_batch_query(r, f"{batch} line {i}")
                   for i, r in enumerate(_read_rows(batch, ("name",)), 2)]
    index = index_from_store(_store())
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
    failed = 0
    for where, q, error in queries:
        if error is None and not q["name"]:
            click.echo(f"rapsheet: skipped a row with an empty name ({where})", err=True)
            continue
        try:
            if error is not None:
                raise RapsheetError(error, 422)
            results = index.screen(q["name"], birth_year=q["birth_year"],
                                   country=q["country"].upper() if q["country"] else None,
                                   limit=limit, threshold=threshold, type=type_ or None)
        except RapsheetError as exc:
            if where is None:
                _fail_usage(exc.detail)
            failed += 1
            click.echo(f"rapsheet: error: {where}: {exc.detail}", err=True)
            continue
        except Exception as exc:  # one bad row never stops a batch
            if where is None:
                raise
            failed += 1
            click.echo(f"rapsheet: error: {where}: cannot screen this row ({type(exc).__name__})",
                       err=True)
            continue
        if fmt == "json":
            click.echo(json.dumps({"query": q, "results": [r.to_json() for r in results]},
                                  ensure_ascii=False, default=str))
        elif writer is not None:   # fmt == "csv"
            from rapsheet.export.csv import csv_cell
            writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in csv_rows(q, results))
        else:
            _print_results(q, results)
    if failed:
        sys.exit(1)


def _batch_query(row: dict, where: str) -> tuple[str, dict, str | None]:
    """One CSV row as (where, query, error); the error says what makes the row unusable."""
    from rapsheet.ingest.sanitize import sanitize_text

    name = sanitize_text(row.get("name") or "").strip()
    country = sanitize_text(row.get("country") or "").strip() or None
    raw_year = (row.get("birth_year") or "").strip()
    query: dict[str, Any] = {"name": name, "birth_year": None, "country": country}
    if raw_year:
        try:
            query["birth_year"] = int(raw_year)
        except ValueError:
            return where, query, f"birth year {raw_year[:20]!r} is not a year"
    if country and (len(country) != 2 or not country.isalpha()):
        return where, query, f"country {country[:20]!r} is not an ISO alpha-2 code"
    return where, query, None


#: `rapsheet screen --csv`: one row per allegation (or listing) of each hit, standing alone.
CSV_COLUMNS = ("query", "rank", "score", "match", "id", "name", "type", "reasons", "allegation",
               "category", "proceeding", "stage", "status", "date", "sentence", "article_title",
               "outlet", "article_date", "url")


def _allegations(result) -> list[dict]:
    """The hit's allegations as reported and its listings, each with its first evidence."""
    found = []
    for risk in result.risks:
        ev = next((e for e in risk.get("evidence") or [] if isinstance(e, dict)), {})
        found.append({"allegation": risk.get("allegation") or describe(risk), "category": risk.get("category"),
                      "proceeding": risk.get("proceeding"), "stage": risk.get("stage"),
                      "status": risk.get("status"), "date": risk.get("date"), "sentence": ev.get("text"),
                      "article_title": ev.get("title"), "outlet": ev.get("outlet"),
                      "article_date": ev.get("published"), "url": ev.get("url")})
    for listing in result.payload.get("sanctions") or []:
        found.append({"allegation": listing["allegation"], "category": None, "proceeding": "sanctions",
                      "stage": "sanctioned", "status": listing.get("status") or "active",
                      "date": listing.get("date"), "sentence": None, "article_title": None,
                      "outlet": listing.get("list"), "article_date": None, "url": listing.get("source_url")})
    return found


def _no_allegation(result) -> str:
    roles = ", ".join(role for role in result.payload.get("roles") or () if role != "other")
    return f"{roles + ', ' if roles else ''}no allegation recorded"


def csv_rows(query: dict, results) -> list[dict]:
    rows = []
    for rank, r in enumerate(results, 1):
        hit = {"query": query["name"], "rank": rank, "score": f"{r.score:.3f}", "match": r.match,
               "id": r.id, "name": r.name, "type": r.type, "reasons": "; ".join(r.reasons)}
        rows += [hit | a for a in _allegations(r)] or [hit | {"allegation": _no_allegation(r)}]
    return rows


def _print_results(query: dict, results) -> None:
    """Results for a person reading a terminal; every line without control characters, so a
    stored name with an ESC sequence or a bidi override shows as written."""
    from rapsheet.ingest.sanitize import for_terminal

    def echo(line: str) -> None:
        click.echo(for_terminal(line))

    echo(f"== {query['name']}" + (f" (born {query['birth_year']})" if query["birth_year"] else "")
               + (f" [{query['country']}]" if query["country"] else ""))
    if not results:
        echo("   no candidates")
    for rank, r in enumerate(results, 1):
        verdict = "MATCH" if r.match else "near"
        echo(f"{rank:>2}. {r.score:.3f} {verdict:5} {r.name} ({r.type}, {r.id})")
        for reason in r.reasons:
            echo(f"      - {reason}")
        for feature in r.explanation:
            echo(f"      {feature.get('feature')}: {feature.get('weight', 0):+.2f} × "
                       f"{feature.get('value', 0):.2f}  {feature.get('detail', '')}")
        for listing in r.payload.get("sanctions") or []:
            echo(f"      sanctions list: {listing['allegation']}")
        if not r.risks and not r.payload.get("sanctions"):
            echo(f"      {_no_allegation(r)}")
        for a in _allegations(r)[:len(r.risks)]:
            echo(f"      {'cleared' if a['status'] == 'cleared' else 'alleged'}: {a['allegation']}")
            echo(f"        {a['proceeding'] or 'proceeding not stated'} proceeding, stage "
                 f"{a['stage'] or 'not stated'}, {a['status'] or 'status not stated'}, "
                 f"{a['date'] or 'date not stated'}")
            if a["sentence"]:
                echo(f"        “{a['sentence'][:300]}”")
            if a["article_title"] or a["outlet"] or a["article_date"]:
                echo(f"        — “{a['article_title'] or 'Untitled article'}”, "
                     f"{a['outlet'] or 'outlet not stated'}, {a['article_date'] or 'date not stated'}")


@main.command("compare-names")
@click.argument("names", nargs=-1)
@click.option("--type", "type_", default="", help="person, organization or a FollowTheMoney schema "
                                                  "(Person, Organization, Company, LegalEntity, Vessel).")
@click.option("--pairs", type=click.Path(dir_okay=False),
              help="A CSV with columns name1,name2[,type] and a header row.")
def compare_names_command(names, type_, pairs):
    """Score two names the way screening does: {"score", "match", "explanation"}."""
    from rapsheet.resolve.names import compare_names

    if pairs:
        if names:
            _fail_usage("give two NAMES or --pairs FILE.csv (not both)")
        rows = [(r["name1"], r["name2"], (r.get("type") or type_ or "").strip())
                for r in _read_rows(pairs, ("name1", "name2"))]
    elif len(names) == 2:
        rows = [(names[0], names[1], type_)]
    else:
        _fail_usage("compare-names takes two names (or --pairs FILE.csv)")
    for a, b, t in rows:
        try:
            result = compare_names(a, b, type=t or None)
        except RapsheetError as exc:
            _fail_usage(exc.detail)
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
