"""Case files: gather (from the store) and render (for a terminal) what is known of one subject.

Allegations read as allegations: a risk shows its stage in words (rapsheet.stages.describe:
"charged with", "convicted of", "acquitted of murder (2023)"), never a verdict the text does not
give, and never a bare offence for an allegation that was cleared.
"""
from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rapsheet.stages import describe


def accused_case_files(store, limit: int = 1000) -> Iterator[dict]:
    """The case file of every stored subject the articles accuse, most-reported first."""
    files = []
    for case in store.case_files([row["id"] for row in store.entities(limit=limit)]):
        if any(r["role"] == "accused" for r in case["roles"]):
            files.append(case)
    files.sort(key=lambda c: (-len(c["articles"]), c["name"]))
    yield from files


def _sources(sources: list[dict]) -> str:
    return ", ".join(sorted({f"{s['article'][:8]}" for s in sources}))


def _row(table: Table, *cells) -> None:
    """A table row whose cells are plain text: brackets in a stored title are never markup."""
    table.add_row(*(c if isinstance(c, Text) else Text(str(c)) for c in cells))


def render_case_file(case: dict, console: Console | None = None) -> None:
    """Print one case file for a person reading a terminal: every stored string without control
    characters (`for_terminal`) and as plain text, never as rich markup."""
    from rapsheet.ingest.sanitize import for_terminal_deep

    console = console or Console()
    case = for_terminal_deep(case)
    console.rule(Text(f"{case['name']}  ({case['type']}, {case['id']})", style="bold"))
    if case.get("aliases"):
        console.print(Text("Also named: " + "; ".join(case["aliases"])))
    roles = ", ".join(f"{r['role']} ({len(r['articles'])} article(s))" for r in case["roles"])
    if roles:
        console.print(Text("Roles: " + roles))
    if case["attributes"]:
        table = Table("attribute", "value", "sources", title="Attributes", title_justify="left")
        for key, values in case["attributes"].items():
            if key in ("gazetteer_id", "title_kind"):
                continue
            for v in values:
                value = v["value"]
                if isinstance(value, list):
                    value = "–".join(map(str, value))
                _row(table, key, str(value), _sources(v["sources"]))
        console.print(table)
    if case["risks"]:
        table = Table("allegation (as reported)", "status", "date", "evidence", title="Risks",
                      title_justify="left")
        for r in case["risks"]:
            evidence = r["sources"][0]["text"] if r["sources"] else ""
            _row(table, describe(r), r.get("status") or "", r.get("date") or "",
                          Text((evidence or "")[:160]))
        console.print(table)
    if case.get("disputed"):
        table = Table("allegation (as reported)", "disputed by", "on", "why", title="Disputed by an analyst "
                      "(left out of screening and exports)", title_justify="left")
        for r in case["disputed"]:
            table.add_row(describe(r), r["dispute"]["who"], (r["dispute"]["created"] or "")[:10],
                          Text(r["dispute"]["reason"][:160]))
        console.print(table)
    if case["charges"]:
        table = Table("as reported", "counts", "statute", "category", "proceeding", title="Charges",
                      title_justify="left")
        for c in case["charges"]:
            _row(table, describe(c | {"date": c.get("published")}), str(c.get("counts") or ""),
                          c.get("statute") or "", c["category"], c.get("proceeding") or "")
        console.print(table)
    if case["events"]:
        table = Table("date", "event", "modality", "as reported", title="Timeline",
                      title_justify="left")
        for ev in case["events"]:
            date = (ev.get("date") or {}).get("value") or f"(reported {ev.get('published') or '?'})"
            _row(table, date, ev["type"], ev.get("modality", ""), Text((ev.get("text") or "")[:140]))
        console.print(table)
    if case["quotes"]:
        console.print(Text("Quotes:", style="bold"))
        for q in case["quotes"]:
            console.print(Text(f"  “{q['text'][:200]}”"))
    console.print(Text("Articles (newest first):", style="bold"))
    for a in case["articles"]:
        console.print(Text(f"  {a.get('published') or '????-??-??'}  {a.get('title') or ''}  "
                           f"[{a.get('source')}]"))
