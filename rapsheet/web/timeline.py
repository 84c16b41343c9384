"""The case file's timeline chart: events placed on a time axis, as numbers for an inline SVG.

Takes the case file's events (dated ones first); gives a `Chart` of points (x, y, the event's
lane, its date as read and a link to its evidence) and axis ticks. An event whose date cannot be
placed (XXXX-02-20, PRESENT_REF) is placed at its article's publication date and marked
"reported", so the chart never invents a date the text does not give.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rapsheet.web import dates

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

WIDTH = 760
MARGIN_LEFT = 110
MARGIN_RIGHT = 30
LANE = 26
TOP = 20


def parse_timeml(value: str | None) -> dt.date | None:
    """The first day a TimeML date value covers (2025-03 -> 2025-03-01), or None."""
    if not value:
        return None
    match = _DATE.match(value)
    try:
        if match:
            year, month, day = match.groups()
            return dt.date(int(year), int(month or 1), int(day or 1))
        match = _WEEK.match(value)
        if match:
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None
    return None


@dataclass(slots=True)
class Point:
    x: float
    y: float
    type: str
    label: str
    href: str
    reported: bool


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    points: list[Point] = field(default_factory=list)
    lanes: list[tuple[str, float]] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    undated: list[dict] = field(default_factory=list)
    axis_y: float = 0.0


def evidence_href(article: str, evidence: dict | None) -> str:
    if evidence and evidence.get("start") is not None:
        return f"/ui/articles/{article}#ev-{evidence['start']}-{evidence['end']}"
    return f"/ui/articles/{article}"


def chart(events: list[dict]) -> Chart:
    placed = []
    undated = []
    for ev in events:
        date = parse_timeml((ev.get("date") or {}).get("value"))
        reported = False
        if date is None:
            date = parse_timeml(ev.get("published"))
            reported = True
        if date is None:
            undated.append(ev)
        else:
            placed.append((date, reported, ev))
    lanes: list[str] = []
    for _, _, ev in placed:
        if ev["type"] not in lanes:
            lanes.append(ev["type"])
    height = TOP + LANE * max(1, len(lanes)) + 30
    result = Chart(WIDTH, height, undated=undated, axis_y=TOP + LANE * max(1, len(lanes)))
    result.lanes = [(name, TOP + LANE * i + LANE / 2) for i, name in enumerate(lanes)]
    if not placed:
        return result
    first = min(d for d, _, _ in placed)
    last = max(d for d, _, _ in placed)
    # A single day still gets a span to sit in.
    if first == last:
        first, last = first - dt.timedelta(days=15), last + dt.timedelta(days=15)
    span = (last - first).days
    inner = WIDTH - MARGIN_LEFT - MARGIN_RIGHT

    def x_of(day: dt.date) -> float:
        return round(MARGIN_LEFT + inner * (day - first).days / span, 1)

    lane_y = dict(result.lanes)
    for date, reported, ev in placed:
        when = (dates.readable_date((ev.get("date") or {}).get("value"), ev.get("published"),
                              (ev.get("date") or {}).get("text"))
                if not reported else f"date not stated, reported {dates.day(ev.get('published'))}")
        text = (ev.get("text") or "")[:160]
        result.points.append(Point(x_of(date), lane_y[ev["type"]], ev["type"],
                                   f"{when}: {ev['type']} ({ev.get('modality', 'asserted')}) — {text}",
                                   evidence_href(ev["article"], ev.get("evidence") or ev.get("trigger")),
                                   reported))
    # Ticks: years over long spans, months over short ones.
    if span > 3 * 365:
        day = dt.date(first.year + (first.month > 1 or first.day > 1), 1, 1)
        while day <= last:
            result.ticks.append((x_of(day), str(day.year)))
            day = dt.date(day.year + 1, 1, 1)
    else:
        step = 1 if span <= 400 else 3
        day = dt.date(first.year, first.month, 1)
        if day < first:
            day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        while day <= last:
            result.ticks.append((x_of(day), day.strftime("%b %Y")))
            month = day.month - 1 + step
            day = dt.date(day.year + month // 12, month % 12 + 1, 1)
    if not result.ticks:
        result.ticks = [(x_of(first), dates.day(first) or ""), (x_of(last), dates.day(last) or "")]
    return result
