"""The overview page's charts: allegations over time as stacked bars, one chart by category and
one by stage, as numbers for an inline SVG (no script; colours come from app.css classes).

Takes `Store.allegations_over_time()` rows; gives a `Bars` per grouping: one bar per month (per
year when the months span more than four years), each with its stacked segments, the series in
the legend and a few axis labels. A segment's title says what it counts in words.
"""
from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 760
HEIGHT = 220
LEFT = 40
BOTTOM = 30
TOP = 10
#: Series beyond this many are drawn together as "other".
MAX_SERIES = 7
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass(slots=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    series: int
    title: str


@dataclass(slots=True)
class Bars:
    title: str
    width: int = WIDTH
    height: int = HEIGHT
    segments: list[Segment] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    scale: list[tuple[float, int]] = field(default_factory=list)
    table: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    base: float = HEIGHT - BOTTOM


def _period_name(period: str) -> str:
    if len(period) == 4:
        return period
    return f"{MONTHS[int(period[5:7]) - 1]} {period[:4]}"


def _periods(first: str, last: str, yearly: bool) -> list[str]:
    if yearly:
        return [str(y) for y in range(int(first[:4]), int(last[:4]) + 1)]
    out, year, month = [], int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def bars(rows: list[dict], by: str, title: str) -> Bars:
    """Stacked bars of allegations per period, one series per value of `by` (category or stage)."""
    chart = Bars(title=title)
    rows = [r for r in rows if r.get("month") and len(r["month"]) == 7]
    if not rows:
        return chart
    first, last = rows[0]["month"], rows[-1]["month"]
    yearly = (int(last[:4]) * 12 + int(last[5:7])) - (int(first[:4]) * 12 + int(first[5:7])) > 48
    totals: dict[str, int] = {}
    for r in rows:
        key = (r[by] or "not stated")
        totals[key] = totals.get(key, 0) + r["allegations"]
    ranked = sorted(totals, key=lambda k: (-totals[k], k))
    shown = ranked[:MAX_SERIES]
    chart.series = [s.replace("_", " ") for s in shown] + (["other"] if len(ranked) > MAX_SERIES else [])
    periods = _periods(first, last, yearly)
    counts: dict[str, dict[str, int]] = {p: {} for p in periods}
    for r in rows:
        period = r["month"][:4] if yearly else r["month"]
        key = (r[by] or "not stated")
        name = key.replace("_", " ") if key in shown else "other"
        counts[period][name] = counts[period].get(name, 0) + r["allegations"]
    peak = max(sum(c.values()) for c in counts.values()) or 1
    plot = chart.height - BOTTOM - TOP
    step = (chart.width - LEFT - 10) / len(periods)
    bar = max(2.0, step * 0.8)
    every = max(1, round(len(periods) / 8))
    for i, period in enumerate(periods):
        x = LEFT + i * step + (step - bar) / 2
        y = chart.base
        for s, name in enumerate(chart.series):
            n = counts[period].get(name, 0)
            if not n:
                continue
            h = n / peak * plot
            y -= h
            chart.segments.append(Segment(round(x, 1), round(y, 1), round(bar, 1), round(h, 1), s,
                                          f"{_period_name(period)}: {n} {name} allegation{'s' if n != 1 else ''}"))
        if i % every == 0:
            chart.labels.append((round(x + bar / 2, 1), period if yearly else
                                 f"{MONTHS[int(period[5:7]) - 1][:3]} {period[:4]}"))
        if counts[period]:
            chart.table.append((_period_name(period), counts[period]))
    chart.scale = [(round(chart.base - f * plot, 1), round(f * peak)) for f in (0, 0.5, 1)
                   if f == 0 or round(f * peak) > 0]
    return chart
