"""Where a name may run and what it may hold: a name never runs across a line break unless the
line is wrapped prose, headline lines (title case or capitals) are told from the body, and the
headline, rank and description words are cut off a name's front and end."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from rapsheet.nlp.extensions import doc_tokens
from rapsheet.nlp.name_words import (
    acronym_like,
    capitalised,
    headline_words,
    is_title,
    looks_like_person,
    not_name_word,
    org_words,
)


def cut_name_words(doc: Doc, start: int, end: int, label: str) -> tuple[int, int, str] | None:
    """The name left in doc[start:end] once headline, rank and description words are taken off its
    front and the span is cut before the first such word inside it; None when no name is left."""
    toks = doc_tokens(doc)
    person = label == "PERSON"
    s = start
    # In front of a person's name a title goes too, but the last word stays ("Officer White").
    while s < end - person and not_name_word(toks[s].text, person, front=True):
        s += 1
    if label == "ORG" and s == start:
        # "ADA Nora Pell", "District Attorney Paul Ostrander": a title, then a person.
        t = start
        while t < end and is_title(toks[t].text):
            t += 1
        if start < t < end and looks_like_person(doc[t:end]):
            return t, end, "PERSON"
    e = next((i for i in range(s, end) if not_name_word(toks[i].text, person)), end)
    if s == start and e == end:
        return start, end, label
    while e > s and not (capitalised(toks[e - 1]) or toks[e - 1].is_digit):
        e -= 1
    span = doc[s:e]
    if not len(span) or not capitalised(span[0]):
        return None
    if person:
        # A role before a surname is a title ("Defendant Colter"); a name cut short before a
        # headline's verb must still be a full name ("Ana Whitfield Announces ...", not "Brooklyn").
        if not looks_like_person(span) or (e < end and len(span) < 2):
            return None
        return s, e, label
    words = {t.lower_ for t in span}
    if any(acronym_like(t) for t in span) or words & org_words():
        return s, e, label
    return None


def _wrapped(text: str, at: int) -> bool:
    """True when the line break at `at` only wraps prose: a long line that ends mid-sentence, not
    a headline's (its longer words all capitalised), which may end on any word."""
    line_start = text.rfind("\n", 0, at) + 1
    line = text[line_start:at].rstrip()
    long = [w for w in re.findall(r"(?<![\w-])[^\W\d_][\w’'\-]*", line) if len(w) >= 4]
    return len(line) >= 50 and line[-1:] not in ".:;!?|" and text[at:at + 2] != "\n\n" \
        and not all(w[0].isupper() for w in long)


def line_pieces(doc: Doc, start: int, end: int, text: str) -> list[tuple[int, int]]:
    """doc[start:end] cut at its line breaks, except those that only wrap a long line of prose."""
    toks = doc_tokens(doc)
    pieces, s = [], start
    for i in range(start, end):
        tok = toks[i]
        if "\n" in tok.text and tok.is_space and not _wrapped(text, tok.idx):
            if i > s:
                pieces.append((s, i))
            s = i + 1
        elif "\n" in tok.whitespace_ and not _wrapped(text, tok.idx + len(tok.text)):
            pieces.append((s, i + 1))
            s = i + 1
    if s < end:
        pieces.append((s, end))
    return pieces


HEADLINE_MIN_WORDS = 5


def title_case_line(text: str, at: int) -> bool:
    """Whether the line holding `at` is written in title case (a headline), whatever its words."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    words = re.findall(r"(?<![\w-])[^\W\d_][\w’'\-]*", text[start:end if end >= 0 else len(text)])
    long = [w for w in words if len(w) >= 4]
    return len(words) >= HEADLINE_MIN_WORDS and bool(long) and all(w[0].isupper() for w in long)


def headline_lines(text: str) -> tuple[list[tuple[int, int]], str]:
    """The (start, end) of every headline line of `text` (five words or more, its longer words all
    capitalised and a headline's word among them: not a list of names), and the rest of the text
    in lower case."""
    lines, body = [], []
    for m in re.finditer(r"[^\n]+", text):
        words = re.findall(r"(?<![\w-])[^\W\d_][\w’'\-]*", m.group())
        long = [w for w in words if len(w) >= 4]
        if len(words) >= HEADLINE_MIN_WORDS and long and \
                all(w[0].isupper() for w in long) and \
                any(w.lower() in headline_words() for w in words):
            lines.append(m.span())
        else:
            body.append(m.group().lower())
    return lines, "\n".join(body)
