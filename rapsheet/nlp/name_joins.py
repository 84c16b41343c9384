"""Names the model cut or missed that one more look joins: a company read back from its legal
form ("Harbor Marine Partners LP"), a group's name cut at its particle ("Los Halcones del Norte").
Each takes the entity spans so far and gives them back with the joined names (rapsheet_ner_repair
runs them after its own repairs).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from rapsheet.data import words
from rapsheet.nlp.extensions import doc_text, doc_tokens, doc_words
from rapsheet.nlp.name_lines import title_case_line
from rapsheet.nlp.name_words import PARTICLES, SENTENCE_OPENERS, capitalised, name_after, title_words

# Abbreviated legal forms ("LP", "Inc.", "GmbH"), never a word a headline may hold ("Company",
# "Limited"), nor one that is often something else ("Co", "AG", "SA").
ABBREVIATED_FORMS = frozenset(w for w in words().legal_forms.token_words(without=("co", "ag", "SA"))
                              if len(w) <= 5)
# the articles a Spanish group's name opens on ("Los Zetas", "Las Tías")
PLURAL_ARTICLES = frozenset({"los", "las"})


def legal_form_companies(doc: Doc, spans: list[Span]) -> list[Span]:
    """Companies the model missed or cut, read back from their legal form: "Harbor Marine Partners
    LP agreed to pay", "Quillon Freight LLC" (the capitalised words before the form, taking in a
    piece of the name the model found)."""
    toks = doc_tokens(doc)
    by_token = {i: sp for sp in spans for i in range(sp.start, sp.end)}
    text = doc_text(doc)
    out = list(spans)
    # a legal form is capitalised: the other tokens are passed over by their text
    for i in (i for i, w in enumerate(doc_words(doc)) if w[:1].isupper()):
        tok = toks[i]
        if i == 0 or not tok.text[:1].isupper() or tok.lower_.strip(".") not in ABBREVIATED_FORMS \
                or by_token.get(i) is not None or title_case_line(text, tok.idx):
            continue
        start = i
        while start > 0 and i - start < 6 and capitalised(toks[start - 1]) \
                and toks[start - 1].text not in SENTENCE_OPENERS and toks[start - 1].lower_ not in title_words():
            piece = by_token.get(start - 1)
            if piece is not None and (piece.id_ or piece.label_ not in ("ORG", "PERSON", "GPE", "NORP")):
                break
            start = piece.start if piece is not None else start - 1
        if start == i:
            continue
        joined = Span(doc, start, i + 1, label="ORG")
        out = [sp for sp in out if not (sp.start < joined.end and joined.start < sp.end)] + [joined]
    return sorted(out, key=lambda sp: sp.start)


JOINED_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")


def particle_joined(doc: Doc, spans: list[Span]) -> list[Span]:
    """A group's name the model cut at its particle: "Los Halcones" (a place) + "del" + "Norte" (a
    person, or no entity) is one organisation, "Los Halcones del Norte". Joined where one piece is
    an organisation or the name opens on a plural article ("Los", "Las": a gang's or a clan's)."""
    toks = doc_tokens(doc)
    spans = sorted(spans, key=lambda s: s.start)
    starts = {sp.start: sp for sp in spans}
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    out: list[Span] = []
    skip: set[int] = set()
    for sp in spans:
        if sp.start in skip:
            continue
        j = sp.end
        while j < len(doc) and j - sp.end < 2 and toks[j].text in PARTICLES:
            j += 1
        right = starts.get(j)
        if sp.id_ or sp.label_ not in JOINED_LABELS or j == sp.end or j >= len(doc) \
                or not capitalised(toks[j]) or toks[j].text in SENTENCE_OPENERS:
            out.append(sp)
            continue
        end: int | None
        if right is not None:
            end = right.end if right.label_ in JOINED_LABELS and not right.id_ else None
            labels = [sp.label_, right.label_]
        else:
            end = name_after(doc, j)
            labels = [sp.label_]
            if any(k in covered for k in range(j, end)):
                end = None
        if end is None or end <= j or not ("ORG" in labels or toks[sp.start].lower_ in PLURAL_ARTICLES):
            out.append(sp)
            continue
        if right is not None:
            skip.add(right.start)
        out.append(Span(doc, sp.start, end, label="ORG"))
    return out
