"""An Article's content hash travels with it: pickled by a worker, the writing process stores the
hash the worker worked out without hashing the text again, and a text changed since is hashed anew."""
from __future__ import annotations

import pickle

from rapsheet import model
from rapsheet.model import Article


def test_a_pickled_article_brings_its_hash_and_a_changed_text_is_hashed_again(monkeypatch):
    article = Article(source="a.txt", text="Carlos Vargas was charged in Miami.")
    digest = article.content_hash
    assert article.id == digest[:16] == model.content_hash(article.text)[:16]
    copy = pickle.loads(pickle.dumps(article))
    hashed: list[str] = []
    real = model.content_hash
    monkeypatch.setattr(model, "content_hash", lambda text: hashed.append(text) or real(text))
    assert copy.content_hash == digest and copy.id == digest[:16] and hashed == []
    copy.text = "Carlos Vargas was sentenced in Miami."
    assert copy.content_hash == real(copy.text) != digest and hashed == [copy.text]
    assert copy == Article(source="a.txt", text=copy.text)
