"""Assemble the spaCy pipeline and run it: Article -> annotated Doc -> Document.

`build_pipeline()` loads the model named by the `spacy_model` setting, gives its attribute ruler an
indexed matcher (`rapsheet.nlp.attribute_rules`: the same annotations for a fifth of the cost),
puts an EntityRuler fed from rapsheet/data ahead of `ner`, then adds rapsheet's components in the
order of ARCHITECTURE.md.
`extract_document(article)` and `extract_documents(articles)` are what the CLI and API call.
"""
from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from rapsheet.errors import RapsheetError
from rapsheet.model import Article, Document
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.settings import settings

#: (factory name, module that registers it), in pipeline order.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("rapsheet_ner_repair", "rapsheet.nlp.ner_repair"),
    ("rapsheet_timex", "rapsheet.nlp.timex"),
    ("rapsheet_quantities", "rapsheet.nlp.quantities"),
    ("rapsheet_entities", "rapsheet.nlp.entities"),
    ("rapsheet_attributes", "rapsheet.nlp.attributes"),
    ("rapsheet_quotes", "rapsheet.nlp.quotes"),
    ("rapsheet_events", "rapsheet.nlp.events"),
    ("rapsheet_charges", "rapsheet.nlp.charges"),
    ("rapsheet_roles", "rapsheet.nlp.roles"),
    ("rapsheet_risk", "rapsheet.nlp.risk"),
    ("rapsheet_accusations", "rapsheet.nlp.accusations"),
)

#: (factory name, module, the model's component it goes before): components that prepare the
#: model's own reading (sentence starts at line breaks, which the parser respects; the
#: lemmatizer's answers remembered, which it then need not work out again).
EARLY_COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("rapsheet_sentences", "rapsheet.nlp.sentences", "parser"),
    ("rapsheet_lemma_memo", "rapsheet.nlp.lemma_memo", "lemmatizer"),
)

_cache: dict[str, Language] = {}
_lock = threading.Lock()


def load_model(name: str | None = None) -> Language:
    """The plain spaCy pipeline named by the setting (or `name`), with a one-line error if absent."""
    name = name or settings().spacy_model
    try:
        return spacy.load(name)
    except OSError as exc:
        raise RapsheetError(f"spaCy model {name!r} is not installed (set RAPSHEET_SPACY_MODEL "
                            f"to an installed pipeline package): {str(exc).splitlines()[0]}") from exc


def build_pipeline(model: str | None = None) -> Language:
    """A new Language: the model, the gazetteer EntityRuler before `ner`, rapsheet's components."""
    nlp = load_model(model)
    from rapsheet.data import add_entity_ruler
    from rapsheet.nlp.attribute_rules import index_attribute_rules

    index_attribute_rules(nlp)
    add_entity_ruler(nlp)
    for factory, module, before in EARLY_COMPONENTS:
        importlib.import_module(module)
        nlp.add_pipe(factory, before=before if before in nlp.pipe_names else None)
    for factory, module in COMPONENTS:
        importlib.import_module(module)
        nlp.add_pipe(factory)
    return nlp


def get_pipeline(model: str | None = None) -> Language:
    """The pipeline for `model`, built once per process."""
    name = model or settings().spacy_model
    with _lock:
        if name not in _cache:
            _cache[name] = build_pipeline(name)
        return _cache[name]


def make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.rs_text = article.text   # spaCy's tokenizer keeps the text whole: doc.text == it
    doc._.rs_published = article.published
    doc._.rs_article_id = article.id
    return doc


def annotate(article: Article, nlp: Language | None = None) -> Doc:
    """Run the whole pipeline over one article."""
    nlp = nlp or get_pipeline()
    return nlp(make_doc(nlp, article))


def to_document(article: Article, doc: Doc) -> Document:
    """Gather the Doc's records into the contract's Document."""
    entities = [e for e in (doc._.rs_entities or []) if e.mentions]
    return Document(article=article, entities=entities,
                    events=list(doc._.rs_events or []), charges=list(doc._.rs_charges or []),
                    times=list(doc._.rs_times or []), quantities=list(doc._.rs_quantities or []),
                    quotes=list(doc._.rs_quotes or []))


def extract_document(article: Article, nlp: Language | None = None) -> Document:
    """Article -> Document: every fact read from it, nothing stored."""
    return to_document(article, annotate(article, nlp))


def extract_documents(articles: Iterable[Article], nlp: Language | None = None,
                      batch_size: int = 8) -> Iterator[Document]:
    """Many articles through `nlp.pipe`, in input order."""
    nlp = nlp or get_pipeline()
    pending: list[Article] = []

    def flush() -> Iterator[Document]:
        docs = nlp.pipe((make_doc(nlp, a) for a in pending), batch_size=batch_size)
        for article, doc in zip(pending, docs):
            yield to_document(article, doc)
        pending.clear()

    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
