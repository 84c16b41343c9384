"""Entity resolution time as the store grows: 10k, 30k and 100k articles' worth of entities.

Synthesises articles (no NLP: `Document`s built directly) about a population of people and
groups: each article names two people and the organisation of one of them, a person by one of several forms of
his name (full, accented, "Surname1 Surname2" alone, a nickname given as alias), with an age and a
nationality, and names some officials who share surnames with the accused. The documents are
inserted in bulk (`Store.add(..., resolve=False)`-style rows in one transaction per batch), then
`Store.resolve()` resolves every person and organisation. Gives, per size: entities, blocked
pairs, matches, seconds (wall and CPU: the machine may be shared), microseconds per entity (flat
means linear growth) and its growth from the smallest size to the largest, and against the plain
baseline, grouping by the folded name alone (SQL GROUP BY name_key, the store's behaviour before
resolution), the ratio of times and how many more name forms resolution joins. Accuracy against
the synthetic truth: pairwise precision and recall of the clusters, over name forms keyed as the
store keys them (`name_key`). The name space is small on purpose, so namesakes multiply as the
store grows; a form that several namesakes were called by is one entity in the store and has no
one true answer, so it is left out of the count (and the number of such forms is printed).

    .venv/bin/python benchmarks/resolution.py [--sizes 10000,30000,100000] [--json]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapsheet.model import Article, Attribute, Document, Entity, Mention, Risk  # noqa: E402
from rapsheet.store import open_store  # noqa: E402
from rapsheet.store import schema as t  # noqa: E402
from rapsheet.store.rows import document_rows, name_key  # noqa: E402

GIVEN = ["José", "Juan", "Luis", "Carlos", "Miguel", "Ángel", "Jorge", "Pedro", "Andrés", "Raúl", "Iván",
         "Omar", "Ahmed", "Yusuf", "Dmitri", "Sergei", "Wei", "Li", "Samuel", "David", "Mateo", "Tomás",
         "Nicolás", "Hugo", "Emilio", "Rafael", "Ramón", "Víctor", "Adrián", "Óscar"]
SURNAMES = ["Martínez", "Flores", "García", "Rodríguez", "López", "Hernández", "González", "Pérez",
            "Sánchez", "Ramírez", "Torres", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Ortiz",
            "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Mendoza", "Castillo", "Jiménez", "Vargas",
            "Romero", "Herrera", "Medina", "Aguilar", "Castro", "Volkov", "Petrov", "Haddad",
            "Nasser", "Okafor", "Zhang", "Nguyen", "Kowalski", "Novak", "Silva"]
SYLLABLES = ["chu", "qui", "ne", "gro", "fla", "co", "pa", "to", "mo", "cho", "ri", "el", "zu", "ta"]
COUNTRIES = ["VE", "MX", "CO", "SV", "HN", "GT", "RU", "NG", "CN", "US"]
ORG_WORDS = ["Aragua", "Sinaloa", "Golfo", "Norte", "Pacifico", "Balkan", "Oriente", "Sur", "Andes",
             "Caribe", "Delta", "Sierra", "Costa", "Valle", "Monte"]
ORG_HEADS = ["Cartel", "Gang", "Network", "Clan", "Group", "Brotherhood"]


def fold(name: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def population(size: int, rng: random.Random) -> list[dict]:
    people = []
    for i in range(size):
        given = rng.sample(GIVEN, rng.choice((1, 2)))
        surnames = rng.sample(SURNAMES, 2)
        # A rare third word keeps the population from being mostly namesakes.
        if rng.random() < 0.7:
            surnames[0] = surnames[0] + rng.choice(["", "-"]) + "".join(rng.sample(SYLLABLES, 2)).title() \
                if rng.random() < 0.3 else surnames[0]
            given.append("".join(rng.sample(SYLLABLES, 3)).title())
        full = " ".join(given + surnames)
        people.append({"id": i, "full": full, "short": " ".join(surnames),
                       "nick": "".join(rng.sample(SYLLABLES, 2)).title() + str(i % 97),
                       "born": rng.randint(1955, 2004), "country": rng.choice(COUNTRIES),
                       "official": rng.random() < 0.1, "org": None})
    return people


def forms(person: dict, rng: random.Random) -> tuple[str, list[str]]:
    """One way an outlet names a person, with the aliases it introduces."""
    r = rng.random()
    if r < 0.45:
        return person["full"], []
    if r < 0.7:
        return fold(person["full"]), []
    if r < 0.9:
        return person["full"], [person["nick"]]
    return person["short"], []


def documents(n: int, rng: random.Random) -> tuple[list[Document], dict[str, set[int]]]:
    """The articles, and for each person name form (as the store keys it: `name_key`) the people
    who were called by it: one person, or several namesakes the store files under one entity."""
    people = population(max(50, n // 3), rng)
    orgs = [f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_HEADS)} {i}" for i in range(max(10, n // 50))]
    for person in people:
        person["org"] = rng.choice(orgs)
    truth: dict[str, set[int]] = defaultdict(set)
    docs = []
    published = dt.date(2025, 1, 1)
    for a in range(n):
        text_parts, entities = [], []
        org = rng.choice(orgs)
        for k, person in enumerate(rng.sample(people, 2)):
            org = person["org"]
            name, aliases = forms(person, rng)
            age = 2025 - person["born"]
            sentence = f"{name}, {age}, of {person['country']}, a member of {org}, was charged. "
            start = sum(len(p) for p in text_parts)
            text_parts.append(sentence)
            entity = Entity(f"e{k}", "person", name, mentions=[Mention(start, start + len(name), name)],
                            roles=["official" if person["official"] else "accused"])
            entity.attributes["age"] = [Attribute(age, start, start + len(sentence))]
            entity.attributes["birth_year"] = [Attribute([2024 - age, 2025 - age], start, start + len(sentence))]
            entity.attributes["nationality"] = [Attribute(person["country"], start, start + len(sentence))]
            if not person["official"]:
                entity.attributes["member_of"] = [Attribute(org, start, start + len(sentence))]
                entity.risks.append(Risk("organized_crime", "charged", [(start, start + len(sentence))]))
            for alias in aliases:
                entity.attributes["alias"] = [Attribute(alias, start, start + len(name))]
            entities.append(entity)
            truth[f"person|{name_key(name)}"].add(person["id"])
        start = sum(len(p) for p in text_parts)
        text_parts.append(f"{org} operates widely. Article {a}.")
        entities.append(Entity("e9", "organization", org, mentions=[Mention(start, start + len(org), org)],
                               roles=["accused"]))
        article = Article(source=f"synthetic-{a}", text="".join(text_parts),
                          published=published + dt.timedelta(days=a % 365))
        docs.append(Document(article, entities=entities))
    return docs, truth


def bulk_insert(store, docs: list[Document]) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    with store._writer.begin() as conn:
        for i in range(0, len(docs), 2000):
            batch = [document_rows(d, now) for d in docs[i:i + 2000]]
            conn.execute(store._insert_ignore(t.articles), [r.article for r in batch])
            conn.execute(store._insert_ignore(t.entities), [e for r in batch for e in r.entities])
            for table, name in ((t.mentions, "mentions"), (t.statements, "statements")):
                rows = [x for r in batch for x in getattr(r, name)]
                if table is t.statements:
                    rows = list({x["id"]: x for x in rows}.values())
                    conn.execute(store._insert_ignore(table), rows)
                else:
                    conn.execute(sa.insert(table), rows)


def pair_scores(clusters: dict[str, set[str]], truth: dict[str, set[int]]) -> tuple[float, float, int]:
    """Pairwise precision and recall of the person clusters against the synthetic truth, over the
    name forms of one person each. A form several namesakes were called by ("Garcia Lopez") is
    one entity in the store (its id is a hash of type and folded name), so none of its pairs has
    one true answer and it is left out of the count; a merge that runs through it and joins two
    different people's own forms still counts against precision. Gives precision, recall and the
    number of true pairs."""
    owner = {key: next(iter(pids)) for key, pids in truth.items() if len(pids) == 1}
    predicted, actual = set(), set()
    by_person = defaultdict(set)
    for key, pid in owner.items():
        by_person[pid].add(key)
    for keys in by_person.values():
        actual.update(combinations(sorted(keys), 2))
    for keys in clusters.values():
        predicted.update(combinations(sorted(k for k in keys if k in owner), 2))
    true_pos = len(predicted & actual)
    return (true_pos / len(predicted) if predicted else 1.0), (true_pos / len(actual) if actual else 1.0), \
        len(actual)


def run(n: int, seed: int) -> dict:
    rng = random.Random(seed)
    docs, truth = documents(n, rng)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/bench.db")
        t0 = time.perf_counter()
        bulk_insert(store, docs)
        insert_s = time.perf_counter() - t0
        # The store has them now: millions of live objects only slow every garbage collection.
        del docs
        with store.engine.connect() as conn:
            t0 = time.perf_counter()
            groups = conn.execute(sa.select(t.entities.c.name_key, sa.func.count())
                                  .group_by(t.entities.c.type, t.entities.c.name_key)).all()
            baseline_s = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        stats = store.resolve()
        resolve_s, resolve_cpu = time.perf_counter() - t0, time.process_time() - c0
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(t.entities.c.name_key, t.entities.c.canonical_id)
                                .where(t.entities.c.type == "person")).all()
        store.close()
    clusters: dict[str, set[str]] = defaultdict(set)
    for key, canonical in rows:
        clusters[canonical].add(f"person|{key}")
    precision, recall, true_pairs = pair_scores(clusters, truth)
    people = len(set().union(*truth.values()))
    namesakes = sum(1 for pids in truth.values() if len(pids) > 1)
    return {"articles": n, "entities": stats["entities"], "pairs": stats["pairs"], "matches": stats["matches"],
            "insert_s": round(insert_s, 2), "resolve_s": round(resolve_s, 2), "resolve_cpu_s": round(resolve_cpu, 2),
            "us_per_entity": round(resolve_s / max(1, stats["entities"]) * 1e6, 1),
            "cpu_us_per_entity": round(resolve_cpu / max(1, stats["entities"]) * 1e6, 1),
            "baseline_s": round(baseline_s, 4), "baseline_groups": len(groups),
            "ratio_to_baseline": round(resolve_s / max(baseline_s, 1e-6), 1),
            "person_forms": len(rows), "person_clusters": len(clusters), "true_people": people,
            "namesake_forms": namesakes, "true_pairs": true_pairs,
            "pair_precision": round(precision, 4), "pair_recall": round(recall, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="last line: one JSON object of metrics")
    args = parser.parse_args()
    print("$ " + " ".join([".venv/bin/python", "benchmarks/resolution.py", *sys.argv[1:]]), flush=True)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        r = run(n, args.seed)
        results.append(r)
        print(f"{r['articles']:>7} articles: {r['entities']:>7} entities, {r['pairs']:>8} pairs, "
              f"{r['matches']:>7} matches; resolve {r['resolve_s']:>7.2f} s wall, {r['resolve_cpu_s']:.2f} s CPU "
              f"({r['us_per_entity']} µs/entity wall, {r['cpu_us_per_entity']} µs/entity CPU); "
              f"baseline group-by-name {r['baseline_s']:.4f} s (x{r['ratio_to_baseline']}); "
              f"{r['person_forms']} person name forms -> {r['person_clusters']} clusters "
              f"(baseline {r['person_forms']}, truth {r['true_people']} people; {r['namesake_forms']} forms "
              f"shared by namesakes, not scored; {r['true_pairs']} true pairs); "
              f"pair precision {r['pair_precision']}, recall {r['pair_recall']}", flush=True)
    if len(results) > 1:
        first, last = results[0], results[-1]
        print("\n| articles | entities | resolve s (wall) | µs/entity (wall) | µs/entity (CPU) | pair precision | pair recall |")
        print("|---|---|---|---|---|---|---|")
        for r in results:
            print(f"| {r['articles']} | {r['entities']} | {r['resolve_s']:.1f} | {r['us_per_entity']:.0f} | "
                  f"{r['cpu_us_per_entity']:.0f} | {r['pair_precision']:.3f} | {r['pair_recall']:.3f} |")
        print(f"\n{first['articles']} -> {last['articles']} articles: x{last['entities'] / max(first['entities'], 1):.1f} "
              f"entities, time x{last['resolve_s'] / max(first['resolve_s'], 1e-9):.1f} wall; per-entity cost "
              f"x{last['us_per_entity'] / max(first['us_per_entity'], 1e-9):.2f} wall, "
              f"x{last['cpu_us_per_entity'] / max(first['cpu_us_per_entity'], 1e-9):.2f} CPU (1.0 = linear growth)")
    if args.json:
        print(json.dumps({"sizes": results}))


if __name__ == "__main__":
    main()
