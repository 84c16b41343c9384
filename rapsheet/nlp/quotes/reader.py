"""Reading the parse around quoted stretches: the cue verb, its speaker, and reported speech."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from rapsheet.nlp.entities import entity_at
from rapsheet.nlp.extensions import doc_text, doc_tokens
from rapsheet.nlp.quotes.marks import QuotedStretch, paragraphs, scan_quotes, trim
from rapsheet.nlp.quotes.vocabulary import Vocabulary


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Where a sentence ends inside the text before a quote: ". " or ".” " and the like.
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+")
_NOUNISH = {"NOUN", "PROPN", "PRON"}
# Children that belong to a speaker's noun phrase ("Attorney General Pam Bondi", "the FBI's
# director"); clauses, appositions and most prepositional phrases do not.
_NP_LEFT = {"compound", "amod", "det", "poss", "nmod", "nummod", "flat", "case", "quantmod"}
_NP_RIGHT = {"compound", "flat", "case"}
_NP_PREPS = {"for", "of", "at"}  # "a spokesman for the FBI", "the head of the cartel unit"
_RELATIVE = {"who", "which", "that"}

# --- reading the parse -----------------------------------------------------------------------

_DASHES = set("—–―-")
# A transcript line: "PENCE: Well, look, …" names its speaker before a colon.
_TRANSCRIPT_SPEAKER = re.compile(r"([A-Z][A-Z.'’\- ]{1,40}[A-Z.]):\s")

Cue = tuple[tuple[int, int] | None, Token | None]   # (cue token range, speaker's head word)


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _nounish(tok: Token) -> bool:
    return tok.pos_ in _NOUNISH or tok.tag_.startswith(("NN", "PRP", "WP"))


def _phrase_at(doc: Doc, i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the phrase from `phrases` that starts at token i, or 0."""
    for phrase in phrases:
        n = len(phrase)
        if i + n <= len(doc) and all(doc[i + k].lower_ == phrase[k] for k in range(n)):
            return n
    return 0


def _mention_bounds(head: Token) -> tuple[int, int]:
    """Token range [first, last] of the noun phrase a speaker's head word stands in."""
    first = last = head.i
    for child in head.lefts:
        if child.dep_ in _NP_LEFT:
            first = min(first, child.left_edge.i)
    for child in head.rights:
        if child.dep_ in _NP_RIGHT or (child.dep_ == "prep" and child.lower_ in _NP_PREPS
                                       and head.pos_ == "NOUN"):
            last = max(last, child.right_edge.i)
    doc = head.doc
    while first < head.i and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > head.i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return first, last


def _name_bounds(head: Token) -> tuple[int, int]:
    """The head word and the compound words before it: what names the speaker."""
    first = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "flat") and child.i == first - 1:
            first = child.left_edge.i
    return first, head.i


def _title_like(words: list[str], vocab: Vocabulary) -> bool:
    """“Shark Tank”, “Operation Fast and Furious”: every word that counts is capitalised."""
    if not words or len(words) > 8:
        return False
    capital = [w for w in words if w.lower() not in vocab.title_small_words]
    return bool(capital) and all(w[0].isupper() or w[0].isdigit() for w in capital)


@dataclass(slots=True)
class Found:
    """A quote while it is being attributed."""
    start: int
    end: int
    direct: bool
    paragraph: int
    utterance: bool = True          # a whole utterance, not a phrase quoted inside a sentence
    at_paragraph_start: bool = False
    cue: tuple[int, int] | None = None        # token range [first, last]
    speaker: tuple[int, int] | None = None    # token range of the speaker's noun phrase
    speaker_head: int | None = None

    def attribute(self, cue: Cue | None) -> None:
        if cue is None:
            return
        self.cue = cue[0]
        if cue[1] is not None:
            head = cue[1].i
            first, last = _mention_bounds(cue[1])
            if cue[0] is not None:   # a mis-parse can glue the cue to the name ("Said Ellis")
                if first <= cue[0][1] < head:
                    first = cue[0][1] + 1
                if head < cue[0][0] <= last:
                    last = cue[0][0] - 1
            self.speaker_head, self.speaker = head, (first, last)


class Reader:
    """One Doc with what every step needs: paragraphs, the character -> token map and which
    tokens stand inside quotation marks (cues and speakers never do)."""

    def __init__(self, doc: Doc, vocab: Vocabulary, min_reported_chars: int = 12, min_reported_words: int = 3):
        self.doc, self.text, self.vocab = doc, doc_text(doc), vocab
        # reported speech shorter than this is a fragment, not what someone said
        self.min_reported_chars, self.min_reported_words = min_reported_chars, min_reported_words
        self.paras = paragraphs(self.text)
        self.stretches = scan_quotes(self.text, vocab)
        self.tok_of = self._char_to_token()
        self.quoted = [False] * len(doc)
        for st in self.stretches:
            lo = st.opened if st.opened is not None else st.start
            hi = st.closed if st.closed is not None else st.end - 1
            for i in range(self.tok_of[lo], self.tok_of[max(lo, hi)] + 1):
                self.quoted[i] = True
        self.para_of_tok = [0] * len(doc)
        for number, (lo, hi) in enumerate(self.paras):
            for i in range(self.tok_of[lo], self.tok_of[hi - 1] + 1):
                self.para_of_tok[i] = number
        self.speech = vocab.cue_verbs | vocab.naming_verbs

    def _char_to_token(self) -> list[int]:
        # A token's characters and the spaces before it are its own; what follows the last
        # token is the last token's.
        index: list[int] = []
        for tok in doc_tokens(self.doc):
            index.extend([tok.i] * (tok.idx + len(tok.text) - len(index)))
        index.extend([len(self.doc) - 1] * (len(self.text) + 1 - len(index)))
        return index

    def para_tokens(self, number: int) -> tuple[int, int]:
        lo, hi = self.paras[number]
        return self.tok_of[lo], self.tok_of[hi - 1] + 1

    def is_cue_verb(self, tok: Token, verbs: frozenset[str]) -> bool:
        return not self.quoted[tok.i] and _is_verb(tok) and tok.lemma_.lower() in verbs

    # -- speakers --

    def subject(self, verb: Token, lo: int, hi: int) -> Token | None:
        """Who does the saying: the verb's subject inside [lo, hi). A verb without one of its own
        borrows it from the verb it hangs from ("Trump said, adding later, “…”", "Blige sings to
        Clinton before asking her, “…”"); a participle on a name is that name's ("footage of
        Hillary Clinton asking, “…”"). Never a word inside quotation marks."""
        cand = verb
        for _ in range(4):
            for child in cand.children:
                if (child.dep_ == "nsubj" and lo <= child.i < hi and _nounish(child)
                        and not self.quoted[child.i]):
                    if child.lower_ in _RELATIVE and cand.dep_ == "relcl":
                        head = cand.head
                        return head if _nounish(head) and lo <= head.i < hi else None
                    return child
            if cand.dep_ == "acl" and cand.head.pos_ in ("PROPN", "PRON") and lo <= cand.head.i < hi:
                return cand.head
            if cand.dep_ not in ("conj", "xcomp", "advcl", "acl", "pcomp", "prep"):
                return None
            nxt = cand.head
            while nxt.head.i != nxt.i and not _is_verb(nxt) and lo <= nxt.head.i < hi:
                nxt = nxt.head
            if nxt.i == cand.i or not _is_verb(nxt) or not lo <= nxt.i < hi or self.quoted[nxt.i]:
                return None
            cand = nxt
        return None

    def inverted_speaker(self, verb: Token, hi: int) -> Token | None:
        """The noun phrase right after a cue verb: “…,” said Attorney General Pam Bondi."""
        for tok in self.doc[verb.i + 1:hi]:
            if tok.pos_ in _NOUNISH:
                while tok.dep_ in ("compound", "flat", "amod") and verb.i < tok.head.i < hi:
                    tok = tok.head
                return tok
            if tok.pos_ in ("ADP", "VERB", "SCONJ") or tok.is_punct:
                break
        return None

    def according_source(self, i: int, n: int, hi: int) -> Token | None:
        """The source named after "according to" at token i."""
        doc = self.doc
        for child in doc[i + n - 1].children:
            if child.dep_ == "pobj":
                return child
        for tok in doc[i + n:hi]:
            if tok.pos_ in _NOUNISH:
                while tok.dep_ in ("compound", "flat", "amod") and tok.i < tok.head.i < hi:
                    tok = tok.head
                return tok
            if tok.is_punct:
                break
        return None

    # -- cues --

    def cue_after(self, st: QuotedStretch, ends_sentence: bool) -> Cue | None:
        """A cue right after the closing mark: “…,” said X. / “…,” X said. / “…,” X, the Y of Z,
        said. / “…,” according to X. / “…” ― Name (a signature, with no cue word)."""
        if st.closed is None:
            return None
        doc, vocab = self.doc, self.vocab
        para_end = self.paras[st.paragraph][1]
        i = self.tok_of[st.closed] + 1
        dashed = False
        while i < len(doc) and doc[i].idx < para_end and (
                doc[i].is_space or doc[i].text == "," or all(ch in _DASHES for ch in doc[i].text)):
            dashed = dashed or doc[i].text[0] in _DASHES
            i += 1
        lo = hi = i
        while hi < len(doc) and hi - lo < vocab.max_tail_tokens and doc[hi].idx < para_end:
            tok = doc[hi]
            if self.quoted[hi] or "\n" in tok.text or (
                    tok.text in (".", "!", "?", ";", ":") and not self.abbreviation_dot(tok)):
                break
            hi += 1
        other_verb = False
        for k in range(lo, hi):
            tok = doc[k]
            n = _phrase_at(doc, k, vocab.according_to)
            if n and k == lo:
                return (k, k + n - 1), self.according_source(k, n, hi)
            if self.is_cue_verb(tok, vocab.cue_verbs):
                subj = self.subject(tok, lo, hi)
                # The speaker's phrase must start right after the quote; the parse vouches for
                # a long one ("X, one of the states suing the EPA, said").
                starts_here = subj is not None and subj.left_edge.i <= lo
                if other_verb and not starts_here:
                    continue
                # After a quote that ends its sentence, a cue verb with a clause of its own
                # reports something new (“We will win.” Bondi said the case …), not this quote.
                if ends_sentence and any(c.dep_ == "ccomp" and c.i > k for c in tok.children):
                    return None
                if subj is None and k == lo:
                    subj = self.inverted_speaker(tok, hi)
                if subj is None:
                    subj = next((t for t in reversed(doc[lo:k]) if _nounish(t) and t.head.i == k), None)
                return (k, k), subj
            if tok.pos_ == "VERB":
                other_verb = True
        if dashed and lo < hi and doc[lo].pos_ == "PROPN":
            head = doc[lo]
            while head.dep_ in ("compound", "flat") and lo <= head.head.i < hi:
                head = head.head
            return None, head
        return None

    def abbreviation_dot(self, tok: Token) -> bool:
        """The tokenizer splits some titles from their dot ("Capt." -> "Capt", "."); such a dot
        between a short capitalised word and a name does not end the sentence."""
        if tok.text != "." or tok.i == 0 or tok.i + 1 >= len(self.doc):
            return False
        prev, nxt = self.doc[tok.i - 1], self.doc[tok.i + 1]
        return (not prev.whitespace_ and prev.is_alpha and prev.is_title and len(prev) <= 5
                and nxt.is_title)

    def clause_start(self, lo: int, opened: int) -> int:
        """Where the sentence that leads into a quotation mark begins (a character offset)."""
        start = lo
        for m in _SENTENCE_END.finditer(self.text, lo, opened):
            if m.end() < opened and not self.quoted[self.tok_of[m.start()]]:
                start = m.end()
        return start

    def cue_before(self, lo_tok: int, hi_tok: int, verbs: frozenset[str]) -> Cue | None:
        """The cue of the clause in tokens [lo_tok, hi_tok) that leads into a quote: Bondi said:
        “…” / As Patel put it, “…” / Said Ellis: “…”. The last cue with a speaker wins."""
        doc, vocab = self.doc, self.vocab
        first_word = next((t.i for t in doc[lo_tok:hi_tok] if not (t.is_punct or t.is_space)), hi_tok)
        fallback = None
        for k in range(hi_tok - 1, lo_tok - 1, -1):
            tok = doc[k]
            if self.quoted[k]:
                continue
            n = _phrase_at(doc, k, vocab.according_to)
            if n and k + n <= hi_tok:
                cue = ((k, k + n - 1), self.according_source(k, n, hi_tok))
            elif _phrase_at(doc, k, vocab.put_it) and _is_verb(tok):
                cue = ((k, k + 1), self.subject(tok, lo_tok, hi_tok))
            elif self.is_cue_verb(tok, verbs):
                subj = self.subject(tok, lo_tok, hi_tok)
                if subj is None and k == first_word:
                    subj = self.inverted_speaker(tok, hi_tok)
                cue = ((k, k), subj)
            else:
                continue
            if cue[1] is not None:
                return cue
            fallback = fallback or cue
        return fallback

    def governing_cue(self, first: int, last: int, verbs: frozenset[str]) -> Token | None:
        """The verb a phrase quoted inside a sentence hangs from ("called", "said")."""
        doc = self.doc
        roots = [t for t in doc[first:last + 1] if not first <= t.head.i <= last or t.head.i == t.i]
        if not roots:
            return None
        tok = roots[0]
        for _ in range(6):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if self.is_cue_verb(tok, verbs):
                return tok
        return None

    # -- direct quotes --

    def direct_quotes(self) -> list[Found]:
        found: list[Found] = []
        for n, st in enumerate(self.stretches):
            q = self.direct_quote(n, st)
            if q is not None:
                found.append(q)
        return found

    def direct_quote(self, n: int, st: QuotedStretch) -> Found | None:
        """The n-th quoted stretch as a quote with its cue, or None for scare quotes and titles."""
        text, vocab = self.text, self.vocab
        start, end = trim(text, st.start, st.end)
        words = _WORD.findall(text[start:end])
        if start >= end or not words:
            return None
        p_hi = self.paras[st.paragraph][1]
        raw_end = text[st.start:st.end].rstrip()
        ends_punct = raw_end[-1] in ".,!?…:;—–-"
        q = Found(start, end, True, st.paragraph)
        lead, introduced = self.lead_cue(n, st, q)

        tail = self.cue_after(st, raw_end.endswith("."))
        after = text[st.closed + 1:p_hi].lstrip() if st.closed is not None else ""
        sentence_ends = st.closed is None or not after or after[0] in ".!?" or ends_punct
        q.utterance = introduced and (sentence_ends or tail is not None)

        first_tok, last_tok = self.tok_of[start], self.tok_of[end - 1]
        title = _title_like(words, vocab)
        if q.utterance:
            # “…,” adding that … can follow a quote whose speaker came before it.
            cue = tail if tail is not None and (tail[1] is not None or lead is None) else lead
            if title and not ends_punct:
                return None
            if cue is None and len(words) < 2 and raw_end[-1] not in ".!?":
                return None
            m = _TRANSCRIPT_SPEAKER.match(text, start)
            if cue is None and m and m.end(1) <= end:
                name_end = self.tok_of[m.end(1) - 1]
                q.speaker, q.speaker_head = (first_tok, name_end), name_end
        else:
            has_verb = any(_is_verb(t) for t in self.doc[first_tok:last_tok + 1])
            if (title or len(words) < vocab.fragment_min_words
                    or not (has_verb or ends_punct or len(words) >= vocab.fragment_min_words_bare)):
                return None
            cue = tail if tail is not None else self.phrase_cue(st, first_tok, last_tok)
        q.attribute(cue)
        return q

    def lead_cue(self, n: int, st: QuotedStretch, q: Found) -> tuple[Cue | None, bool]:
        """The cue before the opening mark, and whether the quote is introduced as an utterance:
        what leads into the mark tells a whole utterance from a phrase quoted inside someone's
        sentence (He called it “a brazen fraud.”). Sets `q.at_paragraph_start`."""
        text, vocab = self.text, self.vocab
        p_lo = self.paras[st.paragraph][0]
        lead: Cue | None = None
        if st.opened is None:
            q.at_paragraph_start, introduced = True, True
        else:
            prev = self.stretches[n - 1] if n and self.stretches[n - 1].paragraph == st.paragraph else None
            lo = prev.closed + 1 if prev is not None and prev.closed is not None else p_lo
            before = text[lo:st.opened].rstrip()
            q.at_paragraph_start = not text[p_lo:st.opened].strip()
            clause = self.tok_of[self.clause_start(p_lo, st.opened)], self.tok_of[st.opened]
            if not before or before[-1] in ".!?":
                introduced = True
            elif before[-1] in ":,":
                lead = self.cue_before(*clause, vocab.cue_verbs)
                introduced = before[-1] == ":" or lead is not None
            else:
                introduced = False
            if not introduced:
                lead = None
        if q.at_paragraph_start and lead is None and st.paragraph:
            # "Caddell continued:" or "The New York Times reports:" on a line of its own.
            b_lo, b_hi = self.paras[st.paragraph - 1]
            if text[b_lo:b_hi].rstrip().endswith(":"):
                lo_tok = self.tok_of[self.clause_start(b_lo, b_hi)]
                lead = self.cue_before(lo_tok, self.tok_of[b_hi - 1] + 1, vocab.cue_verbs)
        return lead, introduced

    def phrase_cue(self, st: QuotedStretch, first_tok: int, last_tok: int) -> Cue | None:
        """Who is quoted in a phrase inside a sentence: the speech verb that governs it, else a
        reporting or naming verb before the opening mark."""
        vocab = self.vocab
        p_lo = self.paras[st.paragraph][0]
        p_lo_tok, p_hi_tok = self.para_tokens(st.paragraph)
        cue: Cue | None = None
        for verbs in (self.speech, vocab.indirect_cue_verbs):
            verb = self.governing_cue(first_tok, last_tok, verbs) if cue is None else None
            if verb is not None and p_lo_tok <= verb.i < p_hi_tok:
                subj = self.subject(verb, p_lo_tok, p_hi_tok)
                cue = ((verb.i, verb.i), subj) if subj is not None else None
        if cue is None and st.opened is not None:
            lo_tok = self.tok_of[self.clause_start(p_lo, st.opened)]
            reporting = vocab.cue_verbs | vocab.indirect_cue_verbs
            cue = self.cue_before(lo_tok, self.tok_of[st.opened], reporting | vocab.naming_verbs)
        return cue

    # -- indirect speech --

    def indirect_quotes(self, direct: list[Found]) -> list[Found]:
        """Reported speech: a reporting verb's clause, and what "according to X" sources."""
        doc, text, vocab = self.doc, self.text, self.vocab
        spans = [(q.start, q.end) for q in direct]
        found: list[Found] = []
        openers = {phrase[0] for phrase in vocab.according_to if phrase}
        for tok in doc_tokens(doc):
            if self.quoted[tok.i]:
                continue
            # most words open no "according to" phrase: one look at the first word rules them out
            n = _phrase_at(doc, tok.i, vocab.according_to) if tok.lower_ in openers else 0
            if n:
                q = self.according(tok, n)
            elif self.is_cue_verb(tok, vocab.indirect_cue_verbs) and not any(c.dep_ == "neg" for c in tok.children):
                q = self.reported_clause(tok)
            else:
                continue
            if q is None or q.speaker is None:
                continue
            # The parser's sentences can run across paragraphs (a headline and the first line).
            q.paragraph = self.para_of_tok[tok.i]
            p_lo, p_hi = self.paras[q.paragraph]
            if not p_lo <= doc[q.speaker[0]].idx < p_hi:
                continue
            q.start, q.end = trim(text, max(q.start, p_lo), min(q.end, p_hi))
            # A quotation that opens inside the reported clause closes inside it too.
            for st in self.stretches:
                if st.opened is not None and q.start <= st.opened < q.end and st.closed is not None:
                    q.end = max(q.end, st.closed + 1)
            covered = sum(max(0, min(q.end, e) - max(q.start, s)) for s, e in spans)
            if (q.end - q.start < self.min_reported_chars
                    or len(_WORD.findall(text[q.start:q.end])) < self.min_reported_words
                    or covered >= 0.6 * (q.end - q.start)):
                continue
            found.append(q)
        return found

    def content_bounds(self, first: int, last: int) -> tuple[int, int] | None:
        """Characters of tokens [first, last] without a leading "that" or punctuation at the ends."""
        doc = self.doc
        while first <= last and (doc[first].is_punct or doc[first].is_space
                                 or (doc[first].lower_ == "that" and doc[first].dep_ == "mark")):
            first += 1
        while last >= first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        if first > last:
            return None
        return doc[first].idx, doc[last].idx + len(doc[last].text)

    def reported_clause(self, verb: Token) -> Found | None:
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            return None
        sent = verb.sent
        speaker = self.subject(verb, sent.start, sent.end)
        if speaker is None or speaker.dep_ == "expl" or speaker.lower_ == "there":
            return None
        if clause.left_edge.i <= speaker.i <= clause.right_edge.i:
            return None
        bounds = self.content_bounds(clause.left_edge.i, clause.right_edge.i)
        if bounds is None:
            return None
        q = Found(bounds[0], bounds[1], False, 0)
        q.attribute(((verb.i, verb.i), speaker))
        return q

    def according(self, tok: Token, n: int) -> Found | None:
        doc = self.doc
        sent = tok.sent
        source = self.according_source(tok.i, n, sent.end)
        if source is None:
            return None
        phrase_end = max(doc[tok.i + n - 1].right_edge.i, source.right_edge.i)
        first, last = sent.start, sent.end - 1
        if tok.i - first <= 1:                 # According to X, … .
            bounds = self.content_bounds(phrase_end + 1, last)
        elif phrase_end >= last - 1:           # …, according to X.
            bounds = self.content_bounds(first, tok.i - 1)
        elif tok.i - first >= last - phrase_end:
            bounds = self.content_bounds(first, tok.i - 1)
        else:
            bounds = self.content_bounds(phrase_end + 1, last)
        if bounds is None:
            return None
        q = Found(bounds[0], bounds[1], False, 0)
        q.attribute(((tok.i, tok.i + n - 1), source))
        return q

    # -- speakers carried over --

    def carry_speakers(self, quotes: list[Found]) -> None:
        """A quote without a cue of its own is the last speaker's: within its paragraph (“…,”
        said X. “…”), and in a quote paragraph right after a paragraph whose last quote had a
        speaker, or, short of one, whose last speech verb had a subject ("She called the bank's
        conduct “outrageous.”" followed by a paragraph of her words)."""
        by_para: dict[int, list[Found]] = {}
        for q in sorted(quotes, key=lambda q: q.start):
            by_para.setdefault(q.paragraph, []).append(q)
        for number in sorted(by_para):
            qs = by_para[number]
            own = [q for q in qs if q.speaker is not None]
            open_ones = [q for q in qs if q.speaker is None and q.direct and q.utterance and q.cue is None]
            if not open_ones:
                continue
            if own:
                for q in open_ones:
                    # the last speaker before it, else the next direct quote's (“…” “…,” X said.);
                    # reported speech after a quote starts a new sentence about something else
                    earlier = [o for o in own if o.start < q.start]
                    later = [o for o in own if o.start > q.start and o.direct]
                    giver = earlier[-1] if earlier else later[0] if later else None
                    if giver is not None:
                        _take_speaker(q, giver)
                continue
            if not (qs[0].direct and qs[0].at_paragraph_start) or number == 0:
                continue
            giver = next((q for q in reversed(by_para.get(number - 1, [])) if q.speaker is not None), None)
            if giver is None:
                giver = self.last_speaker_in(number - 1)
            if giver is not None:
                for q in open_ones:
                    _take_speaker(q, giver)

    def last_speaker_in(self, number: int) -> Found | None:
        """The subject of the last speech verb of a paragraph, as a quote to carry from."""
        lo, hi = self.para_tokens(number)
        for tok in reversed(self.doc[lo:hi]):
            if self.is_cue_verb(tok, self.speech):
                subj = self.subject(tok, lo, hi)
                if subj is None or subj.pos_ not in ("PROPN", "PRON"):
                    return None
                giver = Found(*self.paras[number], False, number)
                giver.attribute((None, subj))
                return giver
        return None

    def entity_id(self, head: int, bounds: tuple[int, int]) -> str | None:
        """The id of the entity the speaker's name, title or pronoun belongs to, when known."""
        doc = self.doc
        if not doc._.rs_entities:
            return None
        first, last = _name_bounds(doc[head])
        ent = entity_at(doc, doc[first].idx, doc[last].idx + len(doc[last].text))
        if ent is None and doc[head].pos_ == "PROPN":
            ent = entity_at(doc, doc[bounds[0]].idx, doc[bounds[1]].idx + len(doc[bounds[1]].text))
        return ent.id if ent is not None else None


def _take_speaker(q: Found, giver: Found) -> None:
    q.speaker, q.speaker_head = giver.speaker, giver.speaker_head
