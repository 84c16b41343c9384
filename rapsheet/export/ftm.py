"""Case files -> FollowTheMoney entities, one JSON object a line: a Person or Organization per
subject (names, aliases, birthDate years, nationality or country, topics from its risk
categories as mapped in rapsheet/data/ftm.yaml), an Article per source article, and a
Documentation linking each article to the subjects it tells of (role: their roles there).

Entities are built through the `followthemoney` model, so what is written is what the library
accepts; ids are "rapsheet-<entity id>", "rapsheet-article-<article id>".
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from followthemoney import model

from rapsheet.importers import ftm_config
from rapsheet.model import short_hash
from rapsheet.stages import describe, status_of

PREFIX = "rapsheet"


def topics_for(risks: list[dict]) -> list[str]:
    config = ftm_config()
    topics: list[str] = []
    for risk in risks:
        if status_of(risk["stage"]) == "cleared":
            continue                  # acquitted, dismissed, delisted: no crime topic
        for topic in config["topics"].get(risk["category"], []) + config.get("stage_topics", {}).get(risk["stage"], []):
            if topic not in topics:
                topics.append(topic)
    return topics


def _years(case: dict) -> list[str]:
    years: set[int] = set()
    for v in case["attributes"].get("birth_year", []):
        value = v["value"]
        if isinstance(value, list) and len(value) == 2:
            years.update(range(value[0], value[1] + 1))
        elif isinstance(value, int):
            years.add(value)
    return [str(y) for y in sorted(years)]


def case_entities(case: dict, articles_done: set[str] | None = None) -> Iterator[dict]:
    """The FollowTheMoney entities of one case file."""
    schema = "Person" if case["type"] == "person" else "Organization"
    subject = model.make_entity(schema)
    subject.id = f"{PREFIX}-{case['id']}"
    subject.add("name", case["name"])
    subject.add("alias", [a for a in case["aliases"] if a != case["name"]])
    countries = [v["value"].lower() for v in case["attributes"].get("nationality", [])
                 if isinstance(v["value"], str)]
    if schema == "Person":
        subject.add("birthDate", _years(case))
        subject.add("nationality", countries)
    else:
        subject.add("country", countries + [v["value"].lower() for v in case["attributes"].get("country", [])
                                            if isinstance(v["value"], str)])
    subject.add("topics", topics_for(case["risks"]))
    subject.add("notes", [describe(r) for r in case["risks"]])
    subject.add("sourceUrl", [a["url"] for a in case["articles"] if a.get("url")])
    subject.add("program", [s["program"] for s in case.get("sanctions", []) if s.get("program")])
    yield subject.to_dict()
    roles_by_article: dict[str, list[str]] = {}
    for role in case["roles"]:
        for article_id in role["articles"]:
            roles_by_article.setdefault(article_id, []).append(role["role"])
    for article in case["articles"]:
        doc = model.make_entity("Article")
        doc.id = f"{PREFIX}-article-{article['id']}"
        if articles_done is None or doc.id not in articles_done:
            doc.add("title", article.get("title"))
            doc.add("name", article.get("title") or article.get("source"))
            doc.add("publishedAt", article.get("published"))
            doc.add("sourceUrl", article.get("url"))
            doc.add("author", article.get("author"))
            doc.add("fileName", article.get("source"))
            if articles_done is not None:
                articles_done.add(doc.id)
            yield doc.to_dict()
        link = model.make_entity("Documentation")
        link.id = f"{PREFIX}-doc-{short_hash(case['id'], article['id'])}"
        link.add("document", doc.id)
        link.add("entity", subject.id)
        link.add("role", roles_by_article.get(article["id"], []))
        yield link.to_dict()


def write_ftm(cases: Iterable[dict], out: TextIO) -> int:
    done: set[str] = set()
    n = 0
    for case in cases:
        for entity in case_entities(case, done):
            out.write(json.dumps(entity, ensure_ascii=False) + "\n")
        n += 1
    return n
