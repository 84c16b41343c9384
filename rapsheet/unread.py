"""Articles stored without their full reading: why, and what is still kept of them.

Takes an `Article` as read from its page; gives the reason it is not read fully (`why_not_read`:
"language es" for a text clearly in a language rapsheet does not read, "off-topic" for one that
triage (`rapsheet.triage`) finds not about crime, the courts, sanctions or terrorism; None to read
it) and the `Document` stored in place of its reading (`unread_document`). Such a document holds
the article (text, title, date, language, and `not_read`); for a page in another language written
in Latin script it holds too the names the page gives (capitalised runs of words such as "Ramiro
Luna Paredes"), as entities with no role and no risk, labelled "not read: language es", so that
screening a name still finds the page — never as an accusation. The words that shape those names
are data (`rapsheet/data/unread.yaml`).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapsheet import data
from rapsheet.model import Article, Document, Entity, Mention, short_hash
from rapsheet.triage import OFF_TOPIC, triage

#: The language rapsheet's pipeline reads.
READ_LANGUAGE = "en"
#: A page is in Latin script when at least this share of its letters are.
MIN_LATIN_SHARE = 0.9
#: Words in a kept name, at most (a longer capitalised run is a heading, not a name).
MAX_NAME_WORDS = 5
#: Names kept per article, at most (the first ones: a page names its subject early).
MAX_NAMES = 60


def why_not_read(article: Article, triage_on: bool = True) -> str | None:
    """Why `article` is not to be read fully ("language xx", "off-topic"), or None to read it."""
    if article.language and article.language != READ_LANGUAGE:
        return f"language {article.language}"
    if triage_on and not triage(article).relevant:
        return OFF_TOPIC
    return None


def label(reason: str) -> str:
    """How an unread article and what is kept of it are labelled for people: "not read: off-topic"."""
    return f"not read: {reason}"


def unread_document(article: Article, reason: str) -> Document:
    """The document stored for an article left unread for `reason`."""
    article.not_read = reason
    entities: list[Entity] = []
    if reason.startswith("language ") and is_latin_script(article.text):
        entities = name_entities(article, label(reason))
    return Document(article=article, entities=entities)


def is_latin_script(text: str, sample: int = 5000) -> bool:
    letters = [ch for ch in text[:sample] if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin >= MIN_LATIN_SHARE * len(letters)


@dataclass(frozen=True, slots=True)
class NameWords:
    connectors: frozenset[str]
    leading: frozenset[str]
    organization: frozenset[str]
    location: frozenset[str]


@functools.cache
def name_words() -> NameWords:
    content = data.load("unread")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in content.get(key) or [])

    return NameWords(words("connectors"), words("leading"), words("organization"), words("location"))


# A word: letters, maybe joined by an apostrophe, a hyphen or a dot ("O'Neill", "Pérez-Reverte").
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
# What may stand between two words of one name: spaces on one line.
_GAP = re.compile(r"[ \t]+")


def _runs(text: str) -> list[list[tuple[int, int, str]]]:
    """Runs of words separated by spaces alone, each word capitalised or a connector."""
    words = name_words()
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    last_end = -1
    for match in _WORD.finditer(text):
        word = match.group()
        fits = word[0].isupper() or word.lower() in words.connectors
        joined = last_end >= 0 and _GAP.fullmatch(text, last_end, match.start()) is not None
        if not (fits and joined):
            if current:
                runs.append(current)
            current = []
        if fits:
            current.append((match.start(), match.end(), word))
        last_end = match.end()
    if current:
        runs.append(current)
    return runs


def name_candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the capitalised runs of two to MAX_NAME_WORDS words, without a
    sentence's opening word or a title that is no part of a name ("Según", "El", "Fiscal") and
    without connectors at either end; all-capitals headings are left out."""
    # Here, not at the top: the reading's vocabulary module brings spaCy, which the writing
    # process of an ingest (it imports this module, never calls this) need not load.
    from rapsheet.nlp.name_words import is_title

    words = name_words()
    found: list[tuple[int, int, str]] = []
    for tokens in _runs(text):
        # an opening word, a title or rank (the English reading's titles.yaml: "ADA", "Fiscal")
        while tokens and (tokens[0][2].lower() in words.leading or not tokens[0][2][0].isupper()
                          or is_title(tokens[0][2])):
            tokens = tokens[1:]
        while tokens and not tokens[-1][2][0].isupper():
            tokens = tokens[:-1]
        capitals = [t for t in tokens if t[2][0].isupper()]
        if not 2 <= len(capitals) <= MAX_NAME_WORDS or all(t[2].isupper() for t in capitals):
            continue
        found.append((tokens[0][0], tokens[-1][1], text[tokens[0][0]:tokens[-1][1]]))
    return found


def _type_of(name: str) -> str:
    """organization for a known group, agency or court (rapsheet/data) or a name holding an
    organisation's word; location for a country or a name holding a place's word; else person."""
    words = name_words()
    tokens = {t.lower() for t in name.split()}
    if data.entry(data.slug(name)) is not None or tokens & words.organization:
        return "organization"
    if data.country_codes(name) or tokens & words.location:
        return "location"
    return "person"


def name_entities(article: Article, label_text: str) -> list[Entity]:
    """One entity per distinct name the article gives, with every mention of it ("Luna Paredes"
    after "Ramiro Luna Paredes" is a mention of the same person); no roles."""
    entities: dict[str, Entity] = {}
    for start, end, name in name_candidates(article.text):
        key = " ".join(name.split()).casefold()
        entity = entities.get(key) or next(
            (e for k, e in entities.items() if e.type == "person" and k.endswith(" " + key)), None)
        if entity is None:
            if len(entities) >= MAX_NAMES:
                continue
            entity = entities[key] = Entity(id=short_hash(article.id, "name", key, size=12),
                                            type=_type_of(name), name=" ".join(name.split()),
                                            label=label_text)
        entity.mentions.append(Mention(start, end, name, "name"))
    return list(entities.values())


__all__ = ["READ_LANGUAGE", "why_not_read", "label", "unread_document", "is_latin_script",
           "name_candidates", "name_entities"]
