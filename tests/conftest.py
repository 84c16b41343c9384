"""Shared fixtures: the full pipeline, loaded once per test session."""
from __future__ import annotations

import datetime as dt
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# The seed: a copy of ../shared/seed (so the suite runs without ../shared beside it), and a corpus
# case of its own (tren-de-aragua-terrorism-case.yaml beside it).
SEED = ROOT / "tests" / "fixtures" / "articles" / "tren-de-aragua-terrorism-case.txt"


@pytest.fixture(scope="session")
def pg_server() -> tuple[str | None, str]:
    """(URL of a PostgreSQL server that answers, or None; why not): tests/pg.py."""
    from tests.pg import find_pg_server
    return find_pg_server()


@pytest.fixture(scope="session")
def pipeline():
    from rapsheet.nlp.pipeline import get_pipeline
    return get_pipeline()


@pytest.fixture(scope="module")
def model():
    """The spaCy model alone, as spaCy builds it (the pipeline's own is changed in place: an
    indexed attribute ruler, components added): what rapsheet's speed-ups must agree with."""
    from rapsheet.nlp.pipeline import load_model
    return load_model()


@pytest.fixture(scope="session")
def read_article(pipeline):
    """text (+ publication date) -> Document, through the whole pipeline, cleaning included."""
    from rapsheet.ingest import read_text
    from rapsheet.nlp.pipeline import extract_document

    def run(text: str, published: str | dt.date | None = "2025-04-23", source: str = "test.txt",
            clean: bool = False):
        date = dt.date.fromisoformat(published) if isinstance(published, str) else published
        article = read_text(text, source=source, published=date, clean=clean)
        return extract_document(article, pipeline)

    return run


@pytest.fixture(scope="session")
def seed_document(read_article):
    """The seed article, cleaned and read."""
    return read_article(SEED.read_text(encoding="utf-8"), "2025-04-23", source=str(SEED), clean=True)


def entity_named(doc, name: str):
    from rapsheet.text import fold_case as fold
    want = fold(name)
    for e in doc.entities:
        if fold(e.name) == want or want in fold(e.name):
            return e
    return None


# Fixtures that load the spaCy model: `pipeline` here (and read_article, seed_document ... on it),
# `nlp` (tests/nlp/test_timex.py, the model alone) and `ruled_nlp` (tests/test_data.py).
MODEL_FIXTURES = frozenset({"pipeline", "nlp", "ruled_nlp"})


def pytest_collection_modifyitems(config, items):
    """A test that asks for a model fixture needs the spaCy model: mark it `model` (a test that
    reads articles some other way, an ingest through the CLI, carries the mark itself)."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.json from the current extraction (tests/test_golden.py); "
                          "read `git diff tests/golden` before committing")
