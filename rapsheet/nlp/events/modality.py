"""Whether the text asserts an event (asserted, pending, future, hypothetical, negated), the stage
it supports, its subtype and its date: negation over a series ("neither charged nor convicted"),
declined charges, conditionals, questions, rhetoric and wishes ("should be charged", "demanded
that X be arrested").
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.syntax import clause_verb
from rapsheet.nlp.events.lexicon import BRING_VERBS, lexicon
from rapsheet.nlp.events.triggers import Trigger


def _chain(trig: Trigger) -> list[Token]:
    """The trigger and the words that govern it up to its clause: "plans to [indict]",
    "the timeline for his [extradition] remains uncertain", "is accused of [distributing]"."""
    chain = [trig.head]
    cur = trig.head
    for _ in range(8):
        if cur.head.i == cur.i:
            break
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("xcomp", "pcomp", "acomp", "advcl",
                                                              "amod") and cur is not trig.head:
            break
        if cur.i == trig.head.i and not trig.nominal and cur.dep_ not in ("xcomp", "pcomp"):
            break
        if cur.dep_ in ("ccomp", "relcl", "conj", "parataxis", "ROOT"):
            break
        cur = cur.head
        chain.append(cur)
    return chain


def _negated(trig: Trigger, chain: list[Token], lemmas: list[str], neg: dict) -> bool:
    """A negation of the event itself: "was not charged", "no charges", "declined to prosecute"."""
    head = trig.head
    negated = False
    for tok in chain:
        # (a negation inside the trigger is its own word: "no-billed")
        if any(c.dep_ == "neg" and not trig.start <= c.i < trig.end for c in tok.children):
            negated = True
    if trig.nominal and any(c.dep_ == "det" and c.lower_ in neg.get("det", ()) for c in head.children):
        negated = True
    if trig.spec.key == "plea" or trig.spec.type == "acquittal":
        # "pleaded not guilty", "found not guilty": the not belongs to the verdict, not the event
        negated = negated and not any(c.lower_ == "guilty" for t in chain for c in t.subtree)
    if any(l in neg.get("governing", ()) for l in lemmas[1:]) and \
            trig.spec.type not in neg.get("governing_exempt_types", ()):
        negated = True
    if _declined_by(trig):
        negated = True      # "declined to prosecute", "refused to file charges against"
    if not trig.nominal and _joined_to_negation(head, neg):
        negated = True      # "has neither been charged nor convicted"
    return negated


def modality_of(trig: Trigger) -> str:
    mod = lexicon().modality
    head = trig.head
    chain = _chain(trig)
    lemmas = [t.lemma_.lower() for t in chain]
    if _negated(trig, chain, lemmas, mod["negated"]):
        return "negated"
    if _asked(head):
        return "hypothetical"   # "Will he be charged?"

    hyp = mod["hypothetical"]
    if _hypothetical(trig, chain, lemmas, hyp):
        return "hypothetical"
    if trig.spec.type == "sentence" and any(l in hyp["governing"] for l in lemmas[1:]):
        words = {t.lower_ for t in head.sent}
        if words & {"maximum", "up", "possible", "potential", "mandatory", "minimum"}:
            return "hypothetical"
    fut = mod["future"]
    for tok in chain:
        for c in tok.children:
            if c.dep_ == "aux" and c.lower_ in fut["aux"]:
                return "future"
    if not trig.nominal and any(c.dep_ in ("mark", "advmod") and c.lower_ in fut.get("mark", ())
                                for c in head.children) and \
            any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in head.children):
        return "future"
    if any(l in fut["governing"] for l in lemmas[1:]):
        return "future"
    pend = mod["pending"]
    gov_pending = [l for l in lemmas[1:] if l in pend["governing"]]
    if trig.spec.type == "charge":
        gov_pending = [l for l in gov_pending if l != "face"]
    if gov_pending and trig.nominal:
        return "pending"
    if not trig.nominal and head.dep_ in ("acl", "xcomp") and \
            head.head.lemma_.lower() in pend.get("requesting", ()) and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return "pending"    # "a motion to dismiss", "moved to dismiss"
    for tok in chain:
        for c in tok.children:
            if c.dep_ in ("acomp", "amod") and c.lower_ in pend["adjectives"]:
                return "pending"
    return "asserted"


def _hypothetical(trig: Trigger, chain: list[Token], lemmas: list[str], hyp: dict) -> bool:
    """A modal, a condition or a wish over the trigger: "could face", "if convicted", "should be
    charged", "ought to be prosecuted", "must be arrested", "demanded that X be arrested"."""
    head = trig.head
    if trig.spec.type == "crime" and trig.nominal and head.dep_ == "pobj" and head.head.lower_ == "for":
        # "should no longer receive the death penalty for the kidnapping": the crime a penalty is
        # for happened, whatever may become of the penalty
        return False
    if any(l in hyp.get("modal_verbs", ()) for l in lemmas[1:]) or _wished(trig, hyp):
        return True
    if not trig.nominal and any(c.dep_ == "aux" and c.lower_ in hyp.get("trigger_aux", ())
                                for c in head.children):
        return True
    return any((c.dep_ == "aux" and c.lower_ in hyp["aux"]) or (c.dep_ == "mark" and c.lower_ in hyp["mark"])
               for tok in chain for c in tok.children)


def _is_negated_verb(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _joined_to_negation(verb: Token, neg: dict) -> bool:
    """Whether a verb shares the negation of a series it is part of: "neither charged nor
    convicted", "was never charged or convicted" (each joined verb is negated)."""
    joining, joining_negated = neg.get("joining", ()), neg.get("joining_negated", ())
    cur = verb
    for _ in range(4):
        first = cur.head if cur.dep_ == "conj" and cur.head.i != cur.i else cur
        words = {c.lower_ for c in first.children if c.dep_ in ("cc", "preconj")}
        if cur is not first or any(c.dep_ == "preconj" for c in first.children):
            if words & set(joining):
                return True
            if words & set(joining_negated) and _is_negated_verb(first):
                return True
        if first is cur:
            return False
        cur = first
    return False


def _wished(trig: Trigger, hyp: dict) -> bool:
    """ "Protesters demanded that X be arrested", "called for X to be prosecuted", "urged his
    arrest": a legal event someone asks for (a subjunctive or an infinitive under a verb of
    asking, or the object of one) has not happened."""
    demanding = hyp.get("demanding", ())
    head = trig.head
    if trig.nominal:
        gov = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "for" else head.head
        return head.dep_ in ("dobj", "pobj") and gov.lemma_.lower() in demanding
    if head.dep_ not in ("ccomp", "xcomp", "advcl") or head.head.lemma_.lower() not in demanding:
        return False
    aux = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    return any(c.tag_ == "VB" or c.lower_ == "to" for c in aux) and \
        not any(c.tag_ in ("MD", "VBD", "VBZ", "VBP") for c in aux)


def _asked(tok: Token) -> bool:
    """Whether the clause of a token is a question: its sentence ends in a question mark and no
    quotation or other sentence stands between."""
    sent, doc = tok.sent, tok.doc
    last = sent.end - 1   # the sentence's last word: from its end, only what is not space
    while last >= sent.start and doc[last].is_space:
        last -= 1
    if last < sent.start or doc[last].text != "?":
        return False
    return not any(doc[i].text in ("“", "”", '"', ":", ";") for i in range(tok.i + 1, last))


def _declined_by(trig: Trigger) -> Token | None:
    """The verb that declines the event: "declined to [prosecute]", "refused to file [charges]"
    (the charging verb under it from events.yaml); not "declined to comment on the charges"."""
    neg = lexicon().modality["negated"]
    head = trig.head
    if trig.nominal:
        if head.dep_ not in ("dobj",) or head.head.lemma_.lower() not in neg.get("declined_verbs", ()):
            return None
        head = head.head
    if head.dep_ == "xcomp" and head.head.lemma_.lower() in neg.get("declining", ()):
        return head.head
    return None


def declined(trig: Trigger, modality: str) -> bool:
    """A charge the text says was not brought, in words that clear the person: "declined to
    prosecute X", "refused to indict X", "No charges were filed against X" (not "no charges have
    been filed yet")."""
    if trig.spec.type != "charge" or modality != "negated":
        return False
    if _declined_by(trig):
        return True
    neg = lexicon().modality["negated"]
    if not trig.nominal or not any(c.dep_ == "det" and c.lower_ in neg.get("det", ()) for c in trig.head.children):
        return False
    gov = trig.head.head
    if trig.head.dep_ not in ("nsubjpass", "dobj") or gov.lemma_.lower() not in BRING_VERBS:
        return False
    words = " " + " ".join(t.lower_ for t in trig.head.sent) + " "
    return not any(f" {w} " in words for w in neg.get("not_yet", ()))


def stage_of(trig: Trigger, modality: str) -> str | None:
    spec = trig.spec
    if spec.key == "plea" or spec.type == "plea":
        words = {t.lower_ for t in trig.head.subtree} | {t.lower_ for t in trig.head.sent[
            max(0, trig.start - trig.head.sent.start): trig.end - trig.head.sent.start + 3]}
        return "charged" if "not" in words else spec.stage
    return spec.stage


def subtype_of(trig: Trigger) -> str | None:
    subs = trig.spec.subtypes
    if not subs:
        return None
    head = trig.head
    for c in head.lefts:
        if c.lower_ in subs or c.lemma_.lower() in subs:
            return subs.get(c.lower_) or subs.get(c.lemma_.lower())
    return subs.get(head.lemma_.lower())


def date_of(doc: Doc, trig: Trigger) -> dict | None:
    """The time expression of the trigger's clause, else the sentence's only date."""
    times = [t for t in (doc._.rs_times or []) if t.type in ("date", "time")]
    if not times:
        return None
    sent = trig.head.sent
    in_sent = [t for t in times if sent.start_char <= t.start < sent.end_char]
    if not in_sent:
        return None
    verb = trig.head if not trig.nominal else clause_verb(trig.head)
    if trig.nominal:
        # a date hung on the noun itself first ("the March 31 arrest", "the indictment on April 8")
        own = trig.head
        lo, hi = own.left_edge.idx, own.right_edge.idx + len(own.right_edge.text)
        mine = [t for t in in_sent if lo <= t.start and t.end <= hi]
        if mine:
            return _date_value(doc, mine[0])
    # Dates in the verb's own subtree, but not inside a clause of another verb below it.
    subtree = {t.i for t in verb.subtree}
    own_clause = []
    for t in in_sent:
        toks = [tok for tok in doc.char_span(t.start, t.end, alignment_mode="expand") or []]
        if toks and all(tok.i in subtree for tok in toks):
            gov = clause_verb(toks[0].head) if toks[0].head.i != toks[0].i else toks[0]
            if gov.i == verb.i or gov.dep_ in ("prep",) or verb in _ancestors_until_verb(toks[0]):
                own_clause.append(t)
            else:
                own_clause.append(t)
    if own_clause:
        best = min(own_clause, key=lambda t: abs(t.start - doc[trig.start].idx))
        return _date_value(doc, best)
    if len(in_sent) == 1:
        return _date_value(doc, in_sent[0])
    return None


def _ancestors_until_verb(tok: Token) -> list[Token]:
    out = []
    for anc in tok.ancestors:
        out.append(anc)
        if anc.pos_ in ("VERB", "AUX"):
            break
    return out


def _date_value(doc: Doc, t) -> dict:
    value = t.value
    if value in ("PRESENT_REF",) and doc._.rs_published:
        value = doc._.rs_published.isoformat()
    return {"value": value, "text": t.text}
