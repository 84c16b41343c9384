"""A wire-style dateline gives a plain-text article its publication date."""
import datetime as dt

import pytest

from rapsheet.ingest import read_text

BODY = ("A federal grand jury has returned a 21-count indictment charging nine defendants with "
        "laundering more than $48 million in narcotics proceeds, prosecutors said on Tuesday.")


@pytest.mark.parametrize("opening, expected", [
    ("SAN DIEGO, March 12, 2025 – ", dt.date(2025, 3, 12)),
    ("MIAMI, Aug. 14, 2025 (Gulf Coast Wire) — ", dt.date(2025, 8, 14)),
    ("WASHINGTON, Sept. 3, 2024 - ", dt.date(2024, 9, 3)),
    ("ST. LOUIS, Mo., June 5, 2025 – ", dt.date(2025, 6, 5)),
])
def test_dateline_sets_the_publication_date(opening, expected):
    article = read_text(opening + BODY, source="t.txt", published=dt.date(2020, 1, 1))
    assert article.published == expected


def test_a_date_in_the_story_is_no_dateline():
    text = "Agents arrested him on March 12, 2025 – a Wednesday – outside a restaurant. " + BODY
    assert read_text(text, source="t.txt", published=dt.date(2025, 4, 1)).published == dt.date(2025, 4, 1)
    assert read_text(text, source="t.txt").published is None
