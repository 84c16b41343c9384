"""The store out, for other tools: FollowTheMoney entities (`ftm.py`), one CSV row per subject
(`csv.py`) and case files as JSON lines (`jsonl.py`).

    from rapsheet.export import export
    export(store, "ftm", sys.stdout)

Each exporter takes case files (`iter_case_files`: one per cluster, persons and organisations)
and writes text; none reads the database itself.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

FORMATS = ("ftm", "csv", "jsonl")


def iter_case_files(store, types: tuple[str, ...] = ("person", "organization"),
                    page: int = 500, filters=None) -> Iterator[dict]:
    """The case file of every cluster of the given types, by name; with `filters`
    (`rapsheet.store.browse.Filters`), of those the browse list shows for them."""
    offset = 0
    while True:
        if filters is not None:
            rows = store.browse(filters, sort="name", limit=page, offset=offset)["results"]
        else:
            rows = store.entities(limit=page, offset=offset)
        if not rows:
            return
        yield from store.case_files([row["id"] for row in rows if row["type"] in types])
        offset += page


def export(store, fmt: str, out: TextIO, filters=None) -> int:
    """Write every subject of `store` (with `filters`, those a browse with them lists) to `out` in
    format `fmt`; gives how many subjects."""
    from rapsheet.errors import UsageError
    if fmt == "ftm":
        from rapsheet.export.ftm import write_ftm as writer
    elif fmt == "csv":
        from rapsheet.export.csv import write_csv as writer
    elif fmt == "jsonl":
        from rapsheet.export.jsonl import write_jsonl as writer
    else:
        raise UsageError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return writer(iter_case_files(store, filters=filters), out)
