"""Accusations kept: the last step of the reading, after rapsheet_risk.

An entity stays accused only where the text names an allegation against it (a risk) or a firm legal
step (an arrest, charge, plea, verdict, sentence, extradition, designation, sanction, acquittal or
dismissal with it as defendant): a name near a crime word (a politician, a newspaper's editor)
stays out of the record of the accused. A charge stands only against an accused entity (one against
anyone else came from a wrong join, "He" taken for the prosecutor who announced it). Every risk and
charge then carries the proceeding of its final stage. Gives `find_unfounded(doc)` and the component
`rapsheet_accusations`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from rapsheet import stages
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.roles import LEGAL_STRONG

# the legal events that accuse firmly: the one list is roles.LEGAL_STRONG
FIRM_LEGAL_EVENTS = frozenset(LEGAL_STRONG)


def find_unfounded(doc: Doc) -> set[str]:
    """The accused entities with no risk and no firm legal step of their own."""
    legal = {a.entity for e in doc._.rs_events or [] if e.type in FIRM_LEGAL_EVENTS
             and e.modality in ("asserted", "pending") for a in e.arguments
             if a.role == "defendant" and a.entity}
    return {e.id for e in doc._.rs_entities or []
            if "accused" in e.roles and not e.risks and e.id not in legal}


@Language.factory("rapsheet_accusations", assigns=["doc._.rs_entities", "doc._.rs_charges"],
                  requires=["doc._.rs_entities", "doc._.rs_charges", "doc._.rs_events"],
                  default_config={})
def make_accusations(nlp: Language, name: str) -> AccusationsComponent:
    return AccusationsComponent()


class AccusationsComponent:
    """Reads entity.roles, entity.risks, rs_events, rs_charges; drops the unfounded accusations
    (entity.roles) and the charges against no accused (doc._.rs_charges)."""

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, find_unfounded(doc))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, unfounded: set[str]) -> None:
        for entity in doc._.rs_entities or []:
            if entity.id in unfounded:
                entity.roles.remove("accused")
                entity.risks = []
                if not entity.roles:
                    entity.roles.append("other")
        accused = {e.id for e in doc._.rs_entities or [] if "accused" in e.roles}
        doc._.rs_charges = [c for c in doc._.rs_charges or [] if c.defendant in accused]
        # a later step may have moved a record into another proceeding (suspected -> sanctioned)
        for record in [r for e in doc._.rs_entities or [] for r in e.risks] + doc._.rs_charges:
            record.proceeding = stages.proceeding_of(record.stage, record.proceeding)
