"""Who and what around a trigger: its defendant, agent, court, victim, offence, place, origin,
destination, quantity and sentence, read off the parse (subject and object by the event's
grammar, prepositions by events.yaml, the verb a noun trigger depends on).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from rapsheet.model import Argument, Entity
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.extensions import doc_ents
from rapsheet.nlp.syntax import (
    ENTITY_LABELS, NOT_PARTY_LABELS, PERSONISH, PLACE_LABELS, RELATIVE, clause_verb,
    entity_for_token, headline_passive, is_dateline, is_passive, phrase_span,
    relative_antecedent, subjects,
)
from rapsheet.nlp.events.lexicon import (
    BRING_VERBS, CLEARING_TYPES, COMMIT_VERBS, EventSpec, Lexicon, UNDERGO_VERBS,
)
from rapsheet.nlp.events.parties import with_conjuncts
from rapsheet.nlp.events.triggers import VERDICT_CLAUSE_VERBS, Trigger


def argument(doc: Doc, role: str, tok: Token) -> Argument:
    span = phrase_span(tok)
    entity = entity_for_token(doc, tok)
    if entity is not None and role in ("defendant", "victim") and is_population(tok, entity):
        entity = None
    return Argument(role=role, start=span.start_char, end=span.end_char, text=span.text,
                    entity=entity.id if entity else None)


COUNTING_NOUNS = frozenset({"hundred", "thousand", "million", "dozen", "score", "number", "group",
                            "crowd", "wave", "tens", "scores", "hundreds", "thousands", "millions",
                            "dozens"})


def is_population(tok: Token, entity: Entity) -> bool:
    """Whether a name stands for a population, not one organisation the model called ORG: "a million
    or more Uighurs", "hundreds of Rohingya", "detained Uighurs". Organisations are not counted,
    and a bare plural proper noun without article names a people, not a group the text knows."""
    if entity.type != "organization" or entity.attributes.get("gazetteer_id"):
        return False
    if any(c.dep_ in ("nummod", "quantmod") for c in tok.children):
        return True
    if tok.head.dep_ == "prep" and tok.head.lower_ == "of" and \
            (tok.head.head.lemma_.lower() in COUNTING_NOUNS or tok.head.head.pos_ == "NUM"):
        return True
    return tok.tag_ == "NNPS" and not any(c.dep_ in ("det", "poss") for c in tok.children)


def looks_like_party(doc: Doc, tok: Token) -> bool:
    """Whether a token can be someone who acts or undergoes (not a thing or a substance)."""
    if tok.ent_type_ in NOT_PARTY_LABELS:
        return False
    if tok.lower_ in PERSONISH or tok.ent_type_ in ENTITY_LABELS:
        return True
    if entity_for_token(doc, tok) is not None:
        return True
    return tok.pos_ == "PROPN"


def _object_role(doc: Doc, spec: EventSpec, tok: Token) -> str:
    role = spec.object
    if role == "victim" and not looks_like_party(doc, tok) and tok.lemma_.lower() not in (
            "man", "woman", "person", "people", "child", "officer", "victim", "civilian", "boy",
            "girl", "wife", "husband", "resident", "student", "worker", "family"):
        return "offense"
    if role == "defendant" and spec.type in ("seizure", "court_order"):
        return "offense"
    if role == "offense" and spec.type in CLEARING_TYPES and tok.ent_type_ == "PERSON":
        return "defendant"      # "dismissed charges ... against Sgt. / Roy Keller and ..."
    return role


def _prep_role(spec: EventSpec, prep: Token, pobj: Token, court_words: frozenset[str]) -> str | None:
    role = spec.prepositions.get(prep.lower_)
    if role is None:
        return None
    words = {t.lower_ for t in phrase_span(pobj)}
    if role in ("agent", "place") and words & court_words:
        return "court"
    if role == "court" and not words & court_words:
        role = "place"      # "charged in Houston", not a court; "sentenced in August", nothing
    if role == "place" and pobj.ent_type_ not in PLACE_LABELS and not (words & court_words):
        if pobj.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY", "PERCENT"):
            return None
        if pobj.pos_ != "PROPN":
            return None
    if role in ("origin", "destination") and pobj.ent_type_ not in PLACE_LABELS and \
            pobj.pos_ != "PROPN" and pobj.lemma_ not in ("prison", "country", "jail", "facility"):
        return None
    return role


class _Gatherer:
    """The arguments of one trigger, gathered in order: by the grammar of a verb trigger or of a
    noun trigger, then its prepositions, then where it took place."""

    def __init__(self, doc: Doc, trig: Trigger, lex: Lexicon) -> None:
        self.doc, self.trig, self.lex = doc, trig, lex
        self.spec, self.head = trig.spec, trig.head
        self.args: list[Argument] = []

    def add(self, role: str, tok: Token) -> None:
        doc, trig, spec, args = self.doc, self.trig, self.spec, self.args
        for t in with_conjuncts(tok, roster=role == "defendant" and spec.type != "crime") \
                if role in ("defendant", "victim", "agent") else [tok]:
            if is_dateline(t):
                # "ST. LOUIS (KMOV) – A St. Louis man ... was sentenced": the parser makes the
                # dateline the subject and the real one its apposition.
                real = [c for c in t.children if c.dep_ == "appos" and not is_dateline(c)
                        and c.pos_ in ("NOUN", "PROPN")]
                if not real:
                    continue
                t = real[-1]
            if t.lower_ in RELATIVE and t.head.dep_ == "relcl":
                # "Tren de Aragua, which the administration designated ...": the antecedent
                t = relative_antecedent(t.head.head, t)
            if _name_holds_trigger(t, trig):
                # "Whole Robbery Caught on Doorbell Camera": a headline the model took for
                # a name that holds the trigger word itself is no party to it
                continue
            arg = argument(doc, role, t)
            if not any(a.role == arg.role and a.start == arg.start for a in args):
                args.append(arg)

    def span_argument(self, role: str, span: Span) -> None:
        self.args.append(Argument(role, span.start_char, span.end_char, span.text))

    def court_or(self, role: str, tok: Token) -> str:
        """`role`, or court when the phrase names a court."""
        return "court" if {t.lower_ for t in phrase_span(tok)} & self.lex.court_words else role

    # -- a verb trigger ---------------------------------------------------------------------
    def verbal(self) -> None:
        doc, spec, head, trig = self.doc, self.spec, self.head, self.trig
        passive = is_passive(head) or shares_passive(head, spec)
        for subj in subjects(head):
            if subj.lower_ in ("which", "that", "who") and subj.head.dep_ == "relcl":
                subj = relative_antecedent(subj.head.head, subj)
            role = _object_role(doc, spec, subj) if passive else spec.subject
            if role == "agent":
                role = self.court_or(role, subj)
            self.add(role, subj)
        objects = [c for c in head.children if c.dep_ in ("dobj", "dative")] \
            if not headline_passive(head) else []
        if trig.end - trig.start > 1 and head.lemma_.lower() in VERDICT_CLAUSE_VERBS:
            # "found her guilty": the parser makes her the subject of "guilty"; "decided that X
            # was guilty": the subject of the clause
            guilty = [t for t in doc[trig.start:trig.end] if t.lower_ == "guilty"]
            objects += [c for t in guilty for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            objects += [c for t in guilty if t.dep_ == "acomp" and t.head.dep_ == "ccomp"
                        and t.head.head.i == head.i for c in t.head.children if c.dep_ == "nsubj"]
            for prep in (c for t in guilty for c in t.children if c.dep_ == "prep" and c.lower_ == "of"):
                span = doc[prep.i + 1: prep.right_edge.i + 1]
                if len(span):
                    self.span_argument("offense", span)
        self.verbal_objects(objects)
        self.verbal_agents()

    def verbal_objects(self, objects: list[Token]) -> None:
        doc, spec = self.doc, self.spec
        for n, obj in enumerate(objects):
            if n and spec.type == "designation":
                self.add("offense", obj)    # "labeled the group a foreign terrorist organization"
                continue
            if spec.key == "sentence_received":
                self.span_argument("sentence", phrase_span(obj))
                continue
            role = _object_role(doc, spec, obj)
            self.add(role, obj)
            if role == "offense" and spec.type in CLEARING_TYPES:
                # "vacated Roe's conviction", "dismissed the charges against Roe": whose case
                for c in obj.children:
                    if c.dep_ == "poss" and looks_like_party(doc, c):
                        self.add("defendant", c)
                    elif c.dep_ == "prep" and c.lower_ == "against":
                        for pobj in (g for g in c.children if g.dep_ == "pobj"):
                            self.add("defendant", pobj)

    def verbal_agents(self) -> None:
        spec = self.spec
        for child in self.head.children:
            if child.dep_ == "agent":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    role = spec.subject if spec.subject != "defendant" or spec.type == "crime" else "agent"
                    if role == "agent":
                        role = self.court_or(role, pobj)
                    self.add(role, pobj)
                    # "by Mexican federal police in Culiacán": the place hangs on the agent
                    for sub in (c for c in pobj.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
                        for p2 in (c for c in sub.children if c.dep_ == "pobj" and c.ent_type_ in PLACE_LABELS):
                            self.add("place", p2)
            elif child.dep_ in ("oprd", "attr") and spec.type == "designation":
                self.add("offense", child)

    # -- a noun trigger ---------------------------------------------------------------------
    def nominal(self) -> None:
        doc, spec = self.doc, self.spec
        for child in self.head.children:
            if child.dep_ == "poss" and child.ent_type_ in PLACE_LABELS and spec.type != "crime":
                self.add("place", child)     # "Brazil's impeachment trial": where, not whom
            elif child.dep_ in ("compound", "nmod", "amod") and child.ent_type_ in PLACE_LABELS \
                    and child.pos_ == "PROPN":
                self.add("place", child)     # "U.S. criminal charges", "a Houston arrest"
            elif child.dep_ == "poss" and looks_like_party(doc, child):
                self.add("defendant" if spec.type != "court_order" else "court", child)
            elif child.dep_ == "prep" and child.lower_ in ("of", "against", "on") and \
                    spec.type not in ("seizure",):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if spec.type == "crime" and looks_like_party(doc, pobj):
                        self.add("victim", pobj)     # "the murder of Joseph Grant"
                    elif child.lower_ == "of" and spec.type == "charge" and _names_offence(pobj):
                        self.add("offense", pobj)    # "2 Indictments of Deadly Conduct"
                    elif child.lower_ == "against" or looks_like_party(doc, pobj):
                        self.add("defendant" if spec.type != "court_order" else "offense", pobj)
                    else:
                        self.add("offense", pobj)
        self.nominal_governor()
        # a "by" phrase on a nominal: "the attack by the gang"
        for child in self.head.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    self.add("defendant" if spec.type == "crime" else "agent", pobj)

    def nominal_governor(self) -> None:
        """The parties of the verb a noun trigger depends on: "X faces extradition", "prosecutors
        filed charges", "X committed the robbery", "the charges were filed by X"."""
        spec, head = self.spec, self.head
        gov = head.head if head.dep_ in ("dobj", "nsubjpass", "pobj", "attr", "conj") else None
        if gov is not None and gov.dep_ == "prep":
            gov = gov.head
        if gov is None or gov.pos_ not in ("VERB", "AUX"):
            return
        lemma = gov.lemma_.lower()
        if head.dep_ == "nsubjpass":
            for agent in (c for c in gov.children if c.dep_ == "agent"):
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    self.add(self.court_or("agent", pobj), pobj)
        else:
            for subj in subjects(gov):
                if spec.type == "crime" and lemma in COMMIT_VERBS:
                    self.add("defendant", subj)
                elif spec.type != "crime" and (lemma in UNDERGO_VERBS or (
                        head.dep_ == "pobj" and head.head.lower_ in ("on", "under") and
                        lemma in ("be", "remain", "stay", "go", "come"))):
                    self.add("defendant", subj)     # "is on trial", "remains under investigation"
                elif spec.type != "crime" and lemma in BRING_VERBS:
                    self.add(self.court_or("agent", subj), subj)
            if spec.type == "sentence" and head.dep_ == "dobj" and lemma in SENTENCE_GIVING_VERBS:
                # "handed down a life sentence to X", "gave X a life sentence": whom it is given to
                for c in gov.children:
                    if c.dep_ == "dative" and looks_like_party(self.doc, c):
                        self.add("defendant", c)
                    elif c.dep_ == "prep" and c.lower_ in ("to", "on", "upon"):
                        for pobj in (g for g in c.children if g.dep_ == "pobj"):
                            if looks_like_party(self.doc, pobj):
                                self.add("defendant", pobj)
        if spec.type == "crime" and lemma in ("involve", "engage", "participate") and \
                head.dep_ == "pobj":
            for subj in subjects(gov):
                self.add("defendant", subj)

    # -- prepositions and the rest ----------------------------------------------------------
    def prepositions(self) -> None:
        """Prepositional arguments of the trigger (and of the verb a nominal trigger heads)."""
        doc, spec, trig, args = self.doc, self.spec, self.trig, self.args
        for child in self.head.children:
            if child.dep_ != "prep" or child.lower_ in ("by",) and not trig.nominal:
                continue
            if trig.nominal and child.lower_ in ("of", "against", "by", "on"):
                continue
            for pobj in (c for c in child.children if c.dep_ in ("pobj", "pcomp")):
                prep_role = _prep_role(spec, child, pobj, self.lex.court_words)
                if prep_role is None:
                    continue
                if prep_role == "offense" and pobj.dep_ == "pobj" and looks_like_party(doc, pobj) and \
                        spec.type not in ("designation",) and pobj.lower_ not in PERSONISH:
                    continue
                if prep_role in ("offense", "sentence"):
                    span = doc[pobj.left_edge.i: pobj.right_edge.i + 1]
                    if not any(a.role == prep_role and a.start == span.start_char for a in args):
                        self.span_argument(prep_role, span)
                else:
                    self.add(prep_role, pobj)
                # places nested one level: "in a Venezuelan prison in El Salvador"
                for sub in (c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "in"):
                    for p2 in (c for c in sub.children if c.dep_ == "pobj"):
                        if p2.ent_type_ in PLACE_LABELS and prep_role in ("place", "destination", "origin", "court"):
                            self.add("place", p2)

    def allegation_offense(self) -> None:
        """ "is accused of coordinating X": the offense is the clause."""
        if self.spec.key != "allegation" or any(a.role == "offense" for a in self.args):
            return
        for child in self.head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                span = self.doc[child.i + 1: child.right_edge.i + 1]
                if len(span):
                    self.span_argument("offense", span)


# Verbs that give a sentence to the one named after "to" or "on", or as their indirect object.
SENTENCE_GIVING_VERBS = frozenset({"hand", "impose", "give", "mete", "deliver", "issue", "pronounce"})


def _names_offence(tok: Token) -> bool:
    """Whether a capitalised phrase the model may take for a name is an offence ("Deadly Conduct",
    "Aggravated Assault"): its last words read as one."""
    from rapsheet.nlp.offences import offense_categories    # (offences reads events.yaml)

    span = phrase_span(tok)
    return any(end >= len(span.text.rstrip(" .,")) for _, _, end in offense_categories(span.text))


def gather_arguments(doc: Doc, trig: Trigger, lex: Lexicon) -> list[Argument]:
    """The arguments of a trigger, read off the parse."""
    g = _Gatherer(doc, trig, lex)
    head = trig.head
    if not trig.nominal and head.dep_ == "amod":
        # "convicted smuggler Nadia Karimi": the name the described noun stands before
        person = head.head.head if head.head.dep_ == "compound" and head.head.head.pos_ == "PROPN" \
            else head.head
        g.add(trig.spec.object if trig.spec.object != "offense" else "defendant", person)
    elif not trig.nominal:
        g.verbal()
    else:
        g.nominal()
    g.prepositions()
    _places(doc, trig, g.args, g.add)
    g.allegation_offense()
    return g.args


def _name_holds_trigger(tok: Token, trig: Trigger) -> bool:
    """Whether the named entity a token belongs to spans the trigger's first word."""
    if not tok.ent_type_:
        return False
    ent = next((e for e in doc_ents(tok.doc) if e.start <= tok.i < e.end), None)
    return ent is not None and ent.start <= trig.start < ent.end


def shares_passive(verb: Token, spec: EventSpec) -> bool:
    """ "He was extradited ... and charged in Houston": a verb joined to a passive one, with no
    subject, object or auxiliary of its own, is passive too (the tagger often calls it VBD)."""
    if verb.dep_ != "conj" or verb.head.i == verb.i or spec.object != "defendant":
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "aux", "auxpass") for c in verb.children):
        return False
    return is_passive(verb.head)


def _places(doc: Doc, trig: Trigger, args: list[Argument], add) -> None:
    """Where the event took place when no "in X" hangs on the trigger: the place named with the
    authority ("police in Bogotá arrested ..."), a country that acts as the authority ("Iran
    executed ...": its jurisdiction), or an "in X" on the verb a nominal trigger depends on
    ("faces trial in France")."""
    if any(a.role == "place" for a in args):
        return
    head = trig.head
    for a in list(args):
        if a.role not in ("agent", "court"):
            continue
        span = doc.char_span(a.start, a.end, alignment_mode="expand")
        if span is None:
            continue
        tok = span.root
        if tok.ent_type_ == "GPE":
            add("place", tok)
            return
        for sub in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
            for p2 in (c for c in sub.children if c.dep_ == "pobj" and c.ent_type_ in PLACE_LABELS):
                add("place", p2)
                return
    if trig.nominal and head.dep_ in ("dobj", "pobj", "attr") and spec_governs(head):
        gov = head.head if head.dep_ != "pobj" else head.head.head
        for sub in (c for c in gov.children if c.dep_ == "prep" and c.lower_ in ("in", "inside",
                                                                                  "within")):
            for p2 in (c for c in sub.children if c.dep_ == "pobj" and c.ent_type_ in PLACE_LABELS):
                add("place", p2)
                return


def spec_governs(head: Token) -> bool:
    """Whether a nominal trigger is what its verb is about: "faces trial", "stood trial",
    "on trial", "ordered an investigation" (not "a book about the trial")."""
    gov = head.head if head.dep_ != "pobj" else head.head.head
    if head.dep_ == "pobj" and head.head.lower_ not in ("on", "under", "to", "into"):
        return False
    return gov.pos_ in ("VERB", "AUX") and (gov.lemma_.lower() in UNDERGO_VERBS | BRING_VERBS
                                            or head.dep_ == "pobj")


def quantity_arguments(doc: Doc, trig: Trigger) -> list[Argument]:
    quantities = doc._.rs_quantities or []
    if not quantities:
        return []
    verb = clause_verb(trig.head) if trig.nominal else trig.head
    lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)
    sent = trig.head.sent
    out = []
    for q in quantities:
        if lo <= q.start and q.end <= hi and sent.start_char <= q.start < sent.end_char:
            out.append(Argument("quantity", q.start, q.end, q.text))
    return out
