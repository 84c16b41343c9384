"""Parse helpers that several components read a spaCy parse with: the entity a token stands for,
the phrase a head token spans, a clause's verb and subjects (through conjunction, control and
relative clauses), passives (a headline's reduced passive included) and datelines.

Takes Docs with a dependency parse and, for `entity_for`, `doc._.rs_entities`; writes nothing.
Used by events, charges and risk.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from rapsheet.data import wordlists
from rapsheet.model import Entity
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.extensions import doc_ents



SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")


NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "oprd", "dative")


SAY_VERBS = wordlists.words().speech_verbs | {"believe", "contend", "assert", "testify"}


RELATIVE = ("which", "who", "that", "whom")


# Prepositions whose gerund is done by the governing verb's object: "stop X from stealing".
OBJECT_CONTROL_PREPS = ("from", "of", "into")


NOT_PARTY_LABELS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT")


# Left modifiers that belong to an argument's phrase ("Colombian authorities", "a federal court").
PHRASE_LEFT = ("compound", "amod", "det", "nmod", "nummod", "poss", "case", "quantmod", "flat",
               "advmod", "npadvmod", "punct")


PRONOUNS = wordlists.words().pronouns


# pronouns for people only ("him", "they", "who"), not for a thing ("it")
PEOPLE_PRONOUNS = PRONOUNS.forms("subject", "object", persons=["masculine", "feminine", "plural"]) | PRONOUNS.relative


PERSONISH = PRONOUNS.forms("subject") | PRONOUNS.forms("object", "possessive", persons=wordlists.THIRD) | {"who"}


ENTITY_LABELS = ("PERSON", "ORG", "NORP", "GPE")


PLACE_LABELS = ("GPE", "LOC", "FAC")


def entity_for(doc: Doc, start: int, end: int) -> Entity | None:
    """The entity whose mention covers [start, end), or None."""
    from rapsheet.nlp.entities import entity_at

    try:
        found = entity_at(doc, start, end)
    except Exception:
        found = None
    if found is not None:
        return found
    best = None
    for entity in doc._.rs_entities or []:
        for m in entity.mentions:
            if m.start <= start and end <= m.end:
                if best is None or (m.end - m.start) < best[0]:
                    best = (m.end - m.start, entity)
    return best[1] if best else None


def entity_for_token(doc: Doc, tok: Token) -> Entity | None:
    """The entity a head token refers to. Only the head counts: "a member of Tren de Aragua"
    refers to the member, not to the gang named inside the phrase."""
    found = entity_for(doc, tok.idx, tok.idx + len(tok.text))
    if found is None and tok.pos_ == "PROPN":
        # a name the tokenizer split ("Ybarra - Klein"): its compound and hyphen parts
        start = tok.i
        for child in reversed(list(tok.lefts)):
            if child.dep_ in ("compound", "flat", "punct", "nmod") and child.i == start - 1:
                start = child.i
        found = entity_for(doc, doc[start].idx, tok.idx + len(tok.text))
    if found is None:
        # "The developer, Frank Lo Bianco, 66, pleaded guilty": the name in apposition
        for child in tok.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                found = entity_for(doc, child.idx, child.idx + len(child.text))
                if found is not None:
                    break
    if found is None and tok.dep_ == "appos" and tok.pos_ == "NOUN" and tok.head.pos_ == "PROPN":
        # "shipped them to Northwind Cargo, an airline designated in 2011": the description in
        # apposition to a name stands for the named party
        head = entity_for(doc, tok.head.idx, tok.head.idx + len(tok.head.text))
        if head is not None and head.type in ("person", "organization"):
            found = head
    return found


def phrase_span(tok: Token) -> Span:
    """The noun phrase a head token stands for: a named entity, or the head with its left modifiers
    and a following "of"-phrase for quantities ("hundreds of alleged members")."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
        for ent in doc_ents(doc):
            if ent.start <= tok.i < ent.end:
                return ent
    start = tok.i
    for child in tok.lefts:
        if child.dep_ in PHRASE_LEFT:
            start = min(start, child.left_edge.i)
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("flat", "compound", "nummod") or (
                child.dep_ == "prep" and child.lower_ == "of" and tok.pos_ in ("NUM", "NOUN")
                and tok.lemma_ in ("hundred", "thousand", "dozen", "number", "group", "member",
                                   "some", "all", "none", "one", "two", "three", "several")):
            end = max(end, child.right_edge.i + 1)
    # a span never runs over a paragraph break
    for i in range(start, end):
        if i != tok.i and "\n" in doc[i].text:
            if i < tok.i:
                start = i + 1
            else:
                end = i
                break
    while start < end - 1 and doc[start].dep_ == "punct":
        start += 1
    while end - 1 > start and doc[end - 1].dep_ == "punct":
        end -= 1
    return doc[start:end]


def clause_verb(tok: Token) -> Token:
    """The verb that governs a token (itself when a verb)."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("amod", "compound"):
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def subjects(verb: Token) -> list[Token]:
    """The subjects of a verb, inherited through conjunction, xcomp and "accused of V-ing"."""
    cur = verb
    for _ in range(6):
        found = [c for c in cur.children if c.dep_ in SUBJECT_DEPS]
        if found:
            if cur.dep_ == "relcl" and all(f.lower_ in RELATIVE for f in found):
                return [relative_antecedent(cur.head, found[0])]
            return found
        if cur.dep_ == "conj" and cur.head.lemma_.lower() in SAY_VERBS and \
                any(c.dep_ in ("auxpass", "aux") for c in cur.children):
            # "Authorities say he is part of the gang and is accused of ...": the parser hangs
            # the second clause on "say", but its subject is the reported one, not the sayer.
            reported = [c for c in cur.head.children if c.dep_ == "ccomp" and c.i < cur.i]
            if reported:
                cur = reported[-1]
                continue
            return []
        if cur.dep_ in ("conj", "xcomp") and cur.head.i != cur.i:
            cur = cur.head
        elif cur.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            cur = cur.head
        elif cur.dep_ == "advcl" and cur.i > cur.head.i and _coordinated_series(cur):
            # "X confronted, detained, and arrested Y": the parser hangs the middle of a series of
            # verbs on the first one as an adverbial clause; it shares the first one's subject
            cur = cur.head
        elif cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head.i != cur.head.i:
            # "tried to stop the suspect from stealing", "accused him of stealing": the object
            # of the governing verb does the gerund, not its subject
            objects = [c for c in cur.head.head.children if c.dep_ == "dobj"]
            if objects and cur.head.lower_ in OBJECT_CONTROL_PREPS:
                return objects
            cur = cur.head.head
        elif cur.dep_ in ("acl", "relcl") and cur.tag_ == "VBN":
            # "a man arrested by police": the noun modified is the one undergoing it
            return [cur.head]
        elif cur.dep_ == "relcl":
            return [cur.head]
        else:
            return []
    return []


def _coordinated_series(verb: Token) -> bool:
    """A verb right after a comma that opens a list ("V1, V2, and V3"): no subordinating word, no
    auxiliary, and a coordinated verb of its own."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text != "," or verb.pos_ != "VERB":
        return False
    if any(c.dep_ in ("mark", "aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children):
        return False
    return any(c.dep_ == "cc" for c in verb.children) and \
        any(c.dep_ == "conj" and c.pos_ == "VERB" for c in verb.children)


def relative_antecedent(head: Token, pronoun: Token) -> Token:
    """Who "who" stands for: "Pike, 48, of Winter Haven, who is accused of ..." is about Pike, not
    the town the parser hangs the clause on."""
    if pronoun.lower_ in ("who", "whom") and head.ent_type_ in PLACE_LABELS and \
            head.dep_ == "pobj" and head.head.lower_ in ("of", "from") and \
            head.head.head.ent_type_ == "PERSON":
        return head.head.head
    return head


def is_passive(verb: Token) -> bool:
    cur = verb
    for _ in range(4):
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in cur.children):
            return True
        if any(c.dep_ in ("nsubj", "csubj") for c in cur.children):
            return headline_passive(cur)
        if cur.dep_ == "acl" and cur.tag_ == "VBN":
            return True
        if cur.dep_ == "conj" and cur.tag_ == "VBN" and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep":
            # "accused of distributing": the gerund is active, its subject the one accused
            return False
        return False
    return False


def headline_passive(verb: Token) -> bool:
    """ "Pair Charged After ...", "Man Sentenced For ...": a past participle with a subject and no
    auxiliary is a headline's reduced passive (an active verb would be past tense, "X charged Y");
    its subject undergoes it and a noun the parser hangs after it is no object."""
    return verb.tag_ == "VBN" and any(c.dep_ == "nsubj" for c in verb.children) and \
        not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def is_dateline(tok: Token) -> bool:
    """Whether a token belongs to a dateline ("ST. LOUIS –", "WASHINGTON, Oct 8 (Reuters) -"),
    which the parser often reads as the subject of the first sentence: a paragraph that opens
    with a capitalised place name and a dash within its first words."""
    doc = tok.doc
    start = tok.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws and start > tok.i - 14:
        start -= 1
    if start > 0 and "\n" not in doc[start - 1].text_with_ws:
        return False
    first = doc[start]
    if not (first.is_alpha and first.is_upper and len(first.text) >= 2):
        return False
    for t in doc[start:min(len(doc), start + 14)]:
        if t.text in ("–", "—", "-", "--") and t.whitespace_ and t.i > start:
            return tok.i < t.i
        if t.is_alpha and t.is_lower:
            return False     # running text, not a place name and date
    return False
