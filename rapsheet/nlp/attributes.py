"""Attributes of people and organisations, each with the span that states it.

Reads `doc._.rs_entities` (their name and nominal mentions), `doc.ents`, `doc._.rs_published` and
rapsheet/data (nationalities, attributes.yaml); adds to `entity.attributes`:
age, birth_year ([earliest, latest] from age and publication date), nationality (ISO alpha-2),
title, role and member_of ("a high-ranking member of Tren de Aragua"), alias ("also known as",
"aka", nicknames in quotes), location ("based in Bogotá", "of Houston"), custody ("in custody in
Colombia"); for organisations country, description, active_in and origin.
"""
from __future__ import annotations

import bisect
import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from rapsheet.data import country_code, load
from rapsheet.model import Attribute, Entity
from rapsheet.nlp import extensions  # noqa: F401
from rapsheet.nlp.extensions import doc_ents, doc_text
from rapsheet.nlp.scan import EndSearch

@cache
def _vocab() -> dict:
    return load("attributes")


def _sentence_bounds(doc: Doc, start: int) -> tuple[int, int]:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return start, start
    # the sentence of the span's first token, from the Doc's sentences listed once
    # (`token.sent` walks the Doc to the sentence's ends on every call)
    starts, bounds = _sentences(doc)
    return bounds[bisect.bisect_right(starts, span.start) - 1]


def _sentences(doc: Doc) -> tuple[list[int], list[tuple[int, int]]]:
    """(first token of each sentence, its (start_char, end_char)), kept on the Doc."""
    listed = doc.user_data.get("rs_sentences")
    if listed is None or listed[0] != len(doc):
        sents = list(doc.sents)
        listed = doc.user_data["rs_sentences"] = (len(doc), [s.start for s in sents],
                                                  [(s.start_char, s.end_char) for s in sents])
    return listed[1], listed[2]


@cache
def _role_pattern() -> re.Pattern:
    """A role in a group: "a high-ranking member of", "one of the leaders in the"."""
    nouns = "|".join(sorted(map(re.escape, _vocab()["membership_nouns"]), key=len, reverse=True))
    return re.compile(rf"\b(?:an?|the|one of the)\s+((?:[\w-]+\s+){{0,3}}?(?:{nouns})s?)\s+"
                      r"(?:of|in|with|for|within)\s+(?:the\s+)?")


@cache
def _kind_patterns() -> tuple[EndSearch, re.Pattern]:
    """What kind of organisation a name is, said right before it ("the Venezuelan gang") and
    right after it (", a transnational criminal organization")."""
    kinds = sorted(map(re.escape, _vocab()["organization_kinds"]), key=len, reverse=True)
    alt = "|".join(kinds)
    before = re.compile(rf"(?:\b[Tt]he\s+|\ban?\s+)?((?:([A-Z][\w.\-]*)\s+)?(?:[a-z\-]+\s+){{0,2}}(?:{alt}))\s+$")
    after = re.compile(rf"^,\s*(?:an?|the)\s+((?:([A-Z][\w.\-]*)\s+)?(?:[a-z\-]+\s+){{0,2}}(?:{alt}))\b")
    return EndSearch(before, _vocab()["organization_kinds"], needs_space=True), after


class AttributeReader:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.published = doc._.rs_published
        self.entities = doc._.rs_entities or []
        self.found: dict[str, dict[str, list[Attribute]]] = {}
        self.gpes = [(e.start_char, e.end_char, e.text) for e in doc_ents(doc) if e.label_ in ("GPE", "LOC", "FAC")]
        self.norps = [(e.start_char, e.end_char, e.text) for e in doc_ents(doc) if e.label_ in ("NORP", "GPE")]
        self.org_starts = {}
        self.person_spans = []
        for ent in self.entities:
            for m in ent.mentions:
                if ent.type == "organization":
                    self.org_starts[m.start] = (ent, m)
                if ent.type == "person":
                    self.person_spans.append((m.start, m.end, ent))

    def add(self, ent: Entity, key: str, value, start: int, end: int) -> None:
        """Note one attribute of `ent`; nothing is written to the Doc until set_annotations."""
        self.found.setdefault(ent.id, {}).setdefault(key, []).append(Attribute(value, start, end))

    def _other_person_between(self, ent: Entity, a: int, b: int) -> bool:
        return any(a <= s < b and other is not ent for s, _, other in self.person_spans)

    def read(self) -> None:
        for ent in self.entities:
            if ent.type == "person":
                self.person(ent)
            elif ent.type == "organization":
                self.organization(ent)

    # -- people ----------------------------------------------------------------------------
    def person(self, ent: Entity) -> None:
        v = _vocab()
        for m in ent.mentions:
            if m.kind == "pronoun":
                continue
            after = self.text[m.end:m.end + 160]
            before = self.text[max(0, m.start - 80):m.start]
            self._age(ent, m, after, before)
            self._nationality(ent, m, after, before)
            self._alias(ent, m, after)
            self._location(ent, m, after)
        for m in ent.mentions:
            s_start, s_end = _sentence_bounds(self.doc, m.start)
            tail = self.text[m.end:s_end]
            base = m.end
            self._role(ent, base, tail, v)
            self._based(ent, base, tail)
            cm = re.search(r"\bin (?:U\.S\. |federal |police )?custody in ([A-Z][\w .]+?)(?=[,.;]| and\b| was\b)", tail)
            if cm and not self._other_person_between(ent, base, base + cm.start()):
                self.add(ent, "custody", cm.group(1), base + cm.start(), base + cm.end())

    def _age(self, ent, m, after, before) -> None:
        pats = [(after, r"^,\s*(?:an?\s+)?(\d{1,3})(?:-year-old)?\s*[,.;)]", m.end),
                (after, r"^\s*\((\d{1,3})\)", m.end),
                (after, r"^,\s*aged\s+(\d{1,3})\b", m.end),
                (after, r"^,\s*(?:an?|the)\s+(\d{1,3})-year-old\b", m.end),
                (after, r"^,\s*(?:also known as|a/k/a|a\.k\.a\.|aka)\s+(?:[“\"][^”\"]*[”\"]\s*(?:,|and|or)?\s*)+(\d{1,3})\s*[,.;)]", m.end)]
        for hay, pat, base in pats:
            g = re.search(pat, hay)
            if g:
                self._set_age(ent, int(g.group(1)), base + g.start(1), base + g.end(0))
                return
        g = re.search(r"(\d{1,3})-year-old\s+(?:[\w.-]+,?\s+){0,3}$", before)
        if g:
            s = m.start - len(before) + g.start(1)
            self._set_age(ent, int(g.group(1)), s, m.end)
            return
        if m.kind == "nominal":
            g = re.search(r"(\d{1,3})-year-old", m.text)
            if g:
                self._set_age(ent, int(g.group(1)), m.start, m.end)

    def _set_age(self, ent: Entity, age: int, start: int, end: int) -> None:
        if not 0 < age < 120:
            return
        self.add(ent, "age", age, start, end)
        if self.published:
            y = self.published.year
            self.add(ent, "birth_year", [y - age - 1, y - age], start, end)

    def _nationality(self, ent, m, after, before) -> None:
        words = r"national|citizen|native|man|woman|resident|businessman|businesswoman"
        found = []
        if m.kind == "nominal":
            g = re.search(rf"^[Tt]he\s+(?:\d+-year-old\s+)?([A-Z][\w.\- ]*?)\s+(?:{words})$", m.text)
            if g:
                found.append((g.group(1), m.start, m.end))
        g = re.search(rf"^,\s*(?:\d{{1,3}},\s*)?(?:an?|the)\s+(?:\d+-year-old\s+)?([A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*)?)\s+(?:{words})\b", after)
        if g:
            found.append((g.group(1), m.end + g.start(1), m.end + g.end(0)))
        g = re.search(r"^,\s*(?:\d{1,3},\s*)?(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:citizen|national|native)\s+of\s+((?:the\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})", after)
        if g:
            found.append((g.group(1), m.end + g.start(1), m.end + g.end(0)))
        g = re.search(r"([A-Z][\w.\-]*)\s+(?:national|citizen)\s+$", before)
        if g and m.kind == "name":
            found.append((g.group(1), m.start - len(before) + g.start(1), m.end))
        g = re.search(r"\b(?:an?|the)\s+(?:\d+-year-old\s+)?([A-Z][\w.\-]*)\s+[a-z]+,\s+$", before)
        if g and m.kind == "name":
            found.append((g.group(1), m.start - len(before) + g.start(1), m.end))
        s_start, s_end = _sentence_bounds(self.doc, m.start)
        g = re.search(r"\b(?:both|all|are|were)\s+([A-Z][\w.\-]*)\s+(?:nationals|citizens)\b",
                      self.text[m.end:s_end])
        if g:
            found.append((g.group(1), m.end + g.start(1), m.end + g.end(0)))
        for text, s, e in found:
            # "a Ukrainian-born U.S. citizen": the citizenship is the last word.
            code = country_code(text) or next(
                (c for c in map(country_code, reversed(text.split())) if c), None)
            if code and not text.lower().endswith("-born"):
                self.add(ent, "nationality", code, s, e)

    def _alias(self, ent, m, after) -> None:
        g = re.search(r"^,?\s*\(?(?:also known as|a/k/a|a\.k\.a\.|aka|known as|alias|nicknamed)\s+[“\"']?([^”\"',;()]+?)[”\"']?(?=[,;.)]|\s+(?:was|is|who|and|has)\b)", after)
        if g:
            self.add(ent, "alias", g.group(1).strip(), m.end + g.start(1), m.end + g.end(1))
        # A nickname in quotes inside or right after the name: Joaquín “El Chapo” Guzmán.
        g = re.search(r"^\s*[“\"]([^”\"]{2,30})[”\"]", after)
        if g and m.kind == "name":
            self.add(ent, "alias", g.group(1), m.end + g.start(1), m.end + g.end(1))

    def _location(self, ent, m, after) -> None:
        g = re.search(r"^,\s*(?:\d{1,3},\s*)?(?:of|from)\s+((?:[A-Z][\w.’'-]*\s?){1,3}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?)", after)
        if g and m.kind == "name":
            place = g.group(1).strip(" ,.")
            self.add(ent, "location", place, m.end + g.start(1), m.end + g.start(1) + len(place))

    def _based(self, ent, base, tail) -> None:
        g = re.search(r"\b(?:based in|a resident of|who lives in|living in|residing in)\s+((?:[A-Z][\w.’'-]*\s?){1,3}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?)", tail)
        if g and not self._other_person_between(ent, base, base + g.start()):
            place = g.group(1).strip(" ,.")
            self.add(ent, "location", place, base + g.start(1), base + g.start(1) + len(place))

    def _role(self, ent, base, tail, v) -> None:
        for g in _role_pattern().finditer(tail):
            org_start = base + g.end()
            hit = self.org_starts.get(org_start)
            if hit is None or self._other_person_between(ent, base, base + g.start()):
                continue
            org, om = hit
            self.add(ent, "role", f"{g.group(1)} of {om.text}", base + g.start(1), om.end)
            self.add(ent, "member_of", org.name, base + g.start(1), om.end)
        for g in re.finditer(r"\bpart of (the\s+)?", tail):
            org_start = base + g.end()
            hit = self.org_starts.get(org_start) or self.org_starts.get(base + g.start(1) if g.group(1) else -1)
            if hit is None or self._other_person_between(ent, base, base + g.start()):
                continue
            org, om = hit
            rest = re.match(r"[’']s\s+([^.,;]{3,60})", self.text[om.end:om.end + 80])
            role = rest.group(1).strip() if rest else "member"
            end = om.end + (rest.end(1) if rest else 0)
            self.add(ent, "role", f"{role} of {om.text}", base + g.start(), end)
            self.add(ent, "member_of", org.name, base + g.start(), end)

    # -- organisations -----------------------------------------------------------------------
    def organization(self, ent: Entity) -> None:
        v = _vocab()
        kind_before, kind_after = _kind_patterns()
        for m in ent.mentions:
            if m.kind != "name":
                continue
            before = self.text[max(0, m.start - 90):m.start]
            g = kind_before.search(before)
            if g:
                s = m.start - len(before) + g.start(1)
                self.add(ent, "description", g.group(1), s, m.end)
                if g.group(2) and country_code(g.group(2)):
                    self.add(ent, "country", country_code(g.group(2)), s, m.end)
            after = self.text[m.end:m.end + 120]
            g = kind_after.search(after)
            if g:
                self.add(ent, "description", g.group(1), m.end + g.start(1), m.end + g.end(1))
                if g.group(2) and country_code(g.group(2)):
                    self.add(ent, "country", country_code(g.group(2)), m.end + g.start(1), m.end + g.end(1))
        self._org_places(ent, v)

    def _org_places(self, ent: Entity, v) -> None:
        verbs = "|".join(v["presence_verbs"])
        done = set()
        for m in ent.mentions:
            s_start, s_end = _sentence_bounds(self.doc, m.start)
            if (s_start, s_end) in done:
                continue
            done.add((s_start, s_end))
            sentence = self.text[m.end:s_end]
            g = re.search(rf"\b(?:{verbs})\b", sentence)
            if g:
                for gs, ge, gt in self.gpes:
                    if m.end + g.start() < gs < s_end:
                        self.add(ent, "active_in", gt, gs, ge)
            g = re.search(r"\boriginated in\s+([^.,;]+?)(?=\s+and\b|[.,;])", sentence)
            if g:
                self.add(ent, "origin", g.group(1), m.end + g.start(1), m.end + g.end(1))


def find_attributes(doc: Doc) -> dict[str, dict[str, list[Attribute]]]:
    """entity id -> attribute key -> the attributes read for it, in reading order; the Doc is left as it is."""
    reader = AttributeReader(doc)
    reader.read()
    return reader.found


def set_annotations(doc: Doc, found: dict[str, dict[str, list[Attribute]]]) -> None:
    for ent in doc._.rs_entities or []:
        for key, attributes in found.get(ent.id, {}).items():
            for a in attributes:
                ent.add_attribute(key, a.value, a.start, a.end)


def read_attributes(doc: Doc) -> None:
    set_annotations(doc, find_attributes(doc))


class AttributeComponent:
    """Reads doc._.rs_entities and doc.ents; writes entity.attributes."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, find_attributes(doc))
        return doc


@Language.factory("rapsheet_attributes", assigns=["doc._.rs_entities"],
                  requires=["doc.ents", "doc._.rs_entities"], default_config={})
def make_attributes(nlp: Language, name: str) -> AttributeComponent:
    return AttributeComponent(nlp, name)
