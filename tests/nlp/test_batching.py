"""Ingest reads articles in batches (nlp.pipe): the facts must be those read one at a time."""
from __future__ import annotations

import datetime as dt

from rapsheet.model import Article
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.pipeline import extract_document, extract_documents
from tests.conftest import ROOT

ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def test_a_batch_reads_each_article_as_it_reads_it_alone(pipeline):
    names = ["cdca-armenian-crime-ring-rico-sentencing", "ap-brooklyn-isis-material-support-complaint",
             "bulgaria-court-approves-crypto-founder-extradition", "ap-jury-acquits-former-commissioner-bribery",
             "ap-venezuelan-barber-deported-family-denies-gang"]
    articles = [Article(source=name, text=(ARTICLES / f"{name}.txt").read_text(encoding="utf-8"),
                        published=dt.date(2025, 1, 15)) for name in names]
    alone = [extract_document(a, pipeline).to_json() for a in articles]
    batched = [d.to_json() for d in extract_documents(articles, pipeline, batch_size=4)]
    assert batched == alone
    assert any(d["events"] for d in alone) and all(d["entities"] for d in alone)


def test_the_remembered_text_is_the_docs_text_after_retokenizing(pipeline):
    doc = pipeline.make_doc("Special Agent in Charge Mark Lippa said Ricardo Gómez-Peña was arrested.")
    assert doc_text(doc) == doc.text
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:4])
    assert doc_text(doc) == doc.text == "Special Agent in Charge Mark Lippa said Ricardo Gómez-Peña was arrested."
