"""Bodies built to break the server get a 4xx or are stored, never a 500: a JSON body nested far
deeper than any article, a publication date at the calendar's edge with 'tomorrow' in the text."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rapsheet.settings import Settings
from tests.api.conftest import KEY

WRITE = {"X-API-Key": KEY}


@pytest.fixture
def own_client(tmp_path, pipeline):
    """An app over a store of its own: what these tests store counts nowhere else."""
    from rapsheet.api import create_app

    return TestClient(create_app(Settings(db=f"sqlite:///{tmp_path / 'own.db'}", api_key=KEY)))


def test_a_deeply_nested_json_body_is_a_400(own_client):
    client = own_client
    for body in ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
                 "[" * 100_000 + "]" * 100_000,
                 '{"text": "x", "title": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}"):
        response = client.post("/articles", content=body,
                               headers={**WRITE, "Content-Type": "application/json"})
        assert response.status_code == 400, response.text
        assert response.json()["error"].startswith("body: ")


def test_tomorrow_at_the_end_of_the_calendar_is_read_not_a_500(own_client):
    client = own_client
    text = ("Police in Dallas arrested Carl Weathers Brandt on Monday on charges of murder, "
            "the county sheriff said. Brandt will appear in court tomorrow, and a hearing is "
            "set for next week.")
    for published in ("9999-12-31", "0001-01-01"):
        response = client.post("/articles", json={"text": text, "published": published},
                               headers=WRITE)
        assert response.status_code in (200, 201), response.text
        assert response.json()["ok"] is True
