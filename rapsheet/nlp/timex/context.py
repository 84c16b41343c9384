"""What a rule sees around a match: the text, the publication date and the tense of the clause."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from rapsheet.nlp.timex.lexicon import lexicon


_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
_FUTURE_LEMMAS = {"schedule", "slate", "plan", "intend", "expect", "set", "due", "aim", "hope"}
_PAST_AUX = {"was", "were", "had", "did", "has", "have"}


class Context:
    def __init__(self, text: str, published: dt.date | None, doc: Doc | None):
        self.text = text
        self.dct = published
        self.doc = doc
        self._sent_bounds: list[tuple[int, int]] | None = None

    def sentence(self, start: int) -> tuple[int, int]:
        if self._sent_bounds is None:
            if self.doc is not None and self.doc.has_annotation("SENT_START"):
                self._sent_bounds = [(s.start_char, s.end_char) for s in self.doc.sents]
            else:
                self._sent_bounds = [(m.start(), m.end()) for m in
                                     re.finditer(r"[^\n.!?]+(?:[.!?]+|$)", self.text)]
        for s, e in self._sent_bounds:
            if s <= start < e:
                return s, e
        return max(0, start - 200), min(len(self.text), start + 200)

    def tense(self, start: int, end: int) -> str | None:
        """past | future | None, of the clause that holds text[start:end]."""
        found = self._tense_from_parse(start, end) if self.doc is not None else None
        if found:
            return found
        if found is None and self.doc is not None and self.doc.has_annotation("DEP"):
            return None
        # Without a parse (or with no verb above the expression), a future cue in the sentence
        # is the one sign worth trusting: past tense is everywhere in news ("said").
        s, e = self.sentence(start)
        if lexicon().future_cues.search(self.text[s:e]):
            return "future"
        return None

    def _tense_from_parse(self, start: int, end: int) -> str | None:
        doc = self.doc
        if doc is None or not doc.has_annotation("DEP"):
            return None
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        tok = span.root
        for _ in range(8):
            if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or tok.tag_ == "MD":
                break
            if tok.head.i == tok.i:
                return None
            tok = tok.head
        else:
            return None
        if tok.tag_ == "MD" and tok.lower_ in _FUTURE_AUX:
            return "future"
        aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        lowers = {c.lower_ for c in aux}
        if lowers & _FUTURE_AUX or tok.lower_ in _FUTURE_AUX:
            return "future"
        if tok.lemma_ in _FUTURE_LEMMAS and tok.tag_ != "VBD" and not any(c.tag_ == "VBD" for c in aux):
            return "future"  # "is scheduled for Tuesday", "plans to testify Tuesday"
        if any(c.lower_ == "going" for c in aux) or (tok.lower_ == "going" and tok.nbor(1).lower_ == "to"
                                                     if tok.i + 1 < len(doc) else False):
            return "future"
        if tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
            return "past"
        if tok.tag_ == "VBN" and lowers & _PAST_AUX:
            return "past"
        return None


# --------------------------------------------------------------------------------------------
# Rules. Each is a regex and a handler that gives (type, value, anchor) or None to reject.
@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    type: str
    value: str
    anchor: str
    kind: str


Handler = Callable[[re.Match, Context], "tuple[str, str, str] | None"]
