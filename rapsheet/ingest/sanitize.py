"""The one text sanitiser at the ingest boundary: text in -> text a store, a terminal and the name
screening can all hold safely.

Takes any str (a decoded file, a JSON field, a title, a URL); gives it without NUL and the other
control characters (tab and line breaks kept; form feed, vertical tab and the Unicode line and
paragraph separators become a line break) and without the invisible format characters that
reorder or split what a reader sees (right-to-left overrides and isolates, zero-width spaces,
soft hyphens, byte-order marks), so that "Jo\u200bhn" or a name behind U+202E reads as the name.
Zero-width (non-)joiners stay: some scripts need them.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

_KEPT = {"\t", "\n", "\r", "\u200c", "\u200d"}
_LINE_BREAKS = {"\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}
# Where control and format characters are assigned (planes 0-3 and the tag plane).
_PLANES = (range(0, 0x40000), range(0xE0000, 0xE1000))


@cache
def _unsafe() -> tuple[dict[int, str | None], re.Pattern]:
    table: dict[int, str | None] = {}
    for code in (c for plane in _PLANES for c in plane):
        ch = chr(code)
        if ch in _LINE_BREAKS:
            table[code] = "\n"
        elif ch not in _KEPT and unicodedata.category(ch) in ("Cc", "Cf"):
            table[code] = None
    spans: list[list[int]] = []
    for code in sorted(table):
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    pattern = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in spans)
    return table, re.compile(f"[{pattern}]")


def sanitize_text(text: str) -> str:
    """`text` without control and invisible format characters; see the module docstring."""
    table, unsafe = _unsafe()
    # Most text holds none: searching is cheaper than translating a copy.
    return text.translate(table) if unsafe.search(text) else text


def sanitize_optional(text: str | None) -> str | None:
    """`sanitize_text` for an optional field; None (or nothing left) stays None."""
    return (sanitize_text(text) or None) if text is not None else None


def check_readable(text: str, minimum: int, maximum: int | None = None) -> None:
    """Raise InputError unless `text` holds at least `minimum` letters and digits (and always
    one): text of punctuation, symbols or nothing has the empty text's content hash, and would
    make every later such input its duplicate. Past `maximum` characters it is no article either."""
    from rapsheet.errors import InputError

    if maximum and len(text) > maximum:
        raise InputError(f"text too long for an article: {len(text):,} characters, over the limit "
                         f"of {maximum:,}", stage="size")
    readable = sum(map(str.isalnum, text))
    if readable < max(minimum, 1):
        raise InputError(f"too little readable text: {readable} letter(s) or digit(s), under "
                         f"{max(minimum, 1)}", stage="read")


def for_terminal(value) -> str:
    """`value` as text a terminal may show as it is: `sanitize_text` (ESC, bell, bidi overrides
    gone) and no carriage return, for rows a store held before the sanitiser. Rich markup is
    not escaped here: print the result as a `rich.text.Text`, never as markup."""
    return sanitize_text(str(value)).replace("\r", "")


def for_terminal_deep(value):
    """`for_terminal` on every string inside dicts and lists (keys kept)."""
    if isinstance(value, str):
        return for_terminal(value)
    if isinstance(value, dict):
        return {k: for_terminal_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [for_terminal_deep(v) for v in value]
    return value
