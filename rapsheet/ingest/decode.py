"""Bytes -> str for inputs of unknown or wrong encoding, or an InputError saying why not.

Web pages often declare UTF-8 and hold cp1252 bytes (a pasted curly quote), or mix the two; such
bytes are read as cp1252 one by one, so the UTF-8 around them stays right. A declared legacy
charset is honoured. What decodes only into control characters (binary data, random bytes) fails.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from rapsheet.errors import InputError

# Magic numbers of the binary files people most often feed a text tool by mistake.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media (WebP, WAV or AVI)"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE)
# More than this share of unreadable characters means the bytes are not text in that encoding.
_MAX_BAD_SHARE = 0.005
_UNREADABLE = {"Cc", "Cs", "Co", "Cn"}
_WHITESPACE_CONTROLS = set("\t\n\r\f\v")


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    # Bytes that are not UTF-8 are read as cp1252, and the five it leaves undefined as latin-1.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start:error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in chunk), error.end


codecs.register_error("rapsheet-cp1252", _cp1252_bytes)


def binary_kind(data: bytes) -> str | None:
    """What binary format `data` is in ("PNG image"), or None when it may be text."""
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "binary data"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 4 KB, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def unreadable_share(text: str) -> float:
    """The share of characters that no reader could make sense of (controls, unassigned)."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ch == "\ufffd" or unicodedata.category(ch) in _UNREADABLE)
              and ch not in _WHITESPACE_CONTROLS)
    return bad / len(text)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """The text of `data`; `declared` is the charset the input says it has (None: look for one).

    Raises InputError(stage="read") for empty input and InputError(stage="decode") for binary
    data or bytes no encoding reads as text.
    """
    if not data.strip():
        raise InputError("empty input", stage="read")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"not valid {codec} despite its byte-order mark", stage="decode") from None
    kind = binary_kind(data)
    if kind:
        raise InputError(f"binary content ({kind}), not text", stage="decode")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared or declared_charset(data)
    if declared and declared not in ("utf-8", "ascii"):
        try:
            text = data.decode(declared)
            if unreadable_share(text) <= _MAX_BAD_SHARE:
                return text
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", errors="rapsheet-cp1252")
    if unreadable_share(text) <= _MAX_BAD_SHARE:
        return text
    # A legacy encoding other than cp1252 (koi8-r, shift_jis ...) with no declaration.
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if unreadable_share(text) <= _MAX_BAD_SHARE:
            return text
    raise InputError("undecodable bytes: no text encoding reads them as text", stage="decode")
