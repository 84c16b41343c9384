"""Legal and criminal events: who was arrested, charged, convicted, extradited ... and when.

Takes a parsed spaCy Doc (dependency parse, lemmas) and reads, when present, `doc._.rs_entities`
(mentions joined within the article), `doc._.rs_times` (TimeML values), `doc._.rs_quantities` and
`doc._.rs_published`. Gives `find_events(doc) -> list[Event]` and the component `rapsheet_events`,
which writes them to `doc._.rs_events`. Trigger words, modality cues and argument prepositions are
data, in rapsheet/data/events.yaml.

Each event carries its trigger span, its date (a time expression of the same clause or sentence),
arguments by role (defendant, agent, court, place, origin, destination, victim, offense, quantity,
sentence) read off the parse, its modality (asserted, pending, future, hypothetical, negated) and
the allegation stage it supports.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from rapsheet.data import wordlists
from rapsheet.model import ARGUMENT_ROLES, EVENT_TYPES, MODALITIES, STAGES, Argument, Entity, Event
from rapsheet.model import Span as TextSpan
from rapsheet.model import short_hash
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.sentences import excerpts, in_excerpt


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
CLEARING_TYPES = ("acquittal", "dismissal")
# Verbs whose subject undergoes a legal event named by their noun object: "Flores faces extradition".
UNDERGO_VERBS = frozenset({"face", "await", "deny", "dispute", "receive", "get", "serve", "enter", "avoid", "fight",
                           "escape", "undergo", "stand", "win", "lose", "contest", "appeal",
                           "challenge", "oppose", "resist", "survive", "begin", "start"})
# Verbs whose subject is the authority that brings a legal event named by their object.
BRING_VERBS = frozenset({"file", "issue", "bring", "announce", "unseal", "seek", "impose",
                         "order", "return", "hand", "lodge", "level", "launch", "open", "conduct",
                         "grant", "request", "deliver", "make", "carry", "approve", "sign"})
# Verbs whose subject commits the crime named by their object: "coordinating the trafficking".
COMMIT_VERBS = frozenset({"commit", "coordinate", "orchestrate", "engage", "carry", "plot", "plan",
                          "conduct", "mastermind", "participate", "lead", "direct", "run",
                          "operate", "finance", "fund", "perpetrate", "organize", "organise",
                          "facilitate", "oversee", "involve", "launch", "stage", "execute"})


# ---------------------------------------------------------------------------------------------
# Data


def load_table(name: str) -> dict:
    """One YAML file of rapsheet/data as a mapping, read once per process."""
    return _load_table(name)


@functools.cache
def _load_table(name: str) -> dict:
    from rapsheet.data import load

    data = load(name.removesuffix(".yaml"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: must hold a mapping")
    return data


@dataclass(slots=True, frozen=True)
class EventSpec:
    """One entry of events.yaml, checked."""
    key: str
    type: str
    stage: str | None
    subject: str
    object: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    needs_modifier: dict[str, frozenset[str]]
    needs_context: dict[str, frozenset[str]]
    verb_context: dict[str, frozenset[str]]
    excluded_modifiers: frozenset[str]
    context_or_person: frozenset[str]
    adjectival: bool
    subtypes: dict[str, str]
    prepositions: dict[str, str]


@dataclass(slots=True, frozen=True)
class Lexicon:
    specs: tuple[EventSpec, ...]
    by_verb: dict[str, EventSpec]
    by_noun: dict[str, EventSpec]
    modality: dict[str, Any]
    court_words: frozenset[str]


def _words(values: Iterable[Any] | None) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or ())


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """events.yaml, validated: unknown types, stages or roles fail here, at load."""
    data = load_table("events.yaml")
    preps = data.get("prepositions", {})
    default_preps = dict(preps.get("default", {}))
    specs = []
    for key, row in data["events"].items():
        etype = row.get("type", key)
        if etype not in EVENT_TYPES:
            raise ValueError(f"events.yaml: {key}: type {etype!r} is not in the vocabulary")
        stage = row.get("stage")
        if stage is not None and stage not in STAGES:
            raise ValueError(f"events.yaml: {key}: stage {stage!r} is not in the vocabulary")
        for field_name in ("subject", "object"):
            if row.get(field_name) not in ("agent", "defendant", "victim", "offense"):
                raise ValueError(f"events.yaml: {key}: {field_name} must be a role")
        prep_roles = {**default_preps, **preps.get(etype, {}), **preps.get(key, {})}
        for prep, role in prep_roles.items():
            if role is not None and role not in ARGUMENT_ROLES:
                raise ValueError(f"events.yaml: prepositions {key}.{prep}: {role!r} is not a role")
        specs.append(EventSpec(
            key=key, type=etype, stage=stage, subject=row["subject"], object=row["object"],
            verbs=_words(row.get("verbs")), nouns=_words(row.get("nouns")),
            phrases=tuple(tuple(p.lower().split()) for p in row.get("phrases") or ()),
            needs_modifier={k: _words(v) for k, v in (row.get("needs_modifier") or {}).items()},
            needs_context={k: _words(v) for k, v in (row.get("needs_context") or {}).items()},
            verb_context={k: _words(v) for k, v in (row.get("verb_context") or {}).items()},
            excluded_modifiers=_words(row.get("excluded_modifiers")),
            context_or_person=_words(row.get("context_or_person")),
            adjectival=bool(row.get("adjectival")),
            subtypes=dict(row.get("subtypes") or {}), prepositions=prep_roles))
    by_verb: dict[str, EventSpec] = {}
    by_noun: dict[str, EventSpec] = {}
    for spec in specs:
        for verb in spec.verbs:
            if verb in by_verb:
                raise ValueError(f"events.yaml: verb {verb!r} listed twice")
            by_verb[verb] = spec
        for noun in spec.nouns:
            if noun in by_noun:
                raise ValueError(f"events.yaml: noun {noun!r} listed twice")
            by_noun[noun] = spec
    modality = data["modality"]
    for name in modality:
        if name not in MODALITIES:
            raise ValueError(f"events.yaml: modality {name!r} is not in the vocabulary")
    return Lexicon(tuple(specs), by_verb, by_noun, modality, _words(data.get("court_words")))


# ---------------------------------------------------------------------------------------------
# Entities


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
    return found


# ---------------------------------------------------------------------------------------------
# Parse helpers


def phrase_span(tok: Token) -> Span:
    """The noun phrase a head token stands for: a named entity, or the head with its left modifiers
    and a following "of"-phrase for quantities ("hundreds of alleged members")."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
        for ent in doc.ents:
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
    """ "Trio Charged After ...", "Man Sentenced For ...": a past participle with a subject and no
    auxiliary is a headline's reduced passive (an active verb would be past tense, "X charged Y");
    its subject undergoes it and a noun the parser hangs after it is no object."""
    return verb.tag_ == "VBN" and any(c.dep_ == "nsubj" for c in verb.children) and \
        not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def with_conjuncts(tok: Token, roster: bool = False) -> list[Token]:
    """A head and the heads coordinated with it ("X, Y and Z"); with `roster`, a plural
    description that names no one nearby stands for the release's roster of defendants."""
    out = [tok]
    # "Luis Ortega, Pedro Salas and Ana Ruiz": the parser often reads the second name as an
    # apposition carrying the rest of the list (of people or parties: "The case, ... Bureau
    # Chief, X and Y" lists the prosecutors who handle it, not defendants)
    listing = tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ENTITY_LABELS or _is_person(tok)
    for c in tok.children if listing else ():
        if c.dep_ == "appos" and c.pos_ == "PROPN" and any(g.dep_ == "conj" for g in c.children):
            out.append(c)
            # "X Co., Ltd., Y Co., Ltd., and their owner, Z": a described item joins the list too
            out.extend(g for g in c.conjuncts if g.pos_ in ("PROPN", "NOUN") and g not in out)
    for c in tok.conjuncts:
        if c.pos_ in ("PROPN", "NOUN", "PRON", "NUM") and c not in out:
            out.append(c)
    if _is_group(tok):
        members = group_members(tok) or (roster_names(tok.doc) if roster else [])
        out.extend(t for t in members if t not in out)
    if tok.pos_ == "PROPN":
        # "X, also known as "A," 28, and Y, 24, were found guilty": ages and aliases make the
        # parser hang the next name on something inside the first one's phrase
        for t in tok.subtree:
            if t.dep_ == "conj" and t.pos_ == "PROPN" and t.ent_type_ == tok.ent_type_ and \
                    t not in out and not _under_prep(t, tok):
                out.append(t)
    return sorted(out, key=lambda t: t.i)


GROUP_PRONOUNS = PRONOUNS.group | PRONOUNS.forms("subject", "object", persons=["plural"])


def _is_group(tok: Token) -> bool:
    """A plural description of people that names no one itself: "Two Chinese nationals", "Ten
    defendants", "those arrested", "Five of the defendants"."""
    if tok.ent_type_ == "PERSON" or tok.pos_ == "PROPN":
        return False
    if tok.pos_ == "PRON" or tok.tag_ == "DT":
        return tok.lower_ in GROUP_PRONOUNS
    if tok.pos_ == "NUM":
        return tok.dep_ in NOMINAL_DEPS
    return tok.pos_ == "NOUN" and tok.tag_ == "NNS"


def _name_head(tok: Token) -> bool:
    """The head token of a person's or company's name (not a place, a date or a description)."""
    return tok.pos_ == "PROPN" and tok.ent_type_ in ("PERSON", "ORG") and \
        tok.dep_ not in ("compound", "flat")


def group_members(tok: Token) -> list[Token]:
    """The names a plural description carries: in apposition or an "including" list ("Eight men,
    including X and Y"), across a copula ("Among those arrested were X and Y"), or in one of the
    next two sentences whose subject is such a description ("The defendants are X, Y and Z")."""
    out: list[Token] = []
    # apposition and "including" below the description, or "including" on its verb
    tops = [tok] + [c for c in tok.head.children if c.dep_ == "prep" and c.lemma_.lower() == "include"
                    and tok.dep_ in SUBJECT_DEPS + ("dobj",)]
    for top in tops:
        for t in top.subtree:
            if t is tok or not _name_head(t) or t in out:
                continue
            if _member_path(t, top) and _one_paragraph_or_list(tok, t):
                out.append(t)
    # "Among those arrested were X and Y", "Those charged are X and Y"
    cop = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "among" else tok.head
    if cop.lemma_.lower() == "be" and (tok.dep_ in SUBJECT_DEPS or tok.head.lower_ == "among"):
        for c in cop.children:
            if c.dep_ in ("nsubj", "attr") and c is not tok and _name_head(c):
                out.extend(m for m in _names_listed(c) if m not in out)
    out.extend(t for t in _listed_after(tok) if t not in out)
    if not out:
        out = _named_after(tok)
    return out


LIST_OPEN = re.compile(r"\s*[,:—–-]\s*")
LIST_NEXT = re.compile(r"\s*,\s*(?:\d{1,3}\s*,\s*)?(?:(?:of|from)\s[^,]+,\s*)?(?:and\s+)?|\s*(?:,\s*)?and\s+")


def _listed_after(tok: Token) -> list[Token]:
    """ "Four co-defendants, A, 28, and B, 34, of Bedford-Stuyvesant, C, 35, and D, 36, were
    convicted": the names listed right after a plural description, ages and home towns between
    them (the parser hangs a name that follows a town on the town, out of the list)."""
    doc = tok.doc
    text = doc.text
    stop = tok.head.idx if tok.head.i > tok.i else tok.sent.end_char
    pos = tok.idx + len(tok.text)
    out: list[Token] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.start_char < pos:
            continue
        if ent.start_char >= stop or not (LIST_NEXT if out else LIST_OPEN).fullmatch(text[pos:ent.start_char]):
            break
        out.append(ent.root)
        pos = ent.end_char
    return out if len(out) >= 2 else []


def _one_paragraph_or_list(a: Token, b: Token) -> bool:
    """Whether two tokens stand in one paragraph, or `b` in a list of names whose lines follow
    `a`'s ("are listed below:\nLiberty Coles, 33\n..."): the parser hangs whatever follows on the
    list, a press contact's name after "###" included."""
    text = a.doc.text
    lo, hi = sorted((a.idx, b.idx))
    end = text.find("\n", hi)
    lines = text[lo:end if end != -1 else len(text)].split("\n")[1:]
    return all(not line.strip() or LISTED_NAME.match(line) for line in lines)


def _member_path(t: Token, top: Token) -> bool:
    """Whether a name hangs on a description through appositions, conjunctions and "including"
    only, not through "of X", "with X" (a member of something else)."""
    cur = t
    while cur.i != top.i:
        including = (cur.dep_ == "pobj" and cur.head.lemma_.lower() == "include") or \
            (cur.dep_ == "prep" and cur.lemma_.lower() == "include")
        if not (including or cur.dep_ in ("appos", "conj", "cc", "punct")) or cur.head.i == cur.i:
            return False
        cur = cur.head
    return True


def _names_listed(tok: Token) -> list[Token]:
    return [t for t in [tok, *tok.subtree] if _name_head(t) and _member_path(t, tok)] or [tok]


def _named_after(tok: Token) -> list[Token]:
    """ "... two Chinese nationals. The defendants are X, 34, and Y, 41." names in a sentence of
    the next two whose subject is a group word and whose verb names ("are", "include")."""
    data = load_table("events.yaml")
    words = _words(data.get("group_nouns")) | {tok.lemma_.lower(), tok.lower_}
    verbs = _words(data.get("group_naming_verbs"))
    doc = tok.doc
    sent = tok.sent
    out: list[Token] = []
    for _ in range(2):
        if sent.end >= len(doc):
            break
        sent = doc[sent.end].sent
        root = sent.root
        subj = [c for c in root.children if c.dep_ in SUBJECT_DEPS]
        if root.lemma_.lower() not in verbs or not subj or \
                not any(s.lower_ in words or (s.tag_ == "NNS" and s.lemma_.lower() in words) for s in subj):
            continue
        for t in sent:
            if t.i > root.i and _name_head(t) and t.ent_type_ == "PERSON" and \
                    not _under_prep(t, root):
                out.append(t)
        if out:
            break
    return out


def roster_names(doc: Doc) -> list[Token]:
    """The names a text lists as its defendants: "identified the defendants as X, 28, and Y",
    "The defendants arraigned today include X, 31; Y, 31"."""
    cached = doc.user_data.get("rs_roster")
    if cached is not None:
        return [doc[i] for i in cached]
    data = load_table("events.yaml")
    nouns = _words(data.get("roster_nouns"))
    verbs = _words(data.get("group_naming_verbs"))
    out: list[Token] = []
    for tok in doc:
        if tok.lower_ not in nouns:
            continue
        sent = tok.sent
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in verbs:
            # "identified the defendants as X, 28, and Y": the names after "as"
            start = next((c.i + 1 for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "as"),
                         None)
        elif tok.dep_ in SUBJECT_DEPS and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            # "The defendants (arraigned in court today) include X, 31; Y, 31": the names after
            # the naming verb (the parser often hangs "include" on the participle)
            start = next((t.i + 1 for t in doc[tok.i + 1:min(sent.end, tok.i + 10)]
                          if t.lemma_.lower() in verbs and t.pos_ in ("VERB", "AUX")), None)
        else:
            continue
        colon = next((t for t in doc[start:min(len(doc), start + 4)] if t.text == ":"), None) \
            if start is not None else None
        if colon is not None:
            out.extend(t for t in _listed_lines(doc, colon.i) if t not in out)
            continue    # "The defendants charged are listed below:" and a name on each line
        if start is None or not any(t.ent_type_ == "PERSON" for t in doc[start:start + 3]):
            continue    # a roster names its first defendant right after the verb
        for t in doc[start:sent.end]:
            if "\n" in t.text:
                break
            if _name_head(t) and t.ent_type_ == "PERSON" and t not in out and \
                    not (t.dep_ == "pobj" and t.head.lower_ != "as"):
                out.append(t)
    doc.user_data["rs_roster"] = [t.i for t in out]
    return out


# A line of a list of defendants: "Liberty Coles, 33", "Curtis Dale Harmon, 31, of Pacific Beach"
LISTED_NAME = re.compile(r"^\s*[A-Z][\w'’.\-]+(?:\s+[A-Z(\"“][\w'’.\-)\"”]*){1,4}\s*,\s*\d{1,3}\b")


def _listed_lines(doc: Doc, start: int) -> list[Token]:
    """The names that open the lines after a colon ("Liberty Coles, 33"), up to the first line
    that opens with no name."""
    out: list[Token] = []
    text = doc.text
    at = text.find("\n", doc[start].idx)
    while at != -1:
        end = text.find("\n", at + 1)
        line = text[at + 1:end if end != -1 else len(text)]
        if line.strip():
            if not LISTED_NAME.match(line):
                break
            span = doc.char_span(at + 1 + len(line) - len(line.lstrip()), at + 1 + len(line),
                                 alignment_mode="expand")
            people = [e for e in span.ents if e.label_ == "PERSON"] if span is not None else []
            if people:
                out.append(people[0].root)
        at = end
    return out


def _under_prep(tok: Token, top: Token) -> bool:
    """Whether a token sits in a prepositional phrase below `top` ("a member of X")."""
    cur = tok
    while cur.i != top.i and cur.head.i != cur.i:
        # "also known as X" names the same person, not a group they belong to
        if (cur.dep_ == "prep" and cur.lower_ != "as") or (cur.dep_ == "pobj" and cur.head.lower_ != "as"):
            return True
        cur = cur.head
    return False


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


# ---------------------------------------------------------------------------------------------
# Triggers


@dataclass(slots=True)
class Trigger:
    spec: EventSpec
    start: int           # token index
    end: int
    head: Token          # the token that carries the grammar (the verb or noun)
    nominal: bool


def trigger_matcher(vocab: Vocab) -> Matcher:
    """The phrase triggers of events.yaml as a Matcher on `vocab`."""
    matcher = Matcher(vocab)
    for spec in lexicon().specs:
        for n, words in enumerate(spec.phrases):
            # by lemma ("pleaded guilty" -> plead guilty) and, for words the lemmatizer leaves
            # alone, literally
            matcher.add(f"{spec.key}|{n}", [[{"LEMMA": w} for w in words],
                                            [{"LOWER": w} for w in words]])
    return matcher


def _phrase_triggers(doc: Doc, matcher: Matcher | None) -> list[Trigger]:
    if matcher is None:
        matcher = trigger_matcher(doc.vocab)
    specs = {s.key: s for s in lexicon().specs}
    out = []
    seen: set[tuple[str, int]] = set()
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        key = doc.vocab.strings[match_id].split("|")[0]
        # one trigger per start: the longest phrase there ("pleaded not guilty" over "plea")
        if (key, start) in seen or any(s_ == start for _, s_ in seen):
            continue
        seen.add((key, start))
        span = doc[start:end]
        head = span.root
        nominal = head.pos_ in ("NOUN", "PROPN") and not any(t.pos_ == "VERB" for t in span)
        if not nominal:
            verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
            head = verbs[0] if verbs else head
        out.append(Trigger(specs[key], start, end, head, nominal))
    return out


def _context_ok(spec: EventSpec, tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    needed = spec.needs_context.get(lemma)
    if tok.pos_ in ("VERB", "AUX"):
        needed = needed or spec.verb_context.get(lemma)
    if needed:
        sent_words = {t.lemma_.lower() for t in tok.sent} | {t.lower_ for t in tok.sent}
        if not needed & sent_words and not (lemma in spec.context_or_person and
                                            any(_is_person(u) for u in _undergoers(tok))):
            return False
    needed = spec.needs_modifier.get(lemma)
    if needed:
        words = {c.lower_ for c in tok.children} | {c.lemma_.lower() for c in tok.children}
        words.add(tok.head.lemma_.lower())
        if not needed & words:
            return False
    if spec.excluded_modifiers:
        if {c.lower_ for c in tok.lefts} & spec.excluded_modifiers:
            return False
    return True


def _undergoers(verb: Token) -> list[Token]:
    """Who undergoes a verb: its object, its passive subject, or the noun it describes ("the
    scientist executed in Iran")."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
        out.append(verb.head)
    return out


@functools.lru_cache(maxsize=1)
def _person_nouns() -> frozenset[str]:
    from rapsheet.data import load
    return frozenset(load("coref")["person_nominals"]) | _words(load_table("events.yaml").get(
        "person_nouns"))


def _is_person(tok: Token) -> bool:
    """A person or people: a PERSON name, a personal pronoun, or a noun for people."""
    if tok.ent_type_ in ("PERSON", "NORP"):
        return True
    if tok.pos_ == "PRON":
        return tok.lower_ in PEOPLE_PRONOUNS
    return tok.lemma_.lower() in _person_nouns()


PRISON_TERM_VERBS = frozenset({"receive", "get"})


@functools.lru_cache(maxsize=1)
def _received_sentence() -> EventSpec:
    """A sentence told from the side of the one sentenced: the subject receives the term."""
    import dataclasses
    spec = next(s_ for s_ in lexicon().specs if s_.type == "sentence")
    return dataclasses.replace(spec, key="sentence_received", subject="defendant", object="offense")


def _prison_term(verb: Token) -> bool:
    """Whether a person receives a prison term ("received 46 months"), in an article that speaks
    of sentencing: "the firm received 12 months to comply" is no sentence."""
    if not any(_is_person(t) or t.pos_ == "PROPN" for s in subjects(verb) for t in with_conjuncts(s)) or \
            not any(t.lemma_.lower() in ("sentence", "prison", "jail") for t in verb.doc):
        return False
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() in ("month", "year", "day", "week") and obj.ent_type_ == "DATE" and \
                any(c.dep_ == "nummod" or c.like_num for c in obj.children):
            return True
    return False


def excerpt_spans(doc: Doc) -> list[tuple[int, int]]:
    """The lines of the Doc cut short by an ellipsis (teasers of other stories), computed once."""
    cached = doc.user_data.get("rs_excerpts")
    if cached is None:
        cached = doc.user_data["rs_excerpts"] = excerpts(doc.text)
    return cached


def find_triggers(doc: Doc, matcher: Matcher | None = None) -> list[Trigger]:
    """The triggers in `doc`; `matcher` (from `trigger_matcher`) saves building one per call."""
    lex = lexicon()
    cut = excerpt_spans(doc)
    triggers = [t for t in _phrase_triggers(doc, matcher) if not in_excerpt(cut, doc[t.start].idx)]
    taken = {i for t in triggers for i in range(t.start, t.end)}
    for tok in doc:
        if tok.i in taken or not tok.is_alpha or (cut and in_excerpt(cut, tok.idx)):
            continue
        lemma = tok.lemma_.lower()
        lower = tok.lower_
        verbal = tok.pos_ in ("VERB", "AUX") and tok.dep_ not in NOMINAL_DEPS
        spec = None
        if verbal and tok.dep_ not in ("amod", "compound"):
            spec = lex.by_verb.get(lemma)
        elif tok.dep_ == "amod" and tok.tag_ == "VBN" and lex.by_verb.get(lemma) is not None \
                and lex.by_verb[lemma].adjectival and _is_person(tok.head):
            # "convicted sex offender X", "jailed activist Y": a participle that says what the
            # person it describes underwent
            spec = lex.by_verb[lemma]
            verbal = True
        elif tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ in NOMINAL_DEPS):
            spec = lex.by_noun.get(lemma) or lex.by_noun.get(lower)
            if spec is not None and tok.dep_ == "compound":
                spec = None      # "arrest request", "extradition treaty": not the event itself
            if spec is not None and tok.dep_ == "pobj" and tok.head.lower_ == "in" and \
                    lemma == "charge" and not any(c.dep_ == "det" for c in tok.children):
                spec = None      # "the officer in charge"
        if spec is None and verbal and lemma == "find":
            # "the judge had found her guilty": a verdict with its object between
            guilty = [c for c in tok.children if c.lower_ == "guilty" and c.i > tok.i + 1]
            if guilty and not any(i in taken for i in range(tok.i, guilty[0].i + 1)):
                negated = any(c.dep_ == "neg" for c in guilty[0].children)
                verdict = next(s_ for s_ in lex.specs if s_.type == (
                    "acquittal" if negated else "conviction"))
                triggers.append(Trigger(verdict, tok.i, guilty[0].i + 1, tok, False))
            continue
        if spec is None and verbal and lemma in PRISON_TERM_VERBS and _prison_term(tok):
            # "Soto-Whitman and Vega Rios received 46 months and 37 months": a prison term
            # received is a sentence
            triggers.append(Trigger(_received_sentence(), tok.i, tok.i + 1, tok, False))
            continue
        if spec is None or not _context_ok(spec, tok):
            continue
        triggers.append(Trigger(spec, tok.i, tok.i + 1, tok, not verbal))
    return sorted(triggers, key=lambda t: t.start)


# ---------------------------------------------------------------------------------------------
# Arguments


def _argument(doc: Doc, role: str, tok: Token) -> Argument:
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


def _looks_like_party(doc: Doc, tok: Token) -> bool:
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
    if role == "victim" and not _looks_like_party(doc, tok) and tok.lemma_.lower() not in (
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


def _gather(doc: Doc, trig: Trigger, lex: Lexicon) -> list[Argument]:
    spec = trig.spec
    head = trig.head
    args: list[Argument] = []

    def add(role: str, tok: Token) -> None:
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
                # "Entire Incident Captured on Surveillance Video": a headline the model took for
                # a name that holds the trigger word itself is no party to it
                continue
            arg = _argument(doc, role, t)
            if not any(a.role == arg.role and a.start == arg.start for a in args):
                args.append(arg)

    if not trig.nominal and head.dep_ == "amod":
        # "convicted smuggler Nadia Karimi": the name the described noun stands before
        person = head.head.head if head.head.dep_ == "compound" and head.head.head.pos_ == "PROPN" \
            else head.head
        add(spec.object if spec.object != "offense" else "defendant", person)
    elif not trig.nominal:
        passive = is_passive(head) or _shares_passive(head, spec)
        for subj in subjects(head):
            if subj.lower_ in ("which", "that", "who") and subj.head.dep_ == "relcl":
                subj = relative_antecedent(subj.head.head, subj)
            role = _object_role(doc, spec, subj) if passive else spec.subject
            if role == "agent" and {t.lower_ for t in phrase_span(subj)} & lex.court_words:
                role = "court"
            add(role, subj)
        objects = [c for c in head.children if c.dep_ in ("dobj", "dative")] \
            if not headline_passive(head) else []
        if trig.end - trig.start > 1 and head.lemma_.lower() == "find":
            # "found her guilty": the parser makes her the subject of "guilty"
            guilty = [t for t in doc[trig.start:trig.end] if t.lower_ == "guilty"]
            objects += [c for t in guilty for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            for prep in (c for t in guilty for c in t.children if c.dep_ == "prep" and c.lower_ == "of"):
                span = doc[prep.i + 1: prep.right_edge.i + 1]
                if len(span):
                    args.append(Argument("offense", span.start_char, span.end_char, span.text))
        for n, obj in enumerate(objects):
            if n and spec.type == "designation":
                add("offense", obj)    # "labeled the group a foreign terrorist organization"
                continue
            if spec.key == "sentence_received":
                span = phrase_span(obj)
                args.append(Argument("sentence", span.start_char, span.end_char, span.text))
                continue
            role = _object_role(doc, spec, obj)
            add(role, obj)
            if role == "offense" and spec.type in CLEARING_TYPES:
                # "vacated Roe's conviction", "dismissed the charges against Roe": whose case
                for c in obj.children:
                    if c.dep_ == "poss" and _looks_like_party(doc, c):
                        add("defendant", c)
                    elif c.dep_ == "prep" and c.lower_ == "against":
                        for pobj in (g for g in c.children if g.dep_ == "pobj"):
                            add("defendant", pobj)
        for child in head.children:
            if child.dep_ == "agent":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    role = spec.subject if spec.subject != "defendant" or spec.type == "crime" else "agent"
                    if role == "agent" and {t.lower_ for t in phrase_span(pobj)} & lex.court_words:
                        role = "court"
                    add(role, pobj)
                    # "by Mexican federal police in Culiacán": the place hangs on the agent
                    for sub in (c for c in pobj.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
                        for p2 in (c for c in sub.children if c.dep_ == "pobj" and c.ent_type_ in PLACE_LABELS):
                            add("place", p2)
            elif child.dep_ in ("oprd", "attr") and spec.type == "designation":
                add("offense", child)
    else:
        for child in head.children:
            if child.dep_ == "poss" and child.ent_type_ in PLACE_LABELS and spec.type != "crime":
                add("place", child)     # "Brazil's impeachment trial": where, not whom
            elif child.dep_ in ("compound", "nmod", "amod") and child.ent_type_ in PLACE_LABELS \
                    and child.pos_ == "PROPN":
                add("place", child)     # "U.S. criminal charges", "a Houston arrest"
            elif child.dep_ == "poss" and _looks_like_party(doc, child):
                add("defendant" if spec.type != "court_order" else "court", child)
            elif child.dep_ == "prep" and child.lower_ in ("of", "against", "on") and \
                    spec.type not in ("seizure",):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if spec.type == "crime" and _looks_like_party(doc, pobj):
                        add("victim", pobj)     # "the murder of Joseph Grant"
                    elif child.lower_ == "against" or _looks_like_party(doc, pobj):
                        add("defendant" if spec.type != "court_order" else "offense", pobj)
                    else:
                        add("offense", pobj)
        gov = head.head if head.dep_ in ("dobj", "nsubjpass", "pobj", "attr", "conj") else None
        if gov is not None and gov.dep_ == "prep":
            gov = gov.head
        if gov is not None and gov.pos_ in ("VERB", "AUX"):
            lemma = gov.lemma_.lower()
            if head.dep_ == "nsubjpass":
                for agent in (c for c in gov.children if c.dep_ == "agent"):
                    for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                        words = {t.lower_ for t in phrase_span(pobj)}
                        add("court" if words & lex.court_words else "agent", pobj)
            else:
                for subj in subjects(gov):
                    words = {t.lower_ for t in phrase_span(subj)}
                    if spec.type == "crime" and lemma in COMMIT_VERBS:
                        add("defendant", subj)
                    elif spec.type != "crime" and (lemma in UNDERGO_VERBS or (
                            head.dep_ == "pobj" and head.head.lower_ in ("on", "under") and
                            lemma in ("be", "remain", "stay", "go", "come"))):
                        add("defendant", subj)     # "is on trial", "remains under investigation"
                    elif spec.type != "crime" and lemma in BRING_VERBS:
                        add("court" if words & lex.court_words else "agent", subj)
            if spec.type == "crime" and lemma in ("involve", "engage", "participate") and \
                    head.dep_ == "pobj":
                for subj in subjects(gov):
                    add("defendant", subj)
        # a "by" phrase on a nominal: "the attack by the gang"
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    add("defendant" if spec.type == "crime" else "agent", pobj)

    # prepositional arguments of the trigger (and of the verb a nominal trigger heads)
    for child in head.children:
        if child.dep_ != "prep" or child.lower_ in ("by",) and not trig.nominal:
            continue
        if trig.nominal and child.lower_ in ("of", "against", "by", "on"):
            continue
        for pobj in (c for c in child.children if c.dep_ in ("pobj", "pcomp")):
            prep_role = _prep_role(spec, child, pobj, lex.court_words)
            if prep_role is None:
                continue
            if prep_role == "offense" and pobj.dep_ == "pobj" and _looks_like_party(doc, pobj) and \
                    spec.type not in ("designation",) and pobj.lower_ not in PERSONISH:
                continue
            if prep_role in ("offense", "sentence"):
                span = doc[pobj.left_edge.i: pobj.right_edge.i + 1]
                if not any(a.role == prep_role and a.start == span.start_char for a in args):
                    args.append(Argument(prep_role, span.start_char, span.end_char, span.text))
            else:
                add(prep_role, pobj)
            # places nested one level: "in a Venezuelan prison in El Salvador"
            for sub in (c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "in"):
                for p2 in (c for c in sub.children if c.dep_ == "pobj"):
                    if p2.ent_type_ in PLACE_LABELS and prep_role in ("place", "destination", "origin", "court"):
                        add("place", p2)
    _places(doc, trig, args, add)
    # "is accused of coordinating X": the offense is the clause
    if spec.key == "allegation" and not any(a.role == "offense" for a in args):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                span = doc[child.i + 1: child.right_edge.i + 1]
                if len(span):
                    args.append(Argument("offense", span.start_char, span.end_char, span.text))
    return args


def _name_holds_trigger(tok: Token, trig: Trigger) -> bool:
    """Whether the named entity a token belongs to spans the trigger's first word."""
    if not tok.ent_type_:
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and ent.start <= trig.start < ent.end


def _shares_passive(verb: Token, spec: EventSpec) -> bool:
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


def _quantities(doc: Doc, trig: Trigger) -> list[Argument]:
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


# ---------------------------------------------------------------------------------------------
# Modality, stage, date


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


def modality_of(trig: Trigger) -> str:
    mod = lexicon().modality
    head = trig.head
    chain = _chain(trig)
    neg = mod["negated"]
    lemmas = [t.lemma_.lower() for t in chain]
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
    if negated:
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
    sent = tok.sent
    last = [t for t in sent if not t.is_space]
    if not last or last[-1].text != "?":
        return False
    return not any(t.text in ("“", "”", '"', ":", ";") for t in sent if tok.i < t.i < last[-1].i)


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


def _subtype(trig: Trigger) -> str | None:
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


# ---------------------------------------------------------------------------------------------
# The component


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


def find_events(doc: Doc, matcher: Matcher | None = None) -> list[Event]:
    """Every event the Doc states, in text order; `matcher` as for `find_triggers`."""
    lex = lexicon()
    text = doc.text  # Doc.text joins every token on each access
    article_id = doc._.rs_article_id or short_hash(text)
    events: list[Event] = []
    for trig in find_triggers(doc, matcher):
        args = _gather(doc, trig, lex)
        args.extend(_quantities(doc, trig))
        modality = modality_of(trig)
        start_char = doc[trig.start].idx
        end_char = doc[trig.end - 1].idx + len(doc[trig.end - 1].text)
        sent = trig.head.sent
        etype, stage, subtype = trig.spec.type, stage_of(trig, modality), _subtype(trig)
        if declined(trig, modality):
            # a decision not to charge ends the matter for the person: a dismissal
            etype, stage, subtype, modality = "dismissal", "dismissed", None, "asserted"
            if trig.nominal and not any(a.role == "defendant" for a in args):
                # "No charges were filed against X": the "against" hangs on the verb
                for prep in (c for c in trig.head.head.children
                             if c.dep_ == "prep" and c.lower_ == "against"):
                    args.extend(_argument(doc, "defendant", t) for o in prep.children
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
    events = _prune(events)
    _designees(doc, events, text)
    return events


GENERIC_DESIGNEES = re.compile(
    r"^(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:individuals?|persons?|people|entities|entity|companies|company|"
    r"firms?|vessels?|tankers?|ships?|aircraft|brokers?|businesses|networks?)$", re.I)
LEGAL_FORMS = re.compile(
    r"\b(?:S\.?A\.?|Ltda|Ltd|LLC|L\.L\.C\.|Inc|Corp|Corporation|Co|Company|GmbH|FZE|FZCO|"
    r"DMCC|PLC|LLP|Trading|Shipping|Maritime|Holdings?|Group|Limited|S\.?A\.? de C\.?V\.?)\b\.?")


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


def _designees(doc: Doc, events: list[Event], text: str) -> None:
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


def _prune(events: list[Event]) -> list[Event]:
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
                            "doc._.rs_quantities"])
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
