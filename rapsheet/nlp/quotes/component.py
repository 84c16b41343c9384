"""`find_quotes` and the spaCy component `rapsheet_quotes`."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from rapsheet.errors import RapsheetError
from rapsheet.model import Quote, Span
from rapsheet.nlp import extensions  # noqa: F401
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.quotes.reader import Reader
from rapsheet.nlp.quotes.vocabulary import vocabulary


EXTRACTOR = "rapsheet_quotes"

def find_quotes(doc: Doc, min_reported_chars: int = 12, min_reported_words: int = 3) -> list[Quote]:
    """Every direct quote and every piece of reported speech in `doc`, with its speaker; reported
    speech shorter than `min_reported_chars` characters or `min_reported_words` words is left out."""
    if not doc_text(doc).strip() or not len(doc):
        return []
    if not doc.has_annotation("DEP"):
        raise RapsheetError("rapsheet_quotes needs a dependency parse: add it after the parser", 500)
    reader = Reader(doc, vocabulary(), min_reported_chars, min_reported_words)
    direct = reader.direct_quotes()
    found = sorted(direct + reader.indirect_quotes(direct), key=lambda q: (q.start, -q.end))
    reader.carry_speakers(found)

    text = doc_text(doc)
    quotes: list[Quote] = []
    resolved: dict[int, str | None] = {}
    for q in found:
        mention = speaker_id = None
        if q.speaker is not None and q.speaker_head is not None:
            first, last = q.speaker
            s, e = doc[first].idx, doc[last].idx + len(doc[last].text)
            mention = Span(s, e, text[s:e])
            if q.speaker_head not in resolved:
                resolved[q.speaker_head] = reader.entity_id(q.speaker_head, q.speaker)
            speaker_id = resolved[q.speaker_head]
        cue = None
        if q.cue is not None:
            s, e = doc[q.cue[0]].idx, doc[q.cue[1]].idx + len(doc[q.cue[1]].text)
            cue = Span(s, e, text[s:e])
        quotes.append(Quote(start=q.start, end=q.end, text=text[q.start:q.end], speaker=speaker_id,
                            speaker_text=mention.text if mention else None, speaker_mention=mention,
                            cue=cue, direct=q.direct))
    return quotes


class QuoteComponent:
    """Reads the parse and doc._.rs_entities (through entity_at); writes doc._.rs_quotes."""

    def __init__(self, nlp: Language, name: str = EXTRACTOR, min_reported_chars: int = 12,
                 min_reported_words: int = 3):
        self.name = name
        self.min_reported_chars, self.min_reported_words = min_reported_chars, min_reported_words
        vocabulary()  # bad word lists fail when the pipeline is built, not on the first article

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, find_quotes(doc, self.min_reported_chars, self.min_reported_words))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, quotes: list[Quote]) -> None:
        doc._.rs_quotes = quotes


@Language.factory(EXTRACTOR, assigns=["doc._.rs_quotes"],
                  requires=["token.dep", "token.head", "token.tag", "doc._.rs_entities"],
                  default_config={"min_reported_chars": 12, "min_reported_words": 3})
def make_quotes(nlp: Language, name: str, min_reported_chars: int, min_reported_words: int) -> QuoteComponent:
    return QuoteComponent(nlp, name, min_reported_chars, min_reported_words)
