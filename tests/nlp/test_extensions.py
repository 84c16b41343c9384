"""The Doc state components share (rapsheet.nlp.extensions): the text and the repaired entities,
kept on the Doc so that each component does not rebuild them."""
from rapsheet.model import Article
from rapsheet.nlp.extensions import doc_ents, doc_text
from rapsheet.nlp.pipeline import annotate

TEXT = ("Assistant U.S. Attorney Jane Roe said Marisol Ortega-Lind, 58, of Tucson, was charged by the "
        "FBI on Monday.\nA second defendant, Liberty Coles, 33, was arrested in Phoenix.")


def _spans(ents):
    return [(e.start, e.end, e.label_, e.ent_id_) for e in ents]


def test_kept_entities_are_the_docs_entities(pipeline):
    doc = annotate(Article(source="t1.txt", text=TEXT), pipeline)
    assert doc.ents and _spans(doc_ents(doc)) == _spans(doc.ents)
    assert doc_text(doc) == doc.text


def test_a_doc_made_from_a_span_reads_its_own_entities(pipeline):
    doc = annotate(Article(source="t2.txt", text=TEXT), pipeline)
    second = list(doc.sents)[-1]
    part = second.as_doc(copy_user_data=True)   # the parent's kept entities come along
    assert "rs_ents" in part.user_data
    assert _spans(doc_ents(part)) == _spans(part.ents)
    assert all(e.doc is part for e in doc_ents(part))
    assert doc_text(part) == part.text


def test_words_are_the_tokens_texts_of_this_doc(pipeline):
    from rapsheet.nlp.extensions import doc_words
    doc = annotate(Article(source="t3.txt", text=TEXT), pipeline)
    assert doc_words(doc) == [t.text for t in doc]
    part = list(doc.sents)[-1].as_doc(copy_user_data=True)   # the parent's words come along
    assert doc_words(part) == [t.text for t in part]


def test_tokens_are_this_docs_tokens(pipeline):
    from rapsheet.nlp.extensions import doc_tokens
    doc = annotate(Article(source="t4.txt", text=TEXT), pipeline)
    assert [(t.i, t.text) for t in doc_tokens(doc)] == [(t.i, t.text) for t in doc]
    assert all(t.doc is doc for t in doc_tokens(doc))
    part = list(doc.sents)[-1].as_doc(copy_user_data=True)   # the parent's tokens come along
    assert all(t.doc is part for t in doc_tokens(part))
    assert [t.text for t in doc_tokens(part)] == [t.text for t in part]


def test_a_doc_before_the_repair_can_be_copied(pipeline):
    """No Token objects are kept on a Doc while the model's components run: Doc.copy deep-copies
    the user data, and a Token cannot be copied."""
    doc = pipeline.make_doc(TEXT)
    for name, proc in pipeline.pipeline:
        if name == "rapsheet_ner_repair":
            break
        doc = proc(doc)
    assert doc.copy().text == TEXT
