"""The rule table: a regular expression per kind of time expression, and the handler that
normalises its match. Rules are ordered by precision: on a tie in length the earlier one wins."""
from __future__ import annotations

import re
from functools import cache

from rapsheet.nlp.anchored_scan import AnchoredScan
from rapsheet.nlp.scan import FastScan
from rapsheet.nlp.timex.context import Handler
from rapsheet.nlp.timex.handlers import (
    h_ago,
    h_century,
    h_clock,
    h_decade,
    h_decade_word,
    h_duration,
    h_duration_plural,
    h_frequency,
    h_full_date,
    h_holiday,
    h_month,
    h_month_year,
    h_numeric,
    h_pod_rel,
    h_quarter,
    h_quarter_rel,
    h_reference,
    h_relday,
    h_relunit,
    h_season,
    h_set,
    h_spelled_year,
    h_the_year,
    h_weekday,
    h_year,
    h_year_ago_adj,
    h_year_end,
    h_year_quarter,
)
from rapsheet.nlp.timex.lexicon import Lexicon, alternation, lexicon


_I = "(?i:%s)"


class _Pieces:
    """Sub-patterns that several rules share, built from the lexicon."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|:\d|,\d|\.\d)"
        tens = [w for w, v in lex.numbers.items() if isinstance(v, int) and 20 <= v <= 90]
        ones = [w for w, v in lex.numbers.items() if isinstance(v, int) and 1 <= v <= 9 and " " not in w
                and w not in ("a", "an")]
        self.num_words = [w for w in lex.numbers]
        self.num = (rf"(?P<num>(?:{alternation(tens)})[\s-](?:{alternation(ones)})|{alternation(self.num_words)}"
                    rf"|\d+\s+1/2|\d+(?:\.\d+)?|\d{{1,3}}(?:,\d{{3}})+)")
        unit_words = list(lex.units) + [u + "s" for u in lex.units] + list(lex.unit_plurals)
        self.unit = rf"(?P<unit>{alternation(unit_words)})(?![A-Za-z])"
        self.approx = rf"(?:(?:{lex.approximators})\s+)"
        self.pmod = rf"(?P<pmod>{lex.point_modifiers})"
        self.pod = rf"(?P<pod>{alternation([p for p in lex.parts_of_day if p not in ('noon', 'midnight', 'midday', 'overnight')])})"
        self.ords = alternation(list(lex.ordinals) + ["1st", "2nd", "3rd", "4th"])
        self.season = rf"(?P<season>{alternation(lex.seasons)})"

    def mon(self, name: str, full_only: bool = False) -> str:
        lex = self.lex
        words = []
        src = lex.months_full if full_only else lex.months
        for w in src:
            for form in {w, w.upper()}:
                words.append(re.escape(form) + ("" if full_only or w in lex.months_full else r"\.?"))
        return rf"(?P<{name}>{alternation(words, escape=False)})(?![A-Za-z])"

    def wd(self, name: str) -> str:
        words = []
        for w in self.lex.weekdays:
            full = len(w) > 4
            words.append(re.escape(w) + ("" if full else r"\."))
            if full:
                words.append(re.escape(w.upper()))
        return rf"(?P<{name}>{alternation(words, escape=False)})(?![A-Za-z])"

    @staticmethod
    def year(name: str) -> str:
        return rf"(?P<{name}>(?:1[5-9]|20)\d\d)(?![\d%]|,\d|\.\d|-\d|/\d)"


def _calendar_rules(p: _Pieces, lex: Lexicon) -> list[tuple[str, str, Handler]]:
    """Dates and parts of the calendar: "March 31, 2025", "1990s", "the 19th century"."""
    return [
        ("date_mdy", rf"(?:{p.wd('wd')},?\s+)?(?:(?i:{lex.point_modifiers})\s+)?{p.mon('mon')}\s+{p.day}(?:,?\s+{p.year('year')})?",
         h_full_date),
        ("date_dmy", rf"(?:{p.wd('wd')},?\s+)?(?:(?i:the)\s+)?{p.day}(?:\s+of)?\s+{p.mon('mon')}(?:,?\s+{p.year('year')})?",
         h_full_date),
        ("date_numeric", r"(?<![\d/.-])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{4}|\d{2})(?![\d/])",
         h_numeric),
        ("date_iso", r"(?<![\d-])(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])",
         h_numeric),
        ("month_year", rf"(?:{_I % p.pmod}[\s-]*)?{p.mon('mon')},?\s+(?:of\s+)?{p.year('year')}", h_month_year),
        ("month", rf"(?:{_I % p.pmod}[\s-]*)?(?:(?P<rel>{_I % 'last|next|this|past|coming|previous|each|every'})\s+)?"
                  rf"{p.mon('mon', full_only=True)}"
                  rf"(?:\s+(?P<yrel>{_I % 'this|last|next'})\s+year|\s+of\s+(?P<yrel2>{_I % 'this|last|next'})\s+year)?",
         h_month),
        ("year", rf"(?:(?P<pmod>{_I % (lex.point_modifiers + '|fiscal|calendar|FY|the year|post|pre|circa')})[\s-]*)?"
                 rf"(?<![\d$€£#§.,/:])(?<!\d-){p.year('year')}", h_year),
        ("year_quarter", _I % rf"(?:the\s+)?{p.year('year')}\s+(?:fiscal\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?P<part>quarter|period)(?![\w-])",
         h_year_quarter),
        ("spelled_year", _I % r"(?:the\s+year\s+)?(?P<cent>eighteen|nineteen)\s+(?:hundred\s+(?:and\s+)?)?(?P<rest>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?![\w-])"
                             r"|the\s+year\s+(?P<k>two\s+thousand)(?:\s+and\s+(?P<rest2>one|two|three|four|five|six|seven|eight|nine))?", h_spelled_year),
        ("decade_word", _I % rf"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<dw>{alternation(lex.decade_words)})(?![\w-])", h_decade_word),
        ("the_year", _I % r"the\s+(?P<adj>full\s+|fiscal\s+|current\s+|current\s+fiscal\s+|entire\s+|whole\s+)?year(?![\w'’-])(?P<ended>\s+(?:ended|ending))?",
         h_the_year),
        ("year_end", _I % r"(?:around\s+|by\s+|at\s+)?(?:the\s+)?(?:end\s+of\s+the\s+year|year[\s-]end|year's\s+end)(?![\w-])", h_year_end),
        ("decade", rf"(?:{_I % 'the'}\s+)?(?:{_I % p.pmod}[\s-]+)?(?P<dec>(?:1[5-9]|20)\d0|'\d0)'?s(?![A-Za-z])",
         h_decade),
        ("century", _I % rf"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{p.ords}|this|last|next|past)[\s-]+century",
         h_century),
    ]


def _deictic_rules(p: _Pieces, lex: Lexicon) -> list[tuple[str, str, Handler]]:
    """Expressions read from the publication date: "Friday", "last week", "two years ago"."""
    return [
        ("weekday", rf"(?:(?P<rel>{_I % 'last|next|this|this past|on|early|late|earlier|later|until|by|since|each|every'})\s+)?"
                    rf"{p.wd('wd')}(?P<plural>s(?![A-Za-z]))?(?:\s+{_I % p.pod})?", h_weekday),
        ("clock", _I % r"(?:(?:around|about|at|by|until|before|after|shortly\s+after|shortly\s+before)\s+)?"
                      r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<min>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|a\.m|p\.m|am|pm)(?![A-Za-z])"
                      r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time))?", h_clock),
        ("clock_word", _I % r"(?:(?:around|about|at|by|until|before|after)\s+)?(?P<word>noon|midnight|midday|mid[\s-]?afternoon|mid[\s-]?morning)(?![A-Za-z])",
         h_clock),
        ("relday", _I % rf"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rd>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|overnight)(?![A-Za-z])"
                       rf"(?:\s+{p.pod})?", h_relday),
        ("pod_rel", _I % rf"(?P<rel>this|last|tomorrow|yesterday|early\s+this|late\s+this|later\s+this|earlier\s+this)\s+{p.pod}(?![A-Za-z])",
         h_pod_rel),
        ("relunit", _I % r"(?:(?P<mod>early|late|earlier|later|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of|the\s+rest\s+of|mid)[\s-]*)?"
                        r"(?P<rel>last|this|next|this\s+past|the\s+current|the\s+previous|the\s+following|the\s+coming|the\s+past|the\s+same|current|previous|coming)\s+"
                        r"(?P<unit>week|weekend|month|year|decade|fall|autumn|spring|summer|winter|quarter|half)(?![\w-])",
         h_relunit),
        ("weekend", _I % r"(?:over\s+|during\s+|on\s+)?the\s+weekend(?![\w-])", h_relunit),
        ("ago", _I % rf"(?:{p.approx}|(?:just|some|more\s+than|about|nearly|almost|over)\s+)*{p.num}[\s-]+{p.unit}(?P<half>\s+and\s+a\s+half)?\s+(?P<dir>ago|earlier|later|from\s+now|hence|before|after|back)(?![A-Za-z])",
         h_ago),
        ("ago_plain", _I % r"(?P<unit>years|months|weeks|days|decades)\s+(?P<dir>ago|earlier|later)(?![A-Za-z])",
         h_ago),
        ("year_ago_adj", _I % r"(?P<rel>year-earlier|year-ago|a\s+year\s+earlier)(?![\w-])", h_year_ago_adj),
    ]


def _span_rules(p: _Pieces, lex: Lexicon) -> list[tuple[str, str, Handler]]:
    """Durations, sets, quarters, seasons, holidays and vague references."""
    return [
        ("duration", _I % rf"(?:{p.approx}+)?(?:(?P<rel>the\s+(?:past|last|next|first|previous|coming|following|latest|final|remaining|same|entire|whole|initial|ensuing|preceding)|past|last|next|first|another|an\s+additional|each\s+of\s+the\s+(?:past|last|next))\s+)?"
                          rf"{p.num}(?:\s+(?:to|or|and)\s+(?:{alternation(p.num_words)}|\d+))?[\s-]+(?:more\s+|additional\s+|full\s+|consecutive\s+|straight\s+|trading\s+|business\s+|calendar\s+|working\s+)?{p.unit}"
                          rf"(?P<half>\s+and\s+a\s+half)?(?:\s+or\s+so)?(?P<age>[\s-]+olds?(?![A-Za-z])|\s+of\s+age)?",
         h_duration),
        ("duration_plural", _I % r"(?P<pre>(?:in\s+|for\s+|over\s+|within\s+|of\s+)?(?:the\s+)?(?:recent|coming|past|last|next|several|many|few|a\s+few|ensuing|following|previous|preceding)\s+|(?<=\bfor\s))"
                                r"(?P<unit>seconds|minutes|hours|days|weeks|months|quarters|years|decades|centuries)(?![\w-])",
         h_duration_plural),
        ("set", _I % rf"(?:every|each|per)\s+(?:other\s+|single\s+)?(?P<unit>second|minute|hour|day|night|week|month|quarter|year|decade)(?![\w-])"
                     rf"|(?:once|twice|thrice|{p.num}\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit2>second|minute|hour|day|night|week|month|quarter|year)(?![\w-])",
         h_set),
        ("set_season", _I % rf"(?:every|each)\s+{p.season}(?![\w-])", h_set),
        ("frequency", _I % rf"(?<![\w-])(?P<freq>{alternation(lex.frequencies)})(?![\w-])", h_frequency),
        ("quarter", _I % rf"(?:(?P<rel>this\s+year's|last\s+year's|next\s+year's|the\s+year-earlier|the\s+year-ago|year-earlier|year-ago|the\s+same|a\s+flat|the|its|this|a)\s+)?"
                         rf"(?:fiscal[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?(?P<part>quarter|half)(?!s)"
                         rf"(?:(?:\s+of|,)?\s+(?:fiscal\s+)?(?:{p.year('year')}|(?P<yrel>this|last|next)\s+year))?",
         h_quarter),
        ("quarter_rel", _I % r"(?P<rel>the|this|last|next|the\s+latest|the\s+current|the\s+previous|the\s+year-earlier|the\s+year-ago|year-earlier|year-ago|the\s+same|the\s+recent|the\s+most\s+recent|the\s+past|latest|current|previous)\s+(?:fiscal\s+)?(?P<part>quarter|period)(?![\w-])",
         h_quarter_rel),
        ("season", _I % rf"(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<rel>last|this|next|the\s+past|this\s+past|the\s+coming|past|coming)\s+)?{p.season}"
                        rf"(?:\s+(?:of\s+)?{p.year('year')})?(?![\w-])",
         h_season),
        ("holiday", rf"(?:(?P<rel>{_I % 'last|next|this'})\s+)?(?P<hol>{alternation(lex.holidays)})(?![A-Za-z])",
         h_holiday),
        ("reference", _I % rf"(?<![\w-])(?P<ref>{alternation(lex.references)})(?![\w-])", h_reference),
    ]


@cache
def rules() -> list[tuple[str, re.Pattern, Handler]]:
    """Every rule as (name, compiled pattern, handler), in order of precision."""
    lex = lexicon()
    pieces = _Pieces(lex)
    table = _calendar_rules(pieces, lex) + _deictic_rules(pieces, lex) + _span_rules(pieces, lex)
    return [(name, re.compile(rx), fn) for name, rx, fn in table]


#: rule -> the groups one of which every match holds, found in few places of a text (a unit, a
#: month, a year): the rule is tried only shortly before them (see `AnchoredScan`)
_ANCHORS = {
    "duration": ("unit",),
    "ago": ("unit",),
    "set": ("unit", "unit2"),
    "duration_plural": ("unit",),
    "date_mdy": ("mon",),
    "date_dmy": ("mon",),
    "month": ("mon",),
    "month_year": ("mon",),
    "year_quarter": ("part",),
    "relunit": ("unit",),
    "season": ("season",),
    "weekday": ("wd",),
    "decade": ("dec",),
    "year": ("year",),
    "quarter": ("part",),
    "quarter_rel": ("part",),
}


@cache
def scanners() -> list[tuple[str, FastScan, Handler]]:
    """`rules()` with each pattern as a `FastScan`: the same matches, found without trying the
    rule at every position of the text."""
    return [(name, AnchoredScan(rx, _ANCHORS[name]) if name in _ANCHORS else FastScan(rx), fn)
            for name, rx, fn in rules()]
