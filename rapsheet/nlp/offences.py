"""Offences: the tables that name an offence's risk category (rapsheet/data/offenses.yaml) and a
federal statute's offence (rapsheet/data/statutes.yaml), and the small readers of offence text
that charges, rosters, civil outcomes and risk share: `classify_offense(text)`,
`offense_categories(text)`, `statute_info(cite)`, `find_statutes(text)`, `list_items(chunk)` and
`count_value(word)`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapsheet.data import wordlists
from rapsheet.model import CATEGORIES
from rapsheet.nlp.events.lexicon import load_table

# The number words of words.yaml, and the words a count of charges takes besides.
NUMBER_WORDS: dict[str, int | None] = {"a": 1, "an": 1, "another": 1, "single": 1, **wordlists.words().numbers,
                                       "dozen": 12, "additional": None}
STATUTE_RE = re.compile(
    r"(?:\b(?P<t1>\d{1,2})\s*U\.?\s?S\.?\s?C\.?(?:\s?A\.?)?\s*(?:§§?|[Ss]ections?|[Ss]ecs?\.?)?\s*"
    r"(?P<s1>\d+[A-Za-z]?(?:-\d+)?(?:\([0-9A-Za-z]+\))*(?:\s*(?:,|and|&|or)\s*\d+[A-Za-z]?"
    r"(?:\([0-9A-Za-z]+\))*)*)"
    r"|\bTitle\s+(?P<t2>\d{1,2}),?\s+(?:of\s+the\s+)?United\s+States\s+Code,?\s+(?:§§?|[Ss]ections?)"
    r"\s*(?P<s2>\d+[A-Za-z]?(?:\([0-9A-Za-z]+\))*(?:\s*(?:,|and|&)\s*\d+[A-Za-z]?(?:\([0-9A-Za-z]+\))*)*))")

# ", in violation of 18 U.S.C. § 1343": a statute cited after one offence of a list, before the next
CITED_STATUTE = re.compile(
    rf"\s*,?\s*(?:in violation of|under|pursuant to|contrary to)\s+(?:{STATUTE_RE.pattern})"
    r"(?:\s*\([^()]*\))*", re.I)


# ---------------------------------------------------------------------------------------------
# Tables


@functools.lru_cache(maxsize=1)
def offense_table() -> tuple[tuple[re.Pattern, str], ...]:
    rows = load_table("offenses.yaml")["offenses"]
    out = []
    for n, row in enumerate(rows):
        if row.get("category") not in CATEGORIES:
            raise ValueError(f"offenses.yaml row {n}: category {row.get('category')!r} unknown")
        pattern = row["pattern"].replace(" ", r"\s+")
        try:
            out.append((re.compile(rf"(?<![\w-])(?:{pattern})", re.I), row["category"]))
        except re.error as exc:
            raise ValueError(f"offenses.yaml row {n}: bad pattern: {exc}") from None
    return tuple(out)


@functools.lru_cache(maxsize=1)
def statute_table() -> dict[str, tuple[str, str | None]]:
    rows = load_table("statutes.yaml")["statutes"]
    out = {}
    for key, row in rows.items():
        # a name may hold commas, which YAML's flow list splits: the category is the last item
        name, category = ", ".join(str(r) for r in row[:-1]), row[-1]
        if category is not None and category not in CATEGORIES:
            raise ValueError(f"statutes.yaml {key}: category {category!r} unknown")
        out[key.lower().replace(" ", " ")] = (name, category)
    return out


def classify_offense(text: str) -> str | None:
    """The risk category of an offence phrase, or None when the table does not know it."""
    for pattern, category in offense_table():
        if pattern.search(text):
            return category
    return None


def offense_categories(text: str) -> list[tuple[str, int, int]]:
    """Every (category, start, end) an offence table pattern finds in a longer text, leftmost
    first, each stretch claimed once: a list such as "human trafficking, extortion, kidnapping"."""
    claimed: list[tuple[int, int]] = []
    out = []
    for pattern, category in offense_table():
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in claimed):
                continue
            claimed.append((m.start(), m.end()))
            out.append((category, m.start(), m.end()))
    return sorted(out, key=lambda r: r[1])


def statute_info(cite: str) -> tuple[str, str | None] | None:
    """(offence name, category) for a citation such as "18 U.S.C. § 2339B" or "21 1841(a)(1)"."""
    m = STATUTE_RE.search(cite)
    if m:
        title = m.group("t1") or m.group("t2")
        section = re.split(r"\s*(?:,|and|&|or)\s*", (m.group("s1") or m.group("s2")).strip())[0]
    else:
        parts = cite.split()
        if len(parts) != 2:
            return None
        title, section = parts
    table = statute_table()
    key = f"{title} {section}".lower()
    while True:
        if key in table:
            return table[key]
        trimmed = re.sub(r"\([0-9a-z]+\)$", "", key)
        if trimmed == key:
            return None
        key = trimmed


@dataclass(slots=True)
class StatuteCite:
    start: int
    end: int
    text: str                 # normalised: "18 U.S.C. § 2339B", "21 U.S.C. §§ 841 and 846"
    title: str
    sections: list[str]


def find_statutes(text: str, offset: int = 0) -> list[StatuteCite]:
    out = []
    for m in STATUTE_RE.finditer(text):
        title = m.group("t1") or m.group("t2")
        raw = (m.group("s1") or m.group("s2")).strip()
        sections = [s for s in re.split(r"\s*(?:,|and|&|or)\s*", raw) if s]
        mark = "§§" if len(sections) > 1 else "§"
        shown = " and ".join(sections) if len(sections) == 2 else ", ".join(sections)
        out.append(StatuteCite(offset + m.start(), offset + m.end(),
                               f"{title} U.S.C. {mark} {shown}", title, sections))
    return out


def count_value(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


PERSON_RELATIVE = re.compile(r",?\s+(?:who|whom|whose)\b.*$", re.I | re.S)


def without_person_relative(text: str) -> str:
    """An offence without the clause that describes a person in it: "paying bribes to clerks who
    approved the permits" is bribery, "the killing of a grocer who refused to pay extortion" a
    killing, not extortion."""
    return PERSON_RELATIVE.sub("", text)


def list_items(chunk: str) -> list[str]:
    """The items of an offence list: "murder, robbery and kidnapping" has three; with a serial
    comma ("A, conspiring to import cocaine and methamphetamine, and B") the "and" inside an item
    joins its objects, not two offences."""
    if re.search(r",\s*(?:and|or)\s+", chunk):
        return [i for i in re.split(r",\s*(?:and\s+|or\s+)?", chunk) if i.strip()]
    # "the Racketeer Influenced and Corrupt Organizations Act": an "and" between two capitalised
    # words is inside the name of a law, not between two offences
    kept = NAME_AND.sub(lambda m: re.sub(r"\band\b", "\0", m.group()), chunk)
    return [i.replace("\0", "and") for i in re.split(r",\s*|\s+and\s+", kept) if i.strip()]


NAME_AND = re.compile(r"\b[A-Z][\w'-]*\s+and\s+(?=[A-Z])")
