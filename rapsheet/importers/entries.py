"""A sanctions list's entries as `ListEntry` records, and what their programmes and topics mean
(rapsheet/data/ftm.yaml: topics and programmes -> risk categories, schemata -> entity types).

Pure: the readers (`ftm.py`, `ofac.py`) make these, `rapsheet.importers.store_entries` stores them.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapsheet.data import DATA_DIR, parse
from rapsheet.errors import RapsheetError
from rapsheet.model import CATEGORIES, short_hash


@dataclass(slots=True)
class ListEntry:
    dataset: str
    list_id: str
    schema: str                      # FollowTheMoney schema: Person, Organization, Company ...
    name: str
    aliases: list[str] = field(default_factory=list)
    birth_years: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)     # ISO alpha-2, upper case
    programs: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)               # the entry as a FollowTheMoney entity
    #: Each designation as the list gives it: {authority, program, list, date (ISO or None),
    #: source_url}; one a programme when the list says no more (OFAC's CSV).
    designations: list[dict] = field(default_factory=list)

    @property
    def entity_id(self) -> str:
        return short_hash("list", self.dataset, self.list_id)

    @property
    def type(self) -> str:
        return ftm_config()["schemata"].get(self.schema, "other")


def validate_ftm(content, filename: str = "ftm.yaml") -> None:
    """topics: category -> list of topics; programs: code -> category; schemata: schema -> type."""
    if not isinstance(content, dict):
        raise RapsheetError(f"{filename}: top level: expected a mapping", 500)
    for category, topics in (content.get("topics") or {}).items():
        if category not in CATEGORIES or not isinstance(topics, list):
            raise RapsheetError(f"{filename}: topics: {category!r} is not a risk category with a list", 500)
    for code, category in (content.get("programs") or {}).items():
        if category not in CATEGORIES:
            raise RapsheetError(f"{filename}: programs: {code}: {category!r} is not a risk category", 500)
    for schema, type_ in (content.get("schemata") or {}).items():
        if type_ not in ("person", "organization"):
            raise RapsheetError(f"{filename}: schemata: {schema}: {type_!r} is not person or organization", 500)


@functools.cache
def ftm_config() -> dict:
    return parse(DATA_DIR / "ftm.yaml", validate_ftm)


def program_categories(codes: Iterable[str]) -> list[str]:
    """Risk categories that sanctions programmes or FollowTheMoney topics stand for."""
    table = ftm_config()["programs"]
    found = []
    for code in codes:
        for prefix, category in table.items():
            if (code == prefix or code.startswith(prefix + "-") or code.startswith(prefix + "2")
                    or code.startswith(prefix + ".")) and category not in found:
                found.append(category)
    return found
