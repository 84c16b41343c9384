"""Case files -> JSON lines, one subject a line (the shape of `Store.case_file`)."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO


def write_jsonl(cases: Iterable[dict], out: TextIO) -> int:
    n = 0
    for case in cases:
        out.write(json.dumps(case, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n
