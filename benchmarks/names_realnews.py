"""Names on real and corpus text: is every annotated party found as an entity of the right type,
and how many entities are headline or title fragments.

    python benchmarks/names_realnews.py [--dir D ...] [--no-corpus] [-v] [--only STEM_SUBSTRING] [--json]

Reads every STEM.txt + STEM.yaml of each folder (default ../shared/data/realnews/prosecutors) the
way benchmarks/realnews.py does, and the project's own corpus (tests/fixtures/articles). For every
`accused` and `not_accused` name it asks whether a person or organisation entity carries that name
(its canonical name, a name mention or an annotated alias, compared folded and on one line; an
annotated surname alone, where the text wraps or abbreviates the full name, matches a full name
ending on it) and whether its type is
the annotated one (`type:`; where a not_accused row gives none, a name with an organisation word or
a lower-case word in it is an organisation, anything else a person). Metrics:

- found: share of annotated names with an entity of that name, of any type;
- typed: share with an entity of that name and the right type (the gated number);
- canonical_ok: share of found names whose entity's canonical name holds every word of the
  annotated name but a nickname in quotes or parentheses, which is an alias (the fullest form, not
  a surname alone, an epithet or a headline's tail);
- headline_entities: person/organisation entities whose name holds a headline word ("Man",
  "Sentenced", "Announces") or a rank/title word ("ADA", "Investigators", "Cpl");
- fragment_free: 1 - headline_entities / entities (gated at 1.0: no fragment at all);
- unannotated: person/organisation entities that match no annotated name (informational: releases
  name many people the annotation leaves out).

With -v every miss and every fragment is printed; the last line is the summary, or JSON (--json).
"""
from __future__ import annotations

import argparse
import collections
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.realnews import DEFAULT, fold, load_cases, read_documents  # noqa: E402

# Words a headline or a title puts before a name, which are never part of one. Kept here, apart from
# the lists in rapsheet/data the pipeline uses, so that the measure does not grade itself.
HEADLINE_WORDS = frozenset("""
man woman men women boy girl teen teenager couple
sentenced sentences sentencing announces announced announce charged charges convicted convicts
indicted indicts pleads pleaded guilty arrested arraigned files filed secures secure obtains
verdict sentence years murder
exoneration exonerated dismissed acquitted accused suspect suspects defendant defendants
""".split())
# Rank, office and page words: never in a person's name, though an organisation's may hold them
# ("Attorney's Office", "National Crime Agency", "Associated Press").
TITLE_WORDS = frozenset("""
national resident native citizen mother father press release media advisory statement immediate
life prison
ada adas da dda attorney attorneys investigator investigators detective detectives officer officers
sgt cpl lt capt sergeant corporal lieutenant captain master deputy deputies agent agents chief
prosecutor prosecutors judge judges commissioner inspector trooper
""".split())
ORG_WORDS = frozenset("""
court project office department fund bank center centre league workers coalition associates llc
llp lp inc corp company partners therapeutics motors hoa hospital university school church
foundation association group police sheriff county city state market services
""".split())


def wanted_type(row: dict) -> str:
    if row.get("type") in ("person", "organization"):
        return row["type"]
    words = row["name"].replace(",", " ").split()
    if {fold(w) for w in words} & ORG_WORDS or any(w[:1].islower() and w not in (
            "de", "del", "la", "van", "von", "da", "dos", "y") for w in words):
        return "organization"
    return "person"


def folded(text: str) -> str:
    """Folded, on one line: a name wrapped across a line break ("Kevin\nMansell") is one name."""
    return " ".join(fold(text).split())


# A nickname written inside a name ("William Neil “Doc” Gallagher"): an alias, not a word of the
# canonical name.
NICKNAME = re.compile(r"\s*[“\"‘(][^”\"’()]{1,40}[”\"’)]\s*")


def entity_names(e: dict) -> set[str]:
    names = {folded(e["name"])}
    names.update(folded(m["text"]) for m in e.get("mentions", []) if m.get("kind") == "name")
    for a in (e.get("attributes") or {}).get("alias", []) or []:
        names.add(folded(a.get("value", "")))
    return names


def names_match(names: set[str], want: set[str]) -> bool:
    """An entity carries the annotated name, or, where the annotation holds a surname alone (the
    text wraps or abbreviates the full name), a full name ending on that surname."""
    if names & want:
        return True
    return any(len(w.split()) == 1 and any(len(n.split()) >= 2 and n.split()[-1] == w for n in names)
               for w in want)


def corpus_documents(only: str | None) -> tuple[list, dict[str, dict]]:
    from rapsheet.errors import RapsheetError
    from rapsheet.nlp.pipeline import extract_document, get_pipeline
    from tests.corpus import load_cases as load_corpus
    from tests.nlp.accusation_eval import case_article

    nlp = get_pipeline()
    cases, docs = [], {}
    for case in load_corpus():
        if only and only not in case.stem:
            continue
        cases.append((case.stem, case.path, case.expect))
        try:
            docs[case.stem] = extract_document(case_article(case), nlp).to_json()
        except RapsheetError as exc:
            print(f"{case.stem}: {exc}", file=sys.stderr)
    return cases, docs


def fragment(e: dict) -> bool:
    words = set(fold(e["name"]).split())
    return bool(words & HEADLINE_WORDS or e["type"] == "person" and words & TITLE_WORDS)


def score(cases, docs: dict[str, dict]) -> tuple[dict, list[str], collections.Counter]:
    T: collections.Counter = collections.Counter()
    notes: list[str] = []
    for stem, _, g in cases:
        d = docs.get(stem, {"entities": []})
        ents = [e for e in d.get("entities", []) if e.get("type") in ("person", "organization")]
        named = [(e, entity_names(e)) for e in ents]
        matched: set[str] = set()
        for row in [*(g.get("accused") or []), *(g.get("not_accused") or [])]:
            want = {folded(n) for n in [row["name"], *(row.get("aliases") or [])] if n}
            kind = wanted_type(row)
            T["names"] += 1
            hits = [e for e, names in named if names_match(names, want)]
            matched.update(e["id"] for e in hits)
            if not hits:
                notes.append(f"{stem}: not found {row['name']!r} ({kind})")
                continue
            T["found"] += 1
            right = [e for e in hits if e["type"] == kind]
            if not right:
                notes.append(f"{stem}: {row['name']!r} found as {hits[0]['type']} {hits[0]['name']!r}")
                continue
            T["typed"] += 1
            words = set(fold(NICKNAME.sub(" ", row["name"])).split())
            if any(words <= set(fold(e["name"]).split()) for e in right):
                T["canonical_ok"] += 1
            else:
                notes.append(f"{stem}: {row['name']!r} named {right[0]['name']!r}")
        for e in ents:
            T["entities"] += 1
            if fragment(e):
                T["headline_entities"] += 1
                notes.append(f"{stem}: fragment {e['type']} {e['name']!r}")
            elif e["id"] not in matched:
                T["unannotated"] += 1
    n = max(1, T["names"])
    metrics = dict(found=T["found"] / n, typed=T["typed"] / n,
                   canonical_ok=T["canonical_ok"] / max(1, T["typed"]),
                   fragment_free=1 - T["headline_entities"] / max(1, T["entities"]),
                   headline_entities=T["headline_entities"], unannotated=T["unannotated"],
                   names=T["names"], entities=T["entities"])
    return metrics, notes, T


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=pathlib.Path, action="append", help="folder of STEM.txt + STEM.yaml")
    ap.add_argument("--no-corpus", action="store_true", help="leave out tests/fixtures/articles")
    ap.add_argument("--only", help="only stems containing this")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss and fragment")
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON on the last line")
    args = ap.parse_args(argv)
    dirs = args.dir or [DEFAULT]
    if not any(d.is_dir() for d in dirs):
        print(f"no data at {dirs}; nothing to score")
        if args.json:
            print(json.dumps({"skipped": f"no data at {dirs}"}))
        return 0
    cases = load_cases([d for d in dirs if d.is_dir()], args.only)
    docs = read_documents(cases)
    if not args.no_corpus:
        more_cases, more_docs = corpus_documents(args.only)
        cases += more_cases
        docs.update(more_docs)
    metrics, notes, T = score(cases, docs)
    if args.verbose:
        print("\n".join(notes))
    print(f"names {T['typed']}/{T['names']} with the right type ({T['found']} found); canonical ok "
          f"{T['canonical_ok']}; entities {T['entities']}, headline/title fragments "
          f"{T['headline_entities']}, unannotated {T['unannotated']}; {len(cases)} articles")
    if args.json:
        print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}))
    else:
        print("names " + " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                                  for k, v in metrics.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
