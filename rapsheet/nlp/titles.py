"""Official titles before a name ("Attorney General" Mara Ellison, "FBI Director" Tom Brandt) and
the folded name tokens they are compared by.

Reads rapsheet/data/titles.yaml; gives `titles()`, `title_index()` and `title_before(doc, i)`,
which `rapsheet.nlp.entities` and `rapsheet.nlp.ner_repair` both use.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from spacy.tokens import Doc

from rapsheet.data import load


def fold(text: str) -> str:
    """Lower case without accents, for comparing name forms."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def name_tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s\-‐]+", fold(text).replace(".", " ")) if t]


@cache
def titles() -> list[tuple[list[str], str, str]]:
    """Official titles from rapsheet/data/titles.yaml as (folded tokens, title, kind), longest first."""
    rows = []
    for row in load("titles").get("titles", []):
        title = row["title"]
        rows.append((name_tokens(title), title, row.get("kind", "official")))
        for alias in row.get("aliases", []) or []:
            rows.append((name_tokens(alias), title, row.get("kind", "official")))
    rows.sort(key=lambda r: -len(r[0]))
    return rows


def title_key(text: str) -> str:
    return re.sub(r"[\s.]+", "", fold(text))


@cache
def title_index() -> dict[str, tuple[str, str]]:
    """Title written without spaces or dots ("usattorney") -> (title, kind)."""
    return {title_key(" ".join(tokens)): (title, kind) for tokens, title, kind in reversed(titles())}


def title_before(doc: Doc, start_token: int) -> tuple[str, str, int] | None:
    """The official title standing right before token `start_token` ("FBI Director" Tom Brandt),
    as (title, kind, first token of the title); the longest title wins."""
    index = title_index()
    found = None
    key = ""
    for i in range(start_token - 1, max(-1, start_token - 9), -1):
        # A title stands in the name's own sentence and line: "... attorney general.\nAssange"
        # is no title of Assange's.
        if doc[i].is_punct or "\n" in doc[i].whitespace_ or doc[i].is_space:
            break
        key = title_key(doc[i].text) + key
        if key in index:
            found = (*index[key], i)
    return found
