"""Risk: for each accused entity, the risk categories the text supports and how far each went.

Takes a Doc whose entities carry roles (rapsheet_roles), with `doc._.rs_charges` and
`doc._.rs_events`. Gives `find_risks(doc) -> dict[entity id, list[Risk]]` and the component
`rapsheet_risk`, which writes `entity.risks`. Only an entity with the role `accused` carries risk:
officials, judges, agents, victims, witnesses, lawyers and commentators never do.

A category's stage is the latest the text supports, in the one order of rapsheet/stages.py (a step
that clears, such as acquitted or dismissed, ends it); its evidence is the sentences that say so.
Sources: charges; events with the entity as defendant (the offence they name, or the crime itself);
designations and sanctions (stage sanctioned, category from their sentence); and activities a
source attributes to the entity ("identified X as being involved in ... human trafficking,
extortion ..."), at stage suspected.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from rapsheet import stages
from rapsheet.model import CATEGORIES, STAGES, Entity, Event, Risk
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.events import load_table
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.offences import classify_offense, offense_categories, without_person_relative
from rapsheet.nlp.roles import captioned, codefendants
from rapsheet.nlp.syntax import is_dateline


@dataclass(slots=True, frozen=True)
class RiskTables:
    terminal: frozenset[str]      # the stages that clear
    accusing: dict[str, str]
    firm_only: frozenset[str]
    designation: tuple[tuple[re.Pattern, str], ...]
    cues: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def tables() -> RiskTables:
    data = load_table("risk.yaml")
    terminal = frozenset(s for s in STAGES if stages.is_clearing(s))
    designation = []
    for row in data["designation_categories"]:
        if row["category"] not in CATEGORIES:
            raise ValueError(f"risk.yaml: category {row['category']!r} is not in the vocabulary")
        designation.append((re.compile(row["pattern"], re.I), row["category"]))
    for stage in data["accusing_events"].values():
        if stage not in STAGES:
            raise ValueError(f"risk.yaml: accusing_events stage {stage!r} unknown")
    return RiskTables(terminal, dict(data["accusing_events"]), frozenset(data["firm_only"]),
                      tuple(designation), tuple(c.lower() for c in data["attribution_cues"]))


class _Book:
    """Categories of one entity with their stage, evidence, date and source."""

    def __init__(self, t: RiskTables) -> None:
        self.t = t
        self.risks: dict[str, Risk] = {}

    def add(self, category: str | None, stage: str, evidence: tuple[int, int],
            date: str | None = None, source: str | None = None,
            proceeding: str | None = None) -> None:
        if category not in CATEGORIES:
            return
        risk = self.risks.get(category)
        if risk is None:
            self.risks[category] = Risk(category, stage, [evidence], date, source, proceeding)
            return
        if evidence not in risk.evidence:
            risk.evidence.append(evidence)
        if stages.supersedes(stage, risk.stage):
            risk.stage = stage
            risk.date = date or risk.date
            risk.source = source
            risk.proceeding = stages.proceeding_of(stage, proceeding)
        elif source is None and risk.source is not None and stage == risk.stage:
            risk.source = None

    def upgrade_all(self, stage: str, evidence: tuple[int, int], date: str | None,
                    named: bool = False) -> None:
        """An arrest or extradition without a named offence advances what is already alleged. A
        step that names its offences ("charged with drug trafficking") advances no allegation of
        another proceeding: a designation as a terrorist stays a designation."""
        for risk in self.risks.values():
            if named and risk.proceeding != stages.proceeding_of(stage):
                continue
            if stages.supersedes(stage, risk.stage) and stage not in self.t.terminal:
                risk.stage = stage
                risk.date = date or risk.date
                if evidence not in risk.evidence:
                    risk.evidence.append(evidence)


def _event_text(doc: Doc, event: Event) -> str:
    """The words that say what the event is about: its offence arguments, or the crime's clause."""
    parts = [a.text for a in event.arguments if a.role == "offense"]
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is not None:
        tok = span.root
        if tok.pos_ in ("VERB", "AUX"):
            parts.insert(0, doc[tok.i: tok.right_edge.i + 1].text)
        else:
            parts.insert(0, doc[tok.left_edge.i: tok.right_edge.i + 1].text)
    return " ; ".join(parts)


def _own_clause(doc: Doc, event: Event) -> str:
    """The words of an event's own clause: the verb's subtree (a nominal trigger's own phrase),
    less the clauses inside it that have a subject of their own ("officers who falsified records
    ...", "after prosecutors said ...")."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return ""
    head = span.root
    skip: set[int] = set()
    for tok in head.subtree:
        if tok.i != head.i and tok.dep_ in ("relcl", "ccomp", "advcl", "parataxis", "acl", "conj") and \
                any(c.dep_ == "nsubj" for c in tok.children) and tok.i not in skip:
            skip.update(t.i for t in tok.subtree)
    return " ".join(t.text for t in head.subtree if t.i not in skip)


def _event_categories(doc: Doc, event: Event, t: RiskTables) -> list[str]:
    if event.type in ("designation", "sanction"):
        sent = doc_text(doc)[event.evidence[0]:event.evidence[1]] if event.evidence else ""
        text = " ".join(a.text for a in event.arguments if a.role == "offense") + " " + sent
        # every programme or activity the designation names: "laundered proceeds for
        # Hizballah ... pursuant to E.O. 13224" is money laundering and terrorism
        cats = [c for p, c in t.designation if p.search(text)]
        return list(dict.fromkeys(cats))
    text = _event_text(doc, event)
    if event.type == "crime":
        cat = classify_offense(text)
        return [cat] if cat else []
    # every offence the argument lists: "wire fraud, securities fraud and conspiracy to commit
    # money laundering" names three categories, not one
    cats = []
    for arg in event.arguments:
        if arg.role == "offense":
            for cat, _, _ in offense_categories(without_person_relative(arg.text)):
                if cat not in cats:
                    cats.append(cat)
    return cats


def _attributed(doc: Doc, entity: Entity, accused_ids: set[str], t: RiskTables,
                book: _Book) -> None:
    """Activity lists attributed to the entity in a sentence that names it before the cue."""
    entities = doc._.rs_entities or []
    text = doc_text(doc)
    for sent in doc.sents:
        lo, hi = sent.start_char, sent.end_char
        mine = [m for m in entity.mentions if lo <= m.start < hi]
        if not mine:
            continue
        low = text[lo:hi].lower()   # sent.text, without joining its tokens again
        for cue in t.cues:
            for m in re.finditer(rf"\b{re.escape(cue)}", low):
                at = lo + m.start()
                # on the cue's own line: a menu of other headlines under the name ("... Man
                # Linked to ... Murder") attributes nothing to it
                before = [mm for mm in mine if mm.end <= at and "\n" not in doc_text(doc)[mm.end:at]]
                if not before:
                    continue
                # the nearest accused mention before the cue must be this entity's
                nearest = max(((mm.end, e.id) for e in entities if e.id in accused_ids
                               for mm in e.mentions if lo <= mm.start and mm.end <= at),
                              default=(None, None))
                if nearest[1] != entity.id:
                    continue
                tail = doc_text(doc)[at:hi].split("\n", 1)[0]
                source = _sentence_source(doc, sent, entity, entities)
                for category, _, _ in offense_categories(tail):
                    book.add(category, "suspected", (lo, hi), None, source)
                break


def _sentence_source(doc: Doc, sent, entity: Entity, entities: list[Entity]) -> str | None:
    """The authority the sentence's attribution comes from: its subject, when an official."""
    for tok in sent:
        if tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT":
            for e in entities:
                if e.id == entity.id or "official" not in e.roles:
                    continue
                if any(m.start <= tok.idx < m.end for m in e.mentions):
                    return e.name
    return None


@dataclass(slots=True)
class _Case:
    """What the release says of its accused as a whole, read once for all of them."""
    events: list[Event]
    accused_ids: set[str]
    charged: set[str]                 # defendants of a charge read or asserted
    orphans: list[Event]              # dismissals and acquittals that name only the case
    people: list[Entity]              # the accused persons
    described: list[Event]            # legal events whose defendant is only described
    shared: dict[str, set[str]]       # "each of the defendants": event id -> named defendants
    listed: dict[str, tuple[int, int]]   # co-defendants, with the sentence that lists them
    captioned: dict[str, tuple[int, int]]   # defendants of "People v. X", with its sentence


def _case(doc: Doc, entities: list[Entity]) -> _Case:
    accused_ids = {e.id for e in entities}
    events = doc._.rs_events or []
    # "the judge dismissed the indictment": a dismissal or acquittal that names only the case
    # ends the case of its one defendant, when the article charges exactly one
    cases = {eid: span for eid, span in captioned(doc).items() if eid in accused_ids}
    charged = {c.defendant for c in doc._.rs_charges or []} | {
        a.entity for e in events if e.type == "charge" and e.modality == "asserted"
        for a in e.arguments if a.role == "defendant" and a.entity in accused_ids} | set(cases)
    orphans = [e for e in events if e.type in ("dismissal", "acquittal") and
               e.modality == "asserted" and not any(a.role == "defendant" for a in e.arguments)
               and any(a.role == "offense" and re.search(
                   r"\b(?:indictment|charges?|counts?|case|complaint|information)\b", a.text, re.I)
                   for a in e.arguments)] if len(charged) == 1 else []
    # "A third striker was sentenced today ... Victor Salcedo, 28, pleaded guilty": a legal event
    # whose defendant is only described is the case of the release's one accused person
    people = [e for e in entities if e.type == "person"]
    described = [e for e in events if _described_defendant(doc, e)] if len(people) == 1 else []
    return _Case(events, accused_ids, charged, orphans, people, described,
                 _distributed(doc, events, accused_ids), codefendants(doc), cases)


def find_risks(doc: Doc) -> dict[str, list[Risk]]:
    t = tables()
    entities = [e for e in doc._.rs_entities or [] if "accused" in e.roles]
    case = _case(doc, entities)
    return {entity.id: _entity_risks(doc, entity, case, t) for entity in entities}


Own = tuple[str, tuple[int, int], str | None, Event]   # stage, evidence, date, event


def _entity_risks(doc: Doc, entity: Entity, case: _Case, t: RiskTables) -> list[Risk]:
    book = _Book(t)
    for charge in doc._.rs_charges or []:
        if charge.defendant == entity.id:
            book.add(charge.category, charge.stage, charge.evidence, proceeding=charge.proceeding)
    upgrades, terminal, own = _event_risks(doc, entity, case, t, book)
    _unnamed_offences(doc, entity, case, t, book, own)
    if entity.id in case.charged:
        for event in case.orphans:
            stage = t.accusing[event.type]
            terminal.append((stage, event.evidence or (event.trigger.start, event.trigger.end), []))
    _attributed(doc, entity, case.accused_ids, t, book)
    for stage, evidence, date, named in upgrades:
        book.upgrade_all(stage, evidence, date, named)
    _clear(doc, entity, t, book, terminal)
    return list(book.risks.values())


def _event_risks(doc: Doc, entity: Entity, case: _Case, t: RiskTables, book: _Book):
    """The categories of the entity's own legal events, with the steps that advance or end them."""
    upgrades: list[tuple[str, tuple[int, int], str | None, bool]] = []
    terminal: list[tuple[str, tuple[int, int], list[str]]] = []
    own: list[Own] = []
    for event in case.events:
        if not any(a.role == "defendant" and a.entity == entity.id for a in event.arguments) \
                and not (entity in case.people and event in case.described) \
                and entity.id not in case.shared.get(event.id, ()):
            continue
        if event.modality in ("negated", "hypothetical") or event.type not in t.accusing:
            continue
        if event.type in t.firm_only and event.modality != "asserted":
            continue
        stage = event.stage or t.accusing[event.type]
        if event.modality in ("pending", "future") and event.type in ("sentence", "conviction"):
            stage = "convicted" if event.type == "sentence" else "charged"
        elif event.modality in ("pending", "future") and stage in t.terminal:
            stage = "charged"   # "filed a motion to dismiss the case": still a case
        evidence = event.evidence or (event.trigger.start, event.trigger.end)
        date = (event.date or {}).get("value")
        cats = _event_categories(doc, event, t)
        for cat in cats:
            book.add(cat, stage, evidence, date)
        if stage in t.terminal:
            terminal.append((stage, evidence, cats))
            own.append((stage, evidence, None, event))
        elif event.type in ("arrest", "extradition", "conviction", "sentence", "plea", "charge"):
            # a sentence or verdict ends the whole case, whatever offence its sentence names
            upgrades.append((stage, evidence, date, bool(cats)))
            own.append((stage, evidence, date, event))
    return upgrades, terminal, own


def _unnamed_offences(doc: Doc, entity: Entity, case: _Case, t: RiskTables, book: _Book,
                      own: list[Own]) -> None:
    """The offence of legal events that name none, from the nearest place the text names it."""
    if not book.risks:
        # "Judge Chen sentenced X ... to 210 months ..., for conspiracy to distribute
        # fentanyl": no charge was read, but the clause of the defendant's own legal event
        # names the offence (not the rest of its sentence: "officers who falsified his
        # records" is theirs, not his).
        for stage, evidence, date, event in own:
            for cat, _, _ in offense_categories(_own_clause(doc, event)):
                book.add(cat, stage, evidence, date)
    if not book.risks and own:
        # "Y was arraigned on the same indictment": the charges of the defendant before
        for stage, evidence, date, event in own:
            for cat in _same_case(doc, event):
                book.add(cat, stage, evidence, date)
    if not book.risks and own:
        # "Former officer X's shooting of her ex-boyfriend ... X's 30-year sentence": the
        # crimes asserted in a sentence that names the defendant
        for cat in _release_categories(doc, case.events, t, entity, named_only=True):
            for stage, evidence, date, _event in own:
                book.add(cat, stage, evidence, date)
    if not book.risks and own:
        # "Statement regarding the re-sentencing of X and Y ... the kidnapping and murders of
        # ...": a legal event that names no offence is for the release's one case, when the
        # release alleges one or two kinds of crime in all
        cats = _release_categories(doc, case.events, t, entity)
        if 0 < len(cats) <= 2:
            for stage, evidence, date, _event in own:
                for cat in cats:
                    book.add(cat, stage, evidence, date)
    if not book.risks and own:
        # "Police arrested 14 people suspected of running guns ... Ana Vey was arrested at her
        # home": a step of the entity's that names no offence is one of the same step a group
        # of unnamed defendants took, and shares the offences alleged against that group
        cats = _group_categories(doc, case.events, t, [o[3] for o in own])
        if 0 < len(cats) <= 2:
            for stage, evidence, date, _event in own:
                for cat in cats:
                    book.add(cat, stage, evidence, date)
    if not book.risks and (own or entity.id in case.listed):
        # "Cases for his co-defendants, X and Y, remain pending", "Four others were charged in
        # the scheme; one, X, was acquitted": a defendant whose own steps name no offence is in
        # the case of the release's criminal charges, when those name one or two kinds of crime
        cats = list(dict.fromkeys(c.category for c in doc._.rs_charges or []
                                  if c.proceeding == "criminal" and c.defendant != entity.id))
        if 0 < len(cats) <= 2:
            steps = [o[:3] for o in own] or [("charged", case.listed[entity.id], None)]
            for stage, evidence, date in steps:
                for cat in cats:
                    book.add(cat, stage, evidence, date)
    if not book.risks and entity.id in case.captioned:
        # "the case of People v. X, a felony assault with ...": charged with the offence the
        # caption's sentence names, else with the release's one or two kinds of crime
        lo, hi = case.captioned[entity.id]
        cats = [c for c, _, _ in offense_categories(doc_text(doc)[lo:hi])] or \
            _release_categories(doc, case.events, t, entity)
        if 0 < len(set(cats)) <= 2:
            for cat in dict.fromkeys(cats):
                book.add(cat, "charged", (lo, hi))


# An outcome over the whole case, whatever offence the sentence goes on to name; none that
# keeps a part back ("all charges except ...", "other than"; "all but one count" never matches).
WHOLE_CASE = re.compile(r"\b(?:of|on|in) all (?:(?:the|\w+) )?(?:charges|counts)\b"
                        r"(?!.*\b(?:except|other than|save for|apart from)\b)", re.I)


def _clear(doc: Doc, entity: Entity, t: RiskTables, book: _Book,
           terminal: list[tuple[str, tuple[int, int], list[str]]]) -> None:
    """The clearing steps (acquitted, dismissed, overturned) end the categories they name."""
    mine = [c for c in doc._.rs_charges or [] if c.defendant == entity.id]
    for stage, evidence, cats in terminal:
        if WHOLE_CASE.search(doc.text[evidence[0]:evidence[1]]):
            cats = []   # "acquitted her of all charges that she took bribes": every count ends
        elif not cats:
            # "acquitted X of murder but convicted him of a gun count": an outcome that names
            # no offence of its own ends the charges read with that outcome, not the others
            cats = list(dict.fromkeys(c.category for c in mine if c.stage == stage))
        for risk in book.risks.values():
            if not cats or risk.category in cats:
                # of two clearing steps, the one that ranks later stands ("exonerated ... the
                # court dismissed his case": the conviction was overturned)
                if risk.stage not in t.terminal or stages.later(stage, risk.stage):
                    risk.stage = stage
                if evidence not in risk.evidence:
                    risk.evidence.append(evidence)


SAME_CASE = re.compile(r"\b(?:the )?same (?:\d+-count |[a-z]+-count )?(?:indictment|charges?|counts?|"
                       r"complaint|information|offen[cs]es?|crimes?)\b", re.I)


def _same_case(doc: Doc, event: Event) -> list[str]:
    """The categories of the charges read in the nearest earlier sentence, when the event's
    sentence says its defendant faces "the same indictment" or "the same charges"."""
    if not event.evidence:
        return []
    lo, hi = event.evidence
    if not SAME_CASE.search(doc_text(doc)[lo:hi]):
        return []
    before = [c for c in doc._.rs_charges or [] if c.evidence[1] <= lo or c.evidence[0] < lo and
              c.evidence[0] != lo]
    if not before:
        return []
    last = max(c.evidence[0] for c in before)
    return list(dict.fromkeys(c.category for c in before if c.evidence[0] == last))


def _unnamed_group(doc: Doc, arg) -> bool:
    """A defendant argument that stands for several people none of whom it names: "23 people",
    "four others", "the men"."""
    if arg.entity:
        return False
    span = doc.char_span(arg.start, arg.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return not root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and (
        root.tag_ in ("NNS", "NNPS") or root.like_num or
        any(c.dep_ == "nummod" for c in root.children))


def _group_categories(doc: Doc, events: list[Event], t: RiskTables, own: list[Event]) -> list[str]:
    """The categories alleged against an unnamed group of defendants that took the same step as
    one of `own` (an arrest with the arrest of "23 people"): the group's own event and the
    events with that same group as their defendant."""
    cats: list[str] = []
    for event in own:
        for group in events:
            if group is event or group.type != event.type or group.modality != "asserted":
                continue
            parties = [a for a in group.arguments if a.role == "defendant"]
            if not parties or not all(_unnamed_group(doc, a) for a in parties):
                continue
            spans = {(a.start, a.end) for a in parties}
            for other in events:
                if other.modality not in ("asserted", "pending") or other.type not in t.accusing or \
                        other.type in ("designation", "sanction"):
                    continue
                if other is group or any(a.role == "defendant" and (a.start, a.end) in spans
                                         for a in other.arguments):
                    cats.extend(_event_categories(doc, other, t))
    return list(dict.fromkeys(cats))


def _release_categories(doc: Doc, events: list[Event], t: RiskTables, entity: Entity,
                        named_only: bool = False) -> list[str]:
    """The categories of the crimes and legal events the release asserts that are no one else's
    (no defendant, or this entity): "guards were later charged with forging the logs" lends
    nothing to the man they held. With `named_only`, only in the sentences naming the entity."""
    def named(span) -> bool:
        return not named_only or any(span[0] <= m.start < span[1] for m in entity.mentions
                                     if m.kind == "name")
    cats: list[str] = []
    for event in events:
        if event.modality != "asserted" or event.type in ("designation", "sanction") or \
                event.type not in t.accusing or not event.evidence or not named(event.evidence):
            continue
        parties = [a for a in event.arguments if a.role == "defendant"]
        if parties and not any(a.entity == entity.id for a in parties):
            continue
        cats.extend(_event_categories(doc, event, t))
    return list(dict.fromkeys(cats))


DISTRIBUTIVE = re.compile(
    r"^(?:each|all|both)(?: (?:of )?(?:the|these|those)?\s*(?:\w+ )?(?:co-)?defendants?)?$|"
    r"^(?:the|these|those|all|both|each) (?:\w+ )?(?:co-)?defendants?$", re.I)


def _distributed(doc: Doc, events: list[Event], accused_ids: set[str]) -> dict[str, set[str]]:
    """ "X, Y and Z were convicted of ... Each of the defendants was sentenced to ...": a legal
    event whose defendant is only "each of the defendants", "the defendants" or "all" is the
    event of every named defendant of the legal event just before it (same or previous sentence)."""
    out: dict[str, set[str]] = {}
    legal = [e for e in events if e.type in DESCRIBED_EVENTS and e.modality == "asserted"]
    for n, event in enumerate(legal):
        parties = [a for a in event.arguments if a.role == "defendant"]
        if not parties or any(a.entity for a in parties) or \
                not all(DISTRIBUTIVE.match(a.text.strip()) for a in parties):
            continue
        for prev in reversed(legal[:n]):
            named = {a.entity for a in prev.arguments if a.role == "defendant" and a.entity in accused_ids}
            if not named:
                continue
            close = prev.evidence and event.evidence and (
                prev.evidence == event.evidence or
                not doc_text(doc)[prev.evidence[1]:event.evidence[0]].strip())
            if close and len(named) >= 2:
                out[event.id] = named
            break
    return out


DESCRIBED_EVENTS = ("arrest", "charge", "plea", "conviction", "sentence")


def _described_defendant(doc: Doc, event: Event) -> bool:
    """An asserted arrest, charge, plea, verdict or sentence whose defendants are all described
    ("A former treasurer", "a 20-year-old Brooklyn man"), one person each, none named."""
    if event.type not in DESCRIBED_EVENTS or event.modality != "asserted":
        return False
    parties = [a for a in event.arguments if a.role == "defendant"]
    if not parties or any(a.entity for a in parties):
        return False
    for arg in parties:
        span = doc.char_span(arg.start, arg.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        if root.pos_ != "NOUN" or root.tag_ != "NN" or root.ent_type_ or is_dateline(root) or \
                not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children):
            return False
    return True


@Language.factory("rapsheet_risk", assigns=["doc._.rs_entities"],
                  requires=["doc._.rs_entities", "doc._.rs_charges", "doc._.rs_events"],
                  default_config={})
def make_risk(nlp: Language, name: str) -> RiskComponent:
    return RiskComponent()


class RiskComponent:
    """Reads entity.roles, rs_charges, rs_events; writes entity.risks (accused entities only)."""

    def __init__(self) -> None:
        tables()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, find_risks(doc))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, risks: dict[str, list[Risk]]) -> None:
        for entity in doc._.rs_entities or []:
            # never a risk on anyone not accused, whatever else ran before
            entity.risks = list(risks.get(entity.id, [])) if "accused" in entity.roles else []
