"""Text folding and name keys: the one place that says how two spellings of a name compare.

- `fold(text)`: a name's comparison key for gazetteers: no accents, no case, quotes and dashes
  made plain ("Cártel  de-Jalisco" -> "cartel de jalisco").
- `fold_case(text)`: lower case without accents and nothing else, for comparing the words of a
  name inside one article ("Martínez" == "MARTINEZ").
- `name_tokens(text)`: the folded words of a name, split at spaces, hyphens and dots.
- `slug(name)`: a stable id for a canonical name ("Cártel de Jalisco" -> "cartel-de-jalisco").
- `name_key(name)`: the key the store searches and groups names by, other scripts transliterated
  (normality): "José Martínez-Flores" -> "jose martinez flores".

Comparing two names as the same person or company (honorifics, legal forms, word order, phonetic
keys) is resolution's work, built on rigour: `rapsheet.resolve.names.normalise`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import normality


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed
                                                if not unicodedata.combining(ch)))


def fold(text: str) -> str:
    """The comparison key of a name: no accents, case or punctuation spacing."""
    text = strip_accents(text).casefold().replace("’", "'")
    return re.sub(r"[\s\-‐–]+", " ", text).strip()


@lru_cache(maxsize=65_536)
def fold_case(text: str) -> str:
    """Lower case without accents, for comparing name forms. Cached: the reading folds the same
    words (titles, names) again and again."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def name_tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s\-‐]+", fold_case(text).replace(".", " ")) if t]


def slug(name: str) -> str:
    """A stable id for a canonical name: 'Cártel de Jalisco' -> 'cartel-de-jalisco'."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(name).lower().replace("'", "")).strip("-")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The form names are searched and grouped by: case, accents, punctuation and spacing folded,
    other scripts transliterated ("José Martínez-Flores" -> "jose martinez flores"). Cached:
    resolution asks for the same names again and again."""
    return normality.normalize(name, ascii=True) or " ".join(name.casefold().split())
