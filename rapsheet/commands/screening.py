"""CLI for names: `rapsheet screen NAME` (one name or a CSV of names against the store) and
`rapsheet compare-names A B` / `--pairs FILE.csv`; thin over rapsheet.screen and
rapsheet.resolve.names."""
from __future__ import annotations

import csv
import json
import sys

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


def _year(value, where: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        _fail_usage(f"{where}: birth year {value!r} is not a year")


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
def screen(name, birth_year, country, batch, limit, threshold, type_, as_json):
    """Screen NAME against every stored entity: ranked matches with score, explanation,
    the allegations as reported (with their stage) and the evidence."""
    from rapsheet.screen import index_from_store

    if bool(name) == bool(batch):
        _fail_usage("give a NAME or --batch FILE.csv (not both)")
    if country and len(country) != 2:
        _fail_usage(f"--country takes an ISO alpha-2 code, not {country!r}")
    queries = [{"name": name, "birth_year": birth_year, "country": country}]
    if batch:
        queries = [{"name": (r.get("name") or "").strip(),
                    "birth_year": _year(r.get("birth_year"), f"{batch} line {i}"),
                    "country": (r.get("country") or "").strip() or None}
                   for i, r in enumerate(_read_rows(batch, ("name",)), 2)]
    index = index_from_store(_store())
    for q in queries:
        if not q["name"]:
            click.echo("rapsheet: skipped a row with an empty name", err=True)
            continue
        try:
            results = index.screen(q["name"], birth_year=q["birth_year"],
                                   country=q["country"].upper() if q["country"] else None,
                                   limit=limit, threshold=threshold, type=type_ or None)
        except RapsheetError as exc:
            _fail_usage(exc.detail)
        if as_json:
            click.echo(json.dumps({"query": q, "results": [r.to_json() for r in results]},
                                  ensure_ascii=False, default=str))
        else:
            _print_results(q, results)


def _print_results(query: dict, results) -> None:
    click.echo(f"== {query['name']}" + (f" (born {query['birth_year']})" if query["birth_year"] else "")
               + (f" [{query['country']}]" if query["country"] else ""))
    if not results:
        click.echo("   no candidates")
    for rank, r in enumerate(results, 1):
        verdict = "MATCH" if r.match else "near"
        click.echo(f"{rank:>2}. {r.score:.3f} {verdict:5} {r.name} ({r.type}, {r.id})")
        for reason in r.reasons:
            click.echo(f"      - {reason}")
        for feature in r.explanation:
            click.echo(f"      {feature.get('feature')}: {feature.get('weight', 0):+.2f} × "
                       f"{feature.get('value', 0):.2f}  {feature.get('detail', '')}")
        for listing in r.payload.get("sanctions") or []:
            click.echo(f"      sanctions list: {listing['allegation']}")
        if not r.risks and not r.payload.get("sanctions"):
            roles = ", ".join(role for role in r.payload.get("roles") or () if role != "other")
            click.echo(f"      {roles + ', ' if roles else ''}no allegation recorded")
        for risk in r.risks:
            click.echo(f"      {'cleared' if risk.get('status') == 'cleared' else 'alleged'}: {describe(risk)}")
            for ev in (risk.get("evidence") or [])[:1]:
                text = ev.get("text") if isinstance(ev, dict) else str(ev)
                if text:
                    click.echo(f"        “{text[:200]}”")


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
