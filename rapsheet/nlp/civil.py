"""Civil and regulatory outcomes (rapsheet/data/civil.yaml): the party that settled, was penalized
or sued, as charges of a civil or regulatory proceeding with the category of the allegations.

Gives `find_civil(doc) -> list[Charge]`, which rapsheet_charges adds to the criminal charges.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from spacy.tokens import Doc, Span, Token

from rapsheet import stages
from rapsheet.data import words
from rapsheet.model import Charge
from rapsheet.nlp.events import load_table, with_conjuncts
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.offences import offense_categories
from rapsheet.nlp.syntax import entity_for, entity_for_token, is_dateline, subjects


@functools.lru_cache(maxsize=1)
def _civil_table() -> dict:
    data = load_table("civil.yaml")
    table: dict[str, Any] = {k: frozenset(str(w).lower() for w in v) for k, v in data.items() if isinstance(v, list)}
    table["public_body"] = re.compile(data["public_body"], re.I)
    return table


CIVIL_CUE = re.compile(r"\b(?:settl|resolv|penalt|fine[ds]?\b|judge?ments?\b|sue[ds]?\b|suing\b|"
                       r"lawsuits?\b|suits?\b|complaints?\b)", re.I)
LEGAL_FORM = re.compile(r"[\W\s]*" + words().legal_forms.pattern() + r"\W*")   # a name that is a legal form only
MONEY = re.compile(r"^(?:\$|€|£|million|billion|thousand)$", re.I)


def _hedged(tok: Token, t: dict) -> bool:
    """A possibility or a denial, not a fact: "could be ordered to pay", "did not settle"."""
    cur = tok
    for _ in range(4):
        if any((c.dep_ in ("aux", "auxpass") and c.lower_ in t["hedges"]) or c.dep_ == "neg" or
               (c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether")) for c in cur.children):
            return True
        if cur.dep_ not in ("xcomp", "advcl", "conj") or cur.head is cur:
            return False
        cur = cur.head
    return False


def _lemmas(tokens) -> set[str]:
    return {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}


Outcome = tuple[list[Token], str, str]   # the party's heads, the stage, the proceeding


def _paid(tok: Token, t: dict, criminal: bool) -> list[Outcome]:
    """ "X will pay $2 million to settle ...", "X was ordered to pay a civil penalty"."""
    if _hedged(tok, t):
        return []
    kids = list(tok.subtree)
    purpose = [c for c in tok.children if c.dep_ in ("advcl", "xcomp", "conj")
               and c.lemma_.lower() in t["settle_verbs"]
               and _lemmas(c.children) & t["settled_things"]]
    penalty = bool(_lemmas(kids) & t["penalty_words"]) and not criminal
    ordered = tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "order"
    if penalty or (ordered and not criminal):
        return [(subjects(tok), "penalized", "civil")]
    if purpose:
        return [(subjects(tok), "settled", "civil")]
    return []


def _settles(tok: Token, t: dict) -> list[Outcome]:
    """ "Kroger settles lawsuit over ...": the party settles the suit itself."""
    if _hedged(tok, t) or any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
        return []
    if any(c.dep_ in ("dobj", "appos") and c.lemma_.lower() in t["suit_nouns"] | {"claim", "allegation"}
           for c in tok.children):
        return [([s for s in subjects(tok) if s.dep_ == "nsubj"], "settled", "civil")]
    return []


def _agreed(tok: Token, t: dict) -> list[Outcome]:
    """ "X agreed to the settlement with the EPA", "X reached a settlement"."""
    things = [c for c in tok.children if c.dep_ == "dobj"] + [
        g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "into")
        for g in c.children if g.dep_ == "pobj"]
    if _hedged(tok, t) or not any(g.lemma_.lower() in ("settlement", "consent decree") for g in things):
        return []
    return [([s for s in subjects(tok) if s.dep_ == "nsubj"], "settled", "civil")]


def _fined(tok: Token, t: dict) -> list[Outcome]:
    """ "X was fined $4 million by the regulator", "the SEC fined X $4 million"."""
    if _hedged(tok, t):
        return []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    agent = [c for c in tok.children if c.dep_ in ("nsubj", "agent")]
    regulatory = any(_lemmas(a.subtree) & t["regulatory_cues"] for a in agent)
    proceeding = "regulatory" if regulatory else "civil"
    if passive:
        return [([s for s in subjects(tok) if s.dep_ == "nsubjpass"], "penalized", proceeding)]
    # "fined X $4 million": the party is the dative, the money the object
    return [([c for c in tok.children if c.dep_ == "dative"] or
             [c for c in tok.children if c.dep_ == "dobj" and not c.like_num and
              not any(MONEY.match(w.text) for w in c.subtree)], "penalized", proceeding)]


def _sued(tok: Token, t: dict) -> list[Outcome]:
    if _hedged(tok, t):
        return []
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return [([s for s in subjects(tok) if s.dep_ == "nsubjpass"], "sued", "civil")]
    return [([c for c in tok.children if c.dep_ == "dobj"], "sued", "civil")]


def _against(tok: Token, lemma: str, t: dict, criminal: bool) -> list[Outcome]:
    """ "a civil lawsuit filed against X", "a $9 million judgment against X"."""
    against = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "against"]
    verb = tok.head if tok.dep_ == "dobj" else None
    if not against and verb is not None and lemma in t["suit_nouns"] and \
            verb.lemma_.lower() in t["suit_verbs"]:
        against = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "against"]
    if not against and lemma in t["suit_nouns"]:
        against = [c for v in tok.children if v.dep_ == "acl" and
                   v.lemma_.lower() in t["suit_verbs"]
                   for c in v.children if c.dep_ == "prep" and c.lower_ == "against"]
    if not against or criminal or any(c.lower_ == "criminal" for c in tok.lefts):
        return []
    if verb is not None and _hedged(verb, t):
        return []
    parties = [p for a in against for p in a.children if p.dep_ == "pobj"]
    if lemma in t["penalty_words"]:
        # a money judgment, not a judge's opinion
        if any(MONEY.match(w.text) for w in tok.subtree if w.i < tok.i):
            return [(parties, "penalized", "civil")]
        return []
    return [(parties, "sued", "civil")]


def _civil_parties(sent: Span, t: dict) -> list[tuple[Token, str, str]]:
    """(party head token, stage, proceeding) for each civil outcome the sentence states."""
    criminal = bool(_lemmas(sent) & t["criminal_words"])
    found: list[tuple[Token, str, str]] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        verb = tok.pos_ == "VERB"
        if verb and lemma == "pay":
            outcomes = _paid(tok, t, criminal)
        elif verb and lemma in t["settle_verbs"] and tok.head.lemma_.lower() != "pay":
            outcomes = _settles(tok, t)
        elif verb and lemma in ("agree", "reach", "enter") and not criminal:
            outcomes = _agreed(tok, t)
        elif verb and tok.lower_ in ("fine", "fined", "fines", "fining") and not criminal:
            outcomes = _fined(tok, t)
        elif verb and lemma == "sue":
            outcomes = _sued(tok, t)
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in t["penalty_words"] | t["suit_nouns"]:
            outcomes = _against(tok, lemma, t, criminal)
        else:
            continue
        for tokens, stage, proceeding in outcomes:
            for head in (h for tok_ in tokens for h in with_conjuncts(tok_)):
                found.append((head, stage, proceeding))
    return found


def find_civil(doc: Doc) -> list[Charge]:
    """Charges of a civil or regulatory proceeding: the party that settled, was penalized or
    sued, with the category of the allegations the text names (in the sentence, else in another
    sentence naming the party, else the one category of the release's other civil outcomes)."""
    t = _civil_table()
    text = doc_text(doc)
    if not CIVIL_CUE.search(text):
        return []
    found: dict[str, tuple] = {}
    for sent in doc.sents:
        if not CIVIL_CUE.search(text[sent.start_char:sent.end_char]):   # sent.text, not joined again
            continue
        for tok, stage, proceeding in _civil_parties(sent, t):
            if is_dateline(tok):
                continue
            entity = entity_for_token(doc, tok)
            if (entity is None or LEGAL_FORM.fullmatch(entity.name)) and tok.left_edge.i < tok.i:
                # "Northgate Medical Group LLC": the legal form the name left out is the head
                prev = doc[tok.i - 1]
                entity = entity_for(doc, tok.left_edge.idx, prev.idx + len(prev.text))
            if entity is None or entity.type not in ("person", "organization") or \
                    t["public_body"].search(entity.name) or LEGAL_FORM.fullmatch(entity.name):
                continue   # a plaintiff's office; a legal form the name split off ("LLC")
            old = found.get(entity.id)
            if old is None or stages.supersedes(stage, old[1]):
                found[entity.id] = (entity, stage, proceeding, (sent.start_char, sent.end_char))
    if not found:
        return []
    sents = list(doc.sents)
    out: list[Charge] = []
    pending = []
    for entity, stage, proceeding, evidence in found.values():
        cats = [c for c, _, _ in offense_categories(text[evidence[0]:evidence[1]])]
        if not cats:
            for sent in sents:
                if any(sent.start_char <= m.start < sent.end_char for m in entity.mentions) and \
                        re.search(r"\b(?:violat|alleg|unlawful|illegal)", sent.text, re.I):
                    cats.extend(c for c, _, _ in offense_categories(sent.text))
        if not cats:
            pending.append((entity, stage, proceeding, evidence))
            continue
        for cat in dict.fromkeys(cats):
            out.append(Charge(defendant=entity.id, offense=f"{cat.replace('_', ' ')} allegations",
                              category=cat, stage=stage, evidence=evidence, proceeding=proceeding))
    known = {c.category for c in out}
    if pending and not known:
        # the release's civil allegations, where a sentence settles or penalises what it alleges
        for sent in sents:
            if CIVIL_CUE.search(sent.text) and re.search(r"\b(?:violat|alleg)", sent.text, re.I):
                known.update(c for c, _, _ in offense_categories(sent.text))
    if pending and len(known) == 1:
        # "the third judgment in the task force's effort against debt collectors ... a $9 million
        # judgment against X": the release's one civil allegation
        cat = next(iter(known))
        for entity, stage, proceeding, evidence in pending:
            out.append(Charge(defendant=entity.id, offense=f"{cat.replace('_', ' ')} allegations",
                              category=cat, stage=stage, evidence=evidence, proceeding=proceeding))
    return out
