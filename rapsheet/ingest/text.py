"""Plain text (a .txt file, standard input, a .jsonl line's `text`) -> Article.

With cleaning, a first line that reads as a headline becomes the title and leaves the body, and
page leftovers are removed (clean.py). Without it, the text is kept as given, byte for byte once
decoded, so every offset points into the input.
"""
from __future__ import annotations

import datetime as dt
import re

from rapsheet.errors import InputError
from rapsheet.ingest.clean import standalone_tag, clean_text, leftovers
from rapsheet.ingest.decode import decode_bytes
from rapsheet.ingest.sanitize import check_readable, sanitize_optional, sanitize_text
from rapsheet.ingest.language import identify_language
from rapsheet.model import Article
from rapsheet.settings import Settings, settings as current_settings

HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 300


def _is_headline(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= HEADLINE_MAX_WORDS or len(line) > HEADLINE_MAX_CHARS:
        return False
    if line.endswith((".", ",", ";", ":")) or line.lower().startswith("by "):
        return False
    if leftovers().lines.fullmatch(line) or leftovers().tail_markers.fullmatch(line):
        return False
    # title case ("Man Charged in Houston Shooting"), capitals, or a wire service's sentence case
    # ("Jury acquits former commissioner in bribery case")
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'‘“¿¡"


def split_title(text: str) -> tuple[str | None, str]:
    """(headline, the text without it) when the text opens with a headline: a line of 3-30 words
    with no final period, followed by a blank line, maybe after a kicker or two ("Local News",
    "Crime": short tag lines, left in the text for cleaning to remove); else (None, text)."""
    lines = text.split("\n")
    i, kickers = 0, 0
    while True:
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i + 2 >= len(lines) or lines[i + 1].strip():
            return None, text          # the last line, or a line with no blank line after it
        line = lines[i].strip()
        if _is_headline(line):
            body = "\n".join(lines[:i] + lines[i + 1:])
            return line, body.lstrip("\n") if i == 0 else body
        if kickers < 2 and standalone_tag(line, leftovers()) and not line.isupper():
            kickers += 1
            i += 1
            continue
        return None, text


def _drop_given_title(text: str, title: str) -> str:
    """The body without its first line when that line repeats the title given beside it."""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip("\n")
    return text


_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Za-z.]+)?,\s+"
    r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})"
    r"\s*(?:\([^)]{1,40}\))?\s*[–—-]")


def dateline_date(body: str) -> dt.date | None:
    """The date of a wire-style dateline opening the body: "SAN DIEGO, March 12, 2025 – ..."."""
    match = _DATELINE.match(body[:200])
    if not match:
        return None
    from dateutil import parser as date_parser
    try:
        return date_parser.parse(match.group(1).replace("Sept.", "Sep."), fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


def read_text(text: str | bytes, source: str, *, title: str | None = None, url: str | None = None,
              published: dt.date | None = None, clean: bool = True, language: str | None = "en",
              settings: Settings | None = None) -> Article:
    """An Article from plain text; `published` is the publication date, when known.

    `language`: the language rapsheet reads (None: no check); a text clearly in another gets that
    one's code as its `language`, and is kept. Raises InputError for empty, oversized, binary or
    undecodable input.
    """
    settings = settings or current_settings()
    if isinstance(text, (bytes, bytearray)):
        if len(text) > settings.max_input_bytes:
            raise InputError(f"input too large: {len(text):,} bytes, over the limit of "
                             f"{settings.max_input_bytes:,}", stage="size")
        text = decode_bytes(bytes(text))
    text, title, url = sanitize_text(text), sanitize_optional(title), sanitize_optional(url)
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
    check_readable(body, settings.min_text_chars, settings.max_article_chars)
    lang = identify_language(body, language) if language else None
    # The text's own dateline beats a date given for inputs that carry none.
    published = dateline_date(body) or published
    return Article(source=source, text=body, title=title, url=url, published=published,
                   language=lang, cleaned=bool(removed), removed=removed)
