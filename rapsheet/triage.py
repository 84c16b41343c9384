"""Triage: is an article about crime, law enforcement, the courts, sanctions or terrorism? Decided
from its words alone, in well under a millisecond, before the spaCy pipeline reads it.

Takes an `Article` (its title and the start of its text); gives a `Verdict`: the model's score
(0..1), whether the article is to be read fully, and the words that weighed most, so that a
decision can be explained. The model is a logistic regression over a lexicon of the words such news
is written in (`rapsheet/data/triage.yaml`: stems such as "indict", "sentenc", "launder"), each
counted in the title and the start of the text and read as log(1 + count). Its weights are learnt
from real text by `scripts/train_triage.py` (prosecutors' releases against general and political
news) and ship in `rapsheet/data/triage.csv` (term, weight; the rows `(bias)` and `(threshold)`
hold the intercept and the score below which an article is off-topic). Learning over a fixed
lexicon, not every word, keeps the model from learning the house style of its training pages: it
weighs what an article is about. The threshold is set low, so a crime or court article is almost
never left unread; what an off-topic article costs is only its later reading on demand
(`rapsheet ingest --read-all`).
"""
from __future__ import annotations

import csv
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapsheet import data
from rapsheet.errors import RapsheetError
from rapsheet.model import OFF_TOPIC, Article

MODEL_FILE = Path(__file__).resolve().parent / "data" / "triage.csv"
#: The words read: the title and the start of the text (an article says what it is about early).
SAMPLE_CHARS = 4000
#: The feature that counts every word of the sample (short texts hold fewer lexicon words).
LENGTH = "(words)"

_WORD = re.compile(r"[a-z][a-z']+")


@dataclass(frozen=True, slots=True)
class Lexicon:
    stems: frozenset[str]
    words: frozenset[str]
    phrases: tuple[str, ...]
    shortest: int

    def term(self, word: str) -> str | None:
        return _term(self, word)


@functools.lru_cache(maxsize=200_000)
def _term(lexicon: Lexicon, word: str) -> str | None:
    """The lexicon entry a word counts for: itself when listed whole, else its shortest listed
    stem; None for a word the lexicon does not hold."""
    if word in lexicon.words:
        return word
    for end in range(lexicon.shortest, len(word) + 1):
        if word[:end] in lexicon.stems:
            return word[:end]
    return None


@functools.cache
def lexicon() -> Lexicon:
    content = data.load("triage")
    entries = [str(s).strip().lower() for s in content.get("stems") or []]
    stems = frozenset(s for s in entries if " " not in s)
    phrases = tuple(s for s in entries if " " in s)
    words = frozenset(str(w).strip().lower() for w in content.get("words") or [])
    if not stems:
        raise RapsheetError("triage.yaml lists no stems", 500)
    return Lexicon(stems, words, phrases, min(len(s) for s in stems))


def features(title: str | None, text: str) -> dict[str, float]:
    """The article's features: log(1 + count) of each lexicon entry met in the title and the
    start of the text, and of the number of words read (LENGTH)."""
    sample = f"{title or ''}\n{text[:SAMPLE_CHARS]}".lower()
    found = lexicon()
    counts: Counter = Counter()
    words = _WORD.findall(sample)
    for word, n in Counter(words).items():
        term = found.term(word)
        if term is not None:
            counts[term] += n
    for phrase in found.phrases:
        if phrase in sample:
            counts[phrase] += sample.count(phrase)
    values = {term: math.log1p(n) for term, n in counts.items()}
    values[LENGTH] = math.log1p(len(words))
    return values


@dataclass(frozen=True, slots=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, values: dict[str, float]) -> float:
        """The probability (0..1) that an article of these features is about crime or the law."""
        z = self.bias + sum(self.weights.get(term, 0.0) * x for term, x in values.items())
        return 1 / (1 + math.exp(-max(-60.0, min(60.0, z))))


@functools.cache
def model(path: Path = MODEL_FILE) -> Model:
    """The shipped model, read once per process."""
    weights: dict[str, float] = {}
    meta: dict[str, float] = {}
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                term, value = row["term"], float(row["weight"])
                if term in ("(bias)", "(threshold)"):
                    meta[term.strip("()")] = value
                else:
                    weights[term] = value
    except (OSError, KeyError, ValueError) as exc:
        raise RapsheetError(f"triage model {path.name} cannot be read: {exc}", 500) from exc
    if "bias" not in meta or "threshold" not in meta:
        raise RapsheetError(f"triage model {path.name} lacks its (bias) or (threshold) row", 500)
    return Model(weights, meta["bias"], meta["threshold"])


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float
    relevant: bool
    because: tuple[str, ...]     # the lexicon entries that weighed most towards the verdict

    def to_json(self) -> dict:
        return {"score": round(self.score, 4), "relevant": self.relevant, "because": list(self.because)}


def triage(article: Article, threshold: float | None = None) -> Verdict:
    """Whether `article` is to be read fully: its score against the model's threshold (or the
    one given)."""
    found = model()
    values = features(article.title, article.text)
    score = found.score(values)
    relevant = score >= (found.threshold if threshold is None else threshold)
    sign = 1 if relevant else -1
    pull = {t: sign * found.weights.get(t, 0.0) * x for t, x in values.items() if t != LENGTH}
    because = sorted((t for t, p in pull.items() if p > 0), key=lambda t: -pull[t])
    return Verdict(score, relevant, tuple(because[:5]))


__all__ = ["OFF_TOPIC", "Lexicon", "Model", "Verdict", "lexicon", "features", "model", "triage"]
