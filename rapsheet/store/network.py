"""Who is tied to whom, around one entity: its network as nodes and typed edges, each edge with
the article and character span of the sentence that ties them.

Takes a `Store` and an entity id (or name); gives {center, nodes, edges} or None. Nodes are
people and organisations (by their cluster's canonical entity) and articles; an edge is one of
`co-defendant` (both defendants in one reported event), `member of` (an attribute read from the
text), `agent` (an agency acting in an event the entity is a defendant of), `quoted in` and
`named in` (the entity and an article). Each edge keeps its evidence: {article, start, end}.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from rapsheet.store import schema as t
from rapsheet.store.rows import name_key

#: The most people and organisations drawn around one entity.
MAX_NODES = 60


def network(store, entity_id: str) -> dict | None:
    case = store.case_file(entity_id)
    if case is None:
        return None
    cid, members = case["id"], case["members"]
    nodes: dict[str, dict] = {cid: {"id": cid, "kind": case["type"], "label": case["name"], "center": True}}
    edges: list[dict] = []

    def edge(source: str, target: str, kind: str, article: str | None, start=None, end=None) -> None:
        key = (source, target, kind)
        if any((e["source"], e["target"], e["type"]) == key for e in edges):
            return
        edges.append({"id": f"e{len(edges)}", "source": source, "target": target, "type": kind,
                      "evidence": {"article": article, "start": start, "end": end}})

    ev, e = t.events, t.entities
    mine = ev.alias("mine")
    with store.engine.connect() as conn:
        # Others in the events this entity is a defendant of: co-defendants, and the agents.
        rows = conn.execute(
            sa.select(e.c.canonical_id, ev.c.role, ev.c.article_id, ev.c.data)
            .select_from(ev.join(mine, sa.and_(mine.c.article_id == ev.c.article_id,
                                               mine.c.event_id == ev.c.event_id))
                         .join(e, e.c.id == ev.c.entity_id))
            .where(mine.c.entity_id.in_(members), mine.c.role == "defendant",
                   ev.c.role.in_(("defendant", "agent")), ev.c.entity_id.not_in(members))
            .order_by(ev.c.article_id, ev.c.event_id)).all()
        others = {r[0] for r in rows}
        # What the text says this entity is a member of, found among stored organisations.
        member_of = [s for s in case["attributes"].get("member_of", [])]
        keys = {name_key(str(v["value"])) for v in member_of}
        orgs = dict(conn.execute(sa.select(e.c.name_key, e.c.canonical_id)
                                 .where(e.c.name_key.in_(keys), e.c.type == "organization")).all()) if keys else {}
        names = dict(conn.execute(sa.select(e.c.id, e.c.name).where(e.c.id.in_(others | set(orgs.values()))))
                     .all()) if others or orgs else {}
        types = dict(conn.execute(sa.select(e.c.id, e.c.type).where(e.c.id.in_(others | set(orgs.values()))))
                     .all()) if others or orgs else {}

    for other, role, article, data in rows:
        if other not in nodes and len(nodes) >= MAX_NODES:
            continue
        nodes.setdefault(other, {"id": other, "kind": types.get(other, "other"), "label": names.get(other, other)})
        evidence = (json.loads(data).get("evidence") or json.loads(data).get("trigger") or {})
        edge(cid, other, "co-defendant" if role == "defendant" else "agent", article,
             evidence.get("start"), evidence.get("end"))
    for value in member_of:
        org = orgs.get(name_key(str(value["value"])))
        target = org or f"name:{value['value']}"
        nodes.setdefault(target, {"id": target, "kind": "organization",
                                  "label": names.get(org, str(value["value"])) if org else str(value["value"])})
        source: dict = next((s for s in value["sources"] if s.get("article")), {})
        edge(cid, target, "member of", source.get("article"), source.get("start"), source.get("end"))
    quoted: dict[str, dict] = {}
    for q in case["quotes"]:
        quoted.setdefault(q["article"], q)
    for a in case["articles"]:
        node = f"article:{a['id']}"
        nodes[node] = {"id": node, "kind": "article", "label": a.get("title") or a.get("headline") or "an article",
                       "article": a["id"], "published": a.get("published")}
        q = quoted.get(a["id"])
        if q:
            edge(cid, node, "quoted in", a["id"], q.get("start"), q.get("end"))
        else:
            edge(cid, node, "named in", a["id"])
    return {"center": cid, "name": case["name"], "nodes": list(nodes.values()), "edges": edges}
