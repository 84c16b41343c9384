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
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapsheet.data import load
from spacy.language import Language
from spacy.tokens import Doc

from rapsheet.model import TimeExpr
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.extensions import doc_text

_REQUIRED = ("months", "weekdays", "numbers", "units", "references", "frequencies", "holidays",
             "not_year_before", "future_cues", "ordinals", "seasons", "parts_of_day")


# --------------------------------------------------------------------------------------------
# Lexicon: the YAML word lists, validated once, and the regular expressions built from them.

def _alt(words, escape=True) -> str:
    """An alternation, longest first so that "September" wins over "Sep"."""
    items = sorted({w for w in words}, key=len, reverse=True)
    return "|".join((re.escape(w) if escape else w).replace(r"\ ", r"\s+") for w in items)


@dataclass(slots=True)
class _Lexicon:
    months: dict[str, int]
    months_full: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, Any]
    units: dict[str, tuple[str, int]]
    unit_plurals: dict[str, str]
    ordinals: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    references: dict[str, str]
    frequencies: dict[str, str]
    holidays: dict[str, Any]
    not_year_before: frozenset[str]
    may_month_before: frozenset[str]
    future_cues: re.Pattern
    decade_words: dict[str, int]
    approximators: str
    point_modifiers: str


@cache
def lexicon() -> _Lexicon:
    raw = load("timex")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise ValueError(f"timex.yaml: missing keys {missing}")
    months, months_full = {}, {}
    for num, names in raw["months"].items():
        if not 1 <= int(num) <= 12:
            raise ValueError(f"timex.yaml: month number {num}")
        months_full[names[0]] = int(num)
        for name in names:
            months[name.rstrip(".")] = int(num)
    weekdays = {}
    for num, names in raw["weekdays"].items():
        for name in names:
            weekdays[name.rstrip(".")] = int(num)
    units = {}
    for name, (letter, mult) in raw["units"].items():
        if letter not in "SMHDWQY":
            raise ValueError(f"timex.yaml: unit {name} has designator {letter}")
        units[name] = (letter, int(mult))
    refs = {}
    for value, words in raw["references"].items():
        if value not in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
            raise ValueError(f"timex.yaml: reference value {value}")
        refs.update({w.lower(): value for w in words})
    return _Lexicon(
        months=months, months_full=months_full, weekdays=weekdays,
        numbers={str(k).lower(): v for k, v in raw["numbers"].items()},
        units=units, unit_plurals=dict(raw.get("unit_plurals") or {}),
        ordinals={str(k).lower(): int(v) for k, v in raw["ordinals"].items()},
        seasons=dict(raw["seasons"]), parts_of_day=dict(raw["parts_of_day"]),
        references=refs, frequencies=dict(raw["frequencies"]), holidays=dict(raw["holidays"]),
        not_year_before=frozenset(w.lower() for w in raw["not_year_before"]),
        may_month_before=frozenset(w.lower() for w in raw.get("may_month_before") or []),
        decade_words={k.lower(): int(v) for k, v in (raw.get("decade_words") or {}).items()},
        future_cues=re.compile(r"(?<![\w'])(?:" + _alt(raw["future_cues"]) + r")(?![\w])", re.I),
        approximators=_alt(raw.get("approximators") or []),
        point_modifiers=_alt(raw.get("point_modifiers") or []),
    )


# --------------------------------------------------------------------------------------------
# Calendar arithmetic on the publication date.

def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def _week(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if dt.date(year, month, d).isoweekday() == weekday]
    return dt.date(year, month, days[n - 1] if n > 0 else days[n])


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _pick_year(dct: dt.date, month: int, day: int | None, tense: str | None) -> int | None:
    """The year that puts month (and day) on the side of the publication date the tense says.

    Past: the latest such date not after publication; future: the earliest not before it; no
    tense: the nearest one, so that "December 5" read in January is last December."""
    if day and not _safe_date(dct.year, month, day) and not _safe_date(dct.year - 1, month, day):
        return None
    # Months, not days, decide, and a month or two either side stays in the publication year:
    # the tense of a clause often belongs to the reporting verb ("said the offer expires Dec. 1").
    # Without a tense, a month far ahead of publication is last year's: news looks back.
    diff = month - dct.month
    if tense == "past":
        return dct.year - 1 if diff > 2 else dct.year
    if tense == "future":
        return dct.year + 1 if diff < -2 else dct.year
    if diff < -8:
        return dct.year + 1  # "January" in a November report is the coming one
    return dct.year - 1 if diff > 6 else dct.year


def _weekday_date(dct: dt.date, weekday: int, rel: str | None, tense: str | None) -> dt.date:
    delta = (dct.isoweekday() - weekday) % 7
    if rel == "next":
        return dct + dt.timedelta(days=(weekday - dct.isoweekday()) % 7 or 7)
    if tense == "future" and rel != "last":
        return dct + dt.timedelta(days=(weekday - dct.isoweekday()) % 7)
    if rel == "last":
        return dct - dt.timedelta(days=delta or 7)
    return dct - dt.timedelta(days=delta)


def _duration(amount: Any, unit: str, half: bool = False) -> str:
    """TimeML duration: P5Y, P18M, PT2H, PXD (an unspecified number)."""
    lex = lexicon()
    letter, mult = lex.units[unit]
    timey = unit in ("second", "minute", "hour")
    prefix = "PT" if timey else "P"
    if amount == "X":
        return f"{prefix}X{letter if unit not in ('decade', 'century') else ('DE' if unit == 'decade' else 'CE')}"
    value = float(amount) * mult
    if half:
        value += 0.5 * mult
    if value != int(value):
        smaller = {"Y": ("M", 12), "D": ("H", 24), "H": ("M", 60), "W": ("D", 7)}.get(letter)
        if smaller and unit != "minute":
            whole = int(value)
            rest = round((value - whole) * smaller[1])
            if letter == "D":
                return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
            head = f"{prefix}{whole}{letter}" if whole else prefix
            return f"{head}{rest}{smaller[0]}"
        value = round(value)
    return f"{prefix}{int(value)}{letter}"


# --------------------------------------------------------------------------------------------
# Context: the publication date and the tense around an expression.

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
_FUTURE_LEMMAS = {"schedule", "slate", "plan", "intend", "expect", "set", "due", "aim", "hope"}
_PAST_AUX = {"was", "were", "had", "did", "has", "have"}


class _Context:
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
class _Cand:
    start: int
    end: int
    type: str
    value: str
    anchor: str
    kind: str


Handler = Callable[[re.Match, _Context], "tuple[str, str, str] | None"]


def _num(word: str) -> Any:
    lex = lexicon()
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in lex.numbers:
        return lex.numbers[w]
    if re.fullmatch(r"\d+\s+1/2", w):
        return int(w.split()[0]) + 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w) if "." in w else int(w)
    parts = re.split(r"[\s-]+", w)
    if len(parts) == 2 and parts[0] in lex.numbers and parts[1] in lex.numbers:
        a, b = lex.numbers[parts[0]], lex.numbers[parts[1]]
        if isinstance(a, int) and isinstance(b, int):
            return a * b if b == 100 else a + b
    return None


def _unit(word: str) -> str | None:
    lex = lexicon()
    w = word.lower()
    if w in lex.unit_plurals:
        return lex.unit_plurals[w]
    if w in lex.units:
        return w
    if w.endswith("s") and w[:-1] in lex.units:
        return w[:-1]
    return None


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, start - 40):start])
    return m.group(1).lower() if m else ""


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s*(\S+)", text[end:end + 40])
    return m.group(1) if m else ""


@cache
def _rules() -> list[tuple[str, re.Pattern, Handler]]:
    lex = lexicon()

    def mon(name: str, full_only: bool = False) -> str:
        words = []
        src = lex.months_full if full_only else lex.months
        for w in src:
            for form in {w, w.upper()}:
                words.append(re.escape(form) + ("" if full_only or w in lex.months_full else r"\.?"))
        return rf"(?P<{name}>{_alt(words, escape=False)})(?![A-Za-z])"

    def wd(name: str) -> str:
        words = []
        for w in lex.weekdays:
            full = len(w) > 4
            words.append(re.escape(w) + ("" if full else r"\."))
            if full:
                words.append(re.escape(w.upper()))
        return rf"(?P<{name}>{_alt(words, escape=False)})(?![A-Za-z])"

    def year(name: str) -> str:
        return rf"(?P<{name}>(?:1[5-9]|20)\d\d)(?![\d%]|,\d|\.\d|-\d|/\d)"

    day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|:\d|,\d|\.\d)"
    tens = [w for w, v in lex.numbers.items() if isinstance(v, int) and 20 <= v <= 90]
    ones = [w for w, v in lex.numbers.items() if isinstance(v, int) and 1 <= v <= 9 and " " not in w
            and w not in ("a", "an")]
    num_words = [w for w in lex.numbers]
    num = (rf"(?P<num>(?:{_alt(tens)})[\s-](?:{_alt(ones)})|{_alt(num_words)}"
           rf"|\d+\s+1/2|\d+(?:\.\d+)?|\d{{1,3}}(?:,\d{{3}})+)")
    unit_words = list(lex.units) + [u + "s" for u in lex.units] + list(lex.unit_plurals)
    unit = rf"(?P<unit>{_alt(unit_words)})(?![A-Za-z])"
    approx = rf"(?:(?:{lex.approximators})\s+)"
    pmod = rf"(?P<pmod>{lex.point_modifiers})"
    pod = rf"(?P<pod>{_alt([p for p in lex.parts_of_day if p not in ('noon', 'midnight', 'midday', 'overnight')])})"
    ords = _alt(list(lex.ordinals) + ["1st", "2nd", "3rd", "4th"])
    season = rf"(?P<season>{_alt(lex.seasons)})"

    I = "(?i:%s)"
    rules: list[tuple[str, str, Handler]] = [
        ("date_mdy", rf"(?:{wd('wd')},?\s+)?(?:(?i:{lex.point_modifiers})\s+)?{mon('mon')}\s+{day}(?:,?\s+{year('year')})?",
         _h_full_date),
        ("date_dmy", rf"(?:{wd('wd')},?\s+)?(?:(?i:the)\s+)?{day}(?:\s+of)?\s+{mon('mon')}(?:,?\s+{year('year')})?",
         _h_full_date),
        ("date_numeric", r"(?<![\d/.-])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{4}|\d{2})(?![\d/])",
         _h_numeric),
        ("date_iso", r"(?<![\d-])(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])",
         _h_numeric),
        ("month_year", rf"(?:{I % pmod}[\s-]*)?{mon('mon')},?\s+(?:of\s+)?{year('year')}", _h_month_year),
        ("month", rf"(?:{I % pmod}[\s-]*)?(?:(?P<rel>{I % 'last|next|this|past|coming|previous|each|every'})\s+)?"
                  rf"{mon('mon', full_only=True)}"
                  rf"(?:\s+(?P<yrel>{I % 'this|last|next'})\s+year|\s+of\s+(?P<yrel2>{I % 'this|last|next'})\s+year)?",
         _h_month),
        ("year", rf"(?:(?P<pmod>{I % (lex.point_modifiers + '|fiscal|calendar|FY|the year|post|pre|circa')})[\s-]*)?"
                 rf"(?<![\d$€£#§.,/:])(?<!\d-){year('year')}", _h_year),
        ("year_quarter", I % rf"(?:the\s+)?{year('year')}\s+(?:fiscal\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?P<part>quarter|period)(?![\w-])",
         _h_year_quarter),
        ("spelled_year", I % r"(?:the\s+year\s+)?(?P<cent>eighteen|nineteen)\s+(?:hundred\s+(?:and\s+)?)?(?P<rest>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?![\w-])"
                             r"|the\s+year\s+(?P<k>two\s+thousand)(?:\s+and\s+(?P<rest2>one|two|three|four|five|six|seven|eight|nine))?", _h_spelled_year),
        ("decade_word", I % rf"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<dw>{_alt(lex.decade_words)})(?![\w-])", _h_decade_word),
        ("the_year", I % r"the\s+(?P<adj>full\s+|fiscal\s+|current\s+|current\s+fiscal\s+|entire\s+|whole\s+)?year(?![\w'’-])(?P<ended>\s+(?:ended|ending))?",
         _h_the_year),
        ("year_end", I % r"(?:around\s+|by\s+|at\s+)?(?:the\s+)?(?:end\s+of\s+the\s+year|year[\s-]end|year's\s+end)(?![\w-])", _h_year_end),
        ("decade", rf"(?:{I % 'the'}\s+)?(?:{I % pmod}[\s-]+)?(?P<dec>(?:1[5-9]|20)\d0|'\d0)'?s(?![A-Za-z])",
         _h_decade),
        ("century", I % rf"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ords}|this|last|next|past)[\s-]+century",
         _h_century),
        ("weekday", rf"(?:(?P<rel>{I % 'last|next|this|this past|on|early|late|earlier|later|until|by|since|each|every'})\s+)?"
                    rf"{wd('wd')}(?P<plural>s(?![A-Za-z]))?(?:\s+{I % pod})?", _h_weekday),
        ("clock", I % r"(?:(?:around|about|at|by|until|before|after|shortly\s+after|shortly\s+before)\s+)?"
                      r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<min>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|a\.m|p\.m|am|pm)(?![A-Za-z])"
                      r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time))?", _h_clock),
        ("clock_word", I % r"(?:(?:around|about|at|by|until|before|after)\s+)?(?P<word>noon|midnight|midday|mid[\s-]?afternoon|mid[\s-]?morning)(?![A-Za-z])",
         _h_clock),
        ("relday", I % rf"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rd>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|overnight)(?![A-Za-z])"
                       rf"(?:\s+{pod})?", _h_relday),
        ("pod_rel", I % rf"(?P<rel>this|last|tomorrow|yesterday|early\s+this|late\s+this|later\s+this|earlier\s+this)\s+{pod}(?![A-Za-z])",
         _h_pod_rel),
        ("relunit", I % r"(?:(?P<mod>early|late|earlier|later|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of|the\s+rest\s+of|mid)[\s-]*)?"
                        r"(?P<rel>last|this|next|this\s+past|the\s+current|the\s+previous|the\s+following|the\s+coming|the\s+past|the\s+same|current|previous|coming)\s+"
                        r"(?P<unit>week|weekend|month|year|decade|fall|autumn|spring|summer|winter|quarter|half)(?![\w-])",
         _h_relunit),
        ("weekend", I % r"(?:over\s+|during\s+|on\s+)?the\s+weekend(?![\w-])", _h_relunit),
        ("ago", I % rf"(?:{approx}|(?:just|some|more\s+than|about|nearly|almost|over)\s+)*{num}[\s-]+{unit}(?P<half>\s+and\s+a\s+half)?\s+(?P<dir>ago|earlier|later|from\s+now|hence|before|after|back)(?![A-Za-z])",
         _h_ago),
        ("ago_plain", I % r"(?P<unit>years|months|weeks|days|decades)\s+(?P<dir>ago|earlier|later)(?![A-Za-z])",
         _h_ago),
        ("year_ago_adj", I % r"(?P<rel>year-earlier|year-ago|a\s+year\s+earlier)(?![\w-])", _h_year_ago_adj),
        ("duration", I % rf"(?:{approx}+)?(?:(?P<rel>the\s+(?:past|last|next|first|previous|coming|following|latest|final|remaining|same|entire|whole|initial|ensuing|preceding)|past|last|next|first|another|an\s+additional|each\s+of\s+the\s+(?:past|last|next))\s+)?"
                          rf"{num}(?:\s+(?:to|or|and)\s+(?:{_alt(num_words)}|\d+))?[\s-]+(?:more\s+|additional\s+|full\s+|consecutive\s+|straight\s+|trading\s+|business\s+|calendar\s+|working\s+)?{unit}"
                          rf"(?P<half>\s+and\s+a\s+half)?(?:\s+or\s+so)?(?P<age>[\s-]+olds?(?![A-Za-z])|\s+of\s+age)?",
         _h_duration),
        ("duration_plural", I % r"(?P<pre>(?:in\s+|for\s+|over\s+|within\s+|of\s+)?(?:the\s+)?(?:recent|coming|past|last|next|several|many|few|a\s+few|ensuing|following|previous|preceding)\s+|(?<=\bfor\s))"
                                r"(?P<unit>seconds|minutes|hours|days|weeks|months|quarters|years|decades|centuries)(?![\w-])",
         _h_duration_plural),
        ("set", I % rf"(?:every|each|per)\s+(?:other\s+|single\s+)?(?P<unit>second|minute|hour|day|night|week|month|quarter|year|decade)(?![\w-])"
                     rf"|(?:once|twice|thrice|{num}\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit2>second|minute|hour|day|night|week|month|quarter|year)(?![\w-])",
         _h_set),
        ("set_season", I % rf"(?:every|each)\s+{season}(?![\w-])", _h_set),
        ("frequency", I % rf"(?<![\w-])(?P<freq>{_alt(lex.frequencies)})(?![\w-])", _h_frequency),
        ("quarter", I % rf"(?:(?P<rel>this\s+year's|last\s+year's|next\s+year's|the\s+year-earlier|the\s+year-ago|year-earlier|year-ago|the\s+same|a\s+flat|the|its|this|a)\s+)?"
                         rf"(?:fiscal[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?(?P<part>quarter|half)(?!s)"
                         rf"(?:(?:\s+of|,)?\s+(?:fiscal\s+)?(?:{year('year')}|(?P<yrel>this|last|next)\s+year))?",
         _h_quarter),
        ("quarter_rel", I % r"(?P<rel>the|this|last|next|the\s+latest|the\s+current|the\s+previous|the\s+year-earlier|the\s+year-ago|year-earlier|year-ago|the\s+same|the\s+recent|the\s+most\s+recent|the\s+past|latest|current|previous)\s+(?:fiscal\s+)?(?P<part>quarter|period)(?![\w-])",
         _h_quarter_rel),
        ("season", I % rf"(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<rel>last|this|next|the\s+past|this\s+past|the\s+coming|past|coming)\s+)?{season}"
                        rf"(?:\s+(?:of\s+)?{year('year')})?(?![\w-])",
         _h_season),
        ("holiday", rf"(?:(?P<rel>{I % 'last|next|this'})\s+)?(?P<hol>{_alt(lex.holidays)})(?![A-Za-z])",
         _h_holiday),
        ("reference", I % rf"(?<![\w-])(?P<ref>{_alt(lex.references)})(?![\w-])", _h_reference),
    ]
    return [(name, re.compile(rx), fn) for name, rx, fn in rules]


# ---- handlers --------------------------------------------------------------------------------

def _month_num(word: str) -> int:
    lex = lexicon()
    w = word.rstrip(".")
    return lex.months.get(w) or lex.months.get(w.capitalize()) or 0


def _weekday_num(word: str) -> int:
    lex = lexicon()
    w = word.rstrip(".")
    return lex.weekdays.get(w) or lex.weekdays.get(w.capitalize()) or 0


def _h_full_date(m: re.Match, ctx: _Context):
    month, day = _month_num(m["mon"]), int(m["day"])
    if m["year"]:
        y = int(m["year"])
        return ("date", f"{y:04d}-{month:02d}-{day:02d}", "absolute") if _safe_date(y, month, day) else None
    if m["mon"] == "May" and not re.match(r"\s*\d", ctx.text[m.end("mon"):]):
        return None
    if ctx.dct is None:
        return "date", f"XXXX-{month:02d}-{day:02d}", "none"
    if m.group("wd"):
        # A weekday beside the date settles the year: the one where they agree, nearest first.
        wdn = _weekday_num(m["wd"])
        for y in sorted((ctx.dct.year, ctx.dct.year - 1, ctx.dct.year + 1), key=lambda y: abs(y - ctx.dct.year)):
            d = _safe_date(y, month, day)
            if d and d.isoweekday() == wdn:
                return "date", d.isoformat(), "published"
    y = _pick_year(ctx.dct, month, day, ctx.tense(m.start(), m.end()))
    if y is None or not _safe_date(y, month, day):
        return None
    return "date", f"{y:04d}-{month:02d}-{day:02d}", "published"


def _h_numeric(m: re.Match, ctx: _Context):
    y = int(m["y"])
    if y < 100:
        y += 2000 if y < 50 else 1900
    month, day = int(m["m"]), int(m["d"])
    if not _safe_date(y, month, day):
        return None
    return "date", f"{y:04d}-{month:02d}-{day:02d}", "absolute"


def _h_month_year(m: re.Match, ctx: _Context):
    return "date", f"{int(m['year']):04d}-{_month_num(m['mon']):02d}", "absolute"


def _may_is_month(m: re.Match, ctx: _Context) -> bool:
    """"May" the month rather than the modal verb: it needs a word that only a month takes."""
    if m["rel"] or m["pmod"] or m["yrel"] or m["yrel2"]:
        return True
    prev = _prev_word(ctx.text, m.start("mon")).strip(",;:(")
    if prev in lexicon().may_month_before:
        nxt = _next_word(ctx.text, m.end("mon")).lower()
        # "in May be" / "until May have" are still the verb after a clause break, rarely; a
        # following word that a verb would take after "May" marks it.
        return nxt not in ("be", "have", "not", "i", "we", "you", "he", "she", "they", "it")
    return False


def _h_month(m: re.Match, ctx: _Context):
    month = _month_num(m["mon"])
    if m["mon"] in ("May", "MAY") and not _may_is_month(m, ctx):
        return None
    if m["mon"] in ("March", "MARCH"):
        prev = _prev_word(ctx.text, m.start("mon"))
        nxt = _next_word(ctx.text, m.end("mon")).lower()
        # "March" opens a sentence as a month, but "a March on Washington" is not one.
        if prev in ("a", "the", "to") or nxt in ("on", "against", "for"):
            return None
    rel = (m["rel"] or "").lower()
    yrel = (m["yrel"] or m["yrel2"] or "").lower()
    if rel in ("each", "every"):
        return "set", f"XXXX-{month:02d}", "none"
    if ctx.dct is None:
        return "date", f"XXXX-{month:02d}", "none"
    if yrel:
        y = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[yrel]
    elif rel == "last" or rel == "past" or rel == "previous":
        y = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    elif rel in ("next", "coming"):
        y = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    elif rel == "this":
        y = ctx.dct.year
    else:
        y = _pick_year(ctx.dct, month, None, ctx.tense(m.start(), m.end()))
    return "date", f"{y:04d}-{month:02d}", "published"


def _h_year(m: re.Match, ctx: _Context):
    text = ctx.text
    prev = _prev_word(text, m.start("year"))
    if prev in lexicon().not_year_before or prev.endswith("$") or re.search(r"\d$", prev):
        return None
    nxt = _next_word(text, m.end("year"))
    if re.match(r"\d", nxt) or re.match(r"(?i)(?:percent|per|%|kg|kilo|pounds?|tons?|grams?|people|members?|officers|troops|votes|times)\b", nxt):
        return None
    # A four-digit count before a plural noun ("2000 pills") is no year, unless a word that only
    # a date takes comes first ("in 2000 prices fell", "the 1990 elections").
    if re.fullmatch(r"[a-z]+s", nxt) and nxt not in ("was", "is", "has", "as", "this", "its", "thus", "his", "plus", "levels") \
            and prev not in ("in", "since", "of", "from", "by", "until", "through", "during", "before", "after",
                             "between", "and", "to", "the", "its", "his", "her", "their", "fiscal", "year", "early",
                             "late", "mid", "around", "circa", "for", "spring", "summer", "fall", "winter"):
        return None
    y = int(m["year"])
    if ctx.dct and y > ctx.dct.year + 30:
        return None
    return "date", f"{y:04d}", "absolute"


def _h_year_quarter(m: re.Match, ctx: _Context):
    y = int(m["year"])
    if m["ord"]:
        return "date", f"{y:04d}-Q{_num_ord(m['ord'])}", "absolute"
    if ctx.dct is None:
        return "date", f"{y:04d}", "absolute"
    # "the 1988 quarter" compares with the quarter just reported, a year or more back.
    _, mo = _add_months(ctx.dct.year, ctx.dct.month, -3)
    return "date", f"{y:04d}-Q{_quarter(mo)}", "absolute"


def _h_spelled_year(m: re.Match, ctx: _Context):
    if m["k"]:
        return "date", f"{2000 + (_num(m['rest2']) if m['rest2'] else 0):04d}", "absolute"
    rest = _num(m["rest"])
    cent = _num(m["cent"])
    if not isinstance(rest, int) or not isinstance(cent, int):
        return None
    return "date", f"{cent * 100 + rest:04d}", "absolute"


def _h_decade_word(m: re.Match, ctx: _Context):
    digit = lexicon().decade_words[m["dw"].lower()]
    century = ctx.dct.year // 100 if ctx.dct else 19
    if ctx.dct and digit > (ctx.dct.year % 100) // 10:
        century -= 1
    return "date", f"{century:02d}{digit}", "published" if ctx.dct else "none"


def _h_the_year(m: re.Match, ctx: _Context):
    """"for the year" is the publication year; "the year ended March 31" is a year's length."""
    if m["ended"]:
        return "duration", "P1Y", "absolute"
    nxt = _next_word(ctx.text, m.end()).lower()
    if nxt in ("before", "after", "earlier", "later", "when", "that", "in", "of", "since"):
        return None  # counted from some other event
    if ctx.dct is None:
        return "date", "XXXX", "none"
    return "date", f"{ctx.dct.year:04d}", "published"


def _h_year_end(m: re.Match, ctx: _Context):
    if ctx.dct is None:
        return "date", "XXXX", "none"
    return "date", f"{ctx.dct.year:04d}", "published"


def _h_decade(m: re.Match, ctx: _Context):
    dec = m["dec"]
    if dec.startswith("'"):
        century = (ctx.dct.year // 100) if ctx.dct else 19
        if int(dec[1]) * 10 > (ctx.dct.year % 100 if ctx.dct else 99):
            century -= 1
        return "date", f"{century:02d}{dec[1]}", "published" if ctx.dct else "none"
    return "date", dec[:3], "absolute"


def _h_century(m: re.Match, ctx: _Context):
    word = m["ord"].lower()
    if word in ("this", "last", "next", "past"):
        if ctx.dct is None:
            return None
        c = ctx.dct.year // 100 + {"this": 0, "last": -1, "past": -1, "next": 1}[word]
        if word == "past" and "the" in m.group(0).lower():
            return "duration", "P100Y", "absolute"
        return "date", f"{c:02d}", "published"
    n = int(re.match(r"\d+", word).group(0)) if word[0].isdigit() else lexicon().ordinals.get(word)
    if not n or n > 30:
        return None
    return "date", f"{n - 1:02d}", "absolute"


def _h_weekday(m: re.Match, ctx: _Context):
    wdn = _weekday_num(m["wd"])
    rel = (m["rel"] or "").lower()
    pod = (m["pod"] or "").lower()
    code = lexicon().parts_of_day.get(pod, "") if pod else ""
    if m["plural"] or rel in ("each", "every"):
        return "set", f"XXXX-WXX-{wdn}" + (f"T{code}" if code else ""), "none"
    if m["wd"].endswith(".") and not rel:
        return None
    if ctx.dct is None:
        return ("time" if code else "date"), f"XXXX-WXX-{wdn}" + (f"T{code}" if code else ""), "none"
    rel_key = {"last": "last", "next": "next", "this": "this", "this past": "last"}.get(rel)
    tense = "future" if rel in ("until", "by") else ctx.tense(m.start(), m.end())
    if rel == "since":
        tense = "past"
    day = _weekday_date(ctx.dct, wdn, rel_key, tense)
    if code:
        return "time", f"{day.isoformat()}T{code}", "published"
    return "date", day.isoformat(), "published"


def _h_clock(m: re.Match, ctx: _Context):
    if m.groupdict().get("word"):
        w = m["word"].lower()
        hhmm = lexicon().parts_of_day.get(w) or lexicon().parts_of_day[re.split(r"[\s-]", w.removeprefix("mid"))[-1]]
    else:
        h = int(m["h"]) % 12
        if m["ap"].lower().startswith("p"):
            h += 12
        hhmm = f"{h:02d}:{m['min'] or '00'}"
    date = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    return "time", f"{date}T{hhmm}", "published" if ctx.dct else "none"


def _h_relday(m: re.Match, ctx: _Context):
    rd = re.sub(r"\s+", " ", m["rd"].lower())
    pod = (m["pod"] or "").lower()
    offset = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0,
              "overnight": 0, "tomorrow": 1, "the day after tomorrow": 2}[rd]
    if rd in ("tonight", "overnight"):
        pod = pod or "night"
    code = lexicon().parts_of_day.get(pod, "") if pod else ""
    if ctx.dct is None:
        value = "PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF")
        return ("time" if code else "date"), value, "none"
    day = (ctx.dct + dt.timedelta(days=offset)).isoformat()
    if code:
        return "time", f"{day}T{code}", "published"
    return "date", day, "published"


def _h_pod_rel(m: re.Match, ctx: _Context):
    rel = re.sub(r"\s+", " ", m["rel"].lower()).split()[-1]
    code = lexicon().parts_of_day[m["pod"].lower()]
    if ctx.dct is None:
        return "time", "PRESENT_REF" if rel == "this" else "PAST_REF", "none"
    off = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    if rel == "last" and m["pod"].lower() != "night":
        off = -1
    return "time", f"{(ctx.dct + dt.timedelta(days=off)).isoformat()}T{code}", "published"


def _h_relunit(m: re.Match, ctx: _Context):
    gd = m.groupdict()
    rel = re.sub(r"\s+", " ", (gd.get("rel") or "the").lower())
    unit = (gd.get("unit") or "weekend").lower()
    if rel in ("the past", "the coming") and unit not in ("weekend",) and unit not in lexicon().seasons:
        # "the past year" is a stretch of time, not a calendar year.
        if unit == "half":
            return None
        return "duration", _duration(1, unit), "absolute"
    step = {"last": -1, "this past": -1, "the previous": -1, "previous": -1, "the past": -1,
            "next": 1, "the following": 1, "the coming": 1, "coming": 1}.get(rel, 0)
    dct = ctx.dct
    if dct is None:
        value = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}[step]
        return "date", value, "none"
    if rel == "the" and unit == "weekend":
        step = -1 if ctx.tense(m.start(), m.end()) != "future" and dct.isoweekday() < 6 else 0
        if ctx.tense(m.start(), m.end()) == "future" and dct.isoweekday() >= 6:
            step = 1
    if unit == "week":
        return "date", _week(dct + dt.timedelta(days=7 * step)), "published"
    if unit == "weekend":
        base = dct + dt.timedelta(days=7 * step)
        return "date", f"{_week(base)}-WE", "published"
    if unit == "month":
        y, mo = _add_months(dct.year, dct.month, step)
        return "date", f"{y:04d}-{mo:02d}", "published"
    if unit == "year":
        return "date", f"{dct.year + step:04d}", "published"
    if unit == "decade":
        return "date", f"{(dct.year // 10 + step):03d}", "published"
    if unit == "quarter":
        y, mo = _add_months(dct.year, dct.month, 3 * step)
        return "date", f"{y:04d}-Q{_quarter(mo)}", "published"
    if unit == "half":
        h = 1 if dct.month <= 6 else 2
        idx = dct.year * 2 + (h - 1) + step
        return "date", f"{idx // 2:04d}-H{idx % 2 + 1}", "published"
    code = lexicon().seasons[unit]
    return "date", f"{_season_year(dct, code, step):04d}-{code}", "published"


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season_year(dct: dt.date, code: str, step: int) -> int:
    """The year of the season `step` seasons-of-that-name away from the one at publication."""
    start = _SEASON_START[code]
    cur_year = dct.year if dct.month >= 3 else dct.year - 1
    cur_month = dct.month if dct.month >= 3 else dct.month + 12
    if step < 0:
        return cur_year if start < cur_month - 2 and start <= cur_month else cur_year - 1
    if step > 0:
        return cur_year if start > cur_month else cur_year + 1
    return cur_year


def _h_season(m: re.Match, ctx: _Context):
    code = lexicon().seasons[m["season"].lower()]
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if m["year"]:
        return "date", f"{int(m['year']):04d}-{code}", "absolute"
    if not rel:
        prev = _prev_word(ctx.text, m.start())
        if prev not in ("in", "during", "the", "this", "by", "until", "since", "over", "through") and not m["mod"]:
            return None
    if ctx.dct is None:
        return "date", f"XXXX-{code}", "none"
    step = {"last": -1, "the past": -1, "this past": -1, "past": -1, "next": 1, "the coming": 1,
            "coming": 1}.get(rel)
    if step is None:
        tense = ctx.tense(m.start(), m.end())
        step = -1 if tense == "past" and rel != "this" else (1 if tense == "future" and rel != "this" else 0)
        if rel == "this":
            step = 0
    return "date", f"{_season_year(ctx.dct, code, step):04d}-{code}", "published"


_UNIT_GRAIN = {"second": "day", "minute": "day", "hour": "day", "day": "day", "night": "day",
               "week": "week", "fortnight": "week", "month": "month", "quarter": "quarter",
               "year": "year", "decade": "year", "century": "year"}


def _shift(dct: dt.date, amount: int, unit: str) -> str:
    letter, mult = lexicon().units[unit]
    n = amount * mult
    grain = _UNIT_GRAIN[unit]
    if grain == "day":
        days = n if unit in ("day", "night") else 0
        return (dct + dt.timedelta(days=days)).isoformat()
    if grain == "week":
        return _week(dct + dt.timedelta(weeks=n))
    if grain in ("month", "quarter"):
        y, mo = _add_months(dct.year, dct.month, n * (3 if grain == "quarter" else 1))
        return f"{y:04d}-{mo:02d}" if grain == "month" else f"{y:04d}-Q{_quarter(mo)}"
    return f"{dct.year + n:04d}"


def _h_ago(m: re.Match, ctx: _Context):
    gd = m.groupdict()
    unit = _unit(gd["unit"])
    if unit is None:
        return None
    direction = re.sub(r"\s+", " ", gd["dir"].lower())
    amount = _num(gd["num"]) if gd.get("num") else "X"
    if direction in ("before", "after"):
        # "two days before the vote" counts from the vote, not from publication.
        if re.match(r"\s*(?:[,.;]|$)", ctx.text[m.end():m.end() + 3]) and amount not in (None, "X"):
            direction = "earlier" if direction == "before" else "later"
        else:
            return "duration", _duration(amount if amount is not None else "X", unit), "absolute"
    if direction == "back":
        direction = "ago"
    if direction in ("earlier", "later") and not (unit == "year" and amount == 1 and direction == "earlier"):
        # "three days later" counts from the story's last event, which TimeML leaves as a length.
        return "duration", _duration(amount if amount is not None else "X", unit, bool(gd.get("half"))), "absolute"
    sign = -1 if direction in ("ago", "earlier") else 1
    if amount is None:
        return None
    if amount == "X" or ctx.dct is None:
        return "date", "PAST_REF" if sign < 0 else "FUTURE_REF", "none" if ctx.dct is None else "published"
    if isinstance(amount, float):
        amount = round(amount)
    return "date", _shift(ctx.dct, sign * int(amount), unit), "published"


def _h_year_ago_adj(m: re.Match, ctx: _Context):
    if ctx.dct is None:
        return "date", "PAST_REF", "none"
    return "date", f"{ctx.dct.year - 1:04d}", "published"


def _h_duration(m: re.Match, ctx: _Context):
    if m["age"]:
        return None
    unit = _unit(m["unit"])
    amount = _num(m["num"].replace(",", ""))
    if unit is None or amount is None:
        return None
    if re.fullmatch(r"(?:1[5-9]|20)\d\d", m["num"]):
        return None  # "the 1988 quarter" is a year's quarter, not 1988 of them
    prev = _prev_word(ctx.text, m.start())
    nxt = _next_word(ctx.text, m.end()).lower()
    if nxt in ("old", "olds", "-old") or m.group(0).lower().endswith("-year") and nxt.startswith("-old"):
        return None
    if unit == "second" and m["num"].lower() in ("a", "an"):
        return None  # "a second" is an ordinal ("a second time")
    if unit == "quarter" and m["num"].lower() in ("a", "an"):
        return None  # "a quarter of the money"
    if unit == "night" and m["num"].lower() in ("a", "an", "one"):
        return None
    # "$5 a year", "10 percent a year": a rate, which TimeML marks as a set.
    if m["num"].lower() in ("a", "an") and not m["rel"] and (re.search(r"[\d%]$", prev) or prev in
                                                             ("percent", "times", "once", "twice", "dollars")):
        return "set", _duration(1, unit), "absolute"
    return "duration", _duration(amount, unit, bool(m["half"])), "absolute"


def _h_duration_plural(m: re.Match, ctx: _Context):
    unit = _unit(m["unit"])
    if unit is None:
        return None
    return "duration", _duration("X", unit), "absolute"


def _h_set(m: re.Match, ctx: _Context):
    gd = m.groupdict()
    if gd.get("season"):
        return "set", f"XXXX-{lexicon().seasons[gd['season'].lower()]}", "none"
    unit = _unit(gd.get("unit") or gd.get("unit2"))
    if unit is None:
        return None
    return "set", _duration(1, unit), "absolute"


def _h_frequency(m: re.Match, ctx: _Context):
    return "set", lexicon().frequencies[m["freq"].lower()], "absolute"


def _h_quarter(m: re.Match, ctx: _Context):
    n = _num_ord(m["ord"])
    part = m["part"].lower()
    if part == "half" and n not in (1, 2) or part == "quarter" and not 1 <= n <= 4:
        return None
    letter = "Q" if part == "quarter" else "H"
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if m["year"]:
        return "date", f"{int(m['year']):04d}-{letter}{n}", "absolute"
    if ctx.dct is None:
        return "date", f"XXXX-{letter}{n}", "none"
    y = ctx.dct.year
    yrel = (m["yrel"] or "").lower()
    if rel in ("last year's", "the year-earlier", "the year-ago", "year-earlier", "year-ago") or yrel == "last":
        y -= 1
    elif rel == "next year's" or yrel == "next":
        y += 1
    return "date", f"{y:04d}-{letter}{n}", "published"


def _num_ord(word: str) -> int:
    w = word.lower()
    if w[0].isdigit():
        return int(w[0])
    return lexicon().ordinals.get(w, 0)


def _h_quarter_rel(m: re.Match, ctx: _Context):
    rel = re.sub(r"\s+", " ", m["rel"].lower()).removeprefix("the ").strip()
    part = m["part"].lower()
    if part == "period" and rel not in ("latest", "year-earlier", "year-ago", "most recent"):
        return None
    if ctx.dct is None:
        return "date", "XXXX-QX", "none"
    # A company reports the quarter that has just closed: "the quarter" in October is Q3.
    step = {"this": 0, "current": 0, "next": 1}.get(rel, -1)
    y, mo = _add_months(ctx.dct.year, ctx.dct.month, 3 * step)
    if rel in ("year-earlier", "year-ago"):
        y -= 1
    return "date", f"{y:04d}-Q{_quarter(mo)}", "published"


def _h_holiday(m: re.Match, ctx: _Context):
    lex = lexicon()
    name = next(k for k in lex.holidays if re.fullmatch(re.escape(k).replace(r"\ ", r"\s+"), m["hol"]))
    rule = lex.holidays[name]

    def on(year: int) -> dt.date:
        if isinstance(rule, str):
            mo, d = map(int, rule.split("-"))
            return dt.date(year, mo, d)
        mo, wdn, n = rule
        if name == "Election Day":
            return _nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)
        return _nth_weekday(year, mo, wdn, n)

    if ctx.dct is None:
        d = on(2000)
        return "date", f"XXXX-{d.month:02d}-{d.day:02d}", "none"
    rel = (m["rel"] or "").lower()
    tense = {"last": "past", "next": "future"}.get(rel) or ctx.tense(m.start(), m.end())
    cands = [on(y) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)]
    if tense == "past":
        pick = max(d for d in cands if d <= ctx.dct)
    elif tense == "future":
        pick = min(d for d in cands if d >= ctx.dct)
    else:
        pick = min(cands, key=lambda d: abs((d - ctx.dct).days))
    return "date", pick.isoformat(), "published"


def _h_reference(m: re.Match, ctx: _Context):
    word = re.sub(r"\s+", " ", m["ref"].lower())
    nxt = _next_word(ctx.text, m.end()).lower().strip(",.;:")
    prev = _prev_word(ctx.text, m.start())
    if word == "once" and (nxt in ("a", "an", "again", "more", "the", "it", "he", "she", "they", "you", "we")
                           or prev in ("at", "all")):
        return None
    if word == "current" and nxt in ("account", "accounts", "affairs", "events", "and", "of", "in", "to",
                                     "form", "law", "laws", "rules", "members", "member", "president",
                                     "chairman", "director", "state", "system"):
        return None
    if word in ("earlier", "recent") and nxt and nxt not in (",", ".") and word == "earlier" and \
            re.match(r"[a-z]", nxt) and nxt not in ("this", "that", "today"):
        return None
    if word == "future" and prev not in ("the", "in", "near", "distant", "foreseeable") and nxt not in ("quarters", "years"):
        return None
    if word == "one day" and ctx.tense(m.start(), m.end()) != "future":
        return None
    return "date", lexicon().references[word], "none"


# --------------------------------------------------------------------------------------------
# Putting the candidates together.

_LEADING = re.compile(r"(?i:at|on|by|until|till|since|in|over|during|for|of|from|within)\s+")
_JOINER = re.compile(r"\s*(?:,|on|of|at|\(|-)?\s*", re.I)


def _merge_clock_with_date(cands: list[_Cand], text: str) -> list[_Cand]:
    """"10 p.m. Wednesday", "Friday, 6 a.m.": a clock time takes the day from its neighbour."""
    out: list[_Cand] = []
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
                out.append(_Cand(c.start, nxt.end, "time", f"{date.value[:10]}T{hhmm}", date.anchor, "clock"))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _quarter_context(cands: list[_Cand], ctx: _Context) -> None:
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
    ctx = _Context(text, published, doc)
    found: list[_Cand] = []
    for name, rx, handler in _rules():
        for m in rx.finditer(text):
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
            found.append(_Cand(start, end, kind, value, anchor, name))
    # Longest first; on a tie the earlier rule in the list wins (they are ordered by precision).
    order = {name: i for i, (name, _, _) in enumerate(_rules())}
    found.sort(key=lambda c: (-(c.end - c.start), order[c.kind], c.start))
    taken: list[_Cand] = []
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
        _rules()

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, find_times(doc, doc._.rs_published))
        return doc


@Language.factory("rapsheet_timex")
def make_timex(nlp: Language, name: str) -> TimexComponent:
    return TimexComponent(nlp, name)
