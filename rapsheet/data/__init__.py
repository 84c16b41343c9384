"""Knowledge as data: the YAML vocabularies and gazetteers in this folder, loaded once and validated.

`load(name)` takes the stem of a file here (`"organizations"` for `organizations.yaml`) and gives
its parsed content, checked by the validator registered for that name in `VALIDATORS` (files with
no validator just load). A malformed file raises `DataError` (a `RapsheetError`) naming the file
and the row: every loader of knowledge, here and in the components, raises that one error.

The modules: `loading.py` (parse, load, the validator registry), `validation.py` (one validator a
file), `gazetteers.py` (EntityRuler patterns, gazetteer rows, country codes) and `wordlists.py` (the
closed-class words several components share, typed, companies' legal forms among them). Text
folding lives in `rapsheet.text`.

`entity_ruler_patterns()` gives spaCy EntityRuler patterns for the named organisations (ORG),
agencies and courts (ORG) and laws (LAW), each with the `id` slug of its canonical name so that
"TdA" and "Tren de Aragua" join; `add_entity_ruler(nlp)` adds them to a pipeline, and
`entry(ent_id)` gives the row behind a match. `country_codes(word)` reads a country name or demonym
("Venezuelan", "U.K.", "a citizen of Mexico" -> "Mexico") as ISO alpha-2 codes.
"""
from rapsheet.data.gazetteers import (
    add_entity_ruler,
    agency_rows,
    case_forms,
    country_code,
    country_codes,
    entity_ruler_patterns,
    entry,
    token_pattern,
)
from rapsheet.data.loading import DATA_DIR, VALIDATORS, Validator, load, parse
from rapsheet.data.validation import (
    AGENCY_KINDS,
    ORG_KINDS,
    SUPRANATIONAL,
    TITLE_KINDS,
    validate_agencies,
    validate_laws,
    validate_nationalities,
    validate_organizations,
    validate_stages,
    validate_titles,
)
from rapsheet.data.wordlists import LegalForms, Pronouns, Words, words
from rapsheet.errors import DataError
from rapsheet.text import fold, slug, strip_accents

__all__ = ["AGENCY_KINDS", "DATA_DIR", "ORG_KINDS", "SUPRANATIONAL", "TITLE_KINDS", "VALIDATORS",
           "DataError", "LegalForms", "Pronouns", "Validator", "Words", "add_entity_ruler", "agency_rows",
           "case_forms", "country_code",
           "country_codes", "entity_ruler_patterns", "entry", "fold", "load", "parse", "slug",
           "strip_accents", "token_pattern", "validate_agencies", "validate_laws",
           "validate_nationalities", "validate_organizations", "validate_stages", "validate_titles",
           "words"]
