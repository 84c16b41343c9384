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
import sys
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import normality


@cache
def combining_marks() -> re.Pattern:
    """Every combining character (`unicodedata.combining`), as one character class: removed in
    C, not tested one character at a time in Python. The ranges come from the cache of an earlier
    process where Python (and so its Unicode tables) is the same: finding them asks about every
    code point, a sixth of a CPU second in every process that reads."""
    from rapsheet.cache import cached_json

    try:
        source = Path(__file__).read_bytes()
    except OSError:
        source = None
    ranges = _combining_ranges() if source is None else cached_json(
        "combining-marks", [sys.version, unicodedata.unidata_version, source], _combining_ranges)
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


def _combining_ranges() -> list[list[int]]:
    """[first, last] code points of each run of combining characters."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return ranges


def drop_marks(text: str) -> str:
    """`text` decomposed (NFKD) without its combining marks: accents gone, letters kept."""
    return combining_marks().sub("", unicodedata.normalize("NFKD", text))


def strip_accents(text: str) -> str:
    return unicodedata.normalize("NFC", drop_marks(text))


def fold(text: str) -> str:
    """The comparison key of a name: no accents, case or punctuation spacing."""
    text = strip_accents(text).casefold().replace("’", "'")
    return re.sub(r"[\s\-‐–]+", " ", text).strip()


@lru_cache(maxsize=65_536)
def fold_case(text: str) -> str:
    """Lower case without accents, for comparing name forms. Cached: the reading folds the same
    words (titles, names) again and again."""
    return drop_marks(text).casefold()


def name_tokens(text: str) -> list[str]:
    return list(_name_tokens(text))


_NAME_SPLIT = re.compile(r"[\s\-‐]+")


@lru_cache(maxsize=65_536)
def _name_tokens(text: str) -> tuple[str, ...]:
    # Cached: the reading splits the same names (mentions, the names of a cluster) hundreds of
    # times an article; a tuple, so that no caller can change what the next one gets.
    return tuple(t for t in _NAME_SPLIT.split(fold_case(text).replace(".", " ")) if t)


def slug(name: str) -> str:
    """A stable id for a canonical name: 'Cártel de Jalisco' -> 'cartel-de-jalisco'."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(name).lower().replace("'", "")).strip("-")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The form names are searched and grouped by: case, accents, punctuation and spacing folded,
    other scripts transliterated ("José Martínez-Flores" -> "jose martinez flores"). Cached:
    resolution asks for the same names again and again."""
    return normality.normalize(name, ascii=True) or " ".join(name.casefold().split())
