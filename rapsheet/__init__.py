"""rapsheet: who is accused of what, read from crime and law-enforcement news.

The public API. Names load lazily so that `rapsheet --help` does not load spaCy.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "rapsheet.model", "Document": "rapsheet.model", "Entity": "rapsheet.model",
    "Event": "rapsheet.model", "Charge": "rapsheet.model", "Quote": "rapsheet.model",
    "read_inputs": "rapsheet.ingest", "read_text": "rapsheet.ingest", "read_html": "rapsheet.ingest",
    "get_pipeline": "rapsheet.nlp.pipeline", "build_pipeline": "rapsheet.nlp.pipeline",
    "extract_document": "rapsheet.nlp.pipeline", "extract_documents": "rapsheet.nlp.pipeline",
    "extract": "rapsheet.jobs", "ingest": "rapsheet.jobs",
    "open_store": "rapsheet.store", "settings": "rapsheet.settings",
    "RapsheetError": "rapsheet.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'rapsheet' has no attribute {name!r}")
