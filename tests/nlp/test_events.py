"""Events: type, trigger, date, arguments and modality, from real-looking sentences."""
from __future__ import annotations

import pathlib
import sys

# the project root, so the corpus loader and the shared scorer import as tests.*
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from tests.nlp.accusation_eval import find_entity


def _events(doc, etype):
    return [e for e in doc.events if e.type == etype]


def test_seed_events(seed_document):
    flores = find_entity(seed_document, "Jose Enrique Martinez Flores")
    arrest = _events(seed_document, "arrest")[0]
    assert arrest.date["value"] == "2025-03-31" and arrest.modality == "asserted"
    roles = {(a.role, a.entity) for a in arrest.arguments}
    assert ("defendant", flores.id) in roles
    assert any(a.role == "agent" and "Colombian authorities" in a.text for a in arrest.arguments)
    indictment = [e for e in _events(seed_document, "charge") if e.subtype == "superseding indictment"]
    assert indictment and indictment[0].date["value"] == "2025-04-08"
    extradition = _events(seed_document, "extradition")[0]
    assert extradition.modality == "pending" and not extradition.negated
    designation = _events(seed_document, "designation")[0]
    assert designation.date["value"] == "2025-02" and designation.stage == "sanctioned"
    assert _events(seed_document, "deportation") and _events(seed_document, "court_order")


def test_passive_agent_and_list_of_defendants(read_article):
    doc = read_article("Luis Ortega, Pedro Salas and Ana Ruiz were arrested by Mexican federal "
                       "police in Culiacán on Friday.", "2025-06-09")
    arrest = _events(doc, "arrest")[0]
    defendants = {a.text for a in arrest.arguments if a.role == "defendant"}
    assert {"Luis Ortega", "Pedro Salas", "Ana Ruiz"} <= defendants
    assert any(a.role == "agent" for a in arrest.arguments)
    assert any(a.role == "place" and a.text == "Culiacán" for a in arrest.arguments)
    assert arrest.date["value"] == "2025-06-06"


def test_modalities(read_article):
    doc = read_article(
        "Rivera will be sentenced on June 3. Prosecutors plan to indict Gomez. Chen faces "
        "extradition to the United States. Rivera was not charged with murder. If convicted, "
        "Patel could face 20 years in prison.", "2025-05-01")
    by_trigger = {e.trigger.text: e for e in doc.events}
    assert by_trigger["sentenced"].modality == "future"
    assert by_trigger["indict"].modality == "future"
    assert by_trigger["extradition"].modality == "pending"
    assert by_trigger["charged"].modality == "negated" and by_trigger["charged"].negated
    assert by_trigger["convicted"].modality == "hypothetical"


def test_pronoun_subject_across_sentences(read_article):
    doc = read_article("Federal agents arrested Samuel Okoro at his home in Houston on Monday. "
                       "He was indicted on charges of wire fraud in March.", "2025-05-01")
    okoro = find_entity(doc, "Samuel Okoro")
    charge = [e for e in _events(doc, "charge") if e.trigger.text == "indicted"][0]
    assert any(a.role == "defendant" and a.entity == okoro.id for a in charge.arguments)


def test_press_release_is_not_a_release(read_article):
    doc = read_article("According to a press release, the suspect was detained in Lima.",
                       "2025-05-01")
    assert not _events(doc, "release") and _events(doc, "arrest")
