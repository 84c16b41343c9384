"""The record of an input that could not be read as an article: where, at which stage, and why."""
from __future__ import annotations

from dataclasses import dataclass

#: The stages at which reading can fail, in the order an input goes through them.
STAGES = ("read", "size", "decode", "parse", "extract", "language")


@dataclass(slots=True)
class Failure:
    """One input that gave no article. `reason` is one line a user can act on."""
    source: str
    stage: str
    reason: str

    def to_json(self) -> dict:
        return {"source": self.source, "stage": self.stage, "reason": self.reason}


def one_line(text: str, limit: int = 200) -> str:
    """`text` on one line, cut to `limit` characters, for a failure's reason."""
    # Cut before splitting: an exception may quote megabytes of the input, and control
    # characters (ESC, bidi overrides) of it must not reach a terminal.
    cut = str(text)[: limit * 4]
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in cut).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
