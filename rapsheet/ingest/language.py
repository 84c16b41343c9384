"""Text -> the language it is written in (ISO 639-1), with py3langid's model, loaded once.

rapsheet reads English news: `check_language` raises InputError(stage="language") for a text that
is clearly in another language, and lets through what is too short to tell.
"""
from __future__ import annotations

import functools
import re

from rapsheet.errors import InputError

# Below this many words a language guess is a coin toss ("Flores was arrested in Bogotá.").
MIN_WORDS = 12
# A text is refused only when the model is this sure of another language.
MIN_CONFIDENCE = 0.9
# Long texts are judged on their start: the language of a page does not change halfway.
SAMPLE_CHARS = 5000

_WORD = re.compile(r"[^\W\d_]{2,}")

_NAMES = {"en": "English", "es": "Spanish", "de": "German", "fr": "French", "it": "Italian",
          "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "zh": "Chinese", "ja": "Japanese",
          "ar": "Arabic", "tr": "Turkish", "pl": "Polish", "uk": "Ukrainian", "ko": "Korean"}


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence 0..1) of `text`; (None, 0.0) when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_WORD.findall(sample)) < MIN_WORDS:
        return None, 0.0
    code, prob = _identifier().classify(sample)
    return str(code), float(prob)


def check_language(text: str, want: str = "en") -> str:
    """`want` when `text` may be in it; InputError(stage="language") when it is clearly not."""
    code, prob = detect_language(text)
    if code is None or code == want or prob < MIN_CONFIDENCE:
        return want
    name = _NAMES.get(code, code)
    raise InputError(f"not in {_NAMES.get(want, want)}: the text reads as {name} ({code}, "
                     f"confidence {prob:.2f})", stage="language")
