"""Resolution's co-mentioned subjects (`CoMentions`), read per pair, against every entity's whole
neighbourhood read the plain way: the same sets for every pair, whichever side has many articles
(an office's name in each of its releases) and whether the pair was prepared or asked alone."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import pytest
import sqlalchemy as sa

from rapsheet.store import schema as t
from rapsheet.store.resolution import CoMentions, load_profiles
from tests.store.store_corpus import many_documents


def whole_neighbourhoods(conn) -> dict[str, set[str]]:
    """Each subject's co-mentioned clusters, officials aside, its own aside: from all the rows."""
    e, m, s = t.entities, t.mentions, t.statements
    officials = set(conn.execute(sa.select(s.c.entity_id).where(
        s.c.prop == "role", s.c.value == '"official"')).scalars())
    rows = conn.execute(sa.select(m.c.article_id, e.c.id, e.c.canonical_id).join(e, e.c.id == m.c.entity_id)
                        .where(e.c.type.in_(("person", "organization")))).all()
    in_article: dict[str, set[str]] = defaultdict(set)
    articles_of: dict[str, set[str]] = defaultdict(set)
    canonical = {}
    for article, entity_id, canonical_id in rows:
        articles_of[entity_id].add(article)
        canonical[entity_id] = canonical_id
        if entity_id not in officials:
            in_article[article].add(canonical_id)
    return {x: set().union(*(in_article[a] for a in arts)) - {canonical[x]} for x, arts in articles_of.items()}


@pytest.mark.parametrize("whole_max", [0, 2, 1000])
def test_shared_subjects_are_those_of_the_whole_neighbourhoods(store, monkeypatch, whole_max):
    monkeypatch.setattr(CoMentions, "WHOLE_MAX", whole_max)
    for document in many_documents(24):
        store.add(document, resolve=False)
    # Two defendants judged one subject: their cluster is one canonical id, left out of a pair's share.
    people = sorted(r["id"] for r in store.entities(limit=200) if r["type"] == "person" and r["name"] != "Pam Bondi")
    store.judge(people[0], people[1], same=True)
    with store.engine.connect() as conn:
        whole = whole_neighbourhoods(conn)
        profiles = load_profiles(conn, set(whole))
        assert max(len(p.articles) for p in profiles.values()) == 24   # the Department, in each
        pairs = list(combinations(sorted(profiles.values(), key=lambda p: p.id), 2))
        prepared, alone = CoMentions(conn), CoMentions(conn)
        prepared.prepare(pairs)
        found_some = False
        for a, b in pairs:
            expected = (whole[a.id] & whole[b.id]) - {a.canonical_id, b.canonical_id}
            assert prepared.shared(a, b) == expected, (a.name, b.name)
            assert alone.shared(b, a) == expected, (a.name, b.name)
            found_some |= bool(expected)
        assert found_some
