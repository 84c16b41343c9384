"""Quotes and who said them.

Takes a parsed spaCy Doc (and, when `rapsheet_entities` ran before, `doc._.rs_entities`, read only
through `rapsheet.nlp.entities.entity_at`); gives `doc._.rs_quotes`, a list of
`rapsheet.model.Quote` in text order:

- direct quotes (`direct=True`): the words inside straight or curly quotation marks, exactly as
  written (`text == doc.text[start:end]`, without the marks and without the comma that hands over
  to the cue). Quotes split by a cue (“…,” said X. “…”) give one Quote per part. A quotation that
  runs over several paragraphs gives one Quote per paragraph. A phrase quoted inside a sentence
  (He called the scheme “a brazen fraud.”) is a quote; scare quotes, nicknames and titles are not.
- indirect speech (`direct=False`): the clause that a reporting verb governs ("Bondi said the gang
  …", "the indictment alleges that …") or that "according to X" sources.

The speaker is the subject of the cue verb, the name after it in inversions (“…,” said Attorney
General Pam Bondi.), or the source of "according to"; a quote paragraph without a cue of its own
takes the speaker of the quote just before it. `speaker_mention` is the span of the name, title
or pronoun in the text, and `speaker` the id of the entity that covers it, when there is one.

Word lists: rapsheet/data/quotes.yaml, loaded once and validated.
"""
from rapsheet.nlp.quotes.component import EXTRACTOR, QuoteComponent, find_quotes
from rapsheet.nlp.quotes.marks import QuotedStretch, paragraphs, scan_quotes
from rapsheet.nlp.quotes.vocabulary import Vocabulary, build_vocabulary, vocabulary

__all__ = ["EXTRACTOR", "QuoteComponent", "QuotedStretch", "Vocabulary", "build_vocabulary",
           "find_quotes", "paragraphs", "scan_quotes", "vocabulary"]
