"""Repairs of the small model's entities where it fails on crime reporting.

Reads `doc.ents` (the gazetteer ruler's and the model's) and rapsheet/data (titles, gazetteers);
writes `doc.ents`:
- a title inside a PERSON span is cut off ("Attorney General Pam Bondi" -> "Pam Bondi"), and a
  PERSON span that swallowed a following title word is cut back;
- a name the gazetteer knows as an organisation is never a PERSON or a place;
- a possessive ending ("the gang’s") stays outside the name;
- a stray capitalised word glued to an entity ("Trump The Department of Justice") is dropped;
- a PERSON that is a lone title word or a pronoun is dropped.
"""
from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from rapsheet.data import load
from rapsheet.nlp import extensions  # noqa: F401
from rapsheet.nlp.extensions import doc_text

SENTENCE_OPENERS = {"The", "A", "An", "In", "On", "At", "According", "After", "Before", "When"}
NOT_NAMES = {"he", "she", "they", "it", "we", "i", "you", "today", "authorities", "officials",
             "prosecutors", "police"}


@cache
def _title_words() -> frozenset[str]:
    words = set()
    for row in load("titles").get("titles", []):
        for t in [row["title"], *(row.get("aliases") or [])]:
            words.update(w.lower().strip(".,") for w in t.split())
    words.update(w.lower() for w in load("titles").get("title_words", []) or [])
    return frozenset(w for w in words if w and w not in {"of", "the", "for", "and", "u.s", "us"})


@cache
def _org_aliases() -> dict[str, str]:
    from rapsheet.data import slug
    out = {}
    for file, key in (("organizations", "organizations"), ("agencies", "agencies")):
        for row in load(file).get(key, []):
            for name in [row["name"], *(row.get("aliases") or [])]:
                out[name.lower()] = slug(row["name"])
    return out


PERSON_APPOSITION = re.compile(r",\s+(?:\d{1,3},|an?\s+\d{1,3}-year-old\b|(?:also\s+)?known as\b|aka\b)")


@cache
def _not_person_words() -> frozenset[str]:
    """Words that never stand in a person's name (rapsheet/data/coref.yaml `not_person_words`)."""
    return frozenset(w.lower() for w in load("coref").get("not_person_words", []))


LOCATIVE_BEFORE = re.compile(r"(?:\b(?:[Ii]n|near|across|outside|throughout)|,\s*(?:\d{1,3},\s*)?of)\s+$")

LEGAL_FORM_WORDS = frozenset({"ltda", "ltd", "llc", "inc", "corp", "gmbh", "fze", "fzco", "plc",
                              "llp", "s.a", "sa", "s.a. de c.v", "co", "limited", "srl", "bv", "ag"})

ALIAS_CUES = ("known as", "aka", "a/k/a", "a.k.a.", "alias", "nicknamed", "called")


def _after_alias_cue(text: str, doc: Doc, start: int) -> bool:
    """True when the span starting at token `start` is a nickname: after "also known as" or in quotes."""
    before = text[max(0, doc[start].idx - 20):doc[start].idx].lower().rstrip(" “\"'‘")
    return before.endswith(ALIAS_CUES)


def _has_acronym(tokens) -> bool:
    return any(2 <= len(t.text) <= 5 and t.text.isupper() and t.is_alpha for t in tokens) \
        and not all(t.text.isupper() for t in tokens if t.is_alpha)


def _plausible_person(span) -> bool:
    """False for spans a person's name never looks like: "ERO Houston", "JFK International Airport"."""
    return not ({t.lower_ for t in span} & _not_person_words()) and not _has_acronym(span)


def _person_tokens(doc: Doc) -> set[str]:
    from rapsheet.nlp.entities import name_tokens
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2 and _plausible_person(ent):
            words.update(name_tokens(ent.text))
    return words - {"de", "del", "la", "los", "el", "al", "bin", "van", "von"}


def repair(doc: Doc) -> list[Span]:
    """The repaired entity spans of `doc`."""
    from rapsheet.nlp.entities import name_tokens

    titles = _title_words()
    aliases = _org_aliases()
    person_words = _person_tokens(doc)
    text_all = doc_text(doc)
    out: list[Span] = []
    for ent in doc.ents:
        start, end, label, ent_id = ent.start, ent.end, ent.label_, ent.ent_id_
        if label != "PERSON" and not ent_id and _after_alias_cue(text_all, doc, start):
            continue
        # A surname alone that the model took for a company: "Gómez-Peña admitted".
        if label == "ORG" and not ent_id and person_words and \
                set(name_tokens(ent.text)) <= person_words and ent.text.lower() not in aliases:
            label = "PERSON"
        # A name followed by an age or an alias is a person's: "Wilber Mejía, a 35-year-old ...".
        if label == "ORG" and not ent_id and PERSON_APPOSITION.match(text_all, ent.end_char):
            label = "PERSON"
        # Possessive endings stay outside the name.
        while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
            end -= 1
        if label == "PERSON":
            # A given name the model left out at a sentence start: "Ricardo Alonso Gómez-Peña".
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() \
                    and doc[start - 1].is_alpha and doc[start - 1].lower_ not in titles \
                    and doc[start - 1].ent_type_ in ("", "PERSON") \
                    and doc[start - 1].text not in SENTENCE_OPENERS:
                start -= 1
            # A leading title ("Attorney General", "Director") is not part of the name.
            while start < end - 1 and (doc[start].lower_.strip(".") in titles or doc[start].text in ("U.S.", "US")):
                start += 1
            # A trailing title word swallowed from the next phrase.
            while end - 1 > start and doc[end - 1].lower_ in titles:
                end -= 1
            # A stray tag word glued to a sentence opener: "Trump The Department ...".
            for i in range(start + 1, end):
                if doc[i].text in SENTENCE_OPENERS:
                    end = i
                    break
            text = doc[start:end].text
            if text.lower() in aliases:
                label, ent_id = "ORG", aliases[text.lower()]
            if text.lower() in NOT_NAMES or (end - start == 1 and doc[start].lower_ in titles):
                continue
            if not any(t.is_alpha and t.text[:1].isupper() for t in doc[start:end]):
                continue
            # A hyphenated surname the model cut: "Dolores Ybarra" + "-Klein".
            while end + 1 < len(doc) and doc[end].text in ("-", "‐") and not doc[end - 1].whitespace_ \
                    and not doc[end].whitespace_ and doc[end + 1].text[:1].isupper():
                end += 2
            # A town the model took for a person: "in Tijuana and Mexicali", "45, of Chula Vista".
            before = text_all[max(0, doc[start].idx - 30):doc[start].idx]
            head = doc[end - 1]
            if (LOCATIVE_BEFORE.search(before) and not (end < len(doc) and doc[end].text in ("'s", "’s"))) \
                    or (head.dep_ == "conj" and head.head.ent_type_ in ("GPE", "LOC")):
                label = "GPE"
            # Given names the model took for a company: "Rodrigo Esteban" + "Salcedo Vélez".
            if label == "PERSON" and out and out[-1].label_ == "ORG" and out[-1].end == start \
                    and not out[-1].id_ and _plausible_person(out[-1]) \
                    and all(t.is_alpha and t.text[:1].isupper() for t in out[-1]):
                start = out.pop().start
            # "Importadora Ltda" is a company; "John F. Kennedy International Airport" a place;
            # "ERO Houston" an office.
            if {t.lower_.strip(".") for t in doc[start:end]} & LEGAL_FORM_WORDS:
                label = "ORG"
                if out and out[-1].label_ == "ORG" and out[-1].end == start:
                    start = out.pop().start
            elif {t.lower_ for t in doc[start:end]} & _not_person_words():
                label = "FAC"
            elif _has_acronym(doc[start:end]):
                label = "ORG"
        elif label in ("GPE", "LOC", "NORP", "FAC") and not ent_id:
            text = doc[start:end].text.lower()
            if text.startswith("the "):
                text = text[4:]
            if text in aliases and label != "NORP":
                label, ent_id = "ORG", aliases[text]
        elif label == "ORG" and not ent_id:
            # A lower-case phrase ("broader immigration enforcement") is no organisation's name.
            if not any(t.text[:1].isupper() or t.is_digit for t in doc[start:end] if t.lower_ != "the"):
                continue
            # "Trump The Department of Justice": drop the stray word before the opener.
            for i in range(start + 1, min(end, start + 3)):
                if doc[i].text in SENTENCE_OPENERS and doc[i - 1].text[:1].isupper():
                    start = i
                    break
        if end <= start:
            continue
        out.append(Span(doc, start, end, label=label, span_id=ent_id or 0))
    return filter_spans(out)


def _name_after(doc: Doc, i: int) -> int:
    """End of a capitalised name starting at token i ("Esteban Grijalva-Moss", "Elliot J. Pfeiffer")."""
    j = i
    while j < len(doc):
        tok = doc[j]
        if tok.is_alpha and tok.text[:1].isupper() and tok.text not in SENTENCE_OPENERS:
            j += 1
        elif re.fullmatch(r"[A-Z]\.", tok.text) and j > i:
            j += 1
        elif tok.text in ("-", "‐") and j > i and j + 1 < len(doc) and doc[j + 1].text[:1].isupper() \
                and not tok.whitespace_ and not doc[j - 1].whitespace_:
            j += 1
        else:
            break
    return j


def titled_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """People the model missed: a capitalised name right after an official title ("said Special
    Agent in Charge Esteban Grijalva-Moss of ATF") or right before an age or alias apposition
    ("Dolores Ybarra-Klein, 58, had been charged")."""
    from rapsheet.nlp.entities import title_before

    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    titles = _title_words()
    text = doc_text(doc)
    out = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in covered or not (tok.is_alpha and tok.text[:1].isupper()) or tok.lower_ in titles:
            i += 1
            continue
        end = _name_after(doc, i)
        if end - i >= 2 and not any(k in covered for k in range(i, end)) and _plausible_person(doc[i:end]) \
                and (title_before(doc, i) or PERSON_APPOSITION.match(text, doc[end - 1].idx + len(doc[end - 1].text))):
            out.append(Span(doc, i, end, label="PERSON"))
            i = end
            continue
        i += 1
    return out


NAMING_CUES = ("known as", "called", "named")


def named_groups(doc: Doc, spans: list[Span]) -> list[Span]:
    """Organisations the model missed, named after a group word and a naming cue: "the group known
    as Los Herederos", "a gang called Los Pepes" (group words: organizations.yaml generic_words)."""
    groups = frozenset(load("organizations").get("generic_words", []) or [])
    covered = {i for sp in spans if sp.label_ == "ORG" for i in range(sp.start, sp.end)}
    out = []
    for i, tok in enumerate(doc):
        if i < 2 or i in covered or not (tok.is_alpha and tok.text[:1].isupper()):
            continue
        cue = doc[i - 2:i].text.lower() if doc[i - 2].lower_ == "known" else doc[i - 1].lower_
        group = doc[i - 3] if cue == "known as" and i >= 3 else doc[i - 2]
        if cue not in NAMING_CUES or group.lower_ not in groups:
            continue
        end = _name_after(doc, i)
        if end > i:
            out.append(Span(doc, i, end, label="ORG"))
    return out


@Language.factory("rapsheet_ner_repair")
class NerRepair:
    """Reads and writes doc.ents."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans = repair(doc)
        self.set_annotations(doc, filter_spans(named_groups(doc, spans) + spans + titled_names(doc, spans)))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, spans: list[Span]) -> None:
        doc.ents = spans
