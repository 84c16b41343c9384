"""Text -> the language it is written in (ISO 639-1), with py3langid's model, loaded once.

rapsheet reads English news: `identify_language(text)` gives "en" for a text that may be in English
(what is too short to tell included) and the code of the other language a text is clearly written
in; the reader keeps such an article, marked for the jobs to store unread ("not read: language
es"). `check_language` raises InputError(stage="language") instead, for callers that refuse. A
page whose whole sample reads as another language is judged again line by line: scraped pages keep menus and
"latest posts" lists in other languages (and all-caps headlines that read as Latin), so the page is
refused only when the wanted language holds too few of the words of its distinct prose lines.
"""
from __future__ import annotations

import collections
import functools
import re

from rapsheet.errors import InputError

# Below this many words a language guess is a coin toss ("Flores was arrested in Bogotá.").
MIN_WORDS = 12
# A text is refused only when the model is this sure of another language.
MIN_CONFIDENCE = 0.9
# Long texts are judged on their start: the language of a page does not change halfway.
SAMPLE_CHARS = 5000
# The line-by-line second look reads further, past long menus, and counts only lines of prose.
VOTE_CHARS = 20000
VOTE_LINE_WORDS = 6
# The wanted language's share of the prose words that keeps a page: a bilingual page stays, a
# foreign article with a few English lines around it does not.
MIN_SHARE = 1 / 3

_WORD = re.compile(r"[^\W\d_]{2,}")

_NAMES = {"en": "English", "es": "Spanish", "de": "German", "fr": "French", "it": "Italian",
          "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "zh": "Chinese", "ja": "Japanese",
          "ar": "Arabic", "tr": "Turkish", "pl": "Polish", "uk": "Ukrainian", "ko": "Korean",
          "la": "Latin", "vi": "Vietnamese"}


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def classify(text: str) -> tuple[str, float]:
    """py3langid's (language, probability) of `text`. The model's naive Bayes product is taken
    over the byte n-grams the text holds only: py3langid's dense product of the whole count
    vector (7,480 features, unsigned integers) with its float table was most of the language
    check's time; this one is a tenth of it, in float64."""
    import numpy as np

    identifier = _identifier()
    counts = identifier.instance2fv(text)
    present = np.flatnonzero(counts)
    scores = counts[present].astype(np.float64) @ identifier.nb_ptc[present] + identifier.nb_pc
    probs = identifier.norm_probs(scores)
    best = int(np.argmax(probs))
    return str(identifier.nb_classes[best]), float(probs[best])


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence 0..1) of `text`; (None, 0.0) when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_WORD.findall(sample)) < MIN_WORDS:
        return None, 0.0
    return classify(sample)


def line_languages(text: str) -> collections.Counter:
    """Words per language over the distinct lines of prose of `text` (repeated lines are a page's
    furniture; an all-caps line is read in lower case, as the model knows capitals poorly)."""
    votes: collections.Counter = collections.Counter()
    seen = set()
    for line in text[:VOTE_CHARS].splitlines():
        line = line.strip()
        words = len(_WORD.findall(line))
        if words < VOTE_LINE_WORDS or line in seen:
            continue
        seen.add(line)
        code, prob = classify(line.lower() if line.isupper() else line)
        if prob >= 0.5:
            votes[str(code)] += words
    return votes


def _identify(text: str, want: str) -> tuple[str, float]:
    code, prob = detect_language(text)
    if code is None or code == want or prob < MIN_CONFIDENCE:
        return want, prob
    votes = line_languages(text)
    total = sum(votes.values())
    if total and votes[want] >= MIN_SHARE * total:
        return want, prob
    if votes:
        code = votes.most_common(1)[0][0]
    return code, prob


def identify_language(text: str, want: str = "en") -> str:
    """`want` when `text` may be in it, else the ISO 639-1 code of the language it is clearly
    written in."""
    return _identify(text, want)[0]


def language_name(code: str | None) -> str:
    return _NAMES.get(code or "", code or "unknown")


def check_language(text: str, want: str = "en") -> str:
    """`want` when `text` may be in it; InputError(stage="language") when it is clearly not."""
    code, prob = _identify(text, want)
    if code == want:
        return want
    name = _NAMES.get(code, code)
    raise InputError(f"not in {_NAMES.get(want, want)}: the text reads as {name} ({code}, "
                     f"confidence {prob:.2f})", stage="language")
