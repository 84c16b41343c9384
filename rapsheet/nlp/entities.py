"""Who is who inside one article: every mention of a person or organisation joined to one entity.

Reads `doc.ents` (after the gazetteer ruler and `rapsheet_ner_repair`), the parse and the word
lists in rapsheet/data/coref.yaml; writes `doc._.rs_entities`, a list of `rapsheet.model.Entity`
whose mentions are names ("Jose Enrique Martinez Flores", "Flores", "TdA"), nominals ("the
Venezuelan national", "the 24-year-old", "the gang", "the Attorney General") and pronouns ("he",
"its"). Titles standing before a name ("Attorney General Pam Bondi") are remembered on the entity
as `entity.attributes["title"]` so "the Attorney General" can find its holder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rapsheet.data import load
from rapsheet.model import Entity, Mention, short_hash
from rapsheet.nlp import extensions  # noqa: F401
from rapsheet.nlp.extensions import doc_ents, doc_text, doc_tokens
from rapsheet.nlp.name_words import (
    acronym,
    without_legal_form,
    learn_lexicon,
    canonical_name,
    coref_words,
    criminal_org_ids,
    gazetteer_names,
    lede_description_pattern,
    nominal_mention_pattern,
    official_titles,
    surname_read_as_place,
    title_before,
    title_index,
    title_key,
)
from rapsheet.text import fold_case, name_tokens

TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
                 "FAC": "location", "LAW": "other"}
NAME_PARTICLES = {"de", "del", "la", "las", "los", "da", "do", "dos", "das", "van", "von", "der",
                  "den", "bin", "ibn", "al", "el", "y", "e", "di", "le", "du", "st", "st."}
APOSTROPHES = ("'s", "’s", "'", "’")
# What may stand between a title and the name it belongs to: capitalised title words and their
# connectors ("Assistant Attorney General for National Security Elliot J. Pfeiffer").
TITLE_GAP = re.compile(r"(?:[\s.&'’-]|\b(?:[A-Z][\w.&'’-]*|of|for|the|and|in|on|to)\b)*")
ACCUSED_VERBS = frozenset({"plead", "sentence", "charge", "arrest", "convict", "indict", "face",
                           "admit", "accuse", "extradite", "deport", "detain", "acquit", "confess",
                           "remain", "flee", "allege"})
KINSHIP = re.compile(r"\b(?:father|mother|wife|husband|son|daughter|brother|sister|cousin|uncle|"
                     r"aunt|nephew|niece|girlfriend|boyfriend|spouse|widow|widower|stepfather|"
                     r"stepmother|stepson|stepdaughter|grandfather|grandmother|grandson|"
                     r"granddaughter|fiancée?)\s*,?\s*$", re.I)



@dataclass(slots=True)
class _Cluster:
    type: str
    label: str
    key: str
    mentions: list[Mention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    gazetteer_id: str | None = None
    title: tuple[str, str, int, int] | None = None   # (title, kind, start, end)
    gender: str | None = None
    subject_sents: set[int] = field(default_factory=set)
    first: int = 0
    kin: bool = False          # introduced as someone's relative: a different person

    @property
    def tokens(self) -> set[str]:
        out: set[str] = set()
        for name in self.names:
            out.update(name_tokens(name))
        return out

    def longest_name(self) -> str:
        return max(self.names, key=lambda n: (len(name_tokens(n)), len(n)))


def _trim(text: str, span: Span) -> tuple[int, int]:
    """Character bounds of a name without a leading 'the' and a trailing possessive."""
    start, end = span.start_char, span.end_char
    if text[start:end].lower().startswith("the ") and span.label_ != "PERSON":
        start += 4
    for suffix in APOSTROPHES:
        if text[start:end].endswith(suffix) and end - len(suffix) > start:
            end -= len(suffix)
            break
    return start, end


def _is_subject(span: Span) -> bool:
    return span.root.dep_ in ("nsubj", "nsubjpass") or span.root.head.dep_ in ("nsubj", "nsubjpass") \
        and span.root.dep_ in ("appos", "compound")


class EntityFinder:
    """Builds the clusters of one Doc."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.clusters: list[_Cluster] = []
        self.sent_of = {}
        for i, sent in enumerate(doc.sents):
            for k in range(sent.start, sent.end):
                self.sent_of[k] = i
        self.taken: list[tuple[int, int]] = []
        self._victims: set[int] | None = None

    # -- names ---------------------------------------------------------------------------
    def add_names(self) -> None:
        doc = self.doc
        persons = []
        for ent in doc_ents(doc):
            etype = TYPE_OF_LABEL.get(ent.label_)
            if etype is None:
                continue
            start, end = _trim(self.text, ent)
            if end <= start:
                continue
            text = self.text[start:end]
            mention = Mention(start, end, text, "name")
            if etype == "person" or etype == "location" and surname_read_as_place(doc, ent):
                persons.append((ent, mention))
                continue
            self._add_named(ent, etype, mention)
        # People: full names first, so a surname alone joins the full name it belongs to.
        persons.sort(key=lambda pm: -len(name_tokens(pm[1].text)))
        for ent, mention in persons:
            self._add_person(ent, mention)

    def _add_named(self, ent: Span, etype: str, mention: Mention) -> None:
        words = name_tokens(mention.text)
        if etype == "organization":
            words = without_legal_form(words)
        key = ent.ent_id_ or " ".join(words)
        cluster = None
        for c in self.clusters:
            if c.type != etype:
                continue
            if c.key == key or (ent.ent_id_ and c.gazetteer_id == ent.ent_id_):
                cluster = c
                break
            # "DOJ" and "Department of Justice" in one article.
            if etype == "organization" and len(words) == 1 and words[0].upper() == acronym(
                    name_tokens(c.longest_name())) and len(words[0]) >= 2:
                cluster = c
                break
        if cluster is None:
            cluster = _Cluster(etype, ent.label_, key, gazetteer_id=ent.ent_id_ or None,
                               first=mention.start)
            self.clusters.append(cluster)
        elif etype == "organization" and len(words) > 1 and not cluster.gazetteer_id:
            pass
        cluster.mentions.append(mention)
        cluster.names.append(mention.text)
        self.taken.append((mention.start, mention.end))
        # An acronym in parentheses right after a name is the same organisation.
        after = self.text[mention.end:mention.end + 14]
        m = re.match(r"\s*\(([A-Z][A-Za-z&.\-]{1,10})\)", after)
        if m and etype == "organization":
            cluster.names.append(m.group(1))
            cluster.key = cluster.key or m.group(1)

    def _add_person(self, ent: Span, mention: Mention) -> None:
        words = set(name_tokens(mention.text)) - NAME_PARTICLES
        kin = bool(KINSHIP.search(self.text[max(0, mention.start - 30):mention.start]))
        best = None
        if not (kin and len(words) >= 2):
            # A name joins a fuller one it is part of ("Flores", "Martinez Flores"). When several
            # hold it, the bare surname is the story's subject: someone named before it, not
            # introduced as a relative ("his wife, Meera Venkataraman"), the earliest named.
            candidates = []
            for c in self.clusters:
                if c.type != "person" or not words:
                    continue
                ctoks = c.tokens - NAME_PARTICLES
                if words <= ctoks or (len(words) >= 2 and ctoks and ctoks <= words and not c.kin):
                    before = any(m.start < mention.start for m in c.mentions)
                    candidates.append((not c.kin, before, -c.first, c))
            if candidates:
                best = max(candidates, key=lambda t: t[:3])[3]
        if best is None:
            best = _Cluster("person", "PERSON", " ".join(sorted(words)), first=mention.start, kin=kin)
            self.clusters.append(best)
        best.mentions.append(mention)
        best.names.append(mention.text)
        best.first = min(best.first, mention.start)
        self.taken.append((mention.start, mention.end))
        if _is_subject(ent):
            best.subject_sents.add(self.sent_of.get(ent.start, -1))
        title = title_before(self.doc, ent.start)
        if title and best.title is None:
            start_tok = title[2]
            best.title = (title[0], title[1], self.doc[start_tok].idx, ent.start_char)
        self._learn_gender(best, ent)

    def _learn_gender(self, cluster: _Cluster, ent: Span) -> None:
        w = coref_words()
        prev = fold_case(self.doc[ent.start - 1].text) if ent.start > 0 else ""
        first = name_tokens(ent.text)[0] if name_tokens(ent.text) else ""
        if prev in w["fem_hon"] or (first in w["fem_names"] and first not in w["masc_names"]):
            cluster.gender = cluster.gender or "fem"
        elif prev in w["masc_hon"] or (first in w["masc_names"] and first not in w["fem_names"]):
            cluster.gender = cluster.gender or "masc"

    # -- surnames the model missed ----------------------------------------------------------
    def add_surnames(self) -> None:
        """ "Isaiah Montgomery, 19, ..." then "Montgomery and Lassiter are charged ...": a lone
        capitalised word the model left untagged is the person named in full
        before it whose surname it is, when exactly one such person was named."""
        in_ent = {i for ent in doc_ents(self.doc) for i in range(ent.start, ent.end)
                  if ent.label_ in ("PERSON", "ORG")}
        by_surname: dict[str, list[_Cluster]] = {}
        for c in self.clusters:
            if c.type == "person" and not c.kin:
                full = [name_tokens(n) for n in c.names if len(name_tokens(n)) >= 2]
                for words in full:
                    if c not in by_surname.setdefault(words[-1], []):
                        by_surname[words[-1]].append(c)
        for tok in doc_tokens(self.doc):
            if tok.i in in_ent or tok.pos_ not in ("PROPN", "NOUN") or not tok.text[:1].isupper() or \
                    tok.is_upper and len(tok.text) > 1:
                continue
            if tok.dep_ in ("compound", "flat") or any(
                    n.pos_ == "PROPN" and n.dep_ in ("compound", "flat") for n in tok.children):
                continue   # part of a longer name ("Montgomery County")
            owners = by_surname.get(fold_case(tok.text), [])
            if len(owners) != 1:
                continue
            owner = owners[0]
            start, end = tok.idx, tok.idx + len(tok.text)
            if not any(m.start < start for m in owner.mentions) or \
                    any(s < end and start < e for s, e in self.taken):
                continue
            owner.mentions.append(Mention(start, end, tok.text, "name"))
            owner.names.append(tok.text)
            self.taken.append((start, end))

    # -- the lede's description ------------------------------------------------------------
    def add_lede_descriptions(self) -> None:
        """ "A St. Louis man was sentenced ..." then "Jamal Whitaker, 26, ...": a news lede often
        describes its subject before naming him. An indefinite person description in the first
        paragraph, where no person without an office is named, joins the first such person named
        in the next two paragraphs."""
        paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", self.text)]
        paragraphs = [p for p in paragraphs if len(self.text[p[0]:p[1]].split()) >= 8][:3]
        if not paragraphs:
            return
        lede_start, lede_end = paragraphs[0]
        untitled = [c for c in self.clusters if c.type == "person" and c.title is None and not c.kin]
        if any(lede_start <= m.start < lede_end for c in untitled for m in c.mentions):
            return
        m = lede_description_pattern().search(self.text, lede_start, lede_end)
        if not m:
            return
        limit = paragraphs[-1][1]
        later = [(min(x.start for x in c.mentions if x.start > m.end()), c) for c in untitled
                 if any(m.end() < x.start < limit for x in c.mentions)]
        if later:
            target = min(later, key=lambda t: t[0])[1]
            self._add_nominal(target, m.start(), m.end())

    def _add_nominal(self, target: _Cluster, start: int, end: int) -> None:
        target.mentions.append(Mention(start, end, self.text[start:end], "nominal"))
        self.taken.append((start, end))
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
            target.subject_sents.add(self.sent_of.get(span.root.i, -1))

    # -- nominals --------------------------------------------------------------------------
    def add_nominals(self) -> None:
        doc = self.doc
        for m in nominal_mention_pattern().finditer(self.text):
            start, end = m.start(), m.end()
            if any(s < end and start < e for s, e in self.taken):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            # Plurals and compounds ("the defendants", "the gang members") are not one entity.
            nxt = doc[span.end] if span.end < len(doc) else None
            if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.dep_ == "compound":
                continue
            if nxt is not None and nxt.pos_ == "NOUN" and nxt.head == nxt and False:
                continue
            text = self.text[start:end]
            last = fold_case(text.split()[-1])
            # "The developer, Frank Lo Bianco, 66, pleaded guilty": the name in apposition.
            target = self._named_right_after(end) or self._resolve_nominal(text, last, start)
            if target is None:
                continue
            self._add_nominal(target, start, end)

    def _named_right_after(self, end: int) -> _Cluster | None:
        # "The developer, Frank Lo Bianco, 66", "identified the defendant as Carl Benning, 20"
        gap = re.match(r",\s+|\s+as\s+", self.text[end:end + 6])
        if not gap:
            return None
        at = end + gap.end()
        for c in self.clusters:
            if any(m.start == at and m.kind == "name" for m in c.mentions):
                return c
        return None

    def _resolve_nominal(self, text: str, head: str, start: int) -> _Cluster | None:
        w = coref_words()
        folded = fold_case(text)
        before = [c for c in self.clusters if c.first < start]
        # A title stands for its holder: "the Attorney General".
        titled = [c for c in before if c.type == "person" and c.title]
        for c in titled:
            if c.title and folded == "the " + fold_case(c.title[0]):
                return c
        # "the judge" for "U.S. District Judge Diana Saldaña": the title's last word, nearest holder.
        holders = [c for c in titled if c.title and fold_case(c.title[0]).split()[-1] == head]
        if holders:
            return self._most_recent(holders, start)
        if any(folded == "the " + fold_case(t[1]) for t in official_titles()):
            return None
        if head in w["org_nominals"]:
            orgs = [c for c in before if c.type == "organization"]
            if head in w["criminal_nominals"]:
                criminal = [c for c in orgs if c.gazetteer_id in criminal_org_ids()]
                orgs = criminal or [c for c in orgs if not c.gazetteer_id]
            return self._most_recent(orgs, start)
        if head in w["person_nominals"] or "year-old" in folded:
            # The same description again stands for the one it stood for last ("the defendant").
            same = [c for c in before if c.type == "person" and any(
                m.kind == "nominal" and m.start < start and fold_case(m.text) == folded for m in c.mentions)]
            if same:
                return self._most_recent(same, start)
            # A description of a person stands for someone already named who holds no office.
            people = [c for c in before if c.type == "person" and c.title is None]
            return self._most_salient(people, start)
        return None

    def _most_recent(self, clusters: list[_Cluster], pos: int) -> _Cluster | None:
        best, best_pos = None, -1
        for c in clusters:
            last = max((m.start for m in c.mentions if m.start < pos), default=-1)
            if last > best_pos:
                best, best_pos = c, last
        return best

    def _most_salient(self, clusters: list[_Cluster], pos: int) -> _Cluster | None:
        """The person most mentioned so far, the most recent one breaking ties."""
        scored = []
        for c in clusters:
            seen = [m.start for m in c.mentions if m.start < pos]
            if seen:
                scored.append((len(seen) + 2 * len(c.subject_sents), max(seen), c))
        if not scored:
            return None
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        return scored[0][2]

    # -- pronouns --------------------------------------------------------------------------
    def add_pronouns(self) -> None:
        w = coref_words()
        sents = list(self.doc.sents)
        for tok in doc_tokens(self.doc):
            low = tok.lower_
            if low in w["masc"] or low in w["fem"]:
                gender = "masc" if low in w["masc"] else "fem"
                target = self._resolve_pronoun(tok, sents, gender)
            elif low in w["neut"]:
                target = self._resolve_its(tok, sents)
            else:
                continue
            if target is not None:
                target.mentions.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "pronoun"))
                target.gender = target.gender or (gender if low not in w["neut"] else None)

    def _candidates(self, tok: Token, sents: list[Span], etype: str):
        """Mentions before `tok`, in its sentence then up to three sentences back, nearest first."""
        si = self.sent_of.get(tok.i, 0)
        for back in range(0, 4):
            k = si - back
            if k < 0:
                break
            sent = sents[k]
            found = []
            for c in self.clusters:
                if c.type != etype:
                    continue
                for m in c.mentions:
                    if sent.start_char <= m.start < sent.end_char and m.end <= tok.idx and m.kind != "pronoun":
                        found.append((k in c.subject_sents, m.start, c))
            # The subject first; in the pronoun's own sentence the nearest, in an earlier one the
            # first (the sentence's topic: "X pleaded guilty, U.S. Attorney Y announced.").
            found.sort(key=lambda f: (f[0], f[1] if back == 0 else -f[1]), reverse=True)
            for _, _, c in found:
                yield c

    def _clause_subject_clusters(self, tok: Token) -> list[_Cluster]:
        """ "The defendant ran up to him and stabbed him": a pronoun object (not a reflexive) is
        never the subject of its own clause, so the clusters holding that subject are out."""
        if tok.dep_ not in ("dobj", "dative", "pobj") or tok.lower_.endswith(("self", "selves")):
            return []
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            verb = verb.head
        spans = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text))
                 for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return [c for c in self.clusters if any(s <= m.start < e for m in c.mentions for s, e in spans)]

    def _clause_object_clusters(self, tok: Token) -> list[_Cluster]:
        """ "Ellis, whom he had stalked", "after he shot Ellis": a subject pronoun is never the
        object of its own clause, nor the noun its relative clause describes."""
        if tok.dep_ not in ("nsubj",):
            return []
        verb = tok.head
        heads = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        if verb.dep_ == "relcl" and not any(c.dep_ == "nsubj" and c.i != tok.i for c in verb.children):
            heads.append(verb.head)
        spans = [(h.left_edge.idx, h.right_edge.idx + len(h.right_edge.text)) for h in heads]
        return [c for c in self.clusters if any(s <= m.start < e for m in c.mentions for s, e in spans)]

    def _victim_clusters(self) -> set[int]:
        """Clusters named as the one harmed by a crime: the object of "shot", "killed", the
        subject of "was stabbed", the "of" of "the murder of X" (ids of the clusters)."""
        if self._victims is None:
            verbs, nouns = _crime_words()
            heads = []
            for t in doc_tokens(self.doc):
                lemma = t.lemma_.lower()
                if t.dep_ == "dobj" and t.head.lemma_.lower() in verbs:
                    # "Ellis, whom he had stalked": the noun the relative clause describes
                    heads.append(t.head.head if t.lower_ in ("whom", "who", "that") and
                                 t.head.dep_ == "relcl" else t)
                elif t.dep_ == "nsubjpass" and t.head.lemma_.lower() in verbs:
                    heads.append(t)
                elif t.dep_ == "relcl" and lemma in verbs and \
                        any(c.dep_ == "nsubj" for c in t.children) and \
                        not any(c.dep_ in ("dobj", "nsubjpass") or c.lower_ in ("who", "which", "that")
                                for c in t.children):
                    heads.append(t.head)     # "the woman he killed"
                elif t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in nouns \
                        and lemma not in nouns:
                    heads.append(t)
            spans = [(h.left_edge.idx, h.right_edge.idx + len(h.right_edge.text)) for h in heads]
            self._victims = {id(c) for c in self.clusters if c.type == "person" and any(
                s <= m.start < e for m in c.mentions if m.kind == "name" for s, e in spans)}
        return self._victims

    def _acts_as_accused(self, tok: Token) -> bool:
        """A subject pronoun of a legal step ("he was charged") or of a crime ("he shot"), or the
        object of an arrest or a charge ("police arrested him")."""
        lemma = tok.head.lemma_.lower()
        if tok.dep_ == "dobj":
            return lemma in ACCUSED_VERBS
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return False
        return lemma in ACCUSED_VERBS or (tok.dep_ == "nsubj" and lemma in _crime_words()[0])

    def _resolve_pronoun(self, tok: Token, sents: list[Span], gender: str) -> _Cluster | None:
        own_subject = self._clause_subject_clusters(tok) + self._clause_object_clusters(tok)
        candidates = [c for c in self._candidates(tok, sents, "person") if c.gender in (None, gender)
                      and c not in own_subject]
        if self._acts_as_accused(tok):
            # the killer's "he" is never the one he killed
            victims = self._victim_clusters()
            candidates = [c for c in candidates if id(c) not in victims]
        # "He pleaded guilty", "he faces up to 10 years": the one who undergoes the case is the
        # story's defendant, not the official quoted just before; prefer someone without an office.
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in ACCUSED_VERBS:
            for c in candidates:
                if c.title is None:
                    return c
            untitled = [c for c in self.clusters if c.type == "person" and c.title is None
                        and not c.kin and c.gender in (None, gender)]
            untitled = [c for c in untitled if id(c) not in self._victim_clusters()]
            salient = self._most_salient(untitled, tok.idx)
            if salient is not None:
                return salient
        return candidates[0] if candidates else None

    def _resolve_its(self, tok: Token, sents: list[Span]) -> _Cluster | None:
        for c in self._candidates(tok, sents, "organization"):
            return c
        return None

    # -- records ---------------------------------------------------------------------------
    def entities(self, article_id: str | None) -> list[Entity]:
        out = []
        for c in sorted(self.clusters, key=lambda c: min(m.start for m in c.mentions)):
            if c.gazetteer_id and c.gazetteer_id in gazetteer_names():
                name = gazetteer_names()[c.gazetteer_id]
            else:
                # A name wrapped across a line is written on one ("Andrew\nWayne Colter").
                name = " ".join(c.longest_name().split())
            nicknames: list[str] = []
            if c.type == "person":
                name, nicknames = canonical_name(name)
            ent = Entity(id="e-" + short_hash(article_id, c.type, " ".join(name_tokens(name)), size=12),
                         type=c.type, name=name, label=c.label)
            ent.mentions = sorted(c.mentions, key=lambda m: m.start)
            if c.title:
                title, kind, s, e = c.title
                ent.add_attribute("title", title, s, e, "rapsheet_entities")
                ent.add_attribute("title_kind", kind, s, e, "rapsheet_entities")
            for nick in nicknames:
                m = next((m for m in ent.mentions if nick in m.text), ent.mentions[0])
                at = m.start + max(0, m.text.find(nick))
                ent.add_attribute("alias", nick, at, at + len(nick), "rapsheet_entities")
            if c.gazetteer_id:
                ent.add_attribute("gazetteer_id", c.gazetteer_id, ent.mentions[0].start,
                                  ent.mentions[0].end, "rapsheet_entities")
            out.append(ent)
        return out


@cache
def _crime_words() -> tuple[frozenset[str], frozenset[str]]:
    """The verbs and nouns of crimes whose object is the one harmed (rapsheet/data/events.yaml)."""
    rows = [r for r in load("events")["events"].values()
            if r.get("type") == "crime" or r.get("object") == "victim"]
    rows = [r for r in rows if r.get("object") == "victim"]
    return (frozenset(v for r in rows for v in r.get("verbs") or ()) | frozenset(
                load("coref").get("harm_verbs") or ()),
            frozenset(n for r in rows for n in r.get("nouns") or ()))


def find_entities(doc: Doc) -> list[Entity]:
    finder = EntityFinder(doc)
    finder.add_names()
    finder.add_surnames()
    finder.add_lede_descriptions()
    finder.add_nominals()
    finder.add_pronouns()
    return finder.entities(doc._.rs_article_id)


def entity_at(doc: Doc, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping [start, end) the most; failing that, the holder of a
    title written there ("Special Agent" in "said Special Agent in Charge Douglas S. Wray")."""
    best, best_overlap = None, 0
    entities = doc._.rs_entities or []
    for ent in entities:
        for m in ent.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if overlap > best_overlap:
                best, best_overlap = ent, overlap
    if best is None:
        for ent in entities:
            for a in ent.attributes.get("title", []):
                if min(end, a.end) - max(start, a.start) > 0:
                    return ent
        # A title longer than the gazetteer knows: "Assistant Attorney General for National
        # Security Elliot J. Pfeiffer" — the person named right after it, in the same phrase.
        text = doc_text(doc)
        key = title_key(text[start:end])
        index = title_index()
        if not key or not any(key[:n] in index for n in range(len(key) + 1)):
            return None
        following = [(m.start, ent) for ent in entities if ent.type == "person"
                     for m in ent.mentions if m.kind == "name" and end <= m.start <= end + 60]
        for m_start, ent in sorted(following, key=lambda f: f[0]):
            # the words between must still be the title ("for National Security"), not running
            # text: "officers charged with falsifying records in connection with Jeffrey Epstein"
            # names the dead man, not the officers
            if TITLE_GAP.fullmatch(text[end:m_start]):
                return ent
            break
    return best


class EntityComponent:
    """Reads doc.ents and the parse; writes doc._.rs_entities."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        learn_lexicon(nlp)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, find_entities(doc))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, entities: list[Entity]) -> None:
        doc._.rs_entities = entities


@Language.factory("rapsheet_entities", assigns=["doc._.rs_entities"], default_config={},
                  requires=["doc.ents", "token.dep", "token.head", "token.lemma", "token.tag"])
def make_entities(nlp: Language, name: str) -> EntityComponent:
    return EntityComponent(nlp, name)
