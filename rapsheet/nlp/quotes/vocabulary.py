"""rapsheet/data/quotes.yaml as a validated `Vocabulary`: quotation marks, cue verbs, phrases."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rapsheet.data import DATA_DIR, load, words
from rapsheet.errors import DataError


DATA_FILE = DATA_DIR / "quotes.yaml"

@dataclass(frozen=True, slots=True)
class Vocabulary:
    """rapsheet/data/quotes.yaml, validated."""
    open_marks: frozenset[str]
    close_marks: frozenset[str]
    straight_marks: frozenset[str]
    cue_verbs: frozenset[str]
    indirect_cue_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    according_to: tuple[tuple[str, ...], ...]
    put_it: tuple[tuple[str, ...], ...]
    title_small_words: frozenset[str]
    fragment_min_words: int
    fragment_min_words_bare: int
    max_tail_tokens: int

    @property
    def all_marks(self) -> frozenset[str]:
        return self.open_marks | self.close_marks | self.straight_marks


def _bad(problem: str) -> DataError:
    return DataError(problem)


def _words_list(raw: dict, key: str) -> frozenset[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not value:
        raise _bad(f"{DATA_FILE.name}: '{key}' must be a non-empty list of words")
    for v in value:
        if not isinstance(v, str) or not v:
            # YAML reads a bare on, off, yes, no, y or n as a boolean.
            raise _bad(f"{DATA_FILE.name}: '{key}' holds {v!r}, not a word (quote it)")
    return frozenset(v.lower() for v in value)


def _phrases(raw: dict, key: str) -> tuple[tuple[str, ...], ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(p, list) and p for p in value):
        raise _bad(f"{DATA_FILE.name}: '{key}' must be a list of word lists")
    return tuple(tuple(w.lower() for w in p) for p in value)


@cache
def vocabulary() -> Vocabulary:
    """rapsheet/data/quotes.yaml, loaded and validated once."""
    return build_vocabulary(load("quotes"))


def build_vocabulary(raw: object) -> Vocabulary:
    """Validate the parsed content of quotes.yaml; a malformed file raises DataError."""
    if not isinstance(raw, dict):
        raise _bad(f"{DATA_FILE.name}: expected a mapping")
    marks = raw.get("marks") or {}
    for key in ("open", "close", "straight"):
        if not all(isinstance(m, str) and len(m) == 1 for m in marks.get(key) or []):
            raise _bad(f"{DATA_FILE.name}: marks.{key} must list single characters")
    fragment = raw.get("fragment") or {}
    speech = words().speech_verbs   # say, tell, state ...: words.yaml
    vocab = Vocabulary(
        open_marks=frozenset(marks.get("open") or []),
        close_marks=frozenset(marks.get("close") or []),
        straight_marks=frozenset(marks.get("straight") or []),
        cue_verbs=_words_list(raw, "cue_verbs") | speech,
        indirect_cue_verbs=_words_list(raw, "indirect_cue_verbs") | speech,
        naming_verbs=_words_list(raw, "naming_verbs"),
        according_to=_phrases(raw, "according_to"),
        put_it=_phrases(raw, "put_it"),
        title_small_words=_words_list(raw, "title_small_words"),
        fragment_min_words=int(fragment.get("min_words", 3)),
        fragment_min_words_bare=int(fragment.get("min_words_bare", 6)),
        max_tail_tokens=int(raw.get("max_tail_tokens", 24)),
    )
    if not vocab.open_marks or not vocab.close_marks:
        raise _bad(f"{DATA_FILE.name}: marks.open and marks.close must not be empty")
    overlap = (vocab.open_marks & vocab.close_marks) | ((vocab.open_marks | vocab.close_marks) & vocab.straight_marks)
    if overlap:
        raise _bad(f"{DATA_FILE.name}: marks listed twice: {sorted(overlap)}")
    return vocab
