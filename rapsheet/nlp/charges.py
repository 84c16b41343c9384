"""Charges: which offence each defendant is charged with (or convicted of), how many counts, under
which statute, and its risk category.

Takes a parsed spaCy Doc with `doc._.rs_entities` (defendants are entities, found through their
names, nominals and pronouns) and `doc._.rs_events`. Gives `find_charges(doc) -> list[Charge]` and
the component `rapsheet_charges`, which writes `doc._.rs_charges`. Also gives the tables other
components read: `classify_offense(text)` (rapsheet/data/offenses.yaml) and `statute_info(cite)`
(rapsheet/data/statutes.yaml), and `find_statutes(text)`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rapsheet import stages
from rapsheet.data import wordlists
from rapsheet.model import CATEGORIES, STAGES, Charge, Entity
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.events import EventSpec, Trigger, excerpt_spans, lexicon, load_table, modality_of, with_conjuncts
from rapsheet.nlp.events.arguments import shares_passive
from rapsheet.nlp.sentences import in_excerpt
from rapsheet.nlp.syntax import entity_for, entity_for_token, is_dateline, subjects

# The number words of words.yaml, and the words a count of charges takes besides.
NUMBER_WORDS: dict[str, int | None] = {"a": 1, "an": 1, "another": 1, "single": 1, **wordlists.words().numbers,
                                       "dozen": 12, "additional": None}
_NUM = r"(?:\d+|" + "|".join(k for k in NUMBER_WORDS if k not in ("additional",)) + r")"
COUNT_RE = re.compile(
    rf"\b(?P<n>{_NUM})(?:[\s-]+(?:additional|more|separate|further))?[\s-]+(?:felony\s+|criminal\s+|"
    rf"misdemeanou?r\s+)?counts?\s+(?:each\s+)?of\s+", re.I)
LEADING_NOISE = re.compile(
    r"^(?:(?:the|a|an|multiple|several|various|federal|criminal|state|new|related|additional|"
    r"formal|felony)\s+)*(?:charges?|counts?|offen[cs]es?|crimes?)\s+(?:of|including|related to|"
    r"involving|for)\s+", re.I)
TRAILING_NOISE = re.compile(
    r"(?:,?\s+(?:in violation of|under|pursuant to|contrary to)\b.*$|,?\s+(?:according to|"
    r"prosecutors said|officials said|authorities said|the (?:department|doj) said)\b.*$|"
    r"\s*\((?:[^()]*)\)\s*$|[\s,;:.]+$)", re.I)
COUNTS_INCLUDING = re.compile(
    r"^[^,;]*?\b(?:counts?|charges?|offen[cs]es?|crimes?|felonies|misdemeanou?rs)\b[^;]*?,?\s*"
    r"\b(?:including|(?:which|that) (?:include[sd]?|are|were))\s+", re.I)
# Verbs that carry charges, the preposition that introduces the offence, and the stage.
CHARGE_VERBS = {
    "charge": (("with",), "charged"), "indict": (("on", "for", "with"), "charged"),
    "face": ((), "charged"), "arraign": (("on",), "charged"), "prosecute": (("for",), "charged"),
    "convict": (("of", "on", "for"), "convicted"), "plead": (("to",), "convicted"),
    "find": (("of",), "convicted"), "sentence": (("for", "on"), "sentenced"),
    "acquit": (("of", "on"), "acquitted"), "clear": (("of",), "acquitted"),
    "arrest": (("on", "for"), "arrested"),
}
STATUTE_RE = re.compile(
    r"(?:\b(?P<t1>\d{1,2})\s*U\.?\s?S\.?\s?C\.?(?:\s?A\.?)?\s*(?:§§?|[Ss]ections?|[Ss]ecs?\.?)?\s*"
    r"(?P<s1>\d+[A-Za-z]?(?:-\d+)?(?:\([0-9A-Za-z]+\))*(?:\s*(?:,|and|&|or)\s*\d+[A-Za-z]?"
    r"(?:\([0-9A-Za-z]+\))*)*)"
    r"|\bTitle\s+(?P<t2>\d{1,2}),?\s+(?:of\s+the\s+)?United\s+States\s+Code,?\s+(?:§§?|[Ss]ections?)"
    r"\s*(?P<s2>\d+[A-Za-z]?(?:\([0-9A-Za-z]+\))*(?:\s*(?:,|and|&)\s*\d+[A-Za-z]?(?:\([0-9A-Za-z]+\))*)*))")

# ", in violation of 18 U.S.C. § 1343": a statute cited after one offence of a list, before the next
CITED_STATUTE = re.compile(
    rf"\s*,?\s*(?:in violation of|under|pursuant to|contrary to)\s+(?:{STATUTE_RE.pattern})"
    r"(?:\s*\([^()]*\))*", re.I)


# ---------------------------------------------------------------------------------------------
# Tables


@functools.lru_cache(maxsize=1)
def _offense_table() -> tuple[tuple[re.Pattern, str], ...]:
    rows = load_table("offenses.yaml")["offenses"]
    out = []
    for n, row in enumerate(rows):
        if row.get("category") not in CATEGORIES:
            raise ValueError(f"offenses.yaml row {n}: category {row.get('category')!r} unknown")
        pattern = row["pattern"].replace(" ", r"\s+")
        try:
            out.append((re.compile(rf"(?<![\w-])(?:{pattern})", re.I), row["category"]))
        except re.error as exc:
            raise ValueError(f"offenses.yaml row {n}: bad pattern: {exc}") from None
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _statute_table() -> dict[str, tuple[str, str | None]]:
    rows = load_table("statutes.yaml")["statutes"]
    out = {}
    for key, row in rows.items():
        # a name may hold commas, which YAML's flow list splits: the category is the last item
        name, category = ", ".join(str(r) for r in row[:-1]), row[-1]
        if category is not None and category not in CATEGORIES:
            raise ValueError(f"statutes.yaml {key}: category {category!r} unknown")
        out[key.lower().replace(" ", " ")] = (name, category)
    return out


def classify_offense(text: str) -> str | None:
    """The risk category of an offence phrase, or None when the table does not know it."""
    for pattern, category in _offense_table():
        if pattern.search(text):
            return category
    return None


def offense_categories(text: str) -> list[tuple[str, int, int]]:
    """Every (category, start, end) an offence table pattern finds in a longer text, leftmost
    first, each stretch claimed once: a list such as "human trafficking, extortion, kidnapping"."""
    claimed: list[tuple[int, int]] = []
    out = []
    for pattern, category in _offense_table():
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in claimed):
                continue
            claimed.append((m.start(), m.end()))
            out.append((category, m.start(), m.end()))
    return sorted(out, key=lambda r: r[1])


def statute_info(cite: str) -> tuple[str, str | None] | None:
    """(offence name, category) for a citation such as "18 U.S.C. § 2339B" or "21 1841(a)(1)"."""
    m = STATUTE_RE.search(cite)
    if m:
        title = m.group("t1") or m.group("t2")
        section = re.split(r"\s*(?:,|and|&|or)\s*", (m.group("s1") or m.group("s2")).strip())[0]
    else:
        parts = cite.split()
        if len(parts) != 2:
            return None
        title, section = parts
    table = _statute_table()
    key = f"{title} {section}".lower()
    while True:
        if key in table:
            return table[key]
        trimmed = re.sub(r"\([0-9a-z]+\)$", "", key)
        if trimmed == key:
            return None
        key = trimmed


@dataclass(slots=True)
class StatuteCite:
    start: int
    end: int
    text: str                 # normalised: "18 U.S.C. § 2339B", "21 U.S.C. §§ 841 and 846"
    title: str
    sections: list[str]


def find_statutes(text: str, offset: int = 0) -> list[StatuteCite]:
    out = []
    for m in STATUTE_RE.finditer(text):
        title = m.group("t1") or m.group("t2")
        raw = (m.group("s1") or m.group("s2")).strip()
        sections = [s for s in re.split(r"\s*(?:,|and|&|or)\s*", raw) if s]
        mark = "§§" if len(sections) > 1 else "§"
        shown = " and ".join(sections) if len(sections) == 2 else ", ".join(sections)
        out.append(StatuteCite(offset + m.start(), offset + m.end(),
                               f"{title} U.S.C. {mark} {shown}", title, sections))
    return out


# ---------------------------------------------------------------------------------------------
# Finding charges


@dataclass(slots=True)
class _Piece:
    text: str
    start: int                # character offsets in doc.text
    end: int
    counts: int | None


def _count_value(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


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
    tail = doc.text[stop:sent.end_char]
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
    items = _list_items(re.sub(r"^(?:and|or)\s+", "", CITED_STATUTE.sub("", m.group("rest"))))
    return m if items and all(classify_offense(i) for i in items) else None


def _other_clause(tok: Token, verb: Token) -> bool:
    """Whether a token belongs to a clause of its own below the verb (a relative or reported
    clause, a coordinated verb), where its words say nothing of this verb's charge."""
    cur = tok.head
    while cur.i != verb.i and cur.head.i != cur.i:
        if cur.dep_ in ("relcl", "ccomp", "advcl", "conj", "parataxis") and cur.pos_ in ("VERB", "AUX"):
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
            items = _list_items(re.sub(r"(?:,?\s*\b(?:and|or)\s*|[\s,;]+)$", "", head))
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
            raw.append((m.end(), end, _count_value(m.group("n"))))
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
            items = _list_items(re.sub(r",?\s*(?:in violation of|pursuant to|contrary to)\b[^,]*$", "",
                                       CITED_STATUTE.sub("", chunk)))
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


def _list_items(chunk: str) -> list[str]:
    """The items of an offence list: "murder, robbery and kidnapping" has three; with a serial
    comma ("A, conspiring to import cocaine and methamphetamine, and B") the "and" inside an item
    joins its objects, not two offences."""
    if re.search(r",\s*(?:and|or)\s+", chunk):
        return [i for i in re.split(r",\s*(?:and\s+|or\s+)?", chunk) if i.strip()]
    return [i for i in re.split(r",\s*|\s+and\s+", chunk) if i.strip()]


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
    text = re.sub(r"\s+", " ", text).strip()
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
        return [t for s in subjects(verb) for t in with_conjuncts(s, roster=True)]
    objs = [c for c in verb.children if c.dep_ == "dobj"]
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


def find_charges(doc: Doc) -> list[Charge]:
    spec = _charge_spec()
    entities = {e.id: e for e in doc._.rs_entities or []}
    found: dict[tuple[str, str], Charge] = {}
    order: list[tuple[str, str]] = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        listed = _listed_against(verb)
        preps: tuple[str, ...]
        if listed:
            preps, stage = (), "charged"    # "Charges ... against the defendants include X, Y"
        elif lemma in CHARGE_VERBS:
            preps, stage = CHARGE_VERBS[lemma]
        else:
            continue
        if lemma == "find" and not any(c.lower_ == "guilty" for c in verb.children):
            continue
        if lemma == "plead":
            if any(c.lower_ == "not" for c in verb.subtree if c.i < verb.i + 3):
                stage = "charged"
        modality = modality_of(Trigger(spec, verb.i, verb.i + 1, verb, False))
        if modality in ("negated", "hypothetical"):
            continue
        region = _region(verb, preps)
        if region is None:
            continue
        pieces = _pieces(doc, region)
        if not pieces:
            continue
        if lemma == "face" and not any(p.counts for p in pieces) and \
                not re.match(r"^\s*(?:\w+\s+)*(?:charges?|counts?|indictment)\b", region.text, re.I):
            continue   # "faces life in prison", "faces extradition": not a list of charges
        _resolve_such(doc, pieces)
        sent = verb.sent
        statutes = find_statutes(sent.text, sent.start_char)
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
        if not defendants:
            continue
        for n, piece in enumerate(pieces):
            offense = _clean(piece.text)
            statute = None
            nxt = pieces[n + 1].start if n + 1 < len(pieces) else sent.end_char
            own = [s for s in statutes if piece.start <= s.start < nxt]
            if not own and len(pieces) == 1 and statutes:
                own = statutes[:1]
            if own:
                statute = own[0].text
                offense = _clean(re.sub(re.escape(doc.text[own[0].start:own[0].end]), "", offense))
            category = classify_offense(offense)
            info = statute_info(statute) if statute else None
            if (category is None or len(offense.split()) < 2 and not category) and info and info[1]:
                if category is None:
                    offense, category = info[0], info[1]
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


# ---------------------------------------------------------------------------------------------
# Charges named as nouns: "filed murder and armed robbery charges against X", "filed charges of
# burglary and arson against X", "Charges against the defendants, X and Y, include A and B"

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
    items = [i.strip() for i in _list_items(text) if i.strip()]
    return items if items and all(classify_offense(i) for i in items) else []


def _listed_parties(doc: Doc, entities: list[Entity], a: int, b: int) -> list[Entity]:
    """The parties named as a list from `a` ("X, Y and Z", "the defendants, X and Y"): each name
    must head its own noun phrase ("against Former Acme Counselor Jones" names a counselor, not
    Acme) and the first must open the stretch."""
    mentions = sorted(((m.start, m.end, e) for e in entities for m in e.mentions
                       if m.kind == "name" and a <= m.start < b), key=lambda x: x[0])
    text = doc.text
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
            # "Dallas Police Sgt. Roy Keller": a name run straight into the next is its title
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
    text = doc.text
    for sent in doc.sents:
        st = sent.text
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


# ---------------------------------------------------------------------------------------------
# Civil and regulatory outcomes (rapsheet/data/civil.yaml): settled, penalized, sued


@functools.lru_cache(maxsize=1)
def _civil_table() -> dict:
    data = load_table("civil.yaml")
    table: dict[str, Any] = {k: frozenset(str(w).lower() for w in v) for k, v in data.items() if isinstance(v, list)}
    table["public_body"] = re.compile(data["public_body"], re.I)
    return table


CIVIL_CUE = re.compile(r"\b(?:settl|resolv|penalt|fine[ds]?\b|judge?ments?\b|sue[ds]?\b|suing\b|"
                       r"lawsuits?\b|suits?\b|complaints?\b)", re.I)
LEGAL_FORM = re.compile(r"[\W\s]*(?:Inc|LLC|L\.L\.C|Ltd|Corp|Co|N\.A|LLP|PLC)\W*")
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


def _civil_parties(sent: Span, t: dict) -> list[tuple[Token, str, str]]:
    """(party head token, stage, proceeding) for each civil outcome the sentence states."""
    criminal = bool(_lemmas(sent) & t["criminal_words"])
    found: list[tuple[Token, str, str]] = []

    def add(tokens, stage, proceeding="civil"):
        for tok in tokens:
            for head in with_conjuncts(tok):
                found.append((head, stage, proceeding))

    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma == "pay":
            if _hedged(tok, t):
                continue
            kids = list(tok.subtree)
            purpose = [c for c in tok.children if c.dep_ in ("advcl", "xcomp", "conj")
                       and c.lemma_.lower() in t["settle_verbs"]
                       and _lemmas(c.children) & t["settled_things"]]
            penalty = bool(_lemmas(kids) & t["penalty_words"]) and not criminal
            ordered = tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "order"
            if penalty or (ordered and not criminal):
                add(subjects(tok), "penalized")
            elif purpose:
                add(subjects(tok), "settled")
        elif tok.pos_ == "VERB" and lemma in t["settle_verbs"] and tok.head.lemma_.lower() != "pay":
            # "Kroger settles lawsuit over ...": the party settles the suit itself
            if _hedged(tok, t) or any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
                continue
            if any(c.dep_ in ("dobj", "appos") and c.lemma_.lower() in t["suit_nouns"] | {"claim", "allegation"}
                   for c in tok.children):
                add([s for s in subjects(tok) if s.dep_ == "nsubj"], "settled")
        elif tok.pos_ == "VERB" and lemma in ("agree", "reach", "enter") and not criminal:
            # "X agreed to the settlement with the EPA", "X reached a settlement"
            things = [c for c in tok.children if c.dep_ == "dobj"] + [
                g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "into")
                for g in c.children if g.dep_ == "pobj"]
            if _hedged(tok, t) or not any(g.lemma_.lower() in ("settlement", "consent decree")
                                          for g in things):
                continue
            add([s for s in subjects(tok) if s.dep_ == "nsubj"], "settled")
        elif tok.pos_ == "VERB" and tok.lower_ in ("fine", "fined", "fines", "fining") and not criminal:
            if _hedged(tok, t):
                continue
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            agent = [c for c in tok.children if c.dep_ in ("nsubj", "agent")]
            regulatory = any(_lemmas(a.subtree) & t["regulatory_cues"] for a in agent)
            proceeding = "regulatory" if regulatory else "civil"
            if passive:
                add([s for s in subjects(tok) if s.dep_ == "nsubjpass"], "penalized", proceeding)
            else:
                # "fined X $4 million": the party is the dative, the money the object
                add([c for c in tok.children if c.dep_ == "dative"] or
                    [c for c in tok.children if c.dep_ == "dobj" and not c.like_num and
                     not any(MONEY.match(w.text) for w in c.subtree)], "penalized", proceeding)
        elif tok.pos_ == "VERB" and lemma == "sue":
            if _hedged(tok, t):
                continue
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            if passive:
                add([s for s in subjects(tok) if s.dep_ == "nsubjpass"], "sued")
            else:
                add([c for c in tok.children if c.dep_ == "dobj"], "sued")
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in t["penalty_words"] | t["suit_nouns"]:
            against = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "against"]
            verb = tok.head if tok.dep_ == "dobj" else None
            if not against and verb is not None and lemma in t["suit_nouns"] and \
                    verb.lemma_.lower() in t["suit_verbs"]:
                against = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "against"]
            if not against and lemma in t["suit_nouns"]:
                # "a civil lawsuit filed against X"
                against = [c for v in tok.children if v.dep_ == "acl" and
                           v.lemma_.lower() in t["suit_verbs"]
                           for c in v.children if c.dep_ == "prep" and c.lower_ == "against"]
            if not against or criminal or any(c.lower_ == "criminal" for c in tok.lefts):
                continue
            if verb is not None and _hedged(verb, t):
                continue
            parties = [p for a in against for p in a.children if p.dep_ == "pobj"]
            if lemma in t["penalty_words"]:
                # "a $9 million judgment against X": a money judgment, not a judge's opinion
                if any(MONEY.match(w.text) for w in tok.subtree if w.i < tok.i):
                    add(parties, "penalized")
            else:
                add(parties, "sued")
    return found


def find_civil(doc: Doc) -> list[Charge]:
    """Charges of a civil or regulatory proceeding: the party that settled, was penalized or
    sued, with the category of the allegations the text names (in the sentence, else in another
    sentence naming the party, else the one category of the release's other civil outcomes)."""
    t = _civil_table()
    text = doc.text
    if not CIVIL_CUE.search(text):
        return []
    found: dict[str, tuple] = {}
    for sent in doc.sents:
        if not CIVIL_CUE.search(sent.text):
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


@Language.factory("rapsheet_charges", assigns=["doc._.rs_charges"],
                  requires=["token.dep", "doc._.rs_entities", "doc._.rs_events"])
def make_charges(nlp: Language, name: str) -> ChargesComponent:
    return ChargesComponent()


class ChargesComponent:
    """Reads the parse, doc._.rs_entities and rs_events; writes doc._.rs_charges."""

    def __init__(self) -> None:
        _offense_table()
        _statute_table()
        assert all(s in STAGES for _, s in CHARGE_VERBS.values())

    def __call__(self, doc: Doc) -> Doc:
        charges = find_charges(doc)
        cut = excerpt_spans(doc)
        # a teaser of another story cut short by an ellipsis charges no one in this one
        self.set_annotations(doc, [c for c in charges + find_nominal_charges(doc, charges) + find_civil(doc)
                                   if not in_excerpt(cut, (c.offense_span or c.evidence)[0])])
        return doc

    @staticmethod
    def set_annotations(doc: Doc, charges: list[Charge]) -> None:
        doc._.rs_charges = charges
