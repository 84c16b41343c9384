"""Name-matching accuracy and speed on OFAC SDN alias pairs, against a plain rapidfuzz baseline.

Takes ../shared/data/ofac-sdn/edu777art_2022/{sdn,alt}.csv (OFAC's CSV files: sdn.csv holds each
entry's primary name and type, alt.csv its aliases); gives precision, recall and F1 at the
`match_threshold` setting and the best F1 over thresholds, for `compare_names` and for
`rapidfuzz.fuzz.token_sort_ratio`, plus pairs compared per second for both, printed with the
command that produced them.

Pairs (all with a fixed random seed):

- positives: an entry's primary name against each of its aliases (aka, fka, nka); "variant"
  aliases are spellings of the same name (`is_variant`: half the words of the shorter name have
  a look-alike in the other), the others ("other_alias") are acronyms, translations and unrelated
  pseudonyms that no name matcher can join; plus generated positives: the
  primary name reordered ("SURNAME, Given" -> "Given SURNAME") and with given names as initials.
- hard negatives, from the same list: two entries sharing a surname ("same_surname"); two
  organisations sharing a word ("shared_token"); the nearest name of another entry by
  rapidfuzz token_set_ratio ("near_name", transliteration-like); the surname with another
  entry's initials ("initials"); and families designated together ("family": two people listed
  within 40 entry numbers of each other under the same surnames with different given names,
  siblings and parents such as "LAREDO DONJUAN, Ismael" and "LAREDO DONJUAN, Ruben"). Pairs
  whose names fold to the same string are left out (the name alone cannot tell them apart).

With `--nomenklatura`, nomenklatura's logic-v2 (the matcher behind OpenSanctions' yente) scores
the same pairs side by side, as FollowTheMoney entities of the pair's schema with the name alone,
at yente's default threshold 0.70.

"hard" is variant and generated positives against all hard negatives; "all" adds every alias.
Entries with an even number were used to tune the weights; the odd ones are printed apart.

    .venv/bin/python benchmarks/names_ofac.py [--data DIR] [--negatives N] [--nomenklatura] [-v]
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
import random
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import JaroWinkler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapsheet.resolve import names  # noqa: E402
from rapsheet.resolve.names import compare_names, match_threshold  # noqa: E402

#: yente's default match threshold for logic-v2.
NOMENKLATURA_THRESHOLD = 0.70
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ofac-sdn" / "edu777art_2022"
SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}


def fold(name: str) -> str:
    return " ".join(sorted(utils.default_process(name).split()))


def given_surname(name: str) -> tuple[str, str] | None:
    if name.count(",") != 1:
        return None
    surname, given = (p.strip() for p in name.split(","))
    return (given, surname) if given and surname else None


def is_variant(a: str, b: str) -> bool:
    """A spelling of the same name rather than another name: at least half the words (3+
    letters) of the shorter name have a partner in the other that starts with the same letter
    and is spelled alike (Jaro-Winkler 0.75 or more)."""
    wa = [w for w in utils.default_process(a).split() if len(w) >= 3]
    wb = [w for w in utils.default_process(b).split() if len(w) >= 3]
    if not wa or not wb:
        return False
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    hits = sum(1 for w in short if any(o[0] == w[0] and JaroWinkler.normalized_similarity(w, o) >= 0.75
                                       for o in long_))
    return hits * 2 >= len(short)


def load(data: Path) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, str]]]:
    entries = {}
    with open(data / "sdn.csv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 3:
                entries[row[0]] = (row[1].strip(), SCHEMA.get(row[2].strip(), "Organization"))
    aliases = []
    with open(data / "alt.csv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 4 and row[0] in entries and row[3].strip():
                aliases.append((row[0], row[2].strip(), row[3].strip()))
    return entries, aliases


def build_pairs(entries, aliases, n_negatives: int, rng: random.Random) -> list[tuple]:
    """(name1, name2, type, label, category, entry number) tuples."""
    pairs = []
    for num, _, alias in aliases:
        name, schema = entries[num]
        if fold(name) == fold(alias):
            continue
        pairs.append((name, alias, schema, True, "variant" if is_variant(name, alias) else "other_alias", num))
    people = [(num, name) for num, (name, schema) in entries.items() if schema == "Person"]
    for num, name in rng.sample(people, min(len(people), n_negatives // 4)):
        parts = given_surname(name)
        if not parts:
            continue
        given, surname = parts
        pairs.append((name, f"{given} {surname}", "Person", True, "reordered", num))
        initials = " ".join(w[0] + "." for w in given.split() if w[:1].isalpha())
        if initials:
            pairs.append((name, f"{initials} {surname}", "Person", True, "initials", num))

    negatives = []
    by_surname = collections.defaultdict(list)
    for num, name in people:
        parts = given_surname(name)
        if parts:
            by_surname[utils.default_process(parts[1])].append((num, name, parts[0]))
    groups = [g for g in by_surname.values() if len(g) > 1]
    for _ in range(n_negatives // 3):
        group = rng.choice(groups)
        (na, a, ga), (nb, b, gb) = rng.sample(group, 2)
        negatives.append((a, b, "Person", False, "same_surname", na))
        own_initials = {w[0].casefold() for w in ga.replace("'", "").split() if w}
        if gb[:1].isalpha() and gb[0].casefold() not in own_initials:
            surname = given_surname(b)[1]
            negatives.append((a, f"{gb[0]}. {surname}", "Person", False, "initials", na))
    ordered = sorted((int(num), num, name, given_surname(name)) for num, name in people)
    for i, (na, num_a, a, pa) in enumerate(ordered):
        for nb, num_b, b, pb in ordered[i + 1:i + 40]:
            if nb - na > 40:
                break
            if pa and pb and utils.default_process(pa[1]) == utils.default_process(pb[1]) \
                    and utils.default_process(pa[0]) != utils.default_process(pb[0]):
                negatives.append((a, b, "Person", False, "family", num_a))
    orgs = [(num, name) for num, (name, schema) in entries.items() if schema == "Organization"]
    by_token = collections.defaultdict(list)
    for num, name in orgs:
        for token in sorted(set(utils.default_process(name).split())):
            if len(token) >= 4:
                by_token[token].append((num, name))
    token_groups = [g for g in by_token.values() if 1 < len(g) < 200]
    for _ in range(n_negatives // 4):
        (na, a), (nb, b) = rng.sample(rng.choice(token_groups), 2)
        negatives.append((a, b, "Organization", False, "shared_token", na))
    # The nearest name of another entry, primary names and aliases alike.
    pool = [(num, name) for num, (name, _) in entries.items()] + [(num, alias) for num, _, alias in aliases]
    pool_names = [name for _, name in pool]
    for num, name in rng.sample(pool, min(len(pool), n_negatives // 3)):
        for _, score, idx in process.extract(name, pool_names, scorer=fuzz.token_set_ratio,
                                             processor=utils.default_process, limit=8,
                                             score_cutoff=60):
            other_num, other = pool[idx]
            if other_num != num and fold(other) != fold(name):
                schema = entries[num][1]
                if entries[other_num][1] == schema:
                    negatives.append((name, other, schema, False, "near_name", num))
                break
    seen = set()
    for pair in pairs + negatives:
        key = (pair[0], pair[1], pair[3])
        if key in seen or fold(pair[0]) == fold(pair[1]):
            continue
        seen.add(key)
        yield pair


def prf(scores: list[float], labels: list[bool], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels) if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_f1(scores, labels) -> tuple[float, float]:
    best = (0.0, 0.0)
    for step in range(30, 100):
        t = step / 100
        f = prf(scores, labels, t)[2]
        if f > best[0]:
            best = (f, t)
    return best


def report(title: str, rows: list[tuple], scorers: dict[str, tuple[list[float], float]],
           idx: list[int]) -> None:
    """`scorers`: label -> (scores of every row, threshold); matches are scores at or above it
    (a vetoed pair of ours is scored below any threshold by `ours_scores`)."""
    labels = [rows[i][3] for i in idx]
    pos = sum(labels)
    print(f"\n{title}: {len(idx)} pairs ({pos} positive, {len(idx) - pos} negative)")
    print(f"  {'scorer':<30} {'P':>6} {'R':>6} {'F1':>6}   best F1 (at t)")
    for label, (scores, threshold) in scorers.items():
        picked = [scores[i] for i in idx]
        p, r, f = prf(picked, labels, threshold)
        bf, bt = best_f1(picked, labels)
        print(f"  {label:<30} {p:6.3f} {r:6.3f} {f:6.3f}   {bf:.3f} ({bt:.2f})")


def ours_scores(rows: list[tuple]) -> list[float]:
    """compare_names' score of each pair; a pair that a veto keeps from matching counts as -1
    (never a match, at any threshold)."""
    scores = []
    for a, b, t, *_ in rows:
        result = compare_names(a, b, t)
        scores.append(-1.0 if result.vetoes else result.score)
    return scores


def nomenklatura_scores(rows: list[tuple]) -> list[float] | None:
    """logic-v2's score of each pair, or None when nomenklatura is not installed."""
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2
    except ImportError:
        return None
    config = LogicV2.default_config()
    scores = []
    for n, (a, b, schema, *_) in enumerate(rows):
        left, right = model.make_entity(schema), model.make_entity(schema)
        left.id, right.id = f"q{n}", f"r{n}"
        left.add("name", a)
        right.add("name", b)
        scores.append(LogicV2.compare(left, right, config).score)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--negatives", type=int, default=8000, help="about how many hard negatives")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--show-errors", type=int, default=0, help="print this many errors of ours")
    parser.add_argument("-v", "--failures", action="store_true",
                        help="print every family pair (relatives designated together) judged a match")
    parser.add_argument("--json", action="store_true", help="print the metrics as one JSON line last")
    parser.add_argument("--nomenklatura", action="store_true",
                        help="score the same pairs with nomenklatura's logic-v2 side by side")
    args = parser.parse_args(argv)
    print("$ " + " ".join([".venv/bin/python", "benchmarks/names_ofac.py", *sys.argv[1:]]))
    if not (args.data / "sdn.csv").exists() or not (args.data / "alt.csv").exists():
        print(f"no OFAC data at {args.data}: nothing to measure")
        if args.json:
            print(json.dumps({"skipped": f"no OFAC data at {args.data}"}))
        return 0
    entries, aliases = load(args.data)
    rows = list(build_pairs(entries, aliases, args.negatives, random.Random(args.seed)))
    threshold = match_threshold()

    names.normalise.cache_clear()
    names.token_similarity.cache_clear()
    started = time.perf_counter()
    ours = ours_scores(rows)
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    base = [fuzz.token_sort_ratio(a, b, processor=utils.default_process) / 100 for a, b, *_ in rows]
    base_s = time.perf_counter() - started
    scorers = {"compare_names": (ours, threshold), "token_sort_ratio baseline": (base, threshold)}
    nk_s = None
    if args.nomenklatura:
        started = time.perf_counter()
        nk = nomenklatura_scores(rows)
        nk_s = time.perf_counter() - started
        if nk is None:
            print("nomenklatura is not installed: no logic-v2 column")
        else:
            scorers["nomenklatura logic-v2 (t=0.70)"] = (nk, NOMENKLATURA_THRESHOLD)

    print(f"{len(entries)} entries, {len(aliases)} aliases; threshold {threshold:.2f} (match_threshold)")
    hard = [i for i, r in enumerate(rows) if r[4] != "other_alias"]
    for title, idx in (("hard (variant aliases, reordered, initials vs hard negatives)", hard),
                       ("hard, tuning half (even entry numbers)", [i for i in hard if int(rows[i][5]) % 2 == 0]),
                       ("hard, held-out half (odd entry numbers)", [i for i in hard if int(rows[i][5]) % 2 == 1]),
                       ("all (every alias, acronyms and unrelated pseudonyms included)", list(range(len(rows))))):
        report(title, rows, scorers, idx)

    print("\nby category (share judged a match at the threshold; positives want 1, negatives 0)")
    by_cat = collections.defaultdict(list)
    for i, r in enumerate(rows):
        by_cat[(r[3], r[4])].append(i)
    for (label, cat), idx in sorted(by_cat.items(), key=lambda kv: (not kv[0][0], kv[0][1])):
        shares = "   ".join(f"{name.split()[0]} {sum(s[i] >= t for i in idx) / len(idx):.3f}"
                           for name, (s, t) in scorers.items())
        print(f"  {'+' if label else '-'} {cat:<14} {len(idx):6d}   {shares}")

    if args.json:
        labels = [rows[i][3] for i in hard]
        p, r, f = prf([ours[i] for i in hard], labels, threshold)
        bp, br, bf = prf([base[i] for i in hard], labels, threshold)
        print_json = {"hard_precision": round(p, 4), "hard_recall": round(r, 4), "hard_f1": round(f, 4),
                      "baseline_hard_f1": round(bf, 4), "pairs_per_s": round(len(rows) / ours_s)}
        family = [i for i, r in enumerate(rows) if r[4] == "family"]
        if family:
            print_json["family_rejected"] = round(sum(ours[i] < threshold for i in family) / len(family), 4)
        if "nomenklatura logic-v2 (t=0.70)" in scorers:
            nk_scores = scorers["nomenklatura logic-v2 (t=0.70)"][0]
            print_json["nomenklatura_hard_f1"] = round(
                prf([nk_scores[i] for i in hard], labels, NOMENKLATURA_THRESHOLD)[2], 4)
    print(f"\nspeed: compare_names {len(rows) / ours_s:,.0f} pairs/s (cold caches), "
          f"token_sort_ratio {len(rows) / base_s:,.0f} pairs/s, ratio {base_s / ours_s:.3f}"
          + (f", logic-v2 {len(rows) / nk_s:,.0f} pairs/s (model load included)" if nk_s else ""))
    if args.show_errors:
        errors = [i for i in hard if (ours[i] >= threshold) != rows[i][3]]
        for i in random.Random(1).sample(errors, min(args.show_errors, len(errors))):
            r = rows[i]
            print(f"  {'FN' if r[3] else 'FP'} {ours[i]:.3f} {r[4]:<13} {r[0]!r} | {r[1]!r} ({r[2]})")
    if args.failures:
        failed = [i for i, r in enumerate(rows) if r[4] == "family" and ours[i] >= threshold]
        print(f"\nfamily pairs judged a match: {len(failed)}")
        for i in failed:
            print(f"  {ours[i]:.3f} {rows[i][0]!r} | {rows[i][1]!r}")
    if args.json:
        print(json.dumps(print_json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
