"""Sentence starts at line breaks, set before the parser reads the Doc.

Reads the tokens of a Doc (no annotation); writes `token.is_sent_start` on the first token of a
line, which the parser then respects: True where the line before is a header line (a menu item,
a contact block, a title-case headline, a date, a phone number: no final punctuation and no
lower-case word but small ones), False where the line break only wraps a running sentence (after
a title abbreviation such as "Sgt.", a dash, a comma, or before a line opening in lower case).
A blank line always starts a sentence. Word lists live in rapsheet/data/sentences.yaml.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from rapsheet.data import load
from rapsheet.nlp.extensions import doc_text

TERMINAL = (".", "!", "?", ":", ";", "”", '"', "’", "'")
WRAPPING = (",", "-", "–", "—", "&", "/")
PREDICATE_TAGS = ("VBD", "VBZ", "VBN", "VBP")
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")


@dataclass(slots=True, frozen=True)
class SentenceTables:
    abbreviations: frozenset[str]
    small_words: frozenset[str]
    continuing: frozenset[str]


@functools.lru_cache(maxsize=1)
def tables() -> SentenceTables:
    data = load("sentences")
    return SentenceTables(abbreviations=frozenset(data["title_abbreviations"]),
                          small_words=frozenset(w.lower() for w in data["small_words"]),
                          continuing=frozenset(data["continuing_words"]))


def is_header_line(line: str, t: SentenceTables | None = None) -> bool:
    """A line that is no running sentence: its words are capitalised (or small words, numbers,
    addresses) and it has no final punctuation."""
    t = t or tables()
    line = line.strip()
    if not line or line.endswith(TERMINAL) or line.endswith(WRAPPING):
        return False
    words = _WORD.findall(line)
    if not words:
        return True      # "1", "/", "214-653-3600"
    return all(w[0].isupper() or w.lower() in t.small_words or "@" in w or "." in w[1:]
               for w in words)


TRUNCATION = ("…", "...")
QUOTE_MARKS = ("“", "”", '"')


def excerpts(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every line cut short by an ellipsis: a page's teaser of another story
    ("... announced today that X, 74, who is currently charged with one count …") or a truncated
    headline of a menu ("Woman Charged for Throwing Brick Through Council Chamber..."). What such a
    line says belongs to the other story, not this one. A quotation that trails off ("“We will
    not …”") is no excerpt."""
    out = []
    at = 0
    for line in text.split("\n"):
        stripped = line.rstrip()
        if stripped.endswith(TRUNCATION) and not any(q in line for q in QUOTE_MARKS):
            out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def in_excerpt(spans: list[tuple[int, int]], at: int) -> bool:
    return any(s <= at < e for s, e in spans)


def _wrapped_headline(line: str, tok: Token, t: SentenceTables) -> bool:
    """ "Charges of Deadly Conduct Dismissed / Against Three Officers": a headline of words that
    goes on, on the next line, with a preposition or conjunction."""
    return tok.text in t.continuing and line[-1:].isalpha() and \
        len(line.split()) >= 3 and not re.search(r"[\d@]", line)


def _ends_with_title(toks: list[Token], i: int, t: SentenceTables) -> bool:
    """Whether the line before token i (of the Doc's tokens, `toks`) ends with an abbreviated
    title ("Sgt.", "Det.")."""
    j = i - 1
    while j >= 0 and toks[j].is_space:
        j -= 1
    if j < 0:
        return False
    tok = toks[j]
    if tok.text == "." and j > 0:
        return toks[j - 1].text in t.abbreviations and not toks[j - 1].whitespace_
    return tok.text.endswith(".") and tok.text[:-1] in t.abbreviations


def find(doc: Doc) -> dict[int, bool]:
    """Token index -> whether it starts a sentence, for the first tokens of lines and names after
    title abbreviations."""
    t = tables()
    text = doc_text(doc)
    out: dict[int, bool] = {}
    # the tokens listed once, not kept on the Doc: the model's components come between this and
    # rapsheet's others, and a Doc holding Token objects can no longer be copied
    toks = list(doc)
    for tok in toks:
        i = tok.i
        if tok.is_space or i == 0:
            continue
        prev = toks[i - 1]
        # "Sgt. Roy Keller": a title's full stop ends no sentence (on one line or across two)
        if tok.text[:1].isupper() and _ends_with_title(toks, i, t):
            out[i] = False
            continue
        gap = prev.text_with_ws if prev.is_space else prev.whitespace_
        if "\n" not in gap:
            continue
        if gap.count("\n") > 1:
            out[i] = True
            continue
        line_start = text.rfind("\n", 0, prev.idx if prev.is_space else prev.idx + len(prev.text)) + 1
        line = text[line_start:prev.idx + len(prev.text) if not prev.is_space else prev.idx]
        stripped = line.rstrip()
        if stripped.endswith(WRAPPING) or tok.text[:1].islower():
            out[i] = False
        elif stripped.endswith(TRUNCATION):
            out[i] = True      # a line cut short by an ellipsis ends there: a teaser, a menu item
        elif is_header_line(stripped, t) and not _wrapped_headline(stripped, tok, t) and \
                tok.tag_ not in PREDICATE_TAGS:
            # (a line that opens with a verb is the predicate of the name above it, in a table:
            # "Jane Roe, 44, Irvine / Pleaded guilty to ...": the parser decides)
            out[i] = True
    return out


def set_annotations(doc: Doc, starts: dict[int, bool]) -> None:
    for i, start in starts.items():
        doc[i].is_sent_start = start


@Language.factory("rapsheet_sentences", assigns=["token.is_sent_start"], requires=[],
                  default_config={})
def make_sentences(nlp: Language, name: str) -> SentencesComponent:
    return SentencesComponent()


class SentencesComponent:
    """Reads the tokens; writes `token.is_sent_start` at line breaks, before the parser."""

    def __init__(self) -> None:
        tables()

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, find(doc))
        return doc
