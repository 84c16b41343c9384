"""rapsheet's components in spaCy's own form: each declares what it reads and writes on the Doc,
and the assembled pipeline has every attribute a component requires written before it."""
from __future__ import annotations

import re
from pathlib import Path

import rapsheet.nlp
from rapsheet.nlp.pipeline import COMPONENTS, EARLY_COMPONENTS


def test_every_component_declares_what_it_writes(pipeline):
    ours = [name for name, *_ in EARLY_COMPONENTS + COMPONENTS]
    assert set(ours) <= set(pipeline.pipe_names)
    for name in ours:
        meta = pipeline.get_pipe_meta(name)
        assert meta.assigns, f"{name} declares nothing it writes"
    assert "doc._.rs_events" in pipeline.get_pipe_meta("rapsheet_events").assigns
    assert "doc._.rs_entities" in pipeline.get_pipe_meta("rapsheet_events").requires


def test_analyze_pipes_finds_no_problem(pipeline):
    """Every `requires` is met by a component earlier in the pipeline (spaCy warns otherwise)."""
    analysis = pipeline.analyze_pipes(pretty=False)
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]
    # and the extensions rapsheet writes are each written by a named component
    attrs = analysis["attrs"]
    for ext in ("doc._.rs_times", "doc._.rs_quantities", "doc._.rs_entities", "doc._.rs_quotes",
                "doc._.rs_events", "doc._.rs_charges"):
        assert attrs[ext]["assigns"], ext


def test_a_component_out_of_order_is_reported():
    """The declarations are real: events before the entities it reads is a problem spaCy names."""
    import spacy

    import rapsheet.nlp.events  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("rapsheet_events")
    problems = nlp.analyze_pipes(pretty=False)["problems"]["rapsheet_events"]
    assert "doc._.rs_entities" in problems and "token.dep" in problems


def test_every_factory_declares_its_config(pipeline):
    """Each factory states its settings (`default_config`, empty where there is nothing to set),
    so `nlp.add_pipe(name, config=...)` and a training config can name them."""
    ours = [name for name, *_ in EARLY_COMPONENTS + COMPONENTS]
    factories = set(re.findall(r"@Language\.factory\(\s*\"(\w+)\"", "".join(
        p.read_text(encoding="utf-8") for p in Path(rapsheet.nlp.__file__).parent.rglob("*.py"))))
    assert factories - {"rapsheet_quotes"} <= set(ours)   # quotes' factory is named by EXTRACTOR
    for name in ours:
        meta = pipeline.get_pipe_meta(name)
        assert meta.default_config is not None and meta.assigns and meta.requires is not None, name
    assert pipeline.get_pipe_meta("rapsheet_quotes").default_config == {
        "min_reported_chars": 12, "min_reported_words": 3}


def test_quote_settings_reach_the_reader(pipeline):
    """A stricter `min_reported_words` leaves out reported speech the default keeps."""
    from rapsheet.nlp.quotes.component import find_quotes

    doc = pipeline("The prosecutor said that the defendant had fled the country in a stolen car.")
    default = [q for q in find_quotes(doc) if not q.direct]
    assert default
    assert not [q for q in find_quotes(doc, min_reported_words=50) if not q.direct]


def test_attributes_find_writes_nothing(pipeline):
    """rapsheet_attributes: find_attributes reads, set_annotations writes."""
    from rapsheet.nlp.attributes import find_attributes, set_annotations

    doc = pipeline("Juan Perez, 34, a Colombian national, was arrested in Miami.")
    person = next(e for e in doc._.rs_entities if e.type == "person")
    kept = dict(person.attributes)
    person.attributes.clear()
    found = find_attributes(doc)
    assert not person.attributes and "age" in found[person.id]
    set_annotations(doc, found)
    assert person.attributes.keys() == kept.keys()
