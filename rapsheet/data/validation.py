"""The validators of this folder's files: each checks one file's content and raises `DataError`
naming the file, the row and the problem."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any, NoReturn

from rapsheet.data.loading import VALIDATORS, load
from rapsheet.errors import DataError
from rapsheet.text import fold

ORG_KINDS = ("cartel", "gang", "terrorist", "mafia", "cybercrime", "militia", "other")
AGENCY_KINDS = ("agency", "prosecutor", "court", "regulator", "ministry", "police", "intergovernmental")
TITLE_KINDS = ("official", "prosecutor", "judge", "lawyer", "law_enforcement")
#: Codes that are not countries but stand in the `country` of a law or an agency.
SUPRANATIONAL = ("EU", "UN")

_ISO2 = re.compile(r"^[A-Z]{2}$")

# --- validation helpers -----------------------------------------------------------------------

def _fail(filename: str, where: str, problem: str) -> NoReturn:
    raise DataError(f"{filename}: {where}: {problem}")


def _rows(content: Any, key: str, filename: str) -> list[dict]:
    if not isinstance(content, dict) or not isinstance(content.get(key), list):
        _fail(filename, "top level", f"expected a mapping with a list under {key!r}")
    rows = content[key]
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            _fail(filename, f"{key} row {i}", "expected a mapping")
    return rows


def _where(key: str, i: int, row: dict, field: str = "name") -> str:
    label = row.get(field)
    return f"{key} row {i} ({label!r})" if label else f"{key} row {i}"


def _check_str(filename: str, where: str, row: dict, field: str, required: bool = True) -> None:
    value = row.get(field)
    if value is None and not required:
        return
    if not isinstance(value, str) or not value.strip():
        _fail(filename, where, f"{field!r} must be a non-empty string")


def _check_str_list(filename: str, where: str, row: dict, field: str) -> list[str]:
    value = row.get(field, [])
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(filename, where, f"{field!r} must be a list of non-empty strings")
    return value


def _check_known(filename: str, where: str, row: dict, field: str, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    if row.get(field) not in allowed:
        _fail(filename, where, f"{field!r} is {row.get(field)!r}, expected one of {', '.join(allowed)}")


def _check_unique(filename: str, seen: dict[str, str], names: Iterable[str], where: str,
                  what: str = "name or alias") -> None:
    for name in names:
        key = fold(name)
        if key in seen and seen[key] != where:
            _fail(filename, where, f"{what} {name!r} is already used by {seen[key]}")
        seen[key] = where


@functools.cache
def _country_code_set() -> frozenset[str]:
    """The codes of nationalities.yaml (read once: `load` caches the file, and the check is asked
    for every country of every row)."""
    return frozenset(row["code"] for row in load("nationalities")["countries"])


def _check_country(filename: str, where: str, code: Any, allow_none: bool = False) -> None:
    if code is None and allow_none:
        return
    if not isinstance(code, str) or not _ISO2.match(code):
        _fail(filename, where, f"country {code!r} is not an ISO alpha-2 code")
    if code not in SUPRANATIONAL and code not in _country_code_set():
        _fail(filename, where, f"country {code!r} is not in nationalities.yaml")


# --- the validators of this folder's files ----------------------------------------------------

def validate_organizations(content: Any, filename: str = "organizations.yaml") -> None:
    """Each row: name, aliases, kind, countries (ISO alpha-2), designations from the declared set;
    no name or alias is used by two organisations."""
    designations = content.get("designations") if isinstance(content, dict) else None
    if not isinstance(designations, dict) or not designations:
        _fail(filename, "top level", "expected a 'designations' mapping of code -> meaning")
    seen: dict[str, str] = {}
    for i, row in enumerate(_rows(content, "organizations", filename), 1):
        where = _where("organizations", i, row)
        _check_str(filename, where, row, "name")
        names = [row["name"], *_check_str_list(filename, where, row, "aliases")]
        names += _check_str_list(filename, where, row, "ambiguous_aliases")
        _check_known(filename, where, row, "kind", ORG_KINDS)
        countries = _check_str_list(filename, where, row, "countries")
        if not countries:
            _fail(filename, where, "'countries' must name at least one country")
        for code in countries:
            _check_country(filename, where, code)
        for code in _check_str_list(filename, where, row, "designations"):
            if code not in designations:
                _fail(filename, where, f"designation {code!r} is not declared under 'designations'")
        _check_unique(filename, seen, names, where)


def validate_agencies(content: Any, filename: str = "agencies.yaml") -> None:
    """Each row: name, aliases, kind, country (ISO alpha-2, EU, or null for intergovernmental
    bodies); optional `nominal: true` for common-noun bodies ("federal grand jury"). The
    `us_districts` mapping lists each state's federal judicial districts."""
    seen: dict[str, str] = {}
    for i, row in enumerate(_rows(content, "agencies", filename), 1):
        where = _where("agencies", i, row)
        _check_str(filename, where, row, "name")
        names = [row["name"], *_check_str_list(filename, where, row, "aliases")]
        names += _check_str_list(filename, where, row, "ambiguous_aliases")
        _check_known(filename, where, row, "kind", AGENCY_KINDS)
        if "country" not in row:
            _fail(filename, where, "'country' is required (null for intergovernmental bodies)")
        _check_country(filename, where, row["country"], allow_none=True)
        if not isinstance(row.get("nominal", False), bool):
            _fail(filename, where, "'nominal' must be true or false")
        _check_unique(filename, seen, names, where)
    districts = content.get("us_districts")
    if not isinstance(districts, dict):
        _fail(filename, "us_districts", "expected a mapping of state -> list of districts")
    for state, parts in districts.items():
        if not isinstance(parts, list) or not parts or not all(
                p in ("district", "northern", "southern", "eastern", "western", "central", "middle")
                for p in parts):
            _fail(filename, f"us_districts ({state!r})",
                  "expected a list of district, northern, southern, eastern, western, central, middle")
    circuits = content.get("us_circuits", {})
    if not isinstance(circuits, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in circuits.items()):
        _fail(filename, "us_circuits", "expected a mapping of ordinal -> numeral ('Fifth: 5th')")


def validate_laws(content: Any, filename: str = "laws.yaml") -> None:
    """Each row: name, aliases, country (ISO alpha-2 or EU), optional citation."""
    seen: dict[str, str] = {}
    for i, row in enumerate(_rows(content, "laws", filename), 1):
        where = _where("laws", i, row)
        _check_str(filename, where, row, "name")
        names = [row["name"], *_check_str_list(filename, where, row, "aliases")]
        names += _check_str_list(filename, where, row, "ambiguous_aliases")
        _check_country(filename, where, row.get("country"))
        _check_str(filename, where, row, "citation", required=False)
        _check_unique(filename, seen, names, where)


def validate_nationalities(content: Any, filename: str = "nationalities.yaml") -> None:
    """Each row: code (ISO alpha-2, unique), name, names (variants), demonyms. A word may belong to
    one country only, unless it is listed under `ambiguous` with every country it can mean."""
    ambiguous = content.get("ambiguous", {}) if isinstance(content, dict) else {}
    if not isinstance(ambiguous, dict):
        _fail(filename, "ambiguous", "expected a mapping of word -> list of codes")
    ambiguous_keys = {fold(k) for k in ambiguous}
    codes: set[str] = set()
    seen: dict[str, str] = {}
    for i, row in enumerate(_rows(content, "countries", filename), 1):
        where = _where("countries", i, row)
        code = row.get("code")
        if not isinstance(code, str) or not _ISO2.match(code):
            _fail(filename, where, f"code {code!r} is not an ISO alpha-2 code")
        if code in codes:
            _fail(filename, where, f"code {code} appears twice")
        codes.add(code)
        _check_str(filename, where, row, "name")
        words = [row["name"], *_check_str_list(filename, where, row, "names"),
                 *_check_str_list(filename, where, row, "demonyms")]
        _check_unique(filename, seen, [w for w in words if fold(w) not in ambiguous_keys], where,
                      "name or demonym")
    for word, listed in ambiguous.items():
        if not isinstance(listed, list) or len(listed) < 2 or any(c not in codes for c in listed):
            _fail(filename, f"ambiguous ({word!r})", "expected a list of two or more known codes")


def validate_titles(content: Any, filename: str = "titles.yaml") -> None:
    """Each row: title, kind (official|prosecutor|judge|lawyer|law_enforcement), optional agency
    (a name or alias in agencies.yaml). `title_words` lists the words that make up titles."""
    agency_names = {fold(n) for row in load("agencies")["agencies"]
                    for n in [row["name"], *row.get("aliases", [])]}
    seen: dict[str, str] = {}
    for i, row in enumerate(_rows(content, "titles", filename), 1):
        where = _where("titles", i, row, "title")
        _check_str(filename, where, row, "title")
        _check_known(filename, where, row, "kind", TITLE_KINDS)
        _check_str(filename, where, row, "agency", required=False)
        if row.get("agency") and fold(row["agency"]) not in agency_names:
            _fail(filename, where, f"agency {row['agency']!r} is not in agencies.yaml")
        _check_unique(filename, seen, [row["title"]], where, "title")
    words = content.get("title_words")
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        _fail(filename, "title_words", "expected a list of words")


def validate_stages(content: Any, filename: str = "stages.yaml") -> None:
    """`proceedings`, then `stages` in rank order: each row a stage, its proceedings (declared
    ones), an optional `clears` list of stages ranked before it, and a `phrase` with {offense}."""
    if not isinstance(content, dict):
        _fail(filename, "top level", "expected a mapping with 'proceedings' and 'stages'")
    proceedings = _check_str_list(filename, "top level", content, "proceedings")
    if not proceedings:
        _fail(filename, "proceedings", "must name at least one proceeding")
    seen: list[str] = []
    for i, row in enumerate(_rows(content, "stages", filename), 1):
        where = _where("stages", i, row, "stage")
        _check_str(filename, where, row, "stage")
        if row["stage"] in seen:
            _fail(filename, where, "stage is listed twice")
        own = _check_str_list(filename, where, row, "proceedings")
        if not own or any(p not in proceedings for p in own):
            _fail(filename, where, f"'proceedings' must name some of {', '.join(proceedings)}")
        for cleared in _check_str_list(filename, where, row, "clears"):
            if cleared not in seen:
                _fail(filename, where, f"clears {cleared!r}, which is not a stage ranked before it")
        _check_str(filename, where, row, "phrase")
        if "{offense}" not in row["phrase"]:
            _fail(filename, where, "'phrase' must hold {offense}")
        seen.append(row["stage"])
    words = content.get("proceeding_words", {})
    if not isinstance(words, dict) or any(k not in proceedings for k in words):
        _fail(filename, "proceeding_words", "expected a mapping of proceeding -> word")



VALIDATORS.update({    "organizations": validate_organizations,
    "agencies": validate_agencies,
    "laws": validate_laws,
    "nationalities": validate_nationalities,
    "titles": validate_titles,
    "stages": validate_stages,
})

