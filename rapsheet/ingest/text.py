"""Plain text (a .txt file, standard input, a .jsonl line's `text`) -> Article.

With cleaning, a first line that reads as a headline becomes the title and leaves the body, and
page leftovers are removed (clean.py). Without it, the text is kept as given, byte for byte once
decoded, so every offset points into the input.
"""
from __future__ import annotations

import datetime as dt

from rapsheet.errors import InputError
from rapsheet.ingest.clean import clean_text, is_title_case
from rapsheet.ingest.decode import decode_bytes
from rapsheet.ingest.language import check_language
from rapsheet.model import Article
from rapsheet.settings import Settings, settings as current_settings

HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 300


def split_title(text: str) -> tuple[str | None, str]:
    """(headline, body) when the text opens with a headline: one line with no final period, in
    title case (or capitals), followed by a blank line; else (None, text)."""
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    head = first.strip()
    if not sep or rest.split("\n", 1)[0].strip() or not rest.strip():
        return None, text
    words = head.split()
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS or len(head) > HEADLINE_MAX_CHARS:
        return None, text
    if head.endswith((".", ",", ";", ":")):
        return None, text
    if not (is_title_case(head) or head.isupper()):
        return None, text
    return head, rest.strip("\n")


def _drop_given_title(text: str, title: str) -> str:
    """The body without its first line when that line repeats the title given beside it."""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip("\n")
    return text


def read_text(text: str | bytes, source: str, *, title: str | None = None, url: str | None = None,
              published: dt.date | None = None, clean: bool = True, language: str | None = "en",
              settings: Settings | None = None) -> Article:
    """An Article from plain text; `published` is the publication date, when known.

    `language`: the language the text must be in (None: any). Raises InputError for empty,
    oversized, binary, undecodable or foreign-language input.
    """
    settings = settings or current_settings()
    if isinstance(text, (bytes, bytearray)):
        if len(text) > settings.max_input_bytes:
            raise InputError(f"input too large: {len(text):,} bytes, over the limit of "
                             f"{settings.max_input_bytes:,}", stage="size")
        text = decode_bytes(bytes(text))
    if not text.strip():
        raise InputError("empty input", stage="read")
    removed: list[str] = []
    if clean:
        if title:
            body = _drop_given_title(text, title)
        else:
            title, body = split_title(text)
        body, removed = clean_text(body, title=title)
        if not body:
            raise InputError("no text left once page leftovers were removed", stage="extract")
    else:
        body = text
        title = title or split_title(text)[0]
    lang = check_language(body, language) if language else None
    return Article(source=source, text=body, title=title, url=url, published=published,
                   language=lang, cleaned=bool(removed), removed=removed)
