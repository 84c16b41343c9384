"""The words that name a legal or criminal event: verbs and nouns of events.yaml, multi-word
phrases ("pleaded guilty") by a Matcher, participles that describe a person ("convicted sex
offender"), verdicts with their object between ("found her guilty") and prison terms received.
A line cut short by an ellipsis (a teaser of another story) names none.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.sentences import excerpts, in_excerpt
from rapsheet.nlp.syntax import NOMINAL_DEPS, subjects
from rapsheet.nlp.events.lexicon import EventSpec, lexicon
from rapsheet.nlp.events.parties import is_person, with_conjuncts


@dataclass(slots=True)
class Trigger:
    spec: EventSpec
    start: int           # token index
    end: int
    head: Token          # the token that carries the grammar (the verb or noun)
    nominal: bool


class PhraseTriggers:
    """The phrase triggers of events.yaml, each read by lemma ("pleaded guilty" -> plead guilty)
    and, for words the lemmatizer leaves alone, literally: what a spaCy Matcher of those patterns
    finds, looked up by hash. A Matcher tries every pattern at every token (~2 ms an article for
    22 phrases); here only the tokens that open a phrase are tried."""

    def __init__(self, vocab: Vocab):
        strings = vocab.strings
        #: (key, word hashes) in the order a Matcher would add them: by spec, then by phrase
        self.phrases = [(spec.key, tuple(strings.add(w) for w in words))
                        for spec in lexicon().specs for words in spec.phrases if words]
        self.openers = numpy.array(sorted({hashes[0] for _, hashes in self.phrases}), dtype="uint64")

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(event key, start, end) of every phrase in `doc`, by start, then longest first; on a
        tie, in the order of events.yaml (as `Matcher` matches sorted by (start, -end) come)."""
        if not len(doc):
            return []
        words = doc.to_array(["LEMMA", "LOWER"])
        starts = numpy.flatnonzero(numpy.isin(words, self.openers).any(axis=1)).tolist()
        if not starts:
            return []
        lemmas, lowers = words[:, 0].tolist(), words[:, 1].tolist()
        found: list[tuple[str, int, int]] = []
        for i in starts:
            for key, hashes in self.phrases:
                end = i + len(hashes)
                if end <= len(lemmas) and (tuple(lemmas[i:end]) == hashes or tuple(lowers[i:end]) == hashes):
                    found.append((key, i, end))
        found.sort(key=lambda m: (m[1], -m[2]))
        return found


def trigger_matcher(vocab: Vocab) -> PhraseTriggers:
    """The phrase triggers of events.yaml, ready to read Docs of `vocab`."""
    return PhraseTriggers(vocab)


def _phrase_triggers(doc: Doc, matcher: PhraseTriggers | None) -> list[Trigger]:
    if matcher is None:
        matcher = trigger_matcher(doc.vocab)
    specs = {s.key: s for s in lexicon().specs}
    out = []
    seen: set[tuple[str, int]] = set()
    for key, start, end in matcher(doc):
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
                                            any(is_person(u) for u in _undergoers(tok))):
            return False
    things = spec.thing_objects.get(lemma)
    if things and tok.pos_ in ("VERB", "AUX") and any(u.lemma_.lower() in things for u in _undergoers(tok)):
        return False     # "executed a search warrant": no one undergoes it
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
    if not any(is_person(t) or t.pos_ == "PROPN" for s in subjects(verb) for t in with_conjuncts(s)) or \
            not any(t.lemma_.lower() in ("sentence", "prison", "jail") for t in verb.doc):
        return False
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() in ("month", "year", "day", "week") and obj.ent_type_ == "DATE" and \
                any(c.dep_ == "nummod" or c.like_num for c in obj.children):
            return True
    return False


# Verbs that give a verdict in a complement clause: "the jury decided that X was guilty".
VERDICT_CLAUSE_VERBS = frozenset({"decide", "find", "determine", "agree", "conclude", "rule"})
# Who gives a verdict; a relative's or a politician's "decided that X was guilty" is none.
VERDICT_GIVERS = frozenset({"jury", "juror", "jurors", "judge", "court", "panel", "justice",
                            "magistrate", "tribunal"})
# Those a "they" stands for when the sentence before names them: "... the jurors agreed ...
# They weighed all the evidence and decided that X was guilty."
PLURAL_VERDICT_GIVERS = frozenset({"jury", "juror", "jurors", "panel", "judges", "justices"})


def verdict_clause(verb: Token) -> Token | None:
    """The "guilty" of a verdict a verdict-giver states in a complement clause of `verb`: "the
    jury found that X was (not) guilty (of Y)", "jurors agreed X was guilty"; None when the clause
    says no verdict, its subject is no party, it is modal ("would be guilty"), or the one who
    decides gives no verdict ("his mother decided that X was guilty")."""
    for comp in (c for c in verb.children if c.dep_ == "ccomp" and c.lemma_.lower() == "be"):
        guilty = next((c for c in comp.children if c.dep_ == "acomp" and c.lower_ == "guilty"), None)
        if guilty is None or any(c.dep_ == "aux" and c.tag_ == "MD" for c in comp.children):
            continue
        if not any(c.dep_ == "nsubj" and (c.pos_ == "PROPN" or is_person(c)) for c in comp.children):
            continue
        if any(_gives_verdicts(s) for s in subjects(verb)):
            return guilty
    return None


def _gives_verdicts(subj: Token) -> bool:
    # the subject and the words of its name ("Judge Amy Rollins"), not its owner ("the judge's wife")
    words = {t.lower_ for t in (subj, *subj.children) if t is subj or t.dep_ == "compound"} | \
        {subj.lemma_.lower()}
    if words & VERDICT_GIVERS:
        return True
    if subj.lower_ != "they":
        return False
    sent = subj.sent
    before = subj.doc[sent.start - 1].sent if sent.start > 0 else None
    earlier = [t for t in subj.doc[sent.start:subj.i]] + (list(before) if before is not None else [])
    return any(t.pos_ in ("NOUN", "PROPN") and (t.lower_ in PLURAL_VERDICT_GIVERS or
                                                 t.lemma_.lower() in PLURAL_VERDICT_GIVERS)
               for t in earlier)


def excerpt_spans(doc: Doc) -> list[tuple[int, int]]:
    """The lines of the Doc cut short by an ellipsis (teasers of other stories), computed once."""
    cached = doc.user_data.get("rs_excerpts")
    if cached is None:
        cached = doc.user_data["rs_excerpts"] = excerpts(doc_text(doc))
    return cached


#: lemma hash -> the lemma in lower case (`token.lemma_.lower()`, which makes two new strings)
_LOWER_LEMMAS: dict[int, str] = {}


def _trigger_words(doc: Doc) -> list[int]:
    """The tokens that may name an event by a word of their own: their lemma is a trigger verb
    or noun, a verdict's or a prison term's verb, or their lower case a trigger noun. The others
    (most of an article) can name none, whatever their grammar."""
    lemmas, nouns = _trigger_lexicon()
    strings = doc.vocab.strings
    found = []
    # two flat lists of ints: a list per token would be ~500 new containers for the collector
    words = doc.to_array(["LEMMA", "LOWER"])
    for i, lemma in enumerate(words[:, 0].tolist()):
        lowered = _LOWER_LEMMAS.get(lemma)
        if lowered is None:
            lowered = _LOWER_LEMMAS[lemma] = strings[lemma].lower()
        if lowered in lemmas:
            found.append(i)
    found.extend(i for i, lower in enumerate(words[:, 1].tolist()) if lower in nouns)
    return sorted(set(found))


@functools.cache
def _trigger_lexicon() -> tuple[frozenset[str], frozenset[int]]:
    """(the lemmas `find_triggers` reads a trigger from, the hashes of the trigger nouns)."""
    lex = lexicon()
    # VERDICT_CLAUSE_VERBS hold "find" too, which `find_triggers` reads as a verdict ("found guilty")
    lemmas = frozenset(lex.by_verb) | frozenset(lex.by_noun) | VERDICT_CLAUSE_VERBS | PRISON_TERM_VERBS
    return lemmas, frozenset(get_string_id(noun) for noun in lex.by_noun)


def find_triggers(doc: Doc, matcher: PhraseTriggers | None = None) -> list[Trigger]:
    """The triggers in `doc`; `matcher` (from `trigger_matcher`) saves building one per call."""
    lex = lexicon()
    cut = excerpt_spans(doc)
    triggers = [t for t in _phrase_triggers(doc, matcher) if not in_excerpt(cut, doc[t.start].idx)]
    taken = {i for t in triggers for i in range(t.start, t.end)}
    for i in _trigger_words(doc):
        tok = doc[i]
        if i in taken or not tok.is_alpha or (cut and in_excerpt(cut, tok.idx)):
            continue
        lemma = tok.lemma_.lower()
        lower = tok.lower_
        verbal = tok.pos_ in ("VERB", "AUX") and tok.dep_ not in NOMINAL_DEPS
        spec = None
        if verbal and tok.dep_ not in ("amod", "compound"):
            spec = lex.by_verb.get(lemma)
        elif tok.dep_ == "amod" and tok.tag_ == "VBN" and lex.by_verb.get(lemma) is not None \
                and lex.by_verb[lemma].adjectival and is_person(tok.head):
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
        if spec is None and verbal and lemma in VERDICT_CLAUSE_VERBS:
            clause = verdict_clause(tok)
            if clause is not None and not any(i in taken for i in range(tok.i, clause.i + 1)):
                # "the jury decided that X was guilty of murder": a verdict in a complement clause
                negated = any(c.dep_ == "neg" for c in (*clause.children, *clause.head.children))
                verdict = next(s_ for s_ in lex.specs if s_.type == (
                    "acquittal" if negated else "conviction"))
                triggers.append(Trigger(verdict, tok.i, clause.i + 1, tok, False))
                continue
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
