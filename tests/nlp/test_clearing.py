"""Who stays clean and who is cleared, on the shapes real press releases take: the prosecution
team listed after "prosecuted by", a headline that runs into the officials of a media advisory, a
release's press contact, and the steps that clear a defendant (acquittal, dismissal, exoneration,
no charges filed), which never read as an adverse stage.

Sentences are written for these tests (tests/conftest.py's `read_article` runs the whole pipeline).
"""
from __future__ import annotations

from tests.nlp.accusation_eval import assert_not_accused, find_entity

ADVERSE = {"suspected", "arrested", "charged", "convicted", "sentenced"}


def accused(doc, name):
    e = find_entity(doc, name)
    assert e is not None and "accused" in e.roles, f"{name} not accused: {e and e.roles}"
    return e


def _parsed(pipeline, words, heads, deps, tags, pos):
    """A Doc with a fixed parse, so the reading of a parse the model gives on real pages is
    tested whatever the model does with a short sentence."""
    from spacy.tokens import Doc
    return Doc(pipeline.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos,
               lemmas=[w.lower() for w in words])


def test_a_headline_participle_with_a_subject_is_a_passive(pipeline):
    from rapsheet.nlp.syntax import is_passive
    # "Trio Charged ..., State Attorney Karen Whitfield ... will hold": the model hangs the
    # officials on the participle as its object; the headline's subject is who was charged
    doc = _parsed(pipeline, ["Trio", "Charged", ",", "Karen", "Whitfield", "will", "hold", "it"],
                  [1, 6, 1, 4, 1, 6, 6, 6], ["nsubj", "csubj", "punct", "compound", "dobj", "aux",
                                              "ROOT", "dobj"],
                  ["NNP", "VBN", ",", "NNP", "NNP", "MD", "VB", "PRP"],
                  ["PROPN", "VERB", "PUNCT", "PROPN", "PROPN", "AUX", "VERB", "PRON"])
    assert is_passive(doc[1])
    active = _parsed(pipeline, ["Police", "charged", "Hale"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
                     ["NNS", "VBD", "NNP"], ["NOUN", "VERB", "PROPN"])
    assert not is_passive(active[1])


def test_a_case_and_the_team_in_apposition_to_it_are_no_list_of_defendants(pipeline):
    from rapsheet.nlp.events import with_conjuncts
    # "The case ..., Deputy Chief, Laura Quinn, Bureau Chief, and Ellen Ross": the model reads
    # the team as an apposition of "case"; "The defendant, Hale and Ross" does list people
    words = ["The", "case", "Chief", "Laura", "Quinn", "Chief", "and", "Ellen", "Ross"]
    heads = [1, 1, 1, 4, 2, 2, 5, 8, 5]
    deps = ["det", "ROOT", "appos", "compound", "conj", "conj", "cc", "compound", "conj"]
    tags = ["DT", "NN", "NNP", "NNP", "NNP", "NNP", "CC", "NNP", "NNP"]
    pos = ["DET", "NOUN", "PROPN", "PROPN", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN"]
    doc = _parsed(pipeline, words, heads, deps, tags, pos)
    assert [t.text for t in with_conjuncts(doc[1])] == ["case"]
    words[1] = "defendant"
    doc = _parsed(pipeline, words, heads, deps, tags, pos)
    assert "Quinn" in [t.text for t in with_conjuncts(doc[1])]


def test_a_sitting_prosecutor_is_never_the_defendant_but_a_former_one_can_be(read_article):
    doc = read_article("Assistant District Attorney Laura Quinn was charged with bribery on Monday.")
    assert_not_accused(doc, "Laura Quinn")
    doc = read_article("Former Assistant District Attorney Robert Pike was indicted on Monday on "
                       "bribery charges, prosecutors said.")
    pike = accused(doc, "Robert Pike")
    assert any(r.category == "corruption" for r in pike.risks)


def test_a_release_press_contact_is_a_spokesperson(pipeline):
    from rapsheet.model import Entity, Mention
    from rapsheet.nlp.roles import _press_contact, tables
    text = "May 13, 2021 Contact: Julia Marsh\nSerial killer gets three life sentences"
    at = text.index("Julia")
    marsh = Entity("e1", "person", "Julia Marsh", [Mention(at, at + 11, "Julia Marsh")])
    assert _press_contact(text, marsh, tables())
    text = "Julia Marsh, a contact of the gang, was charged with fraud."
    marsh = Entity("e1", "person", "Julia Marsh", [Mention(0, 11, "Julia Marsh")])
    assert not _press_contact(text, marsh, tables())
