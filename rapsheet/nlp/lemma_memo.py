"""Component `rapsheet_lemma_memo`: the model's lemmas, remembered by word, part of speech and
morphology, set just before its lemmatizer runs.

spaCy's rule lemmatizer works each token out in Python and keeps only some answers (not those of
base forms, proper nouns or punctuation, most of a text): ~4-7 CPU ms of a ~520-token release.
Its answer is a function of the token's text, part of speech and morphology alone (its rules,
exceptions and `is_base_form` read nothing else), so this component asks the lemmatizer once for
each such combination, remembers the answer and sets it on every token still without a lemma;
the lemmatizer, which fills only tokens without one, then has nothing left to do. The lemmas
are the ones it would set. With a lemmatizer of another kind (lookup mode, overwriting, another
language's subclass that may read more) this component does nothing.

The answers come from a copy of the lemmatizer (same class, same tables, spaCy's own rules) whose
index of known lemmas is held as sets: the model keeps each part of speech's index as a list
(57,528 nouns), and the rule lemmatizer tests each candidate form against it by a scan, ~0.2 CPU
ms a new word; a set answers the same membership at once. The model's lemmatizer is untouched.

Reads: ORTH, POS, MORPH and LEMMA of each token. Writes: LEMMA of the tokens without one.
"""
from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS  # type: ignore[import-not-found]
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

#: `is_base_form`s known to read only the token's part of speech and morphology.
PURE_BASE_FORMS = (Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form)
#: Combinations remembered; past this the memory starts again.
MAX_REMEMBERED = 500_000


def memoizable(lemmatizer: object) -> bool:
    """Whether this lemmatizer's answer is a function of text, part of speech and morphology,
    and it fills only the tokens without a lemma."""
    return (isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule" and not lemmatizer.overwrite
            and type(lemmatizer).rule_lemmatize is Lemmatizer.rule_lemmatize
            and type(lemmatizer).is_base_form in PURE_BASE_FORMS)


def with_indexed_lookups(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of `lemmatizer` (its class, vocabulary and tables) whose "lemma_index" entries are
    frozensets: the same answers, each membership test without a scan."""
    copy = type(lemmatizer)(lemmatizer.vocab, None, lemmatizer.name, mode=lemmatizer.mode,
                            overwrite=lemmatizer.overwrite)
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            indexed = Table(name=name)
            for key, value in table.items():
                indexed[key] = frozenset(value)
            table = indexed
        lookups.set_table(name, table)
    copy.lookups = lookups
    return copy


class LemmaMemo:
    def __init__(self, nlp: Language, lemmatizer: str):
        found = nlp.get_pipe(lemmatizer) if lemmatizer in nlp.pipe_names else None
        self.lemmatizer: Lemmatizer | None = (with_indexed_lookups(found)
                                              if isinstance(found, Lemmatizer) and memoizable(found) else None)
        self.strings = nlp.vocab.strings
        self.remembered: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.lemmatizer is None or not len(doc):
            return doc
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        missing = False
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma == 0:
                key = (orth, pos, morph)
                known = self.remembered.get(key)
                if known is None:
                    if len(self.remembered) >= MAX_REMEMBERED:
                        self.remembered.clear()
                    known = self.remembered[key] = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                array[i, 3] = known
                missing = True
        if missing:
            doc.from_array([LEMMA], array[:, 3:4].copy())  # type: ignore[arg-type]
        return doc


@Language.factory("rapsheet_lemma_memo", default_config={"lemmatizer": "lemmatizer"},
                  # POS and morphology come from the tagger's tags (mapped by the attribute ruler,
                  # which declares nothing): the tags are what spaCy can check are there.
                  assigns=["token.lemma"], requires=["token.tag"])
def make_lemma_memo(nlp: Language, name: str, lemmatizer: str) -> LemmaMemo:
    return LemmaMemo(nlp, lemmatizer)
