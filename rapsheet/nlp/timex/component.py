"""Putting the candidates together, and the spaCy component `rapsheet_timex`."""
from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from rapsheet.model import TimeExpr
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.timex.context import Candidate, Context
from rapsheet.nlp.timex.lexicon import lexicon
from rapsheet.nlp.timex.rules import rules, scanners


_LEADING = re.compile(r"(?i:at|on|by|until|till|since|in|over|during|for|of|from|within)\s+")
_JOINER = re.compile(r"\s*(?:,|on|of|at|\(|-)?\s*", re.I)


def _merge_clock_with_date(cands: list[Candidate], text: str) -> list[Candidate]:
    """"10 p.m. Wednesday", "Friday, 6 a.m.": a clock time takes the day from its neighbour."""
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt and {c.kind, nxt.kind} & {"clock", "clock_word"} and c.kind != nxt.kind:
            gap = text[c.end:nxt.start]
            clock, date = (c, nxt) if c.kind in ("clock", "clock_word") else (nxt, c)
            if _JOINER.fullmatch(gap) and re.fullmatch(r"(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)", date.value[:10]) \
                    and len(date.value) <= 10 + 3 and "T" in clock.value:
                hhmm = clock.value.split("T", 1)[1]
                out.append(Candidate(c.start, nxt.end, "time", f"{date.value[:10]}T{hhmm}", date.anchor, "clock"))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _quarter_context(cands: list[Candidate], ctx: Context) -> None:
    """"A year earlier" next to a quarter means the same quarter a year before (1988-Q3)."""
    for c in cands:
        if c.kind not in ("ago", "year_ago_adj") or not re.fullmatch(r"\d{4}", c.value):
            continue
        s, _ = ctx.sentence(c.start)
        near = [q for q in cands if re.fullmatch(r"\d{4}-Q\d", q.value) and
                max(0, s - 300) <= q.start < c.start and q.value[:4] != c.value]
        if near and re.search(r"(?i)\byear\b|year-", ctx.text[c.start:c.end]):
            q = near[-1]
            c.value = f"{int(q.value[:4]) - 1:04d}-{q.value[5:]}"


def find_times(doc_or_text: Doc | str, published: dt.date | None = None) -> list[TimeExpr]:
    """Every time expression in the text, normalised against `published` (None: XXXX forms).

    With a Doc and no `published`, `doc._.rs_published` is used."""
    if isinstance(doc_or_text, Doc):
        doc, text = doc_or_text, doc_text(doc_or_text)
        if published is None:
            published = doc._.rs_published
    else:
        doc, text = None, doc_or_text
    if isinstance(published, dt.datetime):
        published = published.date()
    ctx = Context(text, published, doc)
    found: list[Candidate] = []
    for name, scan, handler in scanners():
        for m in scan.finditer(text):
            if m.end() == m.start():
                continue
            try:
                res = handler(m, ctx)
            except (OverflowError, ValueError):   # "tomorrow" of 9999-12-31: no such date
                continue
            if res is None:
                continue
            kind, value, anchor = res
            start, end = m.start(), m.end()
            # Trailing spaces or a comma swallowed by an optional group stay outside the extent,
            # and so does a leading preposition, as in TimeML ("on Wednesday" -> "Wednesday").
            while end > start and text[end - 1] in " \t\n,":
                end -= 1
            lead = _LEADING.match(text, start, end)
            if lead and lead.end() < end:
                start = lead.end()
            found.append(Candidate(start, end, kind, value, anchor, name))
    # Longest first; on a tie the earlier rule in the list wins (they are ordered by precision).
    order = {name: i for i, (name, _, _) in enumerate(rules())}
    found.sort(key=lambda c: (-(c.end - c.start), order[c.kind], c.start))
    taken: list[Candidate] = []
    for c in found:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    taken = _merge_clock_with_date(taken, text)
    _quarter_context(taken, ctx)
    return [TimeExpr(c.start, c.end, text[c.start:c.end], c.type, c.value, c.anchor) for c in taken]


def set_annotations(doc: Doc, times: list[TimeExpr]) -> None:
    doc._.rs_times = list(times)


# --------------------------------------------------------------------------------------------
# Helpers for other components.

def resolve_relative_date(expression: str, published: dt.date | None,
                          tense: str | None = None) -> str | None:
    """The TimeML value of one expression ("about a month ago", "March 31") or None.

    `tense` ("past" | "future") settles bare dates the way the sentence's verb would."""
    text = expression if tense is None else (
        f"It was {expression}." if tense == "past" else f"It will be {expression}.")
    times = find_times(text, published)
    return times[0].value if times else None


_DAYISH = re.compile(r"^(?:\d{4}|XXXX)(?:-(?:\d\d|XX|W\d\d|Q\d|H\d|SP|SU|FA|WI))?(?:-\d\d)?(?:T.*)?$")


def date_in_span(doc: Doc, start: int, end: int, near: int | None = None) -> TimeExpr | None:
    """The date expression inside text[start:end] (a sentence) that an event there happened on.

    Dates and times only (not durations, sets or PAST_REF-like values); the one nearest to `near`
    (a trigger's offset) when given, else the most specific one."""
    times = doc._.rs_times
    if times is None:
        times = find_times(doc)
    inside = [t for t in times if t.start >= start and t.end <= end and t.type in ("date", "time")
              and _DAYISH.match(t.value)]
    if not inside:
        return None
    if near is not None:
        return min(inside, key=lambda t: min(abs(t.start - near), abs(t.end - near)))
    return max(inside, key=lambda t: (len(t.value), -t.start))


class TimexComponent:
    """spaCy component: reads doc.text and doc._.rs_published, writes doc._.rs_times."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        lexicon()
        scanners()

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, find_times(doc, doc._.rs_published))
        return doc


@Language.factory("rapsheet_timex", assigns=["doc._.rs_times"],
                  requires=["token.dep", "token.head", "token.tag", "doc.sents"], default_config={})
def make_timex(nlp: Language, name: str) -> TimexComponent:
    return TimexComponent(nlp, name)
