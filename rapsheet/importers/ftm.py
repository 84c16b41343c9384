"""FollowTheMoney entity files (one JSON entity a line, as OpenSanctions publishes them) ->
`ListEntry` records for persons and organisations.

Sanction entities in the same file give their subject its programmes; the dataset is the
entity's own `datasets` (OpenSanctions), else the one given, else the file's folder name.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from rapsheet.errors import InputError
from rapsheet.importers.entries import ListEntry, ftm_config


def _entities(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        text_start = fh.read(1)
        fh.seek(0)
        if text_start == "[":
            yield from json.load(fh)
            return
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not a JSON entity ({exc.msg})") from None


def read_ftm(path: str | Path, dataset: str | None = None) -> Iterator[ListEntry]:
    path = Path(path)
    schemata = ftm_config()["schemata"]
    programs: dict[str, list[str]] = defaultdict(list)
    designations: dict[str, list[dict]] = defaultdict(list)
    for data in _entities(path):
        if data.get("schema") == "Sanction":
            props = data.get("properties") or {}
            dates = sorted(str(d)[:10] for d in props.get("startDate", []) + props.get("listingDate", []) if d)
            for subject in props.get("entity", []):
                subject = subject.get("id") if isinstance(subject, dict) else subject
                if not subject:
                    continue
                for code in props.get("programId", []) or props.get("program", []):
                    if code not in programs[subject]:
                        programs[subject].append(code)
                designations[subject].append({
                    "authority": (props.get("authority") or [None])[0],
                    "program": (props.get("program") or props.get("programId") or [None])[0],
                    "list": (data.get("datasets") or [dataset or path.parent.name])[0],
                    "date": dates[0] if dates else None,
                    "source_url": (props.get("sourceUrl") or [None])[0]})
    default = dataset or path.parent.name or path.stem
    for data in _entities(path):
        schema: str = data.get("schema") or ""
        if schema not in schemata or not data.get("id"):
            continue
        props = data.get("properties") or {}
        names = props.get("name") or [data.get("caption")] if (props.get("name") or data.get("caption")) else []
        if not names:
            continue
        years = sorted({int(d[:4]) for d in props.get("birthDate", []) if str(d)[:4].isdigit()})
        countries = [c.upper() for c in (props.get("nationality", []) + props.get("citizenship", [])
                                         + props.get("country", [])) if isinstance(c, str) and len(c) == 2]
        topics = props.get("topics", [])
        entry_programs = programs.get(data["id"], []) + [p for p in props.get("programId", [])]
        datasets = data.get("datasets") or [default]
        yield ListEntry(
            dataset=datasets[0], list_id=data["id"], schema=schema,
            name=data.get("caption") or names[0],
            aliases=list(dict.fromkeys(names + props.get("alias", []) + props.get("weakAlias", [])))[:20],
            birth_years=years, countries=list(dict.fromkeys(countries)),
            programs=list(dict.fromkeys(entry_programs)) or [t for t in topics if t.startswith("sanction")],
            topics=topics, data=data, designations=designations.get(data["id"], []))
