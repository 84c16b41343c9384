"""Calendar arithmetic on the publication date: months, ISO weeks, quarters, seasons, durations."""
from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from rapsheet.nlp.timex.lexicon import lexicon


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def iso_week(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if dt.date(year, month, d).isoweekday() == weekday]
    return dt.date(year, month, days[n - 1] if n > 0 else days[n])


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def pick_year(dct: dt.date, month: int, day: int | None, tense: str | None) -> int | None:
    """The year that puts month (and day) on the side of the publication date the tense says.

    Past: the latest such date not after publication; future: the earliest not before it; no
    tense: the nearest one, so that "December 5" read in January is last December."""
    if day and not safe_date(dct.year, month, day) and not safe_date(dct.year - 1, month, day):
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


def weekday_date(dct: dt.date, weekday: int, rel: str | None, tense: str | None) -> dt.date:
    delta = (dct.isoweekday() - weekday) % 7
    if rel == "next":
        return dct + dt.timedelta(days=(weekday - dct.isoweekday()) % 7 or 7)
    if tense == "future" and rel != "last":
        return dct + dt.timedelta(days=(weekday - dct.isoweekday()) % 7)
    if rel == "last":
        return dct - dt.timedelta(days=delta or 7)
    return dct - dt.timedelta(days=delta)


def duration_value(amount: Any, unit: str, half: bool = False) -> str:
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

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_year(dct: dt.date, code: str, step: int) -> int:
    """The year of the season `step` seasons-of-that-name away from the one at publication."""
    start = _SEASON_START[code]
    cur_year = dct.year if dct.month >= 3 else dct.year - 1
    cur_month = dct.month if dct.month >= 3 else dct.month + 12
    if step < 0:
        return cur_year if start < cur_month - 2 and start <= cur_month else cur_year - 1
    if step > 0:
        return cur_year if start > cur_month else cur_year + 1
    return cur_year


_UNIT_GRAIN = {"second": "day", "minute": "day", "hour": "day", "day": "day", "night": "day",
               "week": "week", "fortnight": "week", "month": "month", "quarter": "quarter",
               "year": "year", "decade": "year", "century": "year"}


def shift(dct: dt.date, amount: int, unit: str) -> str:
    letter, mult = lexicon().units[unit]
    n = amount * mult
    grain = _UNIT_GRAIN[unit]
    if grain == "day":
        days = n if unit in ("day", "night") else 0
        return (dct + dt.timedelta(days=days)).isoformat()
    if grain == "week":
        return iso_week(dct + dt.timedelta(weeks=n))
    if grain in ("month", "quarter"):
        y, mo = add_months(dct.year, dct.month, n * (3 if grain == "quarter" else 1))
        return f"{y:04d}-{mo:02d}" if grain == "month" else f"{y:04d}-Q{quarter_of(mo)}"
    return f"{dct.year + n:04d}"
