"""Repairs of the small model's entities where it fails on crime reporting.

Reads `doc.ents` (the gazetteer ruler's and the model's) and rapsheet/data (titles, gazetteers);
writes `doc.ents`:
- a title inside a PERSON span is cut off ("Attorney General Pam Bondi" -> "Pam Bondi"), and a
  PERSON span that swallowed a following title word is cut back;
- a name the gazetteer knows as an organisation is never a PERSON or a place;
- a possessive ending ("the gang’s") stays outside the name;
- a stray capitalised word glued to an entity ("Trump The Department of Justice") is dropped;
- a PERSON that is a lone title word or a pronoun is dropped;
- a name never runs across a line break, unless the line before is wrapped prose ("Andrew\nWayne
  Colter" in a PDF's text, not "Luis Ceballos\nMurder\nRaul Medina" in a page's tag list);
- headline, rank and description words never form or extend a name: they are stripped from its
  front ("Investigators Glen Ashby", "ADA Nora Pell" -> a person) and cut from its end ("John
  Creuzot Announces Exoneration"), and a span left with no name is dropped ("Brooklyn Man
  Sentenced", "Guilty Verdict");
- a name seen only in a headline line (title case or all capitals) is kept only when the body uses
  it too: the headline's mentions join the body's entities, its other capitalised words are no one.
"""
from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from rapsheet.data import load, words
from rapsheet.nlp import extensions  # noqa: F401
from rapsheet.nlp.extensions import doc_text, doc_tokens, doc_words, keep_ents
from rapsheet.nlp.name_words import (
    name_after,
    LEGAL_FORM_WORDS,
    LOCATIVE_BEFORE,
    NOT_NAMES,
    PARTICLES,
    PERSON_APPOSITION,
    SENTENCE_OPENERS,
    after_alias_cue,
    capitalised,
    given_names,
    has_acronym,
    headline_verb,
    headline_words,
    honorific_surnames,
    is_title,
    is_title_head,
    learn_lexicon,
    looks_like_person,
    not_name_word,
    not_person_words,
    org_aliases,
    org_words,
    organization_heads,
    person_tokens,
    plausible_person,
    title_before,
    title_heads,
    title_index,
    title_key,
    title_words,
)
from rapsheet.nlp.name_joins import legal_form_companies, particle_joined
from rapsheet.nlp.scan import EndSearch
from rapsheet.nlp.name_lines import cut_name_words, headline_lines, line_pieces, title_case_line
from rapsheet.text import name_tokens


MISREAD_PERSON_LABELS = ("EVENT", "DATE", "WORK_OF_ART", "PRODUCT", "FAC", "LAW")



Piece = tuple[int, int, str, str]   # (start token, end token, label, gazetteer id or "")


def repair(doc: Doc) -> list[Span]:
    """The repaired entity spans of `doc`."""
    return _Repair(doc).run()


class _Repair:
    """One Doc's repair, piece by piece: each step takes a piece (start, end, label, id) and gives
    it back changed, or None to drop it. `out` holds the spans kept so far, which a later piece
    may join ("Rodrigo Esteban" + "Salcedo Vélez")."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.toks = doc_tokens(doc)
        self.titles = title_words()
        self.aliases = org_aliases()
        self.person_words = person_tokens(doc)
        self.headlines, self.body = headline_lines(self.text)
        self.out: list[Span] = []

    def run(self) -> list[Span]:
        for piece in self.pieces():
            found = self.repair_piece(*piece)
            if found is not None:
                start, end, label, ent_id = found
                self.out.append(Span(self.doc, start, end, label=label, span_id=ent_id or 0))
        return filter_spans(self.out)

    def pieces(self) -> list[Piece]:
        doc, pieces = self.doc, []
        for ent in doc.ents:
            split = line_pieces(doc, ent.start, ent.end, self.text) \
                if ent.label_ in ("PERSON", "ORG") and not ent.ent_id_ else [(ent.start, ent.end)]
            # One word left alone on a line of a page's menu or tag list is no name ("HOME", "GET").
            pieces += [(start, end, ent.label_, ent.ent_id_) for start, end in split
                       if len(split) == 1 or end - start >= 2]
        return pieces

    def repair_piece(self, start: int, end: int, label: str, ent_id: str) -> Piece | None:
        doc, toks, text_all = self.doc, self.toks, self.text
        if label != "PERSON" and not ent_id and after_alias_cue(text_all, doc, start):
            return None
        # Possessive endings stay outside the name.
        while end > start and toks[end - 1].text in ("'s", "’s", "'", "’"):
            end -= 1
        if end <= start:
            return None
        if label in ("PERSON", "ORG") and not ent_id:
            cut = self.cut(start, end, label)
            if cut is None:
                return None
            start, end, label = cut
        label = self.relabel(start, end, label, ent_id)
        if label == "PERSON":
            person = self.person(start, end, ent_id)
            if person is None:
                return None
            start, end, label, ent_id = person
        elif label in ("GPE", "LOC", "NORP", "FAC") and not ent_id:
            text = doc[start:end].text.lower()
            if text.startswith("the "):
                text = text[4:]
            if text in self.aliases and label != "NORP":
                label, ent_id = "ORG", self.aliases[text]
        elif label == "ORG" and not ent_id:
            # A lower-case phrase ("broader immigration enforcement") is no organisation's name.
            if not any(t.text[:1].isupper() or t.is_digit for t in doc[start:end] if t.lower_ != "the"):
                return None
            # "Trump The Department of Justice": drop the stray word before the opener.
            for i in range(start + 1, min(end, start + 3)):
                if toks[i].text in SENTENCE_OPENERS and toks[i - 1].text[:1].isupper():
                    start = i
                    break
        return self.company(start, end, label, ent_id)

    def cut(self, start: int, end: int, label: str) -> tuple[int, int, str] | None:
        """Headline, rank and description words off a name; a headline's name only when the body
        uses it too."""
        doc, toks, text_all = self.doc, self.toks, self.text
        cut = cut_name_words(doc, start, end, label)
        if cut is None:
            return None
        start, end, label = cut
        at = toks[start].idx
        if label == "PERSON" and title_case_line(text_all, at) \
                and not {t.lower_ for t in doc[start:end]} & not_person_words():
            # "Donald Trump Denies Mike Tyson": a headline's verb between two names ends the first
            verb = next((k for k in range(start + 2, end) if headline_verb(toks[k].text)), None)
            if verb is not None:
                end = verb
        if any(s <= at < e for s, e in self.headlines) and doc[start:end].text.lower() not in self.body:
            return None
        return start, end, label

    def relabel(self, start: int, end: int, label: str, ent_id: str) -> str:
        """The label the evidence gives a name the model misread."""
        doc, toks, text_all = self.doc, self.toks, self.text
        span_text, span_end_char = doc[start:end].text, toks[end - 1].idx + len(toks[end - 1].text)
        # "Marcus Day" read as an event or a date, when the text calls him "Mr. Day": a person.
        if label in MISREAD_PERSON_LABELS and not ent_id and 2 <= end - start <= 3 and \
                all(t.pos_ == "PROPN" and t.is_alpha and t.text[:1].isupper() for t in doc[start:end]) \
                and toks[end - 1].text in honorific_surnames(text_all):
            label = "PERSON"
        # A surname alone that the model took for a company: "Gómez-Peña admitted".
        if label == "ORG" and not ent_id and self.person_words and \
                set(name_tokens(span_text)) <= self.person_words and span_text.lower() not in self.aliases:
            label = "PERSON"
        # A name opening on a known given name is a person's: "Gloria Portillo", "Carlos Estrada".
        if label == "ORG" and not ent_id and 2 <= end - start <= 4 and toks[start].lower_ in given_names() \
                and looks_like_person(doc[start:end]) and not ({t.lower_ for t in doc[start:end]} & org_words()):
            label = "PERSON"
        # A name followed by an age or an alias is a person's: "Wilber Mejía, a 35-year-old ...".
        if label == "ORG" and not ent_id and PERSON_APPOSITION.match(text_all, span_end_char):
            label = "PERSON"
        return label

    def person_extent(self, start: int, end: int) -> tuple[int, int]:
        """A person's name without the titles and stray words around it, with a given name the
        model left out at a sentence start ("Ricardo Alonso Gómez-Peña")."""
        toks, text_all = self.toks, self.text
        while start > 0 and toks[start - 1].pos_ == "PROPN" and toks[start - 1].text[:1].isupper() \
                and toks[start - 1].is_alpha and toks[start - 1].lower_ not in self.titles \
                and toks[start - 1].ent_type_ in ("", "PERSON") \
                and toks[start - 1].text not in SENTENCE_OPENERS \
                and not (headline_verb(toks[start - 1].text) and title_case_line(text_all, toks[start].idx)):
            start -= 1
        # A leading title ("Attorney General", "Director") is not part of the name.
        while start < end - 1 and (is_title(toks[start].text) or toks[start].text in ("U.S.", "US")):
            start += 1
        # A trailing title word swallowed from the next phrase.
        while end - 1 > start and is_title_head(toks[end - 1].text):
            end -= 1
        # A stray tag word glued to a sentence opener: "Trump The Department ...".
        for i in range(start + 1, end):
            if toks[i].text in SENTENCE_OPENERS:
                end = i
                break
        return start, end

    def person(self, start: int, end: int, ent_id: str) -> Piece | None:
        doc, toks, text_all, out = self.doc, self.toks, self.text, self.out
        label = "PERSON"
        start, end = self.person_extent(start, end)
        text = doc[start:end].text
        if text.lower() in self.aliases:
            label, ent_id = "ORG", self.aliases[text.lower()]
        if text.lower() in NOT_NAMES or (end - start == 1 and toks[start].lower_ in self.titles):
            return None
        if not any(t.is_alpha and t.text[:1].isupper() for t in doc[start:end]):
            return None
        # A hyphenated surname the model cut: "Dolores Ybarra" + "-Klein".
        while end + 1 < len(doc) and toks[end].text in ("-", "‐") and not toks[end - 1].whitespace_ \
                and not toks[end].whitespace_ and toks[end + 1].text[:1].isupper():
            end += 2
        # A town the model took for a person: "in Tijuana and Mexicali", "45, of Chula Vista".
        before = text_all[max(0, toks[start].idx - 30):toks[start].idx]
        head = toks[end - 1]
        if (LOCATIVE_BEFORE.search(before) and not (end < len(doc) and toks[end].text in ("'s", "’s"))) \
                or (head.dep_ == "conj" and head.head.ent_type_ in ("GPE", "LOC")):
            label = "GPE"
        # Given names the model took for a company: "Rodrigo Esteban" + "Salcedo Vélez".
        if label == "PERSON" and out and out[-1].label_ == "ORG" and out[-1].end == start \
                and not out[-1].id_ and plausible_person(out[-1]) \
                and not any(not_name_word(t.text, True, front=True) for t in out[-1]) \
                and all(t.is_alpha and t.text[:1].isupper() for t in out[-1]):
            start = out.pop().start
        # "Importadora Ltda" is a company; "John F. Kennedy International Airport" a place;
        # "ERO Houston" an office.
        if {t.lower_.strip(".") for t in doc[start:end]} & LEGAL_FORM_WORDS:
            label = "ORG"
            if out and out[-1].label_ == "ORG" and out[-1].end == start:
                start = out.pop().start
        elif {t.lower_ for t in doc[start:end]} & not_person_words():
            label = "FAC"
        elif has_acronym(doc[start:end]):
            label = "ORG"
        return start, end, label, ent_id

    def company(self, start: int, end: int, label: str, ent_id: str) -> Piece | None:
        """A company's name with its legal form: "Calliope Therapeutics", "Meridian Recovery, LLC"."""
        doc, toks, text_all = self.doc, self.toks, self.text
        if label == "PERSON" and not ent_id and end - start >= 2 and toks[end - 1].lower_ in organization_heads():
            label = "ORG"   # "Calliope Therapeutics", "Harbor Point Capital"
        if label == "ORG" and not ent_id and end > start and start >= 2 and toks[start - 1].text == "," \
                and LEGAL_FORM_AFTER.fullmatch(" " + doc[start:end].text):
            # The model took the legal form alone ("..., LLC"): the capitalised words before its
            # comma are the company's name.
            j = start - 1
            while j > 0 and start - 1 - j < 5 and toks[j - 1].is_alpha and toks[j - 1].text[:1].isupper() \
                    and toks[j - 1].text not in SENTENCE_OPENERS:
                j -= 1
            if j < start - 1:
                start = j
        if label == "ORG" and not ent_id and end > start:
            # A company's legal form after a comma is part of its name: "Meridian Recovery, LLC",
            # "Acme Trust, N.A."
            m = LEGAL_FORM_AFTER.match(text_all, toks[end - 1].idx + len(toks[end - 1].text))
            if m:
                tail = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if tail is not None:
                    end = max(end, tail.end)
        if end <= start:
            return None
        return start, end, label, ent_id


# A legal form after a company's name, not "Co" (Colorado), "AG" (an attorney general) nor "SA"
# (South Africa), which after a comma are as often something else.
LEGAL_FORM_AFTER = re.compile(r",?[ \t]+" + words().legal_forms.pattern(without=("co", "ag", "SA")) + r"(?![\w])")



def titled_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """People the model missed: a capitalised name right after an official title ("said Special
    Agent in Charge Esteban Grijalva-Moss of ATF") or right before an age or alias apposition
    ("Dolores Ybarra-Klein, 58, had been charged")."""
    toks = doc_tokens(doc)

    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    titles = title_words()
    text = doc_text(doc)
    words = doc_words(doc)
    out = []
    i = 0
    while i < len(words):
        tok = toks[i]
        if not words[i][:1].isupper() or i in covered or not tok.is_alpha or tok.lower_ in titles:
            i += 1
            continue
        end = name_after(doc, i)
        if end - i >= 2 and not any(k in covered for k in range(i, end)) and plausible_person(doc[i:end]) \
                and (title_before(doc, i) or PERSON_APPOSITION.match(text, toks[end - 1].idx + len(toks[end - 1].text))):
            cut = cut_name_words(doc, i, end, "PERSON")
            if cut is not None and cut[1] - cut[0] >= 2:
                out.append(Span(doc, cut[0], cut[1], label="PERSON"))
            i = end
            continue
        i += 1
    return out


PERSON_APPOSITION_AFTER = re.compile(
    r",\s+(?:\d{1,3}(?:,|(?=\s*(?:\n|$|;|\)|and\b)))|an?\s+\d{1,3}-year-old\b|(?:also\s+)?known as\b|"
    r"aka\b|DOB\b|age\s+\d)")


AGE_BEFORE = EndSearch(re.compile(r"\b\d{1,3}-year-old\s+$"), ["-year-old"], needs_space=True)
HONORIFICS = ("Dr", "Mr", "Mrs", "Ms", "Mx")
HONORIFIC_BEFORE = EndSearch(re.compile(rf"(?<![\w.])(?:{'|'.join(HONORIFICS)})\.?\s+$"),
                             [h + dot for h in HONORIFICS for dot in ("", ".")], needs_space=True)
CASE_CAPTION_BEFORE = EndSearch(
    re.compile(r"\b(?:People|State|Commonwealth|United States|U\.S\.)\s+v[s]?\.?\s+$"),
    ["v", "vs", "v.", "vs."], needs_space=True)
# Labels a run of capitalised words with a person's evidence takes over; dates, numbers and the
# gazetteer's names stay.
RETYPED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT",
                     "LANGUAGE"})


@cache
def person_cue_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(byline cue at a line start, role noun) patterns, each matching the text right before a name."""
    byline, role = person_cues()
    return byline.pattern, role.pattern


@cache
def person_cues() -> tuple[EndSearch, EndSearch]:
    """`person_cue_patterns` as `EndSearch`s."""
    data = load("coref")
    cues = data.get("byline_cues", [])
    bylines = "|".join(sorted((re.escape(c) for c in cues), key=len, reverse=True))
    roles = set(data.get("person_roles", [])) | set(data.get("person_nominals", [])) - {"year-old"}
    role_alt = "|".join(sorted((re.escape(r) for r in roles), key=len, reverse=True))
    byline = re.compile(rf"(?:(?:^|\n|\(|\||;)\s*(?i:{bylines})\s*:?|\b(?i:{bylines})\s*:)\s*$")
    role = re.compile(rf"(?<![\w-])(?:{role_alt})\s*,?\s+$")
    return (EndSearch(byline, cues, needs_space=False, fold=True, open_ends=":"),
            EndSearch(role, roles, needs_space=True, open_ends=","))


def _name_word(tok) -> bool:
    return capitalised(tok) and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
                                                      "PERCENT", "QUANTITY") \
        and tok.text not in SENTENCE_OPENERS


def _appositive_title(text: str, at: int) -> bool:
    """ "Jane Roe, Public Information Officer": a comma, then capitalised words ending on a title."""
    m = re.match(r",\s+((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)", text[at:at + 60])
    return m is not None and is_title_head(m.group(1).split()[-1])


def _surname(tok) -> bool:
    return tok.pos_ == "PROPN" and not tok.is_upper and not is_title_head(tok.text) \
        and tok.lower_ not in headline_words()


def _title_line_before(text: str, at: int) -> bool:
    """ "Assistant State’s Attorneys\nEllen Marsh\nand ...": a name opening a line under a line
    that holds a title and nothing else."""

    line_start = text.rfind("\n", 0, at) + 1
    if text[line_start:at].strip() or line_start == 0:
        return False
    prev = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1].strip()
    key = title_key(prev)
    return 0 < len(prev) <= 60 and (key in title_index() or key.endswith("s") and key[:-1] in title_index())


def evidenced_people(doc: Doc, spans: list[Span]) -> list[Span]:
    """The spans with people the evidence names, whatever the model's label or cut: a run of
    capitalised words after an age ("17-year-old Samir Adel Haddad"), a role noun ("DMV employee
    Shaquana Merritt", "the victim, Darnell Isaiah Moore Tillman"), a title ("Deputy District
    Attorneys Laura Finch", "DA Corwin"), a case caption ("People v. Cruz") or a byline cue
    ("Author\nMia Rose Caldera", "Contact: Dana Whitley"), or before an age or title apposition
    ("Liberty Coles, 33", "Marisol Ortega-Lind, Public Information Officer"). A model's PERSON
    span starting at the same word and reaching further stays ("Sgt. Kevin\nMansell")."""
    toks = doc_tokens(doc)

    text = doc_text(doc)
    byline, role = person_cues()
    fixed = {i for sp in spans if sp.id_ for i in range(sp.start, sp.end)}
    found: list[tuple[Span, bool]] = []
    words = doc_words(doc)
    # a name word is capitalised: the others are ruled out by their first letter alone
    name_word = [w[:1].isupper() and _name_word(toks[i]) for i, w in enumerate(words)]
    resume = 0   # a run read as a name is not read again from inside
    for i in (i for i, is_name in enumerate(name_word) if is_name):
        if i < resume:
            continue
        tok = toks[i]
        prev = toks[i - 1] if i > 0 else None
        if i in fixed or (prev is not None and prev.is_alpha and name_word[i - 1]
                          and not is_title_head(words[i - 1]) and not tok.is_sent_start):
            continue
        end = name_after(doc, i)
        end = next((k for k in range(i, end) if k in fixed or not (
            name_word[k] or words[k] in ("-", "‐") or toks[k].lower_ in PARTICLES)), end)
        if end <= i:
            continue
        before = text[max(0, tok.idx - 60):tok.idx]
        after_at = toks[end - 1].idx + len(toks[end - 1].text)
        titled = title_before(doc, i) is not None or CASE_CAPTION_BEFORE.search(before) \
            or HONORIFIC_BEFORE.search(before)
        if not titled and prev is not None and prev.lower_ not in title_heads() and is_title_head(prev.text) \
                and re.match(r"\s*(?:,|and\b|&)", text[after_at:]):
            # a plural title before a list of names ("Deputy District Attorneys Jane Roe and John
            # Doe"), not before a headline's verb ("Investigators Seek Public's Help")
            titled = True
        start, strong = i, False
        if titled or AGE_BEFORE.search(before) or byline.search(before) or role.search(before) \
                or _title_line_before(text, tok.idx):
            strong = True
        elif PERSON_APPOSITION_AFTER.match(text, after_at) or _appositive_title(text, after_at):
            # the name is the run's tail after any title or organisation word ("Police Officer Jane Roe")
            for k in range(end - 1, i - 1, -1):
                if is_title_head(toks[k].text) or toks[k].lower_ in org_words():
                    start = k + 1
                    break
            if start == i and toks[i].is_sent_start and toks[i].pos_ != "PROPN":
                start += 1
        else:
            continue
        cut = cut_name_words(doc, start, end, "PERSON") if end > start else None
        # One word is a name only after a title, and never a title or a headline's word itself.
        if cut is not None and (cut[1] - cut[0] >= 2 or titled and _surname(toks[cut[0]])) \
                and looks_like_person(toks[cut[0]:cut[1]]):
            found.append((Span(doc, cut[0], cut[1], label="PERSON"), strong))
        resume = end
    return _with_evidenced(spans, found)


def _with_evidenced(spans: list[Span], found: list[tuple[Span, bool]]) -> list[Span]:
    """The spans with the evidenced people (span, strong evidence) put in: they replace what
    they overlap, unless the model's PERSON is the longer reading of the same name."""
    if not found:
        return spans
    out = []
    for sp in spans:
        hit = next(((f, st) for f, st in found if f.start < sp.end and sp.start < f.end), None)
        if hit is None or sp.id_:
            out.append(sp)
            continue
        f, strong = hit
        # The model's longer PERSON stays when it starts where the name does ("Sgt. Kevin\nMansell"),
        # or, with only an apposition after the name, anywhere before ("Maria de los Angeles Ferrer, 20").
        if sp.label_ == "PERSON" and sp.end >= f.end and (sp.start == f.start or sp.start < f.start and not strong):
            found.remove(hit)
            out.append(sp)
        elif sp.label_ not in RETYPED:
            out.append(sp)
    people = [f for f, _ in found]
    taken = {i for sp in out for i in range(sp.start, sp.end)}
    out += [f for f in people if not any(k in taken for k in range(f.start, f.end))]
    return sorted(out, key=lambda sp: sp.start)


OPEN_QUOTES = {"“": "”", '"': '"', "‘": "’", "(": ")"}


def nicknamed_people(doc: Doc, spans: list[Span]) -> list[Span]:
    """A nickname in quotes or parentheses inside a name joins the name's two halves into one
    person: "Thomas Ray “Ace” Whitaker", "Darren (Big D) Holloway". The nickname stays inside
    the span; rapsheet_entities takes it out of the canonical name and keeps it as an alias."""
    toks = doc_tokens(doc)
    by_token = {i: sp for sp in spans for i in range(sp.start, sp.end)}
    joined: list[Span] = []
    words = doc_words(doc)
    # only a quote or parenthesis opens a nickname: the other tokens are passed over by their text
    for j in (j for j, w in enumerate(words) if w in OPEN_QUOTES):
        tok = toks[j]
        close = OPEN_QUOTES[tok.text]
        if j == 0 or not toks[j - 1].whitespace_:
            continue
        k = next((k for k in range(j + 1, min(len(doc), j + 5)) if toks[k].text == close), None)
        if k is None or k == j + 1 or k + 1 >= len(doc) or not all(
                capitalised(t) for t in doc[j + 1:k]) or tok.whitespace_ or toks[k - 1].whitespace_:
            continue
        left, right = by_token.get(j - 1), by_token.get(k + 1)
        if any(sp is not None and (sp.id_ or sp.label_ not in RETYPED) for sp in (left, right)):
            continue
        start = left.start if left is not None else j - 1
        if left is None:
            while start > 0 and start > j - 3 and toks[start - 1].is_alpha and capitalised(toks[start - 1]) \
                    and toks[start - 1].text not in SENTENCE_OPENERS:
                start -= 1
        end = right.end if right is not None else name_after(doc, k + 1)
        outside = [t for t in [*doc[start:j], *doc[k + 1:end]]]
        if end <= k + 1 or not outside or not all(capitalised(t) or t.text in ("-", "‐") or t.lower_ in PARTICLES
                                                  for t in outside) \
                or not plausible_person(doc[start:end]) \
                or any(not_name_word(t.text, True) for t in outside):
            continue
        joined.append(Span(doc, start, end, label="PERSON"))
    if not joined:
        return spans
    out = [sp for sp in spans if not any(sp.start < f.end and f.start < sp.end for f in joined)]
    return sorted(out + joined, key=lambda sp: sp.start)


NAMING_CUES = ("known as", "called", "named")


def named_groups(doc: Doc, spans: list[Span]) -> list[Span]:
    """Organisations the model missed, named after a group word and a naming cue: "the group known
    as Los Herederos", "a gang called Los Pepes" (group words: organizations.yaml generic_words)."""
    toks = doc_tokens(doc)
    groups = frozenset(load("organizations").get("generic_words", []) or [])
    covered = {i for sp in spans if sp.label_ == "ORG" for i in range(sp.start, sp.end)}
    out = []
    words = doc_words(doc)
    # a name is capitalised: the other tokens are passed over by their text
    for i in (i for i, w in enumerate(words) if w[:1].isupper()):
        tok = toks[i]
        if i < 2 or i in covered or not (tok.is_alpha and tok.text[:1].isupper()) \
                or toks[i - 1].lower_ not in ("as", "called", "named"):   # every cue's last word
            continue
        cue = doc[i - 2:i].text.lower() if toks[i - 2].lower_ == "known" else toks[i - 1].lower_
        group = toks[i - 3] if cue == "known as" and i >= 3 else toks[i - 2]
        if cue not in NAMING_CUES or group.lower_ not in groups:
            continue
        end = name_after(doc, i)
        if end > i:
            out.append(Span(doc, i, end, label="ORG"))
    return out


class NerRepair:
    """Reads and writes doc.ents."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        learn_lexicon(nlp)

    def __call__(self, doc: Doc) -> Doc:
        spans = repair(doc)
        spans = filter_spans(named_groups(doc, spans) + spans + titled_names(doc, spans))
        spans = particle_joined(doc, legal_form_companies(doc, spans))
        spans = filter_spans(evidenced_people(doc, spans))
        self.set_annotations(doc, filter_spans(nicknamed_people(doc, spans)))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, spans: list[Span]) -> None:
        keep_ents(doc, spans)


@Language.factory("rapsheet_ner_repair", assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
                  requires=["doc.ents", "token.dep", "token.head", "token.tag"], default_config={})
def make_ner_repair(nlp: Language, name: str) -> NerRepair:
    return NerRepair(nlp, name)
