"""The model's attribute ruler matched through an index (rapsheet.nlp.attribute_rules): the same
matches as spaCy's own Matcher, so the same parts of speech, morphology and lemmas."""
import pathlib

from spacy.pipeline import AttributeRuler

from rapsheet.nlp.attribute_rules import IndexedRuleMatcher

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"

# Informal English exercises the model's rules of several tokens and regular expressions.
INFORMAL = ("Y'all ain't gonna believe it, c'mon. Let's go: there is nothin' here.\n\n  He gets it, she "
            "got it, and they gotta go. There were two of them, weren't there?  Ya  all know that.")


def _parsed(nlp, texts):
    return list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))


def test_the_models_rules_match_as_spacys_matcher_does(model):
    ruler = model.get_pipe("attribute_ruler")
    indexed = IndexedRuleMatcher(ruler)
    texts = [INFORMAL] + [p.read_text(encoding="utf-8", errors="replace")
                          for p in sorted(FIXTURES.rglob("*.txt"))[:40]]
    several = 0
    for doc in _parsed(model, texts):
        expected = ruler.match(doc)
        assert indexed(doc) == expected
        several += sum(1 for _, _, start, end in expected if end - start > 1)
    assert several, "no rule of several tokens was exercised"


def test_rules_of_every_kind_match_as_spacys_matcher_does(model):
    # A ruler of invented rules: exact values, IN, NOT_IN (the empty value included), a regular
    # expression, a flag, a rule of two patterns that both fit one token (one match, as a
    # Matcher gives), several tokens, and a quantifier (left to a Matcher).
    ruler = AttributeRuler(model.vocab)
    ruler.add([[{"LOWER": "the"}]], {"LEMMA": "THE"})
    ruler.add([[{"TAG": {"IN": ["NN", "NNS"]}, "DEP": {"NOT_IN": ["nsubj", ""]}}]], {"LEMMA": "N"})
    ruler.add([[{"LOWER": {"REGEX": "^gon"}}]], {"LEMMA": "GO"})
    ruler.add([[{"IS_SPACE": True}]], {"LEMMA": "SPACE"})
    ruler.add([[{"LOWER": "two"}], [{"TAG": "CD"}]], {"LEMMA": "NUM"})
    ruler.add([[{"LOWER": "there"}, {"LOWER": {"IN": ["is", "were"]}}]], {"LEMMA": "EXIST"}, index=1)
    ruler.add([[{"TAG": "DT"}, {"TAG": "JJ", "OP": "*"}, {"TAG": "NN"}]], {"LEMMA": "NP"}, index=-1)
    indexed = IndexedRuleMatcher(ruler)
    assert len(indexed.rest) == 1                  # only the quantifier is left to a Matcher
    for doc in _parsed(model, [INFORMAL, "The two big dogs saw the cat and the old grey cat."]):
        assert indexed(doc) == ruler.match(doc)


def test_the_pipelines_reading_is_unchanged(model, pipeline):
    # The pipeline's ruler (indexed) gives every token the parts of speech, morphology and
    # lemmas the model's own ruler gives.
    text = INFORMAL + "\n" + (FIXTURES / "articles").joinpath(
        sorted(p.name for p in (FIXTURES / "articles").glob("*.txt"))[0]).read_text(encoding="utf-8")
    plain = model(text)
    ours = pipeline.make_doc(text)
    for name, component in pipeline.pipeline:
        if name in model.pipe_names:
            ours = component(ours)
    assert isinstance(pipeline.get_pipe("attribute_ruler").match, IndexedRuleMatcher)
    assert [(t.pos_, str(t.morph), t.lemma_) for t in ours] == [(t.pos_, str(t.morph), t.lemma_) for t in plain]
