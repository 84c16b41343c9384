"""What a process builds at load and would build the same way every time, kept on disk for the
next process: the gazetteer's EntityRuler patterns, the ranges of Unicode's combining marks.

`cached_json(kind, inputs, build)` gives `build()`'s value (plain JSON: dicts, lists, strings,
numbers, booleans) from a file named by a hash of `inputs`, building and storing it where there is
none. The inputs are everything the value depends on (the bytes of the data files and of the code
that reads them, the versions of the libraries and of Python that take part), so that a change to
any of them names another file and the old one is never read. Every worker process of an ingest
loads the pipeline; building these took each about half a CPU second.

The folder is the `cache_dir` setting (`RAPSHEET_CACHE_DIR`; empty: `$XDG_CACHE_HOME/rapsheet`,
else `~/.cache/rapsheet`; `off`: no cache). A folder that cannot be written, or a file that cannot
be read, only means building again: the cache never changes what is built, nor fails a load.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rapsheet.settings import settings


def cache_dir() -> Path | None:
    """The folder of the cache, or None when the setting turns it off."""
    configured = settings().cache_dir.strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rapsheet"


def input_key(inputs: Iterable[bytes | str]) -> str:
    """The hash of `inputs`, each one length-prefixed so that no two lists give the same bytes."""
    digest = hashlib.sha256()
    for part in inputs:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def cached_json(kind: str, inputs: Iterable[bytes | str], build: Callable[[], Any]) -> Any:
    """`build()`, or the value it gave for the same `inputs` in an earlier process."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{input_key(inputs)}.json"
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
    except OSError:
        return value
    try:
        # written beside its place and renamed into it: a process reading at the same time sees
        # the whole file or none
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(value, out, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    return value
