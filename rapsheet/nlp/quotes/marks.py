"""Quotation marks -> quoted stretches, from the text alone (no parse): which mark opens and
which closes, and a quotation that runs on over several paragraphs."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapsheet.nlp.quotes.vocabulary import Vocabulary, vocabulary


_PARAGRAPH = re.compile(r"[^\r\n\u2028\u2029]+")

# --- quotation marks -> quoted stretches (text only) ------------------------------------------

@dataclass(slots=True)
class QuotedStretch:
    """The text between a pair of quotation marks, within one paragraph.

    `opened` is None when the quotation runs on from the previous paragraph without a new mark,
    `closed` is None when it runs on to the end of its paragraph.
    """
    start: int
    end: int
    opened: int | None
    closed: int | None
    paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line: news text puts one paragraph on a line."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


@lru_cache(maxsize=8)
def _marks_pattern(marks: frozenset[str]) -> re.Pattern[str]:
    """Any one of `marks`: a paragraph's quotation marks found without looking at each character."""
    chars = "".join(re.escape(m) for m in sorted(marks) if len(m) == 1)
    return re.compile(f"[{chars}]" if chars else "(?!)")


def _mark_direction(text: str, i: int, lo: int, hi: int, depth: int, vocab: Vocabulary) -> str:
    """Which way the quotation mark at `i` faces: "open" or "close"."""
    ch = text[i]
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    opens_here = (before.isspace() or before in "([{—–-/") and not after.isspace()
    closes_here = not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-…")
    if ch in vocab.straight_marks:
        if opens_here and not closes_here:
            return "open"
        if closes_here and not opens_here:
            return "close"
        return "close" if depth else "open"
    # Curly marks say which way they face, but typed text sometimes gets them backwards; the
    # characters around the mark overrule it only where the mark cannot be right.
    if ch in vocab.open_marks:
        return "close" if depth and closes_here and not opens_here else "open"
    return "open" if not depth and opens_here and not closes_here else "close"


def scan_quotes(text: str, vocab: Vocabulary | None = None) -> list[QuotedStretch]:
    """Every top-level quoted stretch of `text`, paragraph by paragraph."""
    vocab = vocab or vocabulary()
    marks = _marks_pattern(vocab.all_marks)
    found: list[QuotedStretch] = []
    ran_on = False  # the previous paragraph ended inside a quotation
    for number, (lo, hi) in enumerate(paragraphs(text)):
        depth, start, opened = 0, lo, None
        continuing, ran_on = ran_on, False
        for mark in marks.finditer(text, lo, hi):
            i = mark.start()
            direction = _mark_direction(text, i, lo, hi, depth, vocab)
            if continuing:
                continuing = False
                if direction == "close":
                    # The quotation carried on from the last paragraph without an opening mark.
                    found.append(QuotedStretch(lo, i, None, i, number))
                    continue
            if direction == "open":
                if depth == 0:
                    start, opened = i + 1, i
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    found.append(QuotedStretch(start, i, opened, i, number))
            # a closing mark with nothing open is a stray: left alone
        if depth:
            found.append(QuotedStretch(start, hi, opened, None, number))
            ran_on = True
    return found


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the spaces at both ends and the comma that hands over to a cue (“…,” she said)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end
