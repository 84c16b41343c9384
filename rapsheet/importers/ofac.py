"""The OFAC SDN list as Treasury publishes it (sdn.csv: 12 columns, latin-1, no header; alt.csv
beside it: aliases) -> `ListEntry` records for individuals and entities.

Columns: ent_num, SDN_Name, SDN_Type ("individual"; "-0-" for an entity; vessel, aircraft),
Program ("SDGT] [IRAN" for several), Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
Vess_owner, Remarks ("DOB 10 Dec 1948; POB ...; nationality Egypt; a.k.a. 'BNC'."). "-0-" means
empty. Vessels and aircraft are not subjects of news about who is accused: left out.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from rapsheet.data import country_codes
from rapsheet.importers.entries import ListEntry

OFAC = "US Treasury, Office of Foreign Assets Control"
_DOB = re.compile(r"\bDOB\s+(?:circa\s+)?(?:\d{1,2}\s+)?(?:[A-Z][a-z]{2}\s+)?(\d{4})(?:\s+to\s+(?:\d{1,2}\s+)?(?:[A-Z][a-z]{2}\s+)?(\d{4}))?")
_NATIONALITY = re.compile(r"\b(?:nationality|citizen)\s+([A-Z][A-Za-z .'-]+?)(?=;|\.|$|,|\()")
_AKA = re.compile(r"\ba\.k\.a\.,?\s+'([^']+)'")


def _empty(value: str) -> str:
    value = (value or "").strip()
    return "" if value == "-0-" else value


def _name(raw: str, individual: bool) -> str:
    """"MARTINEZ FLORES, Jose Enrique" as a reader writes it; entity names stay as they are."""
    if individual and raw.count(",") == 1:
        family, given = (p.strip() for p in raw.split(","))
        if family and given:
            return f"{given} {family.title()}" if family.isupper() else f"{given} {family}"
    return raw


def read_sdn(path: str | Path, alt_path: str | Path | None = None,
             dataset: str = "us_ofac_sdn") -> Iterator[ListEntry]:
    path = Path(path)
    alt_path = Path(alt_path) if alt_path else path.with_name("alt.csv")
    aliases: dict[str, list[str]] = defaultdict(list)
    if alt_path.is_file() and alt_path != path:
        with alt_path.open(encoding="latin-1", newline="") as fh:
            for row in csv.reader(fh):
                if len(row) >= 4 and _empty(row[3]):
                    aliases[row[0].strip()].append(_empty(row[3]))
    with path.open(encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 12 or not row[0].strip().isdigit():
                continue
            number, raw_name, kind, program, remarks = (row[0].strip(), _empty(row[1]), _empty(row[2]).lower(),
                                                        _empty(row[3]), _empty(row[11]))
            if kind in ("vessel", "aircraft") or not raw_name:
                continue
            individual = kind == "individual"
            programs = [p.strip(" []") for p in re.split(r"\]\s*\[", program) if p.strip(" []")]
            years: list[int] = []
            for m in _DOB.finditer(remarks):
                lo = int(m.group(1))
                hi = int(m.group(2)) if m.group(2) else lo
                years.extend(range(lo, min(hi, lo + 10) + 1))
            countries: list[str] = []
            for m in _NATIONALITY.finditer(remarks):
                countries.extend(c for c in country_codes(m.group(1).strip()) if c not in countries)
            names = [raw_name, *aliases.get(number, []), *_AKA.findall(remarks)]
            name = _name(raw_name, individual)
            yield ListEntry(
                dataset=dataset, list_id=f"ofac-{number}", schema="Person" if individual else "Organization",
                name=name, aliases=list(dict.fromkeys(_name(n, individual) for n in names)),
                birth_years=sorted(set(years)), countries=countries, programs=programs,
                designations=[{"authority": OFAC, "program": p, "list": "SDN List", "date": None,
                               "source_url": None} for p in programs],
                data={"id": f"ofac-{number}", "schema": "Person" if individual else "Organization",
                      "properties": {"name": [name], "alias": names[1:], "program": programs,
                                     "notes": [remarks] if remarks else [],
                                     "birthDate": [str(y) for y in sorted(set(years))],
                                     "nationality": [c.lower() for c in countries]}})
