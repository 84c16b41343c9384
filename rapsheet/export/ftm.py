"""Case files -> FollowTheMoney entities, one JSON object a line: a Person or Organization per
subject (names, aliases, birthDate years, nationality or country, topics from its risk
categories as mapped in rapsheet/data/ftm.yaml), an Article per source article, and a
Documentation linking each article to the subjects it tells of (role: their roles there;
summary: each allegation it supports, with its sentence; the article's date and sourceUrl), and a
Sanction per designation (from a sanctions list, or reported by the articles).

Entities are built through the `followthemoney` model, so what is written is what the library
accepts; ids are "rapsheet-<entity id>", "rapsheet-article-<article id>".
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from followthemoney import model

from rapsheet.importers.entries import ftm_config
from rapsheet.model import short_hash
from rapsheet.screen.index import listing_words
from rapsheet.stages import describe, status_of

PREFIX = "rapsheet"


def topics_for(risks: list[dict], listed: bool = False) -> list[str]:
    """OpenSanctions topics of a subject with these risks (and, with `listed`, a sanctions-list
    entry): each active risk's category topics, `crime` beside any crime topic, `sanction` for a
    designation. A cleared allegation (acquitted, dismissed, delisted) gives none."""
    config = ftm_config()
    topics: list[str] = []
    for risk in risks:
        if status_of(risk["stage"]) == "cleared":
            continue                  # acquitted, dismissed, delisted: no crime topic
        found = config["topics"].get(risk["category"], []) + config.get("stage_topics", {}).get(risk["stage"], [])
        if any(t.startswith("crime") for t in found):
            found = found + ["crime"]
        for topic in found:
            if topic not in topics:
                topics.append(topic)
    if listed and "sanction" not in topics:
        topics.append("sanction")
    return topics


def _sanction(key: tuple, subject_id: str, properties: dict) -> dict:
    sanction = model.make_entity("Sanction")
    sanction.id = f"{PREFIX}-sanction-{short_hash(*key)}"
    sanction.add("entity", subject_id)
    for prop, value in properties.items():
        sanction.add(prop, value)
    return sanction.to_dict()


def _sanctions(case: dict, subject_id: str, urls: dict[str, str]) -> Iterator[dict]:
    """A `Sanction` per designation: each listing of an imported sanctions-list entry, and each
    designation the articles report (a risk at stage sanctioned), with its evidence."""
    for entry in case.get("sanctions", []):
        for d in entry.get("designations") or [{"program": entry.get("program"),
                                                "authority": entry.get("authority"),
                                                "date": entry.get("date"), "list": entry.get("list")}]:
            listed_on = d.get("list") or entry["dataset"]
            yield _sanction((case["id"], entry["dataset"], entry["id"], json.dumps(d, sort_keys=True, default=str)),
                            subject_id, {"authority": d.get("authority"), "program": d.get("program"),
                                         "listingDate": d.get("date"), "sourceUrl": d.get("source_url"),
                                         "recordId": entry["id"], "publisher": listed_on,
                                         "summary": listing_words({**d, "list": listed_on})})
    for risk in case["risks"]:
        # Listings of an imported entry are above; here those the articles report.
        if risk.get("proceeding") != "sanctions" or not any(src.get("article") for src in risk["sources"]):
            continue
        yield _sanction((case["id"], risk["category"], risk.get("date") or ""), subject_id, {
            "authority": risk.get("authority"), "program": risk.get("program"),
            "startDate": risk.get("date"), "status": risk.get("status"),
            "reason": risk.get("allegation") or describe(risk),
            "summary": [src["text"] for src in risk["sources"] if src.get("text")][:3],
            "sourceUrl": [urls[src["article"]] for src in risk["sources"] if src.get("article") in urls]})


def _evidence_by_article(case: dict) -> dict[str, list[str]]:
    """Per article, the allegations it supports with the sentence it says them in."""
    found: dict[str, list[str]] = {}
    for risk in case["risks"]:
        phrase = risk.get("allegation") or describe(risk)
        for src in risk.get("sources", []):
            if src.get("article") and src.get("text"):
                line = f"{phrase}: {src['text']}"
                if line not in found.setdefault(src["article"], []):
                    found[src["article"]].append(line)
    return found


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
    subject.add("topics", topics_for(case["risks"], listed=bool(case.get("sanctions"))))
    subject.add("notes", [describe(r) for r in case["risks"]])
    subject.add("sourceUrl", [a["url"] for a in case["articles"] if a.get("url")])
    subject.add("program", [s["program"] for s in case.get("sanctions", []) if s.get("program")])
    yield subject.to_dict()
    urls = {a["id"]: a["url"] for a in case["articles"] if a.get("url")}
    yield from _sanctions(case, subject.id, urls)
    evidence = _evidence_by_article(case)
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
        # The evidence: what the article alleges of the subject, in its own sentence.
        link.add("summary", evidence.get(article["id"], []))
        link.add("date", article.get("published"))
        link.add("sourceUrl", article.get("url"))
        yield link.to_dict()


def write_ftm(cases: Iterable[dict], out: TextIO) -> int:
    done: set[str] = set()
    n = 0
    for case in cases:
        for entity in case_entities(case, done):
            out.write(json.dumps(entity, ensure_ascii=False) + "\n")
        n += 1
    return n
