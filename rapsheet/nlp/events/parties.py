"""Who a phrase names: the heads coordinated in a list ("X, Y and Z"), the names a plural
description carries ("Eight men, including X and Y"), a release's roster of defendants ("identified
the defendants as X, 28, and Y"), and whether a token is a person.
"""
from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Token

from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.extensions import doc_ents, doc_text, doc_tokens
from rapsheet.nlp.name_words import is_title_head
from rapsheet.nlp.syntax import ENTITY_LABELS, NOMINAL_DEPS, PEOPLE_PRONOUNS, PRONOUNS, SUBJECT_DEPS
from rapsheet.nlp.events.lexicon import load_table, words_of


def with_conjuncts(tok: Token, roster: bool = False) -> list[Token]:
    """A head and the heads coordinated with it ("X, Y and Z"); with `roster`, a plural
    description that names no one nearby stands for the release's roster of defendants."""
    out = [tok]
    # "Luis Ortega, Pedro Salas and Ana Ruiz": the parser often reads the second name as an
    # apposition carrying the rest of the list (of people or parties: "The case, ... Bureau
    # Chief, X and Y" lists the prosecutors who handle it, not defendants)
    listing = tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ENTITY_LABELS or is_person(tok)
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
                    t not in out and not under_prep(t, tok):
                out.append(t)
        out.extend(t for t in _semicolon_items(tok) if t not in out)
    return sorted(out, key=lambda t: t.i)


# what may stand between a list's semicolon and the next name: nothing, or a description of the
# next item by its tie to the one before ("; his cousin, X"), never a title ("; her lawyer, X")
SEMICOLON_ITEM = re.compile(r";\s*(?:(?:his|her|their)\s+([a-z-]+)\s*,\s*)?")


def _semicolon_items(tok: Token) -> list[Token]:
    """ "X, 34, of A; his cousin, Y, 29, of B; Z, 46, of C; and W": the names a list joined by
    semicolons carries, which the parser hangs on an age, a town or a description as appositions
    instead of coordinating them with the first."""
    if tok.ent_type_ != "PERSON":
        return []
    doc = tok.doc
    text = doc_text(doc)
    out = []
    for t in tok.subtree:
        if t.dep_ != "appos" or t.pos_ != "PROPN" or t.ent_type_ != "PERSON" or t.i <= tok.i \
                or under_prep(t, tok):
            continue
        start = doc[_ent_start(t)].idx
        semi = text.rfind(";", tok.idx, start)
        m = SEMICOLON_ITEM.fullmatch(text, semi, start) if semi >= 0 else None
        if m and (m.group(1) is None or m.group(1) in _person_nouns() and not is_title_head(m.group(1))):
            out.append(t)
    return out


def _ent_start(tok: Token) -> int:
    i = tok.i
    while i > 0 and tok.doc[i].ent_iob_ == "I":
        i -= 1
    return i


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
    text = doc_text(doc)
    stop = tok.head.idx if tok.head.i > tok.i else tok.sent.end_char
    pos = tok.idx + len(tok.text)
    out: list[Token] = []
    for ent in doc_ents(doc):
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
    text = doc_text(a.doc)
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
    words = words_of(data.get("group_nouns")) | {tok.lemma_.lower(), tok.lower_}
    verbs = words_of(data.get("group_naming_verbs"))
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
                    not under_prep(t, root):
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
    nouns = words_of(data.get("roster_nouns"))
    verbs = words_of(data.get("group_naming_verbs"))
    out: list[Token] = []
    for tok in doc_tokens(doc):
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


# A line of a list of defendants: "Liberty Coles, 33", "Curtis Dale Harmon, 31, of Lakeview"
LISTED_NAME = re.compile(r"^\s*[A-Z][\w'’.\-]+(?:\s+[A-Z(\"“][\w'’.\-)\"”]*){1,4}\s*,\s*\d{1,3}\b")


def _listed_lines(doc: Doc, start: int) -> list[Token]:
    """The names that open the lines after a colon ("Liberty Coles, 33"), up to the first line
    that opens with no name."""
    out: list[Token] = []
    text = doc_text(doc)
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


def under_prep(tok: Token, top: Token) -> bool:
    """Whether a token sits in a prepositional phrase below `top` ("a member of X")."""
    cur = tok
    while cur.i != top.i and cur.head.i != cur.i:
        # "also known as X" names the same person, not a group they belong to
        if (cur.dep_ == "prep" and cur.lower_ != "as") or (cur.dep_ == "pobj" and cur.head.lower_ != "as"):
            return True
        cur = cur.head
    return False


@functools.lru_cache(maxsize=1)
def _person_nouns() -> frozenset[str]:
    from rapsheet.data import load
    return frozenset(load("coref")["person_nominals"]) | words_of(load_table("events.yaml").get(
        "person_nouns"))


def is_person(tok: Token) -> bool:
    """A person or people: a PERSON name, a personal pronoun, or a noun for people."""
    if tok.ent_type_ in ("PERSON", "NORP"):
        return True
    if tok.pos_ == "PRON":
        return tok.lower_ in PEOPLE_PRONOUNS
    return tok.lemma_.lower() in _person_nouns()
