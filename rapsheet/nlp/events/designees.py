"""The parties a designation or sanction names later on: "OFAC designated two individuals and
three companies ..." then names them; never anyone quoted, holding an office, or an agency.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from rapsheet.data import words
from rapsheet.model import Argument, Entity, Event
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)


GENERIC_DESIGNEES = re.compile(
    r"^(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:individuals?|persons?|people|entities|entity|companies|company|"
    r"firms?|vessels?|tankers?|ships?|aircraft|brokers?|businesses|networks?)$", re.I)


# A company's name: its legal form (words.yaml `legal_forms`) or a trading company's head word.
LEGAL_FORMS = re.compile(r"\b(?:" + words().legal_forms.pattern()
                         + r"|Trading|Shipping|Maritime|Holdings?|Group)(?!\w)")


OFFICE_BEFORE = re.compile(
    r"\b(?:Secretary|Director|Attorney|Judge|Commissioner|Minister|Ambassador|Chief|Officer|"
    r"Agent|Spokes(?:man|woman|person)|Administrator|Deputy|Assistant|Acting|Intelligence|"
    r"Enforcement|Treasury|Counsel|Prosecutor|President|Governor|Sheriff)\b[^.;:“”\"]{0,80}$")


SAID_BEFORE = re.compile(r"\b(?:said|says|stated|added|according to)\s+[^.;“”\"]{0,100}$")


CREDIT_BEFORE = re.compile(r"\b(?:[Rr]eporting|[Ee]diting|[Ww]riting|[Cc]ompiled|[Pp]hotos?|[Vv]ideo)"
                           r"\s+by\s+[^.;“”\"()]{0,60}$")


SAID_AFTER = re.compile(r"^[^.;“”\"]{0,40}?\b(?:said|says|stated|told|added)\b")


def _speaks_or_holds_office(text: str, ent: Entity) -> bool:
    """A person the text quotes or names with an office ("said Under Secretary ... X"): never a
    designee by default."""
    for m in ent.mentions:
        if m.kind != "name":
            continue
        before = text[max(0, m.start - 160):m.start]
        before = before[before.rfind(". ") + 1:] if ". " in before else before
        if OFFICE_BEFORE.search(before) or SAID_BEFORE.search(before) or CREDIT_BEFORE.search(before) \
                or SAID_AFTER.match(text[m.end:m.end + 60]):
            return True
    return False


def find_designees(doc: Doc, events: list[Event], text: str) -> None:
    """ "OFAC designated two individuals and three companies ..." then names them: the people and
    companies the release goes on to name are the designees. Only where the designation's target
    is such a description, and never anyone holding an office, quoted, or an agency."""
    from rapsheet.data import country_code, entry

    speakers = {q.speaker for q in doc._.rs_quotes or [] if q.speaker}
    generic = []
    for ev in events:
        if ev.type not in ("designation", "sanction") or ev.modality != "asserted" or not ev.evidence:
            continue
        targets = [a for a in ev.arguments if a.role == "defendant"]
        # "imposed sanctions on two shipping companies ..., an Iranian oil broker and six
        # tankers": a description among the targets (a name among them is named already)
        if any(not a.entity and GENERIC_DESIGNEES.match(a.text.strip()) for a in targets):
            generic.append(ev)
    if not generic:
        return
    # "The individuals and entities are designated pursuant to E.O. 13224" closes a release that
    # named them above: every such sentence covers the names from the first one on.
    opening = min(ev.evidence[0] for ev in generic if ev.evidence)
    for ev in generic:
        for ent in doc._.rs_entities or []:
            if ent.type not in ("person", "organization") or "title" in ent.attributes:
                continue
            if ent.id in speakers and not (ent.type == "organization" and LEGAL_FORMS.search(ent.name)):
                continue    # a company that answers its designation is still designated
            names = [m for m in ent.mentions if m.kind == "name" and m.start >= opening]
            if not names:
                continue
            gid = (ent.attributes.get("gazetteer_id") or [None])[0]
            known = entry(gid.value) if gid is not None else None
            if known and known.get("source") != "organizations":
                continue        # an agency, a court, a law
            if ent.type == "person" and (len(ent.name.split()) < 2 or _speaks_or_holds_office(text, ent)):
                continue
            if ent.type == "organization" and not known and (
                    not LEGAL_FORMS.search(ent.name) or country_code(ent.name)):
                continue
            if any(a.entity == ent.id for a in ev.arguments):
                continue
            first = names[0]
            ev.arguments.append(Argument("defendant", first.start, first.end, text[first.start:first.end],
                                         ent.id))
