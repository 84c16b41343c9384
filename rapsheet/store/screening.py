"""What screening reads of the store: persons and organisations, their name mentions, the
statements that screening weighs (birth years, nationalities, aliases, roles, sanctions,
allegations not disputed) and the articles their allegations cite.

Takes a connection and entity types; gives `ScreeningRows`, plain rows that
`rapsheet.screen.index.index_from_store` files into an index. Writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from rapsheet.store import schema as t

#: The statements screening reads, besides every `risk:<category>`.
PROPS = ("attribute:birth_year", "attribute:nationality", "attribute:alias", "role", "sanction")


@dataclass(slots=True)
class ScreeningRows:
    entities: list[dict] = field(default_factory=list)        # id, type, name, canonical_id
    mentions: list[tuple[str, str]] = field(default_factory=list)   # (entity id, name as written)
    statements: list[dict] = field(default_factory=list)      # entity_id, prop, value, article_id, start, end
    articles: list[dict] = field(default_factory=list)        # id, text, title, url, source, published


def screening_rows(conn: sa.Connection, types: tuple[str, ...]) -> ScreeningRows:
    e, m, s, a = t.entities, t.mentions, t.statements, t.articles
    of_types = sa.select(e.c.id).where(e.c.type.in_(types))
    rows = ScreeningRows()
    rows.entities = [dict(r._mapping) for r in conn.execute(
        sa.select(e.c.id, e.c.type, e.c.name, e.c.canonical_id).where(e.c.type.in_(types)))]
    rows.mentions = [(r[0], r[1]) for r in conn.execute(
        sa.select(m.c.entity_id, m.c.text).where(m.c.kind == "name", m.c.entity_id.in_(of_types)))]
    rows.statements = [dict(r._mapping) for r in conn.execute(
        sa.select(s.c.entity_id, s.c.prop, s.c.value, s.c.article_id, s.c.start, s.c.end).where(
            s.c.entity_id.in_(of_types), sa.or_(s.c.prop.in_(PROPS), s.c.prop.like("risk:%")),
            # an allegation an analyst disputed leaves screening
            s.c.id.not_in(t.disputed_items("statement"))))]
    cited = {r["article_id"] for r in rows.statements if r["prop"].startswith("risk:")}
    if cited:
        rows.articles = [dict(r._mapping) for r in conn.execute(
            sa.select(a.c.id, a.c.text, a.c.title, a.c.url, a.c.source, a.c.published)
            .where(a.c.id.in_(cited)))]
    return rows
