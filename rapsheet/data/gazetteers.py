"""Gazetteers: EntityRuler patterns for the named organisations, agencies, courts and laws, the
row behind a match, and country names and demonyms read as ISO codes."""
from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rapsheet.cache import cached_json
from rapsheet.data.loading import DATA_DIR, load
from rapsheet.errors import DataError, RapsheetError
from rapsheet.text import fold, slug, strip_accents


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


@functools.lru_cache(maxsize=65_536)   # asked for the same words of thousands of names at pipeline load
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
    texts = [text for text, _ in tokens]
    # each word's kind, worked out once for the seven renderings below
    fixed = [_is_acronym(t) or not any(c.isalpha() for c in t) for t in texts]
    free = [not fx and (not t[0].isupper() or t.lower() in lowercase_ok)
            for t, fx in zip(texts, fixed)]

    def render(words: list[str]) -> str:
        return "".join(word + ws for word, (_, ws) in zip(words, tokens)).strip()

    heads_lower = [t.lower() if fr and i > 0 else t for i, (t, fr) in enumerate(zip(texts, free))]
    first = [] if not texts else [texts[0] if fixed[0] else texts[0][:1].upper() + texts[0][1:]]
    forms = {
        name,
        # headlines: everything upper-cased
        render([t if fx else t.upper() for t, fx in zip(texts, fixed)]),
        # title case: "Tren De Aragua", "Federal Grand Jury"
        render([t if fx else t[:1].upper() + t[1:] for t, fx in zip(texts, fixed)]),
        # sentence start: "Al-Qaeda in the Arabian Peninsula", "Federal grand jury"
        render(first + texts[1:]),
        # generic heads in lower case: "Sinaloa cartel", "the Gulf clan"
        render(heads_lower),
        render(first + heads_lower[1:]),
    }
    if all(fr or fx for fr, fx in zip(free, fixed)):
        # a name written all in lower case ("federal grand jury") may appear so
        forms.add(render([t if fx else t.lower() for t, fx in zip(texts, fixed)]))
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
    """The patterns, read from the cache of an earlier process where its inputs are the same."""
    inputs = _pattern_inputs(include_nominal, style)
    if inputs is None:
        return tuple(_build_patterns(include_nominal, style))
    return tuple(cached_json("gazetteer-patterns", inputs,
                             lambda: _build_patterns(include_nominal, style)))


def _pattern_inputs(include_nominal: bool, style: str) -> list[bytes | str] | None:
    """All that the patterns depend on: the data files (and nationalities.yaml, which their
    validation reads), the code that reads them and builds the patterns, the versions of Python
    (its Unicode tables: accents, case), PyYAML and spaCy (the tokenizer that splits the names).
    None when a file cannot be read: then the build says what is wrong."""
    import spacy
    import yaml

    from rapsheet import text
    from rapsheet.data import loading, validation

    parts: list[bytes | str] = [str(include_nominal), style, sys.version, unicodedata.unidata_version,
                                yaml.__version__, spacy.__version__]
    files = [DATA_DIR / f"{name}.yaml" for name in ("organizations", "agencies", "laws", "nationalities")]
    files += [Path(module.__file__) for module in (sys.modules[__name__], text, loading, validation)
              if module.__file__]
    try:
        parts += [path.read_bytes() for path in files]
    except OSError:
        return None
    return parts


def _build_patterns(include_nominal: bool, style: str) -> list[dict]:
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
                    raise DataError(f"data: {form!r} names both {owner[key]!r} and {ent_id!r}; "
                                    f"make it an ambiguous alias of one of them")
                continue
            owner[key] = ent_id
            out.append({"label": label, "pattern": pattern, "id": ent_id})
    return out


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

