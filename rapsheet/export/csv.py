"""Case files -> CSV, one row per subject with a risk summary ("charged with terrorism (2025);
acquitted of violent crime (2023)").

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula, and names and aliases come from the pages read: such a text cell is written with a
leading `'` (OWASP's advice against CSV injection), which spreadsheets show as text. Numbers
stay numbers."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from rapsheet.stages import describe

COLUMNS = ("id", "type", "name", "aliases", "birth_year", "nationality", "roles", "risks",
           "sanctions", "articles", "members")


def _values(case: dict, key: str) -> str:
    values = []
    for v in case["attributes"].get(key, []):
        value = v["value"]
        values.append("-".join(map(str, value)) if isinstance(value, list) else str(value))
    return "; ".join(values)


def case_row(case: dict) -> dict:
    return {
        "id": case["id"], "type": case["type"], "name": case["name"],
        "aliases": "; ".join(case["aliases"]),
        "birth_year": _values(case, "birth_year"), "nationality": _values(case, "nationality"),
        "roles": "; ".join(r["role"] for r in case["roles"]),
        "risks": "; ".join(describe(r) for r in case["risks"]),
        "sanctions": "; ".join(f"{s['dataset']}:{s['id']}" for s in case.get("sanctions", [])),
        "articles": len(case["articles"]), "members": len(case["members"]),
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """`value` safe for a spreadsheet: text starting like a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(cases: Iterable[dict], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for case in cases:
        writer.writerow({k: csv_cell(v) for k, v in case_row(case).items()})
        n += 1
    return n
