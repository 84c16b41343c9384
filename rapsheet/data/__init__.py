"""Knowledge as data: the YAML vocabularies and gazetteers in this folder, loaded once and validated.

`load(name)` takes the stem of a file here (`"organizations"` for `organizations.yaml`) and gives
its parsed content, checked by the validator registered for that name in `VALIDATORS` (files with
no validator just load). A malformed file raises `RapsheetError` naming the file and the row.

`entity_ruler_patterns()` gives spaCy EntityRuler patterns for the named organisations (ORG),
agencies and courts (ORG) and laws (LAW), each with the `id` slug of its canonical name so that
"TdA" and "Tren de Aragua" join; `add_entity_ruler(nlp)` adds them to a pipeline, and
`entry(ent_id)` gives the row behind a match. `country_codes(word)` reads a country name or demonym
("Venezuelan", "U.K.", "a citizen of Mexico" -> "Mexico") as ISO alpha-2 codes.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import yaml

from rapsheet.errors import RapsheetError
from rapsheet.text import fold, slug, strip_accents

DATA_DIR = Path(__file__).resolve().parent

ORG_KINDS = ("cartel", "gang", "terrorist", "mafia", "cybercrime", "militia", "other")
AGENCY_KINDS = ("agency", "prosecutor", "court", "regulator", "ministry", "police", "intergovernmental")
TITLE_KINDS = ("official", "prosecutor", "judge", "lawyer", "law_enforcement")
#: Codes that are not countries but stand in the `country` of a law or an agency.
SUPRANATIONAL = ("EU", "UN")

_ISO2 = re.compile(r"^[A-Z]{2}$")

Validator = Callable[[Any, str], None]


# --- loading ----------------------------------------------------------------------------------

def parse(path: str | Path, validator: Validator | None = None) -> Any:
    """Read one YAML file and run `validator(content, filename)` over it; not cached."""
    path = Path(path)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RapsheetError(f"data file {path.name} is missing from {path.parent}", 500) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise RapsheetError(f"{path.name}: not valid YAML{where}: {getattr(exc, 'problem', exc)}",
                            500) from exc
    if validator is not None:
        validator(content, path.name)
    return content


@functools.cache
def load(name: str) -> Any:
    """The parsed, validated content of `rapsheet/data/{name}.yaml`, read once per process."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise RapsheetError(f"bad data file name {name!r}: use the stem, e.g. 'organizations'", 500)
    return parse(DATA_DIR / f"{name}.yaml", VALIDATORS.get(name))


# --- validation helpers -----------------------------------------------------------------------

def _fail(filename: str, where: str, problem: str) -> NoReturn:
    raise RapsheetError(f"{filename}: {where}: {problem}", 500)


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


def _country_code_set() -> set[str]:
    return {row["code"] for row in load("nationalities")["countries"]}


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


#: Per-file validators: add yours here (`VALIDATORS["my_file"] = validate_my_file`).
VALIDATORS: dict[str, Validator] = {
    "organizations": validate_organizations,
    "agencies": validate_agencies,
    "laws": validate_laws,
    "nationalities": validate_nationalities,
    "titles": validate_titles,
    "stages": validate_stages,
}


# --- names ------------------------------------------------------------------------------------

# --- EntityRuler patterns ---------------------------------------------------------------------

@functools.cache
def _tokenizer():
    # A blank English tokenizer splits names the way the English models do, without loading one.
    import spacy
    return spacy.blank("en").tokenizer


def _variants(name: str) -> set[str]:
    """Spellings a news text may use: with and without accents, straight or curly apostrophes,
    hyphens or spaces between the parts."""
    out = {name}
    for form in list(out):
        out.add(strip_accents(form))
    for form in list(out):
        out.add(form.replace("’", "'"))
        out.add(form.replace("'", "’"))
    for form in list(out):
        if "-" in form:
            out.add(re.sub(r"\s*-\s*", " ", form))
    return {re.sub(r"\s+", " ", f).strip() for f in out}


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    upper = sum(c.isupper() for c in letters)
    # "TdA", "MS-13", "FBI", "U.S.", "Cl0p", "REvil": lower-casing them would hit common words
    return upper >= 2 or (upper >= 1 and any(c.isdigit() for c in word)) or (
        len(letters) > 1 and any(c.isupper() for c in letters[1:]))


def token_pattern(name: str, lowercase_ok: frozenset[str] = frozenset()) -> list[dict]:
    """One EntityRuler token pattern for `name`.

    Acronyms match exactly (ORTH); capitalised words match in any case except all lower-case
    (so "Hells Angels" and "HELLS ANGELS" match, the common phrase "national action" does not);
    words written in lower case in the name ("de", "al", "federal grand jury") and the generic
    heads in `lowercase_ok` ("cartel", "gang") match in any case.
    """
    pattern = []
    for token in _tokenizer()(name):
        text = token.text
        if _is_acronym(text) or not any(c.isalpha() for c in text):
            pattern.append({"ORTH": text})
        elif text[0].isupper() and text.lower() not in lowercase_ok:
            pattern.append({"LOWER": text.lower(), "IS_LOWER": False})
        else:
            pattern.append({"LOWER": text.lower()})
    return pattern


def _district_names(districts: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """('Southern District of Texas', 'Texas') for every federal judicial district."""
    for state, parts in districts.items():
        for part in parts:
            yield ("District of " + state if part == "district"
                   else f"{part.capitalize()} District of {state}"), state


def _court_rows(districts: dict[str, list[str]]) -> Iterator[dict]:
    """The federal district courts and U.S. Attorney's Offices, one per judicial district."""
    for district, _state in _district_names(districts):
        yield {"name": f"U.S. District Court for the {district}", "kind": "court",
               "aliases": [f"United States District Court for the {district}",
                           f"US District Court for the {district}",
                           f"federal court in the {district}"]}
        yield {"name": f"U.S. Attorney's Office for the {district}", "kind": "prosecutor",
               "aliases": [f"United States Attorney's Office for the {district}",
                           f"US Attorney's Office for the {district}",
                           f"U.S. Attorney for the {district}",
                           f"United States Attorney for the {district}"]}


def _circuit_rows(circuits: dict[str, str]) -> Iterator[dict]:
    """The federal courts of appeals: "U.S. Court of Appeals for the Fifth Circuit", "5th Circuit"."""
    for ordinal, numeral in circuits.items():
        aliases = []
        for form in dict.fromkeys((ordinal, numeral)):
            aliases += [f"{form} Circuit", f"{form} Circuit Court of Appeals",
                        f"{form} U.S. Circuit Court of Appeals",
                        f"U.S. Court of Appeals for the {form} Circuit",
                        f"United States Court of Appeals for the {form} Circuit"]
        yield {"name": f"U.S. Court of Appeals for the {ordinal} Circuit", "kind": "court",
               "aliases": [a for a in aliases if a != f"U.S. Court of Appeals for the {ordinal} Circuit"]}


def agency_rows(include_courts: bool = True) -> list[dict]:
    """agencies.yaml's rows, plus (by default) one row per federal district court, U.S.
    Attorney's Office and court of appeals, built from its `us_districts` and `us_circuits`."""
    content = load("agencies")
    rows = list(content["agencies"])
    if include_courts:
        rows += [{**row, "country": "US"} for row in _court_rows(content["us_districts"])]
        rows += [{**row, "country": "US"} for row in _circuit_rows(content.get("us_circuits", {}))]
    return rows


def case_forms(name: str, lowercase_ok: frozenset[str] = frozenset()) -> set[str]:
    """The capitalisations of `name` a news text may print, for exact (ORTH) phrase matching.

    The same rule as `token_pattern`: acronyms keep their case; capitalised words may appear
    title-cased or upper-cased, never lower-cased; words written in lower case and generic heads
    may take any of the three. So "al-Qaeda" gives "Al-Qaeda", "AL-QAEDA"; "Sinaloa Cartel" gives
    "Sinaloa cartel"; "Hells Angels" never gives "hells angels".
    """
    tokens = [(t.text, t.whitespace_) for t in _tokenizer()(name)]

    def render(choose) -> str:
        return "".join(choose(i, text) + ws for i, (text, ws) in enumerate(tokens)).strip()

    def free(text: str) -> bool:
        return not _is_acronym(text) and any(c.isalpha() for c in text) and (
            not text[0].isupper() or text.lower() in lowercase_ok)

    def fixed(text: str) -> bool:
        return _is_acronym(text) or not any(c.isalpha() for c in text)

    forms = {
        name,
        # headlines: everything upper-cased
        render(lambda i, t: t if fixed(t) else t.upper()),
        # title case: "Tren De Aragua", "Federal Grand Jury"
        render(lambda i, t: t if fixed(t) else t[:1].upper() + t[1:]),
        # sentence start: "Al-Qaeda in the Arabian Peninsula", "Federal grand jury"
        render(lambda i, t: t[:1].upper() + t[1:] if i == 0 and not fixed(t) else t),
        # generic heads in lower case: "Sinaloa cartel", "the Gulf clan"
        render(lambda i, t: t.lower() if free(t) and i > 0 else t),
    }
    forms.add(render(lambda i, t: t.lower() if free(t) and i > 0 else (
        t[:1].upper() + t[1:] if i == 0 and not fixed(t) else t)))
    if all(free(t) or fixed(t) for t, _ in tokens):
        # a name written all in lower case ("federal grand jury") may appear so
        forms.add(render(lambda i, t: t if fixed(t) else t.lower()))
    return {f for f in forms if f}


def _pattern_rows(include_nominal: bool) -> Iterator[tuple[str, str, str]]:
    """(label, id, spelling) for every spelling of every name and alias."""
    sources: list[tuple[str, list[dict]]] = [
        ("ORG", load("organizations")["organizations"]),
        ("ORG", [r for r in agency_rows() if include_nominal or not r.get("nominal")]),
        ("LAW", load("laws")["laws"]),
    ]
    for label, rows in sources:
        for row in rows:
            ent_id = slug(row["name"])
            for name in [row["name"], *row.get("aliases", [])]:
                for form in sorted(_variants(name)):
                    yield label, ent_id, form


@functools.cache
def _patterns(include_nominal: bool, style: str) -> tuple[dict, ...]:
    lowercase_ok = frozenset(w.lower() for w in load("organizations").get("generic_words", []))
    owner: dict[Any, str] = {}
    out: list[dict] = []
    for label, ent_id, form in _pattern_rows(include_nominal):
        if style == "token":
            pattern = token_pattern(form, lowercase_ok)
            keys: list[tuple[Any, Any]] = [(tuple(tuple(sorted(t.items())) for t in pattern), pattern)]
        else:
            keys = [(text, text) for text in sorted(case_forms(form, lowercase_ok))]
        for key, pattern in keys:
            if key in owner:
                if owner[key] != ent_id:
                    raise RapsheetError(f"data: {form!r} names both {owner[key]!r} and {ent_id!r}; "
                                        f"make it an ambiguous alias of one of them", 500)
                continue
            owner[key] = ent_id
            out.append({"label": label, "pattern": pattern, "id": ent_id})
    return tuple(out)


def entity_ruler_patterns(include_nominal: bool = True, style: str = "phrase") -> list[dict]:
    """EntityRuler patterns for named organisations and agencies/courts (ORG) and laws (LAW).

    Each pattern's `id` is the slug of the canonical name, so every alias of one body shares it
    (`span.ent_id_`: "TdA" and "Tren de Aragua" both give "tren-de-aragua"). Spellings cover
    accents, straight/curly apostrophes and hyphen/space splits. `style="phrase"` (default) gives
    exact-case phrase patterns with their case forms spelled out (see `case_forms`), for a ruler
    whose `phrase_matcher_attr` is ORTH: a PhraseMatcher looks them up by hash, so thousands cost
    little. `style="token"` gives the same rule as token patterns (ORTH for acronyms, LOWER plus
    IS_LOWER=False for capitalised words), which the Matcher checks one by one: several times
    slower. `include_nominal=False` leaves out common-noun bodies such as "federal grand jury".
    Ambiguous aliases ("Wagner", "the Outfit") never become patterns.
    """
    if style not in ("phrase", "token"):
        raise RapsheetError(f"unknown pattern style {style!r}: use 'phrase' or 'token'", 500)
    return [dict(p) for p in _patterns(include_nominal, style)]


def add_entity_ruler(nlp, include_nominal: bool = True, name: str = "entity_ruler"):
    """Add the gazetteer EntityRuler to `nlp` and return it.

    It goes first in the pipeline: it reads only tokens, it still runs before `ner` (which then
    keeps its entities), and spaCy's `add_patterns` runs the components before the ruler over
    every phrase pattern, which is free only when there are none.
    """
    ruler = nlp.add_pipe("entity_ruler", name=name, first=True,
                         config={"phrase_matcher_attr": "ORTH", "validate": False,
                                 "overwrite_ents": False})
    ruler.add_patterns(entity_ruler_patterns(include_nominal))
    return ruler


@functools.cache
def _entries() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for source, rows in (("organizations", load("organizations")["organizations"]),
                         ("agencies", agency_rows()), ("laws", load("laws")["laws"])):
        for row in rows:
            out.setdefault(slug(row["name"]), {**row, "source": source})
    return out


def entry(ent_id: str) -> dict | None:
    """The gazetteer row behind a ruler match's `ent_id_` ("tren-de-aragua" -> its name, kind,
    countries, designations ...), with `source` naming its file; None when unknown."""
    return _entries().get(ent_id)


# --- nationalities ----------------------------------------------------------------------------

@functools.cache
def _country_index() -> dict[str, tuple[str, ...]]:
    content = load("nationalities")
    index: dict[str, tuple[str, ...]] = {}
    for row in content["countries"]:
        for word in [row["name"], *row.get("names", []), *row.get("demonyms", [])]:
            index[fold(word)] = (row["code"],)
    for word, codes in content.get("ambiguous", {}).items():
        index[fold(word)] = tuple(codes)
    return index


def country_codes(text: str) -> tuple[str, ...]:
    """ISO alpha-2 codes a country name or demonym may mean ("Venezuelan" -> ("VE",),
    "U.K." -> ("GB",), "Korean" -> ("KR", "KP")); () when it names no country."""
    index = _country_index()
    key = fold(text)
    key = re.sub(r"^the ", "", key)
    if key in index:
        return index[key]
    # plural nouns of people: "Venezuelans", "Britons", "Filipinos"
    if key.endswith("s") and key[:-1] in index:
        return index[key[:-1]]
    return ()


def country_code(text: str) -> str | None:
    """The one ISO alpha-2 code `text` names, or None when it names none or several."""
    codes = country_codes(text)
    return codes[0] if len(codes) == 1 else None


__all__ = ["DATA_DIR", "VALIDATORS", "load", "parse", "entity_ruler_patterns", "add_entity_ruler",
           "agency_rows", "case_forms", "entry",
           "token_pattern", "country_codes", "country_code", "slug", "fold", "strip_accents"]
