"""rapsheet's components in spaCy's own form: each declares what it reads and writes on the Doc,
and the assembled pipeline has every attribute a component requires written before it."""
from __future__ import annotations

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
