"""The phrase triggers (rapsheet.nlp.events.triggers.PhraseTriggers) find what a spaCy Matcher
of the same patterns finds, in the order `find_triggers` reads them."""
from spacy.matcher import Matcher

from rapsheet.nlp.events.lexicon import lexicon
from rapsheet.nlp.events.triggers import trigger_matcher

TEXTS = [
    "Smith pleaded not guilty and was taken into custody. The jury found him not guilty.",
    "She will plead guilty; he entered a guilty plea, and prosecutors seek the death penalty.",
    "A no-bill was returned. Officers took him into custody after the guilty verdict.",
    "Nothing here names an event.",
    "",
]


def _matcher_reading(vocab, doc):
    matcher = Matcher(vocab)
    for spec in lexicon().specs:
        for n, words in enumerate(spec.phrases):
            matcher.add(f"{spec.key}|{n}", [[{"LEMMA": w} for w in words], [{"LOWER": w} for w in words]])
    return [(vocab.strings[key].split("|")[0], start, end)
            for key, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2]))]


def test_same_matches_as_a_matcher(pipeline):
    phrases = trigger_matcher(pipeline.vocab)
    found = 0
    for text in TEXTS:
        doc = pipeline(text)
        assert phrases(doc) == _matcher_reading(pipeline.vocab, doc)
        found += len(phrases(doc))
    assert found >= 5
