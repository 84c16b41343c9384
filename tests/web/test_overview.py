"""The overview page: allegations over time by category and by stage, newest articles, failures."""
from __future__ import annotations

import re

import pytest

from rapsheet.store.browse import Filters
from rapsheet.web.overview import bars
from tests.web.crawl import read
from tests.web.test_readable import sample_client  # noqa: F401  (the sample store, built once)


def test_bars_stack_each_month_and_count_every_allegation():
    rows = [{"month": "2025-01", "category": "fraud", "stage": "charged", "allegations": 2},
            {"month": "2025-01", "category": "terrorism", "stage": "charged", "allegations": 1},
            {"month": "2025-03", "category": "fraud", "stage": "convicted", "allegations": 4}]
    chart = bars(rows, "category", "By category")
    assert chart.series == ["fraud", "terrorism"]
    assert [name for name, _ in chart.table] == ["January 2025", "March 2025"]      # February is empty
    assert dict(chart.table)["January 2025"] == {"fraud": 2, "terrorism": 1}
    titles = [s.title for s in chart.segments]
    assert "March 2025: 4 fraud allegations" in titles and "January 2025: 1 terrorism allegation" in titles
    tallest = max(chart.segments, key=lambda s: s.height)
    assert tallest.title.startswith("March 2025") and tallest.y == pytest.approx(10)   # the peak fills the plot
    yearly = bars([{"month": "2015-06", "stage": "charged", "allegations": 1},
                   {"month": "2025-06", "stage": "convicted", "allegations": 1}], "stage", "By stage")
    assert [label for _, label in yearly.labels][0] == "2015" and len(yearly.table) == 2


def test_the_overview_counts_what_browsing_finds(sample_client):  # noqa: F811
    store = sample_client.app.state.store
    html = sample_client.get("/ui/overview").text
    page = read(html)
    text = " ".join(page.texts)
    assert "Allegations by category" in text and "Allegations by stage reported" in text
    rows = store.allegations_over_time()
    counted = sum(r["allegations"] for r in rows)
    assert counted > 5
    # Every dated allegation is one bar segment's worth, in each chart.
    for chart in (1, 2):
        section = html.split(f'id="chart-{chart}"')[1].split("</section>")[0]
        shown = sum(int(n) for n in re.findall(r"<title>[^<:]+: (\d+) ", section))
        assert shown == counted
    # Undated allegations are browsed but cannot be placed in time.
    laundering = {r["id"] for r in store.browse(Filters(category="money_laundering"), limit=500)["results"]
                  if any(a["category"] == "money_laundering" and a["date"] for a in r["allegations"])}
    assert sum(r["entities"] for r in rows if r["category"] == "money_laundering") >= len(laundering) > 0
    assert "Newest articles" in text and any(h.startswith("/ui/articles/") for h, _ in page.links)
    assert ("/ui/failures", "all failures") in page.links
    assert "/ui/overview" in [h for h, _ in read(sample_client.get("/ui/").text).links]
