"""A store with real articles read by the real pipeline (through POST /articles), and apps over
it with and without an API key. The store is built once per session: ingesting takes seconds."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rapsheet.settings import Settings
from tests.conftest import ROOT, SEED

ARTICLES = ROOT / "tests" / "fixtures" / "articles"
KEY = "test-key-5f1c"

# A second report on the seed's defendant under another spelling of his name, so that two
# entities exist for one person and merging them means something (no offence named, so that
# resolution leaves the two apart for a person to judge).
SECOND_REPORT = (
    "Alleged Tren de Aragua leader faces extradition hearing\n\n"
    "BOGOTÁ — Jose E. Martinez-Flores, 24, the alleged Tren de Aragua leader wanted in Texas, "
    "appeared before Colombia's Supreme Court on Monday, prosecutors said. "
    "Martinez-Flores was arrested by Colombian police on March 31 in Bogotá. A federal grand jury "
    "in Houston returned a superseding indictment against him on April 8. His lawyer said he "
    "would contest the extradition request filed by the United States.\n")


def build_store(client: TestClient) -> dict:
    """Ingest the corpus through the API; the ids the tests need."""
    ids = {}
    seed = client.post("/articles", json={"text": SEED.read_text(encoding="utf-8"),
                                          "title": None, "published": "2025-04-23"},
                       headers={"X-API-Key": KEY})
    assert seed.status_code == 201, seed.text
    ids["seed"] = seed.json()["id"]
    second = client.post("/articles", json={"text": SECOND_REPORT, "published": "2025-05-06"},
                         headers={"X-API-Key": KEY})
    assert second.status_code == 201, second.text
    ids["second"] = second.json()["id"]
    html = (ARTICLES / "html-bank-teller-embezzlement-sentencing.html").read_bytes()
    page = client.post("/articles", content=html, headers={"content-type": "text/html", "X-API-Key": KEY})
    assert page.status_code == 201, page.text
    ids["html"] = page.json()["id"]
    text = (ARTICLES / "daz-fentanyl-trafficker-sentenced.txt").read_text(encoding="utf-8")
    plain = client.post("/articles?published=2025-02-11", content=text.encode(),
                        headers={"content-type": "text/plain", "X-API-Key": KEY})
    assert plain.status_code == 201, plain.text
    ids["plain"] = plain.json()["id"]
    return ids


@pytest.fixture(scope="session")
def api_db(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('api') / 'rapsheet.db'}"


@pytest.fixture(scope="session")
def keyed_app(api_db, pipeline):
    from rapsheet.api import create_app
    return create_app(Settings(db=api_db, api_key=KEY))


@pytest.fixture(scope="session")
def client(keyed_app):
    """A client of the keyed app; `client.ids` names the stored articles."""
    with TestClient(keyed_app) as c:
        c.ids = build_store(c)
        yield c


@pytest.fixture
def app_with(client, keyed_app):
    """An app over the same store with other settings."""
    from rapsheet.api import create_app

    def make(**changes) -> TestClient:
        base = keyed_app.state.settings
        settings = Settings(**{f: getattr(base, f) for f in base.__dataclass_fields__} | changes)
        return TestClient(create_app(settings, store=keyed_app.state.store))
    return make


def entity_id(client, name: str) -> str:
    found = client.get("/entities", params={"q": name}).json()["results"]
    assert found, f"no entity named like {name!r}"
    return found[0]["id"]
