"""rapsheet_lemma_memo: the lemmas the model's lemmatizer gives, remembered and set before it runs."""
import pathlib

from rapsheet.nlp.lemma_memo import LemmaMemo, memoizable

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
TEXT = ("Prosecutors said the defendants were convicted of stealing cars; both men's lawyers are "
        "appealing, and the judge's rulings were better than expected. He gets it, she got it.")


def _lemmas(doc):
    return [(t.text, t.lemma_) for t in doc]


def test_remembered_lemmas_are_the_lemmatizers(model):
    texts = [TEXT, TEXT.upper()] + [p.read_text(encoding="utf-8", errors="replace")
                                    for p in sorted(FIXTURES.rglob("*.txt"))[:30]]
    plain = [_lemmas(doc) for doc in model.pipe(texts)]
    memo = LemmaMemo(model, "lemmatizer")
    assert memo.lemmatizer is not None
    with model.select_pipes(disable=["lemmatizer", "ner"]):
        parsed = list(model.pipe(texts))
    lemmatizer = model.get_pipe("lemmatizer")
    for doc, expected in zip(parsed, plain):
        doc = memo(doc)
        assert all(t.lemma != 0 for t in doc if t.text.strip())   # nothing left for the lemmatizer
        assert _lemmas(lemmatizer(doc)) == expected
    assert memo.remembered                                          # answers were kept


def test_a_lemmatizer_that_overwrites_or_looks_up_is_left_alone(model):
    lemmatizer = model.get_pipe("lemmatizer")
    assert memoizable(lemmatizer)
    lemmatizer.overwrite = True
    try:
        assert not memoizable(lemmatizer)
        assert LemmaMemo(model, "lemmatizer").lemmatizer is None
    finally:
        lemmatizer.overwrite = False
    assert LemmaMemo(model, "no_such_pipe").lemmatizer is None


def test_the_pipeline_remembers_before_its_lemmatizer(pipeline):
    names = pipeline.pipe_names
    assert names.index("rapsheet_lemma_memo") == names.index("lemmatizer") - 1
