"""Dates and sources as people read them: TimeML values and article records in, words out.

`readable_date(value, published, text)` turns what the reading stored ("2025-03-31",
"XXXX-03-31", "XXXX-WXX-4", "PAST_REF" ...) into "31 March 2025", "31 March (year not stated)",
"a Thursday (date not stated)", "about a year before 23 April 2025", and "date not stated" when
nothing is known; it never gives the code back. `outlet(article)` and `source_line(article)` say
where a fact was read: the article's title, its outlet (the web site it came from) and its date,
never a hash or a file path.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from rapsheet.data import words

NOT_STATED = "date not stated"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PARTS = {"Q1": "first quarter of", "Q2": "second quarter of", "Q3": "third quarter of",
          "Q4": "fourth quarter of", "H1": "first half of", "H2": "second half of",
          "SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_TIMES = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour"}
_NUMBER_WORDS: dict[str, int | None] = {
    "a": 1, "an": 1, **{w: n for w, n in words().numbers.items() if n <= 12},
    "several": None, "few": None, "a few": None, "many": None}
_AGO = re.compile(r"\b(?:about |some |nearly |almost |more than |over )?(\d+|"
                  + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\s+"
                  r"(day|week|month|year|decade)s?\s+(ago|earlier|before|later|from now)\b", re.I)
_YEAR = r"(\d{4}|XXXX)"


def day(value: str | dt.date | None) -> str | None:
    """An ISO day as words: "23 April 2025"; None when it is not one."""
    if isinstance(value, dt.date):
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    try:
        return day(dt.date.fromisoformat((value or "")[:10])) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _time_of_day(code: str) -> str:
    if code in _TIMES:
        return _TIMES[code]
    match = re.fullmatch(r"(\d\d):(\d\d)(?::\d\d)?", code)
    return f"{match[1]}:{match[2]}" if match else ""


def _relative(value: str, published: str | None, text: str | None) -> str:
    anchor = day(published)
    if value == "PRESENT_REF":
        return f"around {anchor}" if anchor else NOT_STATED
    later = value == "FUTURE_REF"
    match = _AGO.search(text or "")
    if match and anchor:
        amount, unit = match[1].lower(), match[2].lower()
        n = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount)
        span = (f"{'a' if unit != 'hour' else 'an'} {unit}" if n == 1 else
                f"{n} {unit}s" if n else f"some {unit}s")
        later = later or match[3].lower() in ("later", "from now")
        return f"about {span} {'after' if later else 'before'} {anchor}"
    if anchor:
        return f"some time {'after' if later else 'before'} {anchor}"
    return "in the future (date not stated)" if later else "in the past (date not stated)"


def _duration(value: str) -> str:
    match = re.fullmatch(r"P(\d+|X)([YMWD])|PT(\d+|X)H", value)
    if not match:
        return NOT_STATED
    amount, unit = (match[1], match[2]) if match[1] else (match[3], "H")
    word = _UNITS[unit]
    if amount == "X":
        return f"some {word}s"
    return f"{amount} {word}{'' if amount == '1' else 's'}"


def readable_date(value: str | None, published: str | None = None, text: str | None = None) -> str:
    """A TimeML value as words; `published` (ISO day) anchors relative values and `text` (the
    words the article used) says how far back "PAST_REF" was."""
    value = (value or "").strip()
    if not value:
        return NOT_STATED
    if value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return _relative(value, published, text)
    if value.startswith("P"):
        return _duration(value)
    value, _, clock = value.partition("T")
    when = _time_of_day(clock)
    match = re.fullmatch(_YEAR + r"(?:-(\d\d|XX|W\d\d|WXX|Q\d|QX|H\d|SP|SU|FA|WI))?(?:-(\d\d|\d))?", value)
    if not match:
        return NOT_STATED
    year, middle, last = match.groups()
    no_year = year == "XXXX"
    words = ""
    if middle and middle.startswith("W"):
        if middle == "WXX" and last and last.isdigit() and 1 <= int(last) <= 7:
            words = f"a {_WEEKDAYS[int(last) - 1]}"
            return f"{words}{', ' + when if when else ''} (date not stated)"
        if middle != "WXX" and not no_year:
            try:
                monday = dt.date.fromisocalendar(int(year), int(middle[1:]), 1)
                words = f"the week of {day(monday)}"
            except ValueError:
                return NOT_STATED
    elif middle and middle.isdigit() and 1 <= int(middle) <= 12:
        month = _MONTHS[int(middle) - 1]
        words = f"{int(last)} {month}" if last and last.isdigit() else month
        if not no_year:
            words = f"{words} {year}"
    elif middle in _PARTS:
        words = _PARTS[middle] + ("" if no_year else f" {year}")
    elif not middle and not no_year:
        words = year
    if not words:
        return NOT_STATED
    if when:
        words = f"{words}, {when}"
    return f"{words} (year not stated)" if no_year else words


def outlet(article: dict) -> str | None:
    """The web site an article came from ("justice.gov"), or None when only a file is known."""
    for candidate in (article.get("url"), article.get("source")):
        if candidate and candidate.startswith(("http://", "https://")):
            host = urlsplit(candidate).hostname or ""
            return host.removeprefix("www.") or None
    return None


def title_of(article: dict) -> str:
    return (article.get("title") or article.get("headline") or "").strip() or "Untitled article"


def source_line(article: dict) -> str:
    """Title, outlet and date of an article as one line: “Nine Charged …”, justice.gov, 12 March 2025."""
    parts = [f"“{title_of(article)}”"]
    if site := outlet(article):
        parts.append(site)
    parts.append(day(article.get("published")) or "date not stated")
    return ", ".join(parts)


def input_name(source: str) -> str:
    """An input as a reader may see it: a URL whole, a file by its name alone."""
    if source.startswith(("http://", "https://")):
        return source
    return re.split(r"[\\/]", source.rstrip("/\\"))[-1] or source


def excerpt(text: str | None, limit: int = 90, around: str | None = None) -> str:
    """A source sentence, quoted and cut to `limit` characters, as the words of its evidence
    link; with `around` (the words the fact was read from) the cut shows them, so two facts read
    from one sentence have links that read differently."""
    words = " ".join((text or "").split())
    if not words:
        return "the sentence in the article"
    lead = ""
    part = " ".join(str(around).split()) if around else ""
    at = words.find(part) if part else -1
    if at > limit // 3:
        cut = words.rfind(" ", 0, at - limit // 4)
        words, lead = words[cut + 1:], "… "
    elif at > 0 and len(part) < len(words):
        # Near the start, the cut would read like the whole sentence's: begin at the fact's words.
        cut = words.rfind(" ", 0, at + 1)
        words, lead = words[cut + 1:], "… "
    if len(words) > limit:
        words = words[:limit].rsplit(" ", 1)[0] + " …"
    return f"“{lead}{words}”"
