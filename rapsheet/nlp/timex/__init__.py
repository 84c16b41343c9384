"""Time expressions, normalised to TimeML values against the publication date.

Takes a spaCy Doc (or plain text) and the publication date (`doc._.rs_published`, a
`datetime.date` or None); gives `TimeExpr` records (rapsheet.model) in `doc._.rs_times`, with
character offsets into `doc.text` and a TimeML value:

    "March 31"           -> 2025-03-31   (published 2025-04-23; XXXX-03-31 with no date)
    "In February"        -> 2025-02      "the 1990s" -> 199        "on Wednesday" -> 2025-04-23
    "about a month ago"  -> 2025-03      "last week" -> 2025-W16   "today" -> 2025-04-23
    "five years"         -> P5Y (duration)          "every week" -> P1W (set)
    "now" / "recently" / "soon" -> PRESENT_REF / PAST_REF / FUTURE_REF

Rules are regular expressions built from the word lists in rapsheet/data/timex.yaml. When the
Doc is parsed, the tense of the verb that governs an expression decides whether a bare "March 31"
or "Friday" lies before or after the publication date; otherwise cue words in the sentence do.

`find_times(doc_or_text, published)` is the pure part; `resolve_relative_date(text, published)`
normalises one expression, and `date_in_span(doc, start, end)` picks the date that the events
component should attach to a sentence.
"""
from rapsheet.nlp.timex.component import (
    TimexComponent,
    date_in_span,
    find_times,
    make_timex,
    resolve_relative_date,
    set_annotations,
)
from rapsheet.nlp.timex.lexicon import lexicon

__all__ = ["TimexComponent", "date_in_span", "find_times", "lexicon", "make_timex",
           "resolve_relative_date", "set_annotations"]
