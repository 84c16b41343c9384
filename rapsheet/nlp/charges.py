"""Charges: which offence each defendant is charged with (or convicted of), how many counts, under
which statute, and its risk category.

Takes a parsed spaCy Doc with `doc._.rs_entities` (defendants are entities, found through their
names, nominals and pronouns) and `doc._.rs_events`. Gives `find_charges(doc) -> list[Charge]` and
the component `rapsheet_charges`, which writes `doc._.rs_charges`: the charges its verbs carry,
with those named as nouns (nlp/nominal.py), listed in rosters (nlp/rosters.py) and the civil and
regulatory outcomes (nlp/civil.py). The offence and statute tables are in nlp/offences.py.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rapsheet import stages
from rapsheet.model import STAGES, Charge, Entity
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.civil import find_civil
from rapsheet.nlp.events import EventSpec, Trigger, excerpt_spans, lexicon, load_table, modality_of, with_conjuncts
from rapsheet.nlp.events.arguments import shares_passive
from rapsheet.nlp.extensions import doc_text, doc_tokens
from rapsheet.nlp.nominal import find_nominal_charges
from rapsheet.nlp.offences import (CITED_STATUTE, NUMBER_WORDS, STATUTE_RE, classify_offense,
                                   count_value, find_statutes, list_items, offense_table,
                                   statute_info, statute_table, without_person_relative)
from rapsheet.nlp.rosters import find_roster_charges
from rapsheet.nlp.sentences import in_excerpt
from rapsheet.nlp.syntax import entity_for_token, is_dateline, subjects

_NUM = r"(?:\d+|" + "|".join(k for k in NUMBER_WORDS if k not in ("additional",)) + r")"
COUNT_RE = re.compile(
    rf"\b(?P<n>{_NUM})(?:[\s-]+(?:additional|more|separate|further))?[\s-]+(?:felony\s+|criminal\s+|"
    rf"misdemeanou?r\s+)?counts?\s+(?:each\s+)?of\s+", re.I)
LEADING_NOISE = re.compile(
    r"^(?:(?:the|a|an|all|multiple|several|various|federal|criminal|state|new|related|additional|"
    r"formal|felony)\s+)*(?:charges?|counts?|offen[cs]es?|crimes?)\s+(?:of|including|related to|"
    r"involving|for|that\s+(?:he|she|they|it)(?:\s+had)?)\s+", re.I)
TRAILING_NOISE = re.compile(
    r"(?:,?\s+(?:in violation of|under|pursuant to|contrary to)\b.*$|,?\s+(?:according to|"
    r"prosecutors said|officials said|authorities said|the (?:department|doj) said)\b.*$|"
    r"\s*\((?:[^()]*)\)\s*$|[\s,;:.]+$)", re.I)
COUNTS_INCLUDING = re.compile(
    r"^[^,;]*?\b(?:counts?|charges?|offen[cs]es?|crimes?|felonies|misdemeanou?rs)\b[^;]*?,?\s*"
    r"\b(?:including|(?:which|that) (?:include[sd]?|are|were))\s+", re.I)
APPOSED_NAME = re.compile(r"(?:[A-Z][\w.&'-]*\s*){1,3}")
# Verbs that carry charges, the preposition that introduces the offence, and the stage.
CHARGE_VERBS = {
    "charge": (("with",), "charged"), "indict": (("on", "for", "with"), "charged"),
    "face": ((), "charged"), "arraign": (("on",), "charged"), "prosecute": (("for",), "charged"),
    "convict": (("of", "on", "for"), "convicted"), "plead": (("to",), "convicted"),
    "find": (("of",), "convicted"), "sentence": (("for", "on"), "sentenced"),
    "acquit": (("of", "on"), "acquitted"), "clear": (("of",), "acquitted"),
    "arrest": (("on", "for"), "arrested"),
    # "X, who is accused of A": an allegation, at the stage the rest of the text gives
    "accuse": (("of",), "suspected"),
}
# ---------------------------------------------------------------------------------------------
# Finding charges


@dataclass(slots=True)
class _Piece:
    text: str
    start: int                # character offsets in doc.text
    end: int
    counts: int | None

def _is_when(prep: Token) -> bool:
    """"on Monday", "in May 2024": a preposition that dates the event, not names an offence."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return any(o.ent_type_ in ("DATE", "TIME") for o in objs)


def _names_offense(span: Span) -> bool:
    text = span.text
    return bool(COUNT_RE.search(text) or classify_offense(text) or STATUTE_RE.search(text) or
                re.search(r"\b(?:charges?|counts?|offen[cs]es?|conspiracy)\b", text, re.I))


MORE_COUNTS = re.compile(
    r"(?:\s*,?\s*(?:and\s+|as well as\s+)?(?:\w+|\d+)\s+(?:additional\s+)?counts?\s+of\s+[^,;.]*?"
    r"(?=\s*(?:,|;|\.|$|\band\b)))+")


def _region(verb: Token, preps: tuple[str, ...]) -> Span | None:
    """The stretch that names the offences: the object of "with"/"of"/"to", or for "face" its
    direct object ("faces one count of ...")."""
    doc = verb.doc
    sent = verb.sent
    heads: list[Token] = []
    if not preps:
        heads = [c for c in verb.children if c.dep_ == "dobj"]
    else:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in preps and not _is_when(child):
                heads.append(child)
            if child.lower_ == "guilty":      # "found guilty of", "were found guilty of"
                heads.extend(c for c in child.children if c.dep_ == "prep" and c.lower_ in preps)
    if verb.lemma_ == "charge" and not heads:
        # "The indictment charges Flores with ...": sometimes "with" hangs off the object
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            heads.extend(c for c in obj.children if c.dep_ == "prep" and c.lower_ in preps)
    if not heads and preps:
        # "charged in a complaint unsealed in federal court with one count of ...", "sentenced
        # X to 210 months ..., for conspiracy ...": the preposition hangs lower in the clause
        for t in verb.subtree:
            if t.i <= verb.i or t.dep_ != "prep" or t.lower_ not in preps or _is_when(t):
                continue
            if _other_clause(t, verb):
                continue
            span = doc[t.i + 1: min(t.right_edge.i + 1, sent.end)]
            if len(span) and _names_offense(span):
                heads.append(t)
                break
    if not heads:
        return None
    start = min(h.i + 1 if h.dep_ == "prep" else h.left_edge.i for h in heads)
    end = max(h.right_edge.i for h in heads) + 1
    # "guilty of murder ..., conspiracy to ..., and using a firearm ...": the parser hangs the
    # rest of the list on the verb
    for c in verb.children:
        # "on charges of running X, conspiring to import Y, and conspiring to launder Z": a
        # gerund the parser hangs on the verb as a clause of its own is a further offence
        gerund_item = c.dep_ == "advcl" and c.tag_ == "VBG" and bool(
            classify_offense(doc[c.i: c.right_edge.i + 1].text))
        if c.i >= end and (c.dep_ == "conj" and (c.pos_ == "NOUN" or c.tag_ == "VBG") or gerund_item) and \
                all(doc[k].is_punct or doc[k].dep_ == "cc" or doc[k].i >= c.left_edge.i
                    for k in range(end, c.left_edge.i)):
            end = c.right_edge.i + 1
    end = min(end, sent.end)
    if start >= end:
        return None
    # "one count of A, six counts of B and one count of C": the parser may stop the object at
    # the first item; the count phrases that follow in the same clause belong to the list.
    # "A, in violation of 18 U.S.C. § 1343, and one count of B": the cited statute does not end it.
    stop = doc[end - 1].idx + len(doc[end - 1].text)
    tail = doc_text(doc)[stop:sent.end_char]
    cited = CITED_STATUTE.match(tail)
    skip = cited.end() if cited else 0
    more = MORE_COUNTS.match(tail[skip:]) or _more_items(tail[skip:])
    if more:
        extended = doc.char_span(doc[start].idx, stop + skip + more.end(), alignment_mode="contract")
        if extended is not None and extended.end > end:
            return extended
    return doc[start:end]


def _more_items(tail: str) -> re.Match | None:
    """ "..., operating an unlicensed money transmitting business, and 15 counts of ...": the rest
    of the sentence continues the offence list when every item of it names an offence."""
    m = re.match(r"^\)?\s*,\s*(?P<rest>.+?)(?=[\s.;]*$)", tail)
    if not m or not re.search(r",?\s*\b(?:and|or)\s+", m.group("rest")):
        return None
    items = list_items(re.sub(r"^(?:and|or)\s+", "", CITED_STATUTE.sub("", m.group("rest"))))
    return m if items and all(classify_offense(i) for i in items) else None


def _other_clause(tok: Token, verb: Token) -> bool:
    """Whether a token belongs to a clause of its own below the verb (a relative or reported
    clause, a coordinated verb), where its words say nothing of this verb's charge."""
    cur = tok.head
    while cur.i != verb.i and cur.head.i != cur.i:
        # "sentenced X to 70 months, followed by three years of supervised release, for ...":
        # a participle with no subject of its own only adds to the verb's clause
        adds = cur.dep_ in ("advcl", "conj") and cur.tag_ == "VBN" and cur.head.i == verb.i and \
            any(c.dep_ == "agent" for c in cur.children) and \
            not any(c.dep_.startswith("nsubj") for c in cur.children)
        if cur.dep_ in ("relcl", "ccomp", "advcl", "conj", "parataxis") and cur.pos_ in ("VERB", "AUX") \
                and not adds:
            return True
        cur = cur.head
    return False


def _pieces(doc: Doc, region: Span) -> list[_Piece]:
    """Split an offence stretch at its count phrases and list commas into single offences."""
    text = region.text
    base = region.start_char
    marks = list(COUNT_RE.finditer(text))
    raw: list[tuple[int, int, int | None]] = []
    if not marks:
        raw.append((0, len(text), None))
    else:
        head = text[:marks[0].start()]
        if marks[0].start() > 0 and head.strip(" ,;") and classify_offense(head):
            # "with conspiracy to ..., operating an unlicensed ..., and 15 counts of ...": the
            # offences listed before the first count phrase are one count each
            items = list_items(re.sub(r"(?:,?\s*\b(?:and|or)\s*|[\s,;]+)$", "", head))
            if len(items) > 1 and all(classify_offense(i) for i in items):
                pos = 0
                for item in items:
                    at = text.index(item, pos)
                    raw.append((at, at + len(item), 1))
                    pos = at + len(item)
            else:
                raw.append((0, marks[0].start(), 1))
        for n, m in enumerate(marks):
            end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
            raw.append((m.end(), end, count_value(m.group("n"))))
    out = []
    for s, e, counts in raw:
        chunk = text[s:e]
        # drop a trailing conjunction left by the next count phrase ("... and two counts of")
        chunk = re.sub(r"(?:,?\s*\b(?:and|or|as well as|plus)\s*|[\s,;]+)$", "", chunk)
        # "15 counts involving multiple victims, including murder, ... and lewd acts": the
        # offences are the list after "including"
        lead = COUNTS_INCLUDING.match(chunk) or LEADING_NOISE.match(chunk)
        if lead:
            s += lead.end()
            chunk = chunk[lead.end():]
        if counts is None and not marks:
            # "charged with murder, robbery and kidnapping": split a list whose items all classify
            # (the statutes cited after them aside: "A, in violation of ..., and B")
            items = list_items(re.sub(r",?\s*(?:in violation of|pursuant to|contrary to)\b[^,]*$", "",
                                       CITED_STATUTE.sub("", chunk)))
            # "... and manipulating the price of its token, ZTK": a name in apposition to the
            # item before it is no item of its own
            items = [i for i in items if not APPOSED_NAME.fullmatch(i.strip()) or classify_offense(i)]
            known = [i for i in items if classify_offense(i)]
            if len(items) > 1 and (len(known) == len(items) or len(known) >= 2 and all(
                    re.fullmatch(r"(?:the\s+)?conspiracy", i.strip(), re.I) for i in items
                    if i not in known)):
                # a bare "conspiracy" in the list conspires to the others, already listed
                found, pos = [], s
                for item in known:
                    at = text.find(item, pos)
                    if at < 0:      # an item the statute's removal joined: keep the list whole
                        break
                    found.append(_Piece(item, base + at, base + at + len(item), None))
                    pos = at + len(item)
                else:
                    out.extend(found)
                    continue
        out.append(_Piece(chunk, base + s, base + s + len(chunk), counts))
    return [p for p in out if p.text.strip()]

def _resolve_such(doc: Doc, pieces: list[_Piece]) -> None:
    """"another count of conspiracy to provide such support" -> the support named before it."""
    for n, piece in enumerate(pieces):
        m = re.search(r"\b(?:such|that|the same|said)\s+(\w+)", piece.text, re.I)
        if not m or n == 0:
            continue
        noun = m.group(1).lower()
        for prev in reversed(pieces[:n]):
            span = doc.char_span(prev.start, prev.end, alignment_mode="expand")
            if span is None:
                continue
            hits = [t for t in span if t.lower_ == noun or t.lemma_.lower() == noun]
            if not hits:
                continue
            tok = hits[0]
            start = min([tok.i] + [c.left_edge.i for c in tok.lefts if c.dep_ in ("compound", "amod")])
            end = min(tok.right_edge.i + 1, span.end)
            if end < span.end and doc[end].dep_ == "prep" and doc[end].lower_ in ("to", "for", "of"):
                # "material support [to a designated ... organization]" hangs on the verb
                end = span.end
            antecedent = doc[start:end].text
            piece.text = piece.text[:m.start()] + antecedent + piece.text[m.end():]
            break


def _clean(text: str) -> str:
    text = without_person_relative(re.sub(r"\s+", " ", text).strip())
    for _ in range(3):
        new = TRAILING_NOISE.sub("", text).strip()
        if new == text:
            break
        text = new
    return text


def _charge_spec() -> EventSpec:
    return lexicon().by_verb["charge"]


def _defendants(verb: Token) -> list[Token]:
    """Who the charge is against: the passive subject, the subject of face/plead/be found, or the
    object of an active charging verb."""
    lemma = verb.lemma_.lower()
    # "were arrested last Thursday and charged with ...": a verb joined to a passive one shares
    # its passive subject
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or \
        shares_passive(verb, _charge_spec())
    if lemma in ("face", "plead") or passive:
        heads = subjects(verb)
        found = [t for s in heads for t in with_conjuncts(s, roster=True)]
        if verb.dep_ == "relcl":
            # "X, who is accused of A; and Y, who is accused of B": a relative clause is about the
            # names before it, not those listed after it nor those with a relative clause of
            # their own between them and it
            doc = verb.doc
            found = [t for t in found if t in heads or t.i < verb.i and not any(
                doc[k].dep_ == "relcl" for k in range(t.i + 1, verb.i))]
        return found
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not objs and lemma == "find":
        # "the jury found her guilty of ...": the parser may make her the subject of "guilty"
        objs = [s for g in verb.children if g.lower_ == "guilty" for s in g.children
                if s.dep_ == "nsubj"]
    if objs:
        return [t for o in objs for t in with_conjuncts(o, roster=True)]
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
        return with_conjuncts(verb.head, roster=True)
    return []


@functools.lru_cache(maxsize=1)
def _listing() -> tuple[frozenset[str], frozenset[str]]:
    row = load_table("events.yaml")["charge_lists"]
    return frozenset(row["verbs"]), frozenset(row["subjects"])


def _listed_against(verb: Token) -> list[Token]:
    """ "Charges handed down by the grand jury against the defendants include conspiracy ...":
    a verb that lists what charges against someone are; gives those it names "against"."""
    verbs, subjects_ = _listing()
    if verb.lemma_.lower() not in verbs:
        return []
    subj = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in subjects_]
    if not subj:
        return []
    return [t for prep in subj[0].subtree if prep.dep_ == "prep" and prep.lower_ == "against"
            for pobj in prep.children if pobj.dep_ == "pobj"
            for t in with_conjuncts(pobj, roster=True)]


def _anaphoric(tok: Token) -> bool:
    """A singular description that can point back to a defendant ("the man", "the defendant");
    "guards", "two officers" are other people."""
    return tok.pos_ == "NOUN" and tok.tag_ == "NN" and not any(
        c.dep_ == "nummod" for c in tok.children) and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "a", "an") for c in tok.children)


def _latest_defendant(doc: Doc, before: int) -> str | None:
    """The defendant of the nearest earlier legal event: "He was also charged with ..." when the
    pronoun was not joined to anyone."""
    best = None
    for event in doc._.rs_events or []:
        if event.trigger.start >= before or event.modality in ("negated", "hypothetical"):
            continue
        for arg in event.arguments:
            if arg.role == "defendant" and arg.entity and event.type in (
                    "arrest", "charge", "conviction", "plea", "sentence", "extradition"):
                best = arg.entity
    return best


@functools.lru_cache(maxsize=1)
def _suit_nouns() -> frozenset[str]:
    return frozenset(load_table("civil.yaml")["suit_nouns"])


def _verb_stage(verb: Token, listed: list[Token]) -> tuple[tuple[str, ...], str] | None:
    """The prepositions that introduce a charging verb's offences and the stage it gives, or None
    when the verb carries no charge ("found" without "guilty")."""
    lemma = verb.lemma_.lower()
    preps: tuple[str, ...]
    if listed:
        preps, stage = (), "charged"    # "Charges ... against the defendants include X, Y"
    elif lemma in CHARGE_VERBS:
        preps, stage = CHARGE_VERBS[lemma]
    else:
        return None
    if lemma == "find" and not any(c.lower_ == "guilty" for c in verb.children):
        return None
    if lemma == "accuse" and any(c.dep_ == "nsubj" and c.lemma_.lower() in _suit_nouns()
                                 for c in verb.children):
        return None   # "the lawsuit accuses X of fraud": a civil claim (nlp/civil.py reads it)
    if lemma == "plead" and any(c.lower_ == "not" for c in verb.subtree if c.i < verb.i + 3):
        stage = "charged"
    return preps, stage


def _charged_entities(doc: Doc, verb: Token, listed: list[Token],
                      entities: dict[str, Entity]) -> list[Entity]:
    """The people and organisations a charging verb is against, a pronoun or "the man" read as
    the defendant of the nearest earlier legal event when it was joined to no one."""
    defendants: list[Entity] = []
    for tok in listed or _defendants(verb):
        if is_dateline(tok):
            continue
        entity = entity_for_token(doc, tok)
        if entity is None and (tok.pos_ == "PRON" or _anaphoric(tok)):
            eid = _latest_defendant(doc, verb.idx)
            entity = entities.get(eid) if eid else None
        if entity is not None and entity.type in ("person", "organization") and \
                entity.id not in [d.id for d in defendants]:
            defendants.append(entity)
    return defendants


def _piece_offence(doc: Doc, pieces: list[_Piece], n: int, sent: Span,
                   statutes: list) -> tuple[str, str | None, str | None]:
    """(offence, category, statute) of one piece of an offence list, the statute cited after it
    naming the offence when the words do not."""
    piece = pieces[n]
    offense = _clean(piece.text)
    statute = None
    nxt = pieces[n + 1].start if n + 1 < len(pieces) else sent.end_char
    own = [s for s in statutes if piece.start <= s.start < nxt]
    if not own and len(pieces) == 1 and statutes:
        own = statutes[:1]
    if own:
        statute = own[0].text
        offense = _clean(re.sub(re.escape(doc_text(doc)[own[0].start:own[0].end]), "", offense))
    category = classify_offense(offense)
    info = statute_info(statute) if statute else None
    if (category is None or len(offense.split()) < 2 and not category) and info and info[1]:
        if category is None:
            offense, category = info[0], info[1]
    return offense, category, statute


def find_charges(doc: Doc) -> list[Charge]:
    spec = _charge_spec()
    entities = {e.id: e for e in doc._.rs_entities or []}
    found: dict[tuple[str, str], Charge] = {}
    order: list[tuple[str, str]] = []
    for verb in doc_tokens(doc):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        listed = _listed_against(verb)
        verb_stage = _verb_stage(verb, listed)
        if verb_stage is None:
            continue
        preps, stage = verb_stage
        modality = modality_of(Trigger(spec, verb.i, verb.i + 1, verb, False))
        if modality in ("negated", "hypothetical"):
            continue
        region = _region(verb, preps)
        if region is None:
            continue
        pieces = _pieces(doc, region)
        if not pieces:
            continue
        if verb.lemma_.lower() == "face" and not any(p.counts for p in pieces) and \
                not re.match(r"^\s*(?:\w+\s+)*(?:charges?|counts?|indictment)\b", region.text, re.I):
            continue   # "faces life in prison", "faces extradition": not a list of charges
        _resolve_such(doc, pieces)
        sent = verb.sent
        statutes = find_statutes(sent.text, sent.start_char)
        defendants = _charged_entities(doc, verb, listed, entities)
        if not defendants:
            continue
        for n, piece in enumerate(pieces):
            offense, category, statute = _piece_offence(doc, pieces, n, sent, statutes)
            if category is None or not offense:
                continue
            for entity in defendants:
                key = (entity.id, re.sub(r"\W+", " ", offense.lower()).strip())
                charge = found.get(key)
                if charge is None:
                    found[key] = Charge(defendant=entity.id, offense=offense, category=category,
                                        stage=stage, evidence=(sent.start_char, sent.end_char),
                                        counts=piece.counts, statute=statute,
                                        offense_span=(piece.start, piece.end))
                    order.append(key)
                else:
                    if stages.supersedes(stage, charge.stage):
                        charge.stage = stage
                    charge.counts = charge.counts or piece.counts
                    charge.statute = charge.statute or statute
    return [found[k] for k in order]


@Language.factory("rapsheet_charges", assigns=["doc._.rs_charges"],
                  requires=["token.dep", "doc._.rs_entities", "doc._.rs_events"], default_config={})
def make_charges(nlp: Language, name: str) -> ChargesComponent:
    return ChargesComponent()


class ChargesComponent:
    """Reads the parse, doc._.rs_entities and rs_events; writes doc._.rs_charges."""

    def __init__(self) -> None:
        offense_table()
        statute_table()
        assert all(s in STAGES for _, s in CHARGE_VERBS.values())

    def __call__(self, doc: Doc) -> Doc:
        charges = find_charges(doc)
        charges += find_nominal_charges(doc, charges)
        charges += find_roster_charges(doc, charges)
        # "X is accused of coordinating shipments" beside the counts X is charged with describes
        # the conduct of those counts: an allegation is a charge only where no charge is read
        charged = {c.defendant for c in charges if c.stage != "suspected"}
        charges = [c for c in charges if c.stage != "suspected" or c.defendant not in charged]
        cut = excerpt_spans(doc)
        # a teaser of another story cut short by an ellipsis charges no one in this one
        self.set_annotations(doc, [c for c in charges + find_civil(doc)
                                   if not in_excerpt(cut, (c.offense_span or c.evidence)[0])])
        return doc

    @staticmethod
    def set_annotations(doc: Doc, charges: list[Charge]) -> None:
        doc._.rs_charges = charges
