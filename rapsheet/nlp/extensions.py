"""The Doc extensions that rapsheet's components read and write.

Each component declares what it reads and writes in its docstring. All hold records from
`rapsheet.model`, with character offsets into `doc.text` (which is `Article.text`).

    doc._.rs_published   datetime.date | None   set by the pipeline from the Article
    doc._.rs_article_id  str | None             set by the pipeline from the Article
    doc._.rs_times       list[TimeExpr]         rapsheet_timex
    doc._.rs_quantities  list[Quantity]         rapsheet_quantities
    doc._.rs_entities    list[Entity]           rapsheet_entities (who is who), rapsheet_attributes,
                                                rapsheet_roles and rapsheet_risk fill them further
    doc._.rs_quotes      list[Quote]            rapsheet_quotes
    doc._.rs_events      list[Event]            rapsheet_events
    doc._.rs_charges     list[Charge]           rapsheet_charges

`doc_text(doc)` is `doc.text`, joined once per Doc (spaCy joins every token on each access);
`doc_ents(doc)` is `doc.ents` as `rapsheet_ner_repair` set them, kept on the Doc (spaCy builds
every entity Span again on each access, and the components after the repair ask ~20 times).
`doc_words(doc)` is the texts of the Doc's tokens, listed once per Doc: `token.text` makes a new
string on every access, and several components read every token's.
`doc_tokens(doc)` is the Doc's Token objects, listed once per Doc: `doc[i]` and `for tok in doc`
build a new Token on every access, and the components between them walked every Doc ~17 times.
A Token reads its Doc's arrays as they stand, so the list stays true as later components set
entities; it would not survive a retokenization, which no component does.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

#: doc.user_data key of the entities `rapsheet_ner_repair` set (no later component sets any).
_ENTS = "rs_ents"
#: doc.user_data key of the texts of the Doc's tokens.
_WORDS = "rs_words"
#: doc.user_data key of the Doc's Token objects.
_TOKENS = "rs_tokens"

_LISTS = ("rs_times", "rs_quantities", "rs_entities", "rs_quotes", "rs_events", "rs_charges")


def register() -> None:
    """Register the extensions once; safe to call again."""
    for name in ("rs_published", "rs_article_id", "rs_text"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in _LISTS:
        if not Doc.has_extension(name):
            # A getter-less default of [] would be shared between Docs, so each component sets a
            # new list; readers use `doc._.rs_x or []`.
            Doc.set_extension(name, default=None)


def keep_ents(doc: Doc, spans: list[Span]) -> None:
    """Set `doc.ents` to `spans` and keep them for `doc_ents`."""
    doc.ents = spans
    doc.user_data[_ENTS] = doc.ents


def doc_ents(doc: Doc) -> Sequence[Span]:
    """`doc.ents`, as `keep_ents` kept them; a Doc it has not seen gets its own."""
    ents = doc.user_data.get(_ENTS)
    # A Doc made from another (Span.as_doc) carries the other's user data: its spans are not ours.
    if ents is None or ents and ents[0].doc is not doc:
        return doc.ents
    return ents


def doc_text(doc: Doc) -> str:
    """`doc.text`, remembered on the Doc (a Doc's text never changes, retokenized or not)."""
    text = doc._.rs_text
    # A Doc made from another (Span.as_doc) carries its extensions, the parent's text among
    # them: a text whose length is not this Doc's is joined afresh.
    if text is None or len(text) != _length(doc):
        text = doc._.rs_text = doc.text
    return text


def _length(doc: Doc) -> int:
    """The length of `doc.text`, from its last token (built once: `doc[-1]` makes a new Token)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def doc_words(doc: Doc) -> list[str]:
    """The texts of `doc`'s tokens, listed once (no component retokenizes)."""
    words = doc.user_data.get(_WORDS)
    # A Doc made from a Span (Span.as_doc) carries the other's user data: its words are not ours
    # unless it is the whole of the other.
    if words is None or len(words) != len(doc):
        words = doc.user_data[_WORDS] = [t.text for t in doc_tokens(doc)]
    return words


def doc_tokens(doc: Doc) -> list[Token]:
    """`list(doc)`, listed once (no component retokenizes)."""
    tokens = doc.user_data.get(_TOKENS)
    # A Doc made from another (Span.as_doc) carries the other's user data: its tokens are not ours.
    if tokens is None or len(tokens) != len(doc) or tokens and tokens[0].doc is not doc:
        tokens = doc.user_data[_TOKENS] = list(doc)
    return tokens


register()
