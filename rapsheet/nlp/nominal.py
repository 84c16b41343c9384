"""Charges named as nouns: "filed murder and armed robbery charges against X", "filed charges of
burglary and arson against X", "Charges against the defendants, X and Y, include A and B".

Gives `find_nominal_charges(doc, known) -> list[Charge]`, which rapsheet_charges adds to the
charges its verbs carry.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from rapsheet.model import Charge, Entity
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.offences import classify_offense, list_items

NOMINAL_FILED = re.compile(
    r"\b(?:filed|files|brought|brings|announced|announces|approved|approves|returned|returns|"
    r"levied|lodged|authorized|authorised|added|adds|upgraded|(?P<clear>dismissed|dismisses|dropped|"
    r"drops|withdrew|withdrawn|withdraws))\b(?P<mid>[^.;:]{0,120}?)\b"
    r"(?:charges?|counts?)\b(?P<tail>[^.;:]{0,120}?)\bagainst\s+", re.I)
NOMINAL_INCLUDE = re.compile(
    r"\b(?:charges?|counts?) against\b(?P<who>[^.;:]{1,160}?),?\s+(?:include|includes|included|"
    r"are|were)\s+(?P<list>[^.;:]+)", re.I)
NOMINAL_VETO = re.compile(
    r"\b(?:acquit\w*|not guilty|declin\w*|reject\w*|refus\w*|not|never|no charges|could|may|might|"
    r"would|if|whether|deni\w*|vacat\w*|overturn\w*)\b", re.I)
NOMINAL_CLEARING = re.compile(r"\b(?:dismiss\w*|dropp?\w*|withdr\w*)\b", re.I)


def _offence_list(text: str) -> list[str]:
    """The offences of a short list whose every item names one ("murder and armed robbery")."""
    text = re.sub(r"^\s*(?:of|for)\s+", "", text.strip(" ,"))
    text = re.sub(r"^(?:(?:the|a|an|new|additional|felony|misdemeanou?r|criminal|federal|state)\s+)+", "",
                  text, flags=re.I)
    text = re.sub(r"\s+(?:this|on|in|last|earlier|today|yesterday)\b.*$", "", text, flags=re.I)
    items = [i.strip() for i in list_items(text) if i.strip()]
    return items if items and all(classify_offense(i) for i in items) else []


def _listed_parties(doc: Doc, entities: list[Entity], a: int, b: int) -> list[Entity]:
    """The parties named as a list from `a` ("X, Y and Z", "the defendants, X and Y"): each name
    must head its own noun phrase ("against Former Acme Counselor Jones" names a counselor, not
    Acme) and the first must open the stretch."""
    mentions = sorted(((m.start, m.end, e) for e in entities for m in e.mentions
                       if m.kind == "name" and a <= m.start < b), key=lambda x: x[0])
    text = doc_text(doc)
    out: list[Entity] = []
    pos = a
    for n, (start, end, entity) in enumerate(mentions):
        gap = text[pos:start]
        # a title may stand before each name ("Sgt. Roy Keller and Officers Tomas Ibarra")
        title = r"(?:[A-Z][\w.]*\s+){0,4}"
        lead = r"\s*(?:the\s+(?:co-)?defendants?,?\s*)?" + title if not out else \
            r"\s*(?:,\s*(?:\d+\s*,\s*)?(?:(?:of|from)\s[^,]+,\s*)?)?(?:and\s+|,\s*)?" + title
        if not re.fullmatch(lead, gap, re.I) and not (out and re.fullmatch(
                r"(?:,?\s*\d+\s*)?,?\s*(?:and\s+)?", gap)):
            break
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span[-1].dep_ in ("compound", "poss", "nmod", "amod") and \
                span[-1].head.i >= span.end:
            break
        if n + 1 < len(mentions) and re.fullmatch(r"[.\s]{0,3}", text[end:mentions[n + 1][0]]):
            # "Springfield Police Sgt. Roy Keller": a name run straight into the next is its title
            pos = mentions[n + 1][0]
            continue
        if entity not in out:
            out.append(entity)
        pos = end
    return out


def find_nominal_charges(doc: Doc, known: list[Charge]) -> list[Charge]:
    entities = [e for e in doc._.rs_entities or [] if e.type in ("person", "organization")]
    have = {(c.defendant, re.sub(r"\W+", " ", c.offense.lower()).strip()) for c in known}
    out: list[Charge] = []
    text = doc_text(doc)
    for sent in doc.sents:
        st = text[sent.start_char:sent.end_char]   # sent.text, without joining its tokens again
        if "against" not in st.lower() or NOMINAL_VETO.search(st):
            continue
        lo = sent.start_char
        hits: list[tuple[list[str], int, int, str]] = []   # offences, defendants' stretch, stage
        for m in NOMINAL_FILED.finditer(st):
            # "filed charges against X" in a sentence that drops or dismisses them says nothing
            # firm; "dismissed charges of A against X" dismisses them
            stage = "dismissed" if m.group("clear") else "charged"
            if stage == "charged" and NOMINAL_CLEARING.search(st):
                continue
            offences = _offence_list(m.group("mid")) or _offence_list(m.group("tail"))
            after = lo + m.end()
            # the defendants: the names right after "against", a list of them
            end = re.search(r"[;:]|\b(?:on|in|for|after|who|which|with)\b", text[after:sent.end_char])
            hits.append((offences, after, after + (end.start() if end else sent.end_char - after), stage))
        for m in NOMINAL_INCLUDE.finditer(st):
            if not NOMINAL_CLEARING.search(st):
                hits.append((_offence_list(m.group("list")), lo + m.start("who"), lo + m.end("who"),
                             "charged"))
        for offences, a, b, stage in hits:
            if not offences:
                continue
            parties = _listed_parties(doc, entities, a, b)
            for entity in parties:
                for offense in offences:
                    key = (entity.id, re.sub(r"\W+", " ", offense.lower()).strip())
                    category = classify_offense(offense)   # _offence_list keeps only known ones
                    if key in have or category is None:
                        continue
                    have.add(key)
                    out.append(Charge(defendant=entity.id, offense=offense,
                                      category=category, stage=stage,
                                      evidence=(sent.start_char, sent.end_char)))
    return out
