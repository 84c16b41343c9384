"""Bytes in -> Article out. Knows nothing of spaCy or the store.

`read_inputs(paths)` reads files, directories and `-` (standard input) and yields, in input
order, an `Article` for each article and a `Failure` for each input that held none (empty,
binary, undecodable, too large, no article text, a bad .jsonl line; an article in another
language is kept, its `language` saying which). A missing path
raises `UsageError` before anything is read; nothing else raises out of it.

The building blocks return an Article or raise `InputError(detail, stage=...)`:
`read_text` (plain text, cleaned of page leftovers unless `clean=False`), `read_html` (a web
page, via trafilatura and htmldate), `read_record` (one parsed .jsonl object); `read_jsonl`
yields per line. `clean_text` is the leftover remover on its own.
"""
from rapsheet.ingest.clean import clean_text
from rapsheet.ingest.decode import decode_bytes
from rapsheet.ingest.failure import STAGES, Failure
from rapsheet.ingest.html import read_html
from rapsheet.ingest.jsonl import read_jsonl, read_record
from rapsheet.ingest.language import check_language, detect_language
from rapsheet.ingest.sources import detect_kind, expand_paths, read_inputs, read_path
from rapsheet.ingest.text import read_text, split_title

__all__ = ["Failure", "STAGES", "read_inputs", "read_path", "read_text", "read_html", "read_jsonl",
           "read_record", "clean_text", "split_title", "decode_bytes", "detect_kind",
           "expand_paths", "check_language", "detect_language"]
