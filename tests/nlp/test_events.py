"""Events: type, trigger, date, arguments and modality, from real-looking sentences."""
from __future__ import annotations


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


def _roles(event):
    return {(a.role, a.text) for a in event.arguments}


def test_places_from_the_authority_the_jurisdiction_and_the_governing_verb(read_article):
    doc = read_article("Police in Lagos arrested Musa Bello on Monday. Iran executed Ali Rezaei "
                       "last week. Brazil's impeachment trial of Dilma Rousseff opened. Saïd "
                       "Bouamama is on trial in France.", "2025-06-09")
    arrest, = _events(doc, "arrest")
    assert ("place", "Lagos") in _roles(arrest)
    execution, = _events(doc, "sentence")
    assert ("place", "Iran") in _roles(execution) and ("defendant", "Ali Rezaei") in _roles(execution)
    brazil, france = _events(doc, "trial")
    assert ("place", "Brazil") in _roles(brazil) and ("defendant", "Brazil") not in _roles(brazil)
    assert {("place", "France"), ("defendant", "Saïd Bouamama")} <= _roles(france)


def test_a_verb_joined_to_a_passive_one_is_passive(read_article):
    doc = read_article("He was extradited from Colombia to the United States and charged in a "
                       "federal court in Houston.", "2025-06-09")
    charge, = _events(doc, "charge")
    assert ("defendant", "He") in _roles(charge) and ("agent", "He") not in _roles(charge)
    assert ("place", "Houston") in _roles(charge)
    extradition, = _events(doc, "extradition")
    assert {("origin", "Colombia"), ("destination", "the United States")} <= _roles(extradition)


def test_participles_and_verdicts_with_the_defendant_between(read_article):
    doc = read_article("The judge found her guilty on Tuesday. Officials said convicted smuggler "
                       "Nadia Karimi was freed. The nuclear scientist executed in Iran had worked "
                       "abroad. The company executed the plan.", "2025-06-09")
    assert any(e.type == "conviction" and ("defendant", "her") in _roles(e) for e in doc.events)
    assert any(e.type == "conviction" and ("defendant", "Nadia Karimi") in _roles(e) for e in doc.events)
    executions = _events(doc, "sentence")
    assert len(executions) == 1 and ("place", "Iran") in _roles(executions[0])
