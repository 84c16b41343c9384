"""find_events(doc): every event the Doc states, with its arguments, modality, stage and date;
and the `rapsheet_events` component, which writes them to doc._.rs_events.
"""
from __future__ import annotations

import functools
import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rapsheet.model import Argument, Event
from rapsheet.model import Span as TextSpan
from rapsheet.model import short_hash
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.syntax import entity_for
from rapsheet.nlp.events.lexicon import CLEARING_TYPES, lexicon, load_table
from rapsheet.nlp.events.parties import with_conjuncts
from rapsheet.nlp.events.triggers import PhraseTriggers, find_triggers, trigger_matcher
from rapsheet.nlp.events.arguments import argument, gather_arguments, quantity_arguments
from rapsheet.nlp.events.modality import date_of, declined, modality_of, stage_of, subtype_of
from rapsheet.nlp.events.designees import find_designees


@functools.lru_cache(maxsize=1)
def _caption_re() -> re.Pattern:
    sides = load_table("events.yaml").get("case_captions") or []
    alts = "|".join(re.escape(w) for w in sorted(sides, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\s+v(?:s)?\.?\s+([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){{0,3}})")


def _captioned(doc: Doc, sent: Span) -> list[Argument]:
    """The defendants a sentence names in a case caption ("People v. Cruz")."""
    out = []
    for m in _caption_re().finditer(sent.text):
        start = sent.start_char + m.start(1)
        entity = entity_for(doc, start, sent.start_char + m.end(1))
        if entity is not None and entity.type == "person":
            out.append(Argument("defendant", start, sent.start_char + m.end(1), m.group(1),
                                entity=entity.id))
    return out


def _without_charge(head: Token) -> bool:
    """ "was released without charge(s)", "freed without being charged"."""
    charge_nouns = lexicon().by_verb["charge"].nouns
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "without"):
        for obj in prep.children:
            if obj.lemma_.lower() in charge_nouns or obj.lemma_.lower() == "charge":
                return True
            if obj.dep_ == "pcomp" and any(t.lemma_.lower() in ("charge", "indict", "prosecute")
                                           for t in obj.subtree):
                return True
    return False


def find_events(doc: Doc, matcher: PhraseTriggers | None = None) -> list[Event]:
    """Every event the Doc states, in text order; `matcher` as for `find_triggers`."""
    lex = lexicon()
    text = doc_text(doc)
    article_id = doc._.rs_article_id or short_hash(text)
    events: list[Event] = []
    for trig in find_triggers(doc, matcher):
        args = gather_arguments(doc, trig, lex)
        args.extend(quantity_arguments(doc, trig))
        modality = modality_of(trig)
        start_char = doc[trig.start].idx
        end_char = doc[trig.end - 1].idx + len(doc[trig.end - 1].text)
        sent = trig.head.sent
        etype, stage, subtype = trig.spec.type, stage_of(trig, modality), subtype_of(trig)
        if declined(trig, modality):
            # a decision not to charge ends the matter for the person: a dismissal
            etype, stage, subtype, modality = "dismissal", "dismissed", None, "asserted"
            if trig.nominal and not any(a.role == "defendant" for a in args):
                # "No charges were filed against X": the "against" hangs on the verb
                for prep in (c for c in trig.head.head.children
                             if c.dep_ == "prep" and c.lower_ == "against"):
                    args.extend(argument(doc, "defendant", t) for o in prep.children
                                if o.dep_ == "pobj" for t in with_conjuncts(o))
        elif trig.spec.type == "release" and _without_charge(trig.head):
            etype, stage = "dismissal", "dismissed"   # "released without charge"
        if etype in CLEARING_TYPES and not any(a.role == "defendant" for a in args):
            args.extend(_captioned(doc, sent))     # "The dismissal of this case, People v. Cruz"
        events.append(Event(
            id=short_hash(article_id, etype, start_char), type=etype,
            trigger=TextSpan(start_char, end_char, text[start_char:end_char]),
            date=date_of(doc, trig), arguments=args, modality=modality,
            stage=stage, evidence=(sent.start_char, sent.end_char), subtype=subtype))
    events = prune(events)
    find_designees(doc, events, text)
    return events


def prune(events: list[Event]) -> list[Event]:
    """Drop crime nouns that only name the offense of a legal event ("charged with murder"): the
    legal event already carries them. Under a legal event that did not happen ("should no longer
    receive the death penalty for the kidnapping") the crime still stands."""
    offense_spans = [(a.start, a.end) for e in events if e.type != "crime"
                     and e.modality not in ("hypothetical", "negated")
                     for a in e.arguments if a.role == "offense"]
    out = []
    for e in events:
        if e.type == "crime" and not any(a.role == "defendant" for a in e.arguments) and \
                any(s <= e.trigger.start and e.trigger.end <= t for s, t in offense_spans):
            continue
        out.append(e)
    return out


@Language.factory("rapsheet_events", assigns=["doc._.rs_events"],
                  requires=["token.dep", "token.lemma", "doc._.rs_entities", "doc._.rs_times",
                            "doc._.rs_quantities"], default_config={})
def make_events(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent(nlp)


class EventsComponent:
    """Reads the parse, doc._.rs_entities, rs_times, rs_quantities; writes doc._.rs_events."""

    def __init__(self, nlp: Language) -> None:
        lexicon()   # fail at build time, not on the first article, when the data is wrong
        self.matcher = trigger_matcher(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, find_events(doc, self.matcher))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, events: list[Event]) -> None:
        doc._.rs_events = events
