"""Roles: who in the article is accused, an official, a victim, a witness, a lawyer, or other.

Takes a Doc with `doc._.rs_entities` (with attributes such as `title`), `doc._.rs_events`,
`doc._.rs_charges` and `doc._.rs_quotes`. Gives `find_roles(doc) -> dict[entity id, list[role]]`
and the component `rapsheet_roles`, which writes `entity.roles`. Roles come from what the text
says the entity does or undergoes, never from the name alone:

- accused: the defendant of an asserted (or pending/future) legal event, of a charge, of a
  designation or sanction, or the perpetrator of a crime the text asserts;
- official: holds an official title, acts as the authority of a legal event (arrests, prosecutes,
  rules, designates), or is an authority that announces;
- victim, witness, lawyer: harmed by a crime, testifies, defends;
- a quoted speaker is an official, witness or commentator ("other") unless the text accuses them.

The one firm rule: an official, judge, agent, victim, witness, lawyer or quoted speaker becomes
accused only on strong evidence (a charge, or the defendant of a legal event other than an
alleged crime), never from standing near a crime word.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from rapsheet.data.wordlists import SPEAKERS, words
from rapsheet.model import ENTITY_ROLES, Entity
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.events import load_table
from rapsheet.nlp.events.parties import LIST_NEXT, LIST_OPEN
from rapsheet.nlp.extensions import doc_ents, doc_text
from rapsheet.nlp.syntax import entity_for

FIRST_SECOND_PERSON = words().pronouns.forms("subject", "object", "possessive", persons=SPEAKERS)
LEGAL_STRONG = ("arrest", "charge", "extradition", "designation", "sanction", "plea", "conviction",
                "sentence", "acquittal", "dismissal")


@dataclass(slots=True, frozen=True)
class RoleTables:
    accusing: dict[str, str]
    firm_only: frozenset[str]
    lawyer_words: tuple[str, ...]
    official_attorney_titles: tuple[str, ...]
    authority_words: frozenset[str]
    speech_verbs: frozenset[str]
    witness_verbs: frozenset[str]
    labelled_party: re.Pattern
    sitting_office_kinds: frozenset[str]
    former_words: tuple[str, ...]
    contact_label: re.Pattern
    admission_verbs: frozenset[str]


@functools.lru_cache(maxsize=1)
def tables() -> RoleTables:
    data = load_table("risk.yaml")
    return RoleTables(
        accusing=dict(data["accusing_events"]), firm_only=frozenset(data["firm_only"]),
        lawyer_words=tuple(w.lower() for w in data["lawyer_words"]),
        official_attorney_titles=tuple(w.lower() for w in data["official_attorney_titles"]),
        authority_words=frozenset(w.lower() for w in data["authority_words"]),
        speech_verbs=frozenset(data["speech_verbs"]) | words().speech_verbs, witness_verbs=frozenset(data["witness_verbs"]),
        labelled_party=re.compile(r"\b(?:{})(?:\s+as|,)?\s+$".format("|".join(
            re.escape(w) for w in sorted(data["defendant_labels"], key=len, reverse=True))), re.I),
        sitting_office_kinds=frozenset(data["sitting_office_kinds"]),
        former_words=tuple(w.lower() for w in data["former_words"]),
        contact_label=re.compile(r"\b(?:{})\s*:\s*$".format("|".join(
            re.escape(w) for w in sorted(data["press_contact_labels"], key=len, reverse=True))), re.I),
        admission_verbs=frozenset(data["admission_verbs"]))


@dataclass(slots=True)
class Evidence:
    """What the article says about one entity, gathered before deciding its roles."""
    strong_accused: list[tuple[int, int]] = field(default_factory=list)   # charges, legal events
    named_accused: bool = False   # some strong evidence names the entity (not only "he", "the man")
    weak_accused: list[tuple[int, int]] = field(default_factory=list)     # alleged crimes
    official: list[str] = field(default_factory=list)
    victim: bool = False
    witness: bool = False
    lawyer: bool = False
    speaker: bool = False
    labelled: bool = False        # the text labels the named entity a defendant
    sitting_office: bool = False  # holds a prosecutor's or judge's office now, or speaks for one
    codefendant: bool = False     # listed as someone's co-defendant ("his co-defendants, X and Y")
    captioned: bool = False       # the defendant of a prosecution's caption ("People v. X")


def _titles(entity: Entity) -> list[str]:
    return [str(a.value) for a in entity.attributes.get("title", [])] + \
        [str(a.value) for a in entity.attributes.get("role", [])]


def _inside_quote_of(doc: Doc, start: int, entity_id: str) -> bool:
    """Whether a span lies inside a quote spoken by this entity ("We will hunt them down")."""
    for q in doc._.rs_quotes or []:
        if q.speaker == entity_id and q.start <= start < q.end:
            return True
    return False


def _is_lawyer(text: str, entity: Entity, t: RoleTables) -> bool:
    for title in _titles(entity):
        low = title.lower()
        if any(w in low for w in t.lawyer_words) and not any(o in low for o in t.official_attorney_titles):
            return True
    for m in entity.mentions:
        if m.kind != "name":
            continue
        before = text[max(0, m.start - 40):m.start].lower()
        after = text[m.end:m.end + 40].lower()
        if re.search(r"(defen[cs]e (attorney|lawyer)|lawyer|attorney for|counsel for|public defender)\s*,?\s*$", before) \
                and not any(o in before[-30:] for o in t.official_attorney_titles):
            return True
        if re.match(r"^\s*,\s*(a|an|the|his|her|their)\s+(\w+\s+)?(lawyer|attorney for|attorney representing|defen[cs]e attorney|counsel)", after):
            return True
    return False


def _sitting_office(text: str, entity: Entity, t: RoleTables) -> bool:
    """Whether the text gives the entity a prosecutor's or judge's office that it holds now:
    "Assistant District Attorney X" handles the case, "former prosecutor X" may be its defendant."""
    kinds = {str(a.value) for a in entity.attributes.get("title_kind", [])}
    if not kinds & t.sitting_office_kinds:
        return False
    for a in entity.attributes.get("title", []):
        said = (text[max(0, a.start - 20):a.start] + " " + str(a.value)).lower()
        if any(re.search(rf"\b{re.escape(w)}\b", said) for w in t.former_words):
            return False
    return True


def _press_contact(text: str, entity: Entity, t: RoleTables) -> bool:
    """Whether a release names the entity as its press contact ("Contact: X", "Media contact:
    X"): the office's spokesperson, whatever the header line runs into."""
    for m in entity.mentions:
        if m.kind == "name":
            line = text[max(0, m.start - 40):m.start].rsplit("\n", 1)[-1]
            if t.contact_label.search(line):
                return True
    return False


def _byline(text: str, entity: Entity) -> bool:
    """Whether the page names the entity as its author or reporter ("By X", "Author\nX",
    "(Reporting by X; Editing by Y)"): the writer of the story, never a party to it."""
    from rapsheet.nlp.ner_repair import person_cue_patterns
    byline = person_cue_patterns()[0]
    return entity.type == "person" and any(
        m.kind == "name" and byline.search(text, max(0, m.start - 60), m.start) for m in entity.mentions)


def _is_authority_org(entity: Entity, t: RoleTables) -> bool:
    if entity.type != "organization":
        return False
    words = set(re.findall(r"[\w.'’]+", entity.name.lower()))
    name = entity.name.lower()
    return bool(words & t.authority_words) or any(" " in w and w in name for w in t.authority_words)


def gather(doc: Doc) -> dict[str, Evidence]:
    t = tables()
    text = doc_text(doc)
    entities = {e.id: e for e in doc._.rs_entities or []}
    ev: dict[str, Evidence] = {eid: Evidence() for eid in entities}

    for charge in doc._.rs_charges or []:
        if charge.defendant in ev:
            ev[charge.defendant].strong_accused.append(charge.evidence)
            if _names_in(entities[charge.defendant], *charge.evidence):
                ev[charge.defendant].named_accused = True

    held_by_defendant = _held_by_defendant(doc, entities, t)
    for event in doc._.rs_events or []:
        sent = event.evidence or (event.trigger.start, event.trigger.end)
        for arg in event.arguments:
            if not arg.entity or arg.entity not in ev:
                continue
            e = ev[arg.entity]
            if arg.role == "defendant" and event.id in held_by_defendant:
                e.victim = True
                continue
            if arg.role == "defendant":
                if arg.text.lower() in FIRST_SECOND_PERSON:
                    continue
                if event.type not in t.accusing:
                    continue
                if event.modality in ("negated", "hypothetical"):
                    continue
                if event.type in t.firm_only and event.modality != "asserted":
                    continue
                if _inside_quote_of(doc, event.trigger.start, arg.entity):
                    continue
                if event.type in LEGAL_STRONG:
                    e.strong_accused.append(sent)
                    if _names_in(entities[arg.entity], arg.start, arg.end) or \
                            _named_in_apposition(text, entities[arg.entity], arg.end):
                        e.named_accused = True
                else:
                    e.weak_accused.append(sent)
            elif arg.role in ("agent", "court"):
                e.official.append(f"{arg.role} of {event.type}")
            elif arg.role == "victim":
                e.victim = True

    for q in doc._.rs_quotes or []:
        if q.speaker in ev and not _admission(doc, q, t):
            ev[q.speaker].speaker = True

    for eid, entity in entities.items():
        e = ev[eid]
        titles = _titles(entity)
        if any(a for a in entity.attributes.get("title", [])):
            low = " ".join(titles).lower()
            if not any(w in low for w in t.lawyer_words) or \
                    any(o in low for o in t.official_attorney_titles):
                e.official.append("title")
        e.sitting_office = _sitting_office(text, entity, t) or _press_contact(text, entity, t) \
            or _byline(text, entity)
        if _is_authority_org(entity, t):
            e.official.append("authority")
        if _is_lawyer(text, entity, t):
            e.lawyer = True
        e.labelled = any(m.kind == "name" and t.labelled_party.search(text[max(0, m.start - 40):m.start])
                         for m in entity.mentions)
        _grammar_roles(doc, entity, e, t)
    for eid in codefendants(doc):
        if eid in ev:
            ev[eid].codefendant = True
    for eid in captioned(doc):
        if eid in ev:
            ev[eid].captioned = True
    return ev


# "People v. X", "State v. X", "United States v. X": the case a government brings against X
CAPTION = re.compile(r"\b(?:People|State|Commonwealth|United States|U\.\s?S\.|Government)"
                     r"(?:\s+of\s+(?:the\s+)?[A-Z][\w]+(?:\s+[A-Z][\w]+)?)?\s+vs?\.?\s+$")


def captioned(doc: Doc) -> dict[str, tuple[int, int]]:
    """The people and companies named as the defendant of a criminal case's caption ("the trial
    in People v. X", "the case of State v. X"), with the sentence that names the case."""
    out: dict[str, tuple[int, int]] = {}
    text = doc_text(doc)
    for entity in doc._.rs_entities or []:
        if entity.type not in ("person", "organization"):
            continue
        for m in entity.mentions:
            if m.kind == "name" and CAPTION.search(text[max(0, m.start - 40):m.start]):
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None:
                    out.setdefault(entity.id, (span.sent.start_char, span.sent.end_char))
    return out


CODEFENDANT = re.compile(r"\bco-?defendants?\b", re.I)


def codefendants(doc: Doc) -> dict[str, tuple[int, int]]:
    """The people the text lists as co-defendants ("Cases for his co-defendants - X, Y and Z -
    remain pending", "co-defendant X"), with the sentence that says so: defendants of the same
    criminal case, whatever else the sentence says of them."""
    text = doc_text(doc)
    out: dict[str, tuple[int, int]] = {}
    for m in CODEFENDANT.finditer(text):
        pos = m.end()
        listed = 0
        for ent in doc_ents(doc):
            if ent.label_ != "PERSON" or ent.start_char < pos:
                continue
            gap = text[pos:ent.start_char]
            if not (LIST_NEXT.fullmatch(gap) if listed else
                    LIST_OPEN.fullmatch(gap) or re.fullmatch(r"\s+", gap) and not m.group().lower().endswith("s")):
                break
            entity = entity_for(doc, ent.start_char, ent.end_char)
            if entity is not None and entity.type == "person":
                out.setdefault(entity.id, (ent.sent.start_char, ent.sent.end_char))
            listed += 1
            pos = ent.end_char
    return out


HOLDING_EVENTS = ("arrest",)
CASE_EVENTS = ("charge", "plea", "conviction", "sentence", "acquittal", "dismissal")


def _agent_person(arg, entities: dict[str, Entity]) -> str | None:
    """The person an agent argument names: its entity, or the one person whose surname it is
    ("Brandt arrested ..." after "officer Kyle Brandt")."""
    if arg.entity:
        return arg.entity if entities.get(arg.entity) and entities[arg.entity].type == "person" \
            else None
    words = arg.text.split()
    if not words or not words[-1][:1].isupper():
        return None
    found = [eid for eid, ent in entities.items() if ent.type == "person" and
             len(ent.name.split()) > 1 and ent.name.split()[-1] == words[-1]]
    return found[0] if len(found) == 1 else None


def _held_by_defendant(doc: Doc, entities: dict[str, Entity], t: RoleTables) -> set[str]:
    """Arrests made by a person the article names as a defendant ("the officer, acquitted of
    filing a false report, had arrested Y"): the one they held is who the case is about, its
    victim, not an accused."""
    events = doc._.rs_events or []
    defendants = {a.entity for ev in events if ev.type in CASE_EVENTS and ev.type in t.accusing
                  and ev.modality not in ("negated", "hypothetical")
                  for a in ev.arguments if a.role == "defendant" and a.entity} | \
        {c.defendant for c in doc._.rs_charges or []}
    defendants.discard(None)
    out = set()
    for ev in events:
        if ev.type not in HOLDING_EVENTS:
            continue
        if any(a.role == "agent" and _agent_person(a, entities) in defendants for a in ev.arguments):
            out.add(ev.id)
    return out


def _grammar_roles(doc: Doc, entity: Entity, e: Evidence, t: RoleTables) -> None:
    """Subjects of testify (witness) and of speech verbs with an authority's words."""
    for m in entity.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if head.dep_ in ("nsubj",) and head.head.lemma_.lower() in t.witness_verbs:
            e.witness = True
        if head.dep_ == "pobj" and head.head.lower_ == "by" and \
                head.head.head.lemma_.lower() in ("testimony",):
            e.witness = True


def _admission(doc: Doc, quote, t: RoleTables) -> bool:
    """Whether a quote is its speaker's reported admission ("X admitted that he drove the truck"):
    the words of a party to the case, not of a commentator."""
    if quote.direct or quote.cue is None:
        return False
    cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    return cue is not None and cue.root.lemma_.lower() in t.admission_verbs


def _named_in_apposition(text: str, entity: Entity, end: int) -> bool:
    """Whether the entity's name stands in apposition right after a description of it: "The
    developer, Jane Roe, 70, pleaded guilty"."""
    return any(m.kind == "name" and m.start > end and re.fullmatch(r"\s*,\s*", text[end:m.start])
               for m in entity.mentions)


def _names_in(entity: Entity, start: int, end: int) -> bool:
    return any(m.kind == "name" and start <= m.start and m.end <= end for m in entity.mentions)


def decide(entity: Entity, e: Evidence) -> list[str]:
    """The roles from the evidence. Protected parties (officials, speakers, victims, witnesses,
    lawyers) need strong evidence that names them: a pronoun or a description joined to them is
    not enough, since a wrong join would accuse the wrong person."""
    protected = bool(e.official) or e.victim or e.witness or e.lawyer or e.speaker
    roles: list[str] = []
    if e.sitting_office:
        # a sitting prosecutor or judge files, tries and rules on cases: a list of the case's
        # team or a headline that runs into their name never makes them its defendant
        accused = False
    elif (e.codefendant or e.captioned) and not (e.official or e.lawyer or e.victim):
        accused = True
    elif e.labelled and not (e.official or e.lawyer):
        # "identified the defendant as X ... He was sentenced": named a defendant by the text
        accused = bool(e.strong_accused) or bool(e.weak_accused)
    elif protected:
        accused = bool(e.strong_accused) and e.named_accused
    else:
        accused = bool(e.strong_accused) or bool(e.weak_accused)
    if accused:
        roles.append("accused")
    else:
        if e.official:
            roles.append("official")
        if e.lawyer:
            roles.append("lawyer")
        if e.victim:
            roles.append("victim")
        if e.witness:
            roles.append("witness")
        if not roles:
            roles.append("other")
    return [r for r in roles if r in ENTITY_ROLES]


def find_roles(doc: Doc) -> dict[str, list[str]]:
    evidence = gather(doc)
    return {entity.id: decide(entity, evidence[entity.id]) for entity in doc._.rs_entities or []
            if entity.type in ("person", "organization")}


@Language.factory("rapsheet_roles", assigns=["doc._.rs_entities"],
                  requires=["doc._.rs_entities", "doc._.rs_events", "doc._.rs_charges", "doc._.rs_quotes"],
                  default_config={})
def make_roles(nlp: Language, name: str) -> RolesComponent:
    return RolesComponent()


class RolesComponent:
    """Reads rs_entities, rs_events, rs_charges, rs_quotes; writes entity.roles."""

    def __init__(self) -> None:
        tables()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, find_roles(doc))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, roles: dict[str, list[str]]) -> None:
        for entity in doc._.rs_entities or []:
            for role in roles.get(entity.id, []):
                entity.add_role(role)
