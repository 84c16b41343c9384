"""An in-memory screening index over candidate records, with blocking so that a query touches a
small part of a million names.

Takes `Candidate` records (from any iterable, or from a store with `index_from_store`); gives
`ScreenIndex.screen(name, birth_year, country, limit, threshold)` -> ranked `Result`s.

How a query runs: every name of every candidate is filed under its blocking keys
(`rapsheet.resolve.names.form_keys`: tokens, metaphone keys, the order-free whole name). A query
looks up its own keys, rarest first, and gives each name sharing them the inverse-frequency weight
of the key (`key_weight`); keys so frequent that they would make the query scan a large part of
the index are skipped once rarer keys have been read. The best `pool` names by that weight are then
scored in full (`scoring.score_candidate`), one result per candidate.

The postings are numpy arrays (a name's number, sorted by key), so a million names with a dozen
keys each take a few hundred MB; names added after a query are merged in at the next query.
"""
from __future__ import annotations

import json
from array import array
from collections.abc import Iterable
from urllib.parse import urlsplit

import numpy as np

from rapsheet import stages
from rapsheet.errors import RapsheetError
from rapsheet.resolve.names import form_keys, key_weight, load_name_tables, match_threshold, name_kind, normalise
from rapsheet.screen.scoring import Candidate, Result, score_candidate
from rapsheet.store import Store
from rapsheet.store.records import sentence_at

#: Names scored in full per query, at least (more when `limit` asks for more).
POOL = 80
#: Postings read per query before frequent keys are skipped.
POSTINGS_BUDGET = 60_000
#: Results below this score are not returned at all.
MIN_SCORE = 0.40


def _type_or_any(type_: str | None) -> str | None:
    """A candidate's type as `normalise` takes it; types names cannot be compared by (location)
    count as any."""
    try:
        name_kind(type_)
    except RapsheetError:
        return None
    return type_


class ScreenIndex:
    """Candidates filed by the blocking keys of each of their names."""

    def __init__(self, candidates: Iterable[Candidate] = ()):
        self.candidates: list[Candidate] = []
        self._name_owner = array("i")        # name number -> candidate number
        self._names: list[str] = []
        self._key_ids: dict[str, int] = {}
        self._pair_keys = array("i")         # (key, name) pairs, unsorted until _freeze
        self._pair_names = array("i")
        self._frozen_pairs = 0
        self._offsets = np.zeros(1, dtype=np.int64)
        self._postings = np.zeros(0, dtype=np.int32)
        load_name_tables()
        self.add_many(candidates)

    def __len__(self) -> int:
        return len(self.candidates)

    @property
    def name_count(self) -> int:
        return len(self._names)

    def add(self, candidate: Candidate) -> None:
        number = len(self.candidates)
        self.candidates.append(candidate)
        type_ = _type_or_any(candidate.type)
        for name in candidate.names:
            keys = form_keys(normalise(name, type_))
            if not keys:
                continue
            name_number = len(self._names)
            self._names.append(name)
            self._name_owner.append(number)
            for key in keys:
                key_id = self._key_ids.setdefault(key, len(self._key_ids))
                self._pair_keys.append(key_id)
                self._pair_names.append(name_number)

    def add_many(self, candidates: Iterable[Candidate]) -> None:
        for candidate in candidates:
            self.add(candidate)

    def _freeze(self) -> None:
        if self._frozen_pairs == len(self._pair_keys):
            return
        keys = np.frombuffer(self._pair_keys, dtype=np.int32)
        names = np.frombuffer(self._pair_names, dtype=np.int32)
        order = np.argsort(keys, kind="stable")
        self._postings = names[order].copy()
        counts = np.bincount(keys, minlength=len(self._key_ids))
        self._offsets = np.zeros(len(self._key_ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=self._offsets[1:])
        self._frozen_pairs = len(self._pair_keys)

    def memory_bytes(self) -> int:
        """Bytes held by the arrays of the index (not the candidates' own strings)."""
        return (self._postings.nbytes + self._offsets.nbytes + self._pair_keys.itemsize * len(self._pair_keys)
                + self._pair_names.itemsize * len(self._pair_names)
                + self._name_owner.itemsize * len(self._name_owner))

    def blocked(self, name: str, type: str | None = None, pool: int = POOL) -> list[int]:
        """The numbers of the names most worth scoring for `name`, best first."""
        self._freeze()
        total_names = max(1, len(self._names))
        found = []
        for key in form_keys(normalise(name, type)):
            key_id = self._key_ids.get(key)
            if key_id is not None:
                lo, hi = int(self._offsets[key_id]), int(self._offsets[key_id + 1])
                found.append((hi - lo, key, lo, hi))
        if not found:
            return []
        found.sort()
        chunks, weights, read = [], [], 0
        for frequency, key, lo, hi in found:
            if read and read + frequency > POSTINGS_BUDGET:
                continue
            read += frequency
            chunks.append(self._postings[lo:hi])
            weights.append(np.full(frequency, key_weight(key, frequency, total_names), dtype=np.float32))
        ids = np.concatenate(chunks)
        weight = np.concatenate(weights)
        unique, inverse = np.unique(ids, return_inverse=True)
        sums = np.bincount(inverse, weights=weight)
        if len(unique) > pool:
            top = np.argpartition(-sums, pool)[:pool]
        else:
            top = np.arange(len(unique))
        top = top[np.argsort(-sums[top], kind="stable")]
        return [int(i) for i in unique[top]]

    def screen(self, query_name: str, birth_year: int | None = None, country: str | None = None,
               limit: int = 10, threshold: float | None = None, type: str | None = None,
               min_score: float = MIN_SCORE, pool: int | None = None) -> list[Result]:
        """Ranked results for `query_name`: one per candidate, best score first, those scoring
        below `min_score` left out; `match` is score >= `threshold` (default: the
        `match_threshold` setting). `type` narrows nothing but lets a person/organisation
        mismatch count. `pool`: how many blocked names to score in full (default `POOL`, or ten
        per result asked); a smaller pool is cheaper and may miss a weaker candidate."""
        if threshold is None:
            threshold = match_threshold()
        name_kind(type)            # an unknown type fails here, before any work
        if not query_name or not query_name.strip():
            return []
        by_candidate: dict[int, list[int]] = {}
        for name_number in self.blocked(query_name, type, pool or max(POOL, limit * 10)):
            by_candidate.setdefault(self._name_owner[name_number], []).append(name_number)
        results = []
        for number in by_candidate:
            candidate = self.candidates[number]
            cand_type = _type_or_any(candidate.type)
            query = normalise(query_name, type or cand_type)
            # All of a candidate's names, not only the blocked one: the best alias wins.
            forms = [normalise(n, cand_type) for n in candidate.names]
            forms = [f for f in forms if f.tokens]
            result = score_candidate(query, candidate, forms, birth_year, country, threshold)
            # A name alike enough stays listed even when its birth year rules it out, so that
            # the analyst sees why it is not a match.
            if max(result.score, result.name_score) >= min_score:
                results.append(result)
        results.sort(key=lambda r: (-r.score, r.name, r.id))
        return results[:limit]


def listing_words(listing: dict) -> str:
    """A sanctions listing in words: "listed by US Treasury, Office of Foreign Assets Control
    under SDGT (SDN List, 2003-06-11)"."""
    text = "listed"
    if listing.get("authority"):
        text += f" by {listing['authority']}"
    if listing.get("program"):
        text += f" under {listing['program']}"
    where = ", ".join(str(x) for x in (listing.get("list"), listing.get("date")) if x)
    return f"{text} ({where})" if where else text


# --- from the store ---------------------------------------------------------------------------

def outlet(url: str | None, source: str | None = None) -> str | None:
    """The web site an article came from ("justice.gov"), or None when only a file is known."""
    for candidate in (url, source):
        if candidate and candidate.startswith(("http://", "https://")):
            return (urlsplit(candidate).hostname or "").removeprefix("www.") or None
    return None


def index_from_store(store: Store, types: tuple[str, ...] = ("person", "organization")) -> ScreenIndex:
    """A `ScreenIndex` over the entities of a `rapsheet.store.Store`, one candidate per cluster
    (canonical id): its names (entity names and name mentions of every member), birth-year
    interval, nationalities and risks (latest stage per category, with up to two evidence
    sentences). Reads the store's tables; writes nothing."""
    found = store.screening_rows(types)
    rows, mentions, statements = found.entities, found.mentions, found.statements
    canonical_of = {r["id"]: r["canonical_id"] for r in rows}
    texts = {r["id"]: r["text"] for r in found.articles}
    # The article each piece of evidence is from, so a hit stands alone: title, outlet, date.
    cited = {r["id"]: {"title": r["title"], "outlet": outlet(r["url"], r["source"]), "url": r["url"],
                       "published": r["published"].isoformat() if r["published"] else None}
             for r in found.articles}

    clusters: dict[str, dict] = {}
    for row in rows:
        cluster = clusters.setdefault(row["canonical_id"], {"names": [], "members": [], "type": None,
                                                            "name": None})
        cluster["members"].append(row["id"])
        cluster["names"].append(row["name"])
        if row["id"] == row["canonical_id"]:
            cluster["name"], cluster["type"] = row["name"], row["type"]
        cluster["type"] = cluster["type"] or row["type"]
        cluster["name"] = cluster["name"] or row["name"]
    for entity_id, text in mentions:
        clusters[canonical_of[entity_id]]["names"].append(text)
    years: dict[str, list[tuple[int, int]]] = {}
    countries: dict[str, set[str]] = {}
    roles: dict[str, set[str]] = {}
    sanctions: dict[str, list[dict]] = {}
    risks: dict[str, dict[str, dict]] = {}
    for row in statements:
        cid = canonical_of[row["entity_id"]]
        value = json.loads(row["value"])
        prop = row["prop"]
        if prop == "attribute:alias":
            # Aliases the articles or a sanctions list give ("also known as 'Chuqui'").
            for alias in value if isinstance(value, list) else [value]:
                if isinstance(alias, str) and alias.strip():
                    clusters[cid]["names"].append(alias)
        elif prop == "attribute:birth_year":
            if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
                years.setdefault(cid, []).append((min(value), max(value)))
            elif isinstance(value, int):
                years.setdefault(cid, []).append((value, value))
        elif prop == "attribute:nationality":
            for code in value if isinstance(value, list) else [value]:
                if isinstance(code, str) and len(code) == 2:
                    countries.setdefault(cid, set()).add(code.upper())
        elif prop == "role":
            roles.setdefault(cid, set()).add(value)
        elif prop == "sanction" and isinstance(value, dict):
            # Listings as facts: who listed, under what, on which list and when.
            for d in value.get("designations") or [{"program": p, "list": value.get("dataset")}
                                                   for p in value.get("programs") or [None]]:
                listing = {"proceeding": "sanctions", "stage": "sanctioned", "status": "active",
                           "authority": d.get("authority"), "program": d.get("program"),
                           "list": d.get("list") or value.get("dataset"), "date": d.get("date"),
                           "entry": value.get("id"), "source_url": d.get("source_url")}
                listing["allegation"] = listing_words(listing)
                sanctions.setdefault(cid, []).append(listing)
        elif prop.startswith("risk:") and isinstance(value, dict):
            category = prop.split(":", 1)[1]
            entry = risks.setdefault(cid, {}).setdefault(category, {
                "category": category, "stage": None, "date": None, "proceeding": None, "status": None,
                "evidence": []})
            if (stages.rank(value.get("stage")), value.get("date") or "") >= \
                    (stages.rank(entry["stage"]), entry["date"] or ""):
                entry["stage"], entry["date"] = value.get("stage"), value.get("date")
                entry["proceeding"] = stages.proceeding_of(entry["stage"], value.get("proceeding"))
                entry["status"] = stages.status_of(entry["stage"])
                for key in ("authority", "program", "list"):
                    entry[key] = value.get(key)
                entry["allegation"] = stages.describe(entry)
                if entry["proceeding"] == "sanctions":
                    entry["allegation"] += f", {listing_words(entry)}"
            if row["start"] is not None and len(entry["evidence"]) < 2:
                entry["evidence"].append({
                    "article": row["article_id"], "start": row["start"], "end": row["end"],
                    "text": sentence_at(texts.get(row["article_id"], ""), row["start"], row["end"]),
                    **cited.get(row["article_id"], {})})

    index = ScreenIndex()
    for cid, cluster in clusters.items():
        intervals = years.get(cid)
        birth = None
        if intervals:
            # The interval every source allows; sources that disagree leave the widest one.
            lo, hi = max(i[0] for i in intervals), min(i[1] for i in intervals)
            birth = (lo, hi) if lo <= hi else (min(i[0] for i in intervals), max(i[1] for i in intervals))
        names = list(dict.fromkeys(n for n in cluster["names"] if n and n.strip()))
        index.add(Candidate(
            id=cid, name=cluster["name"], type=cluster["type"],
            aliases=tuple(n for n in names if n != cluster["name"]), birth_years=birth,
            countries=frozenset(countries.get(cid, ())),
            risks=sorted(risks.get(cid, {}).values(), key=stages.listing_key),
            payload={"roles": sorted(roles.get(cid, ())), "members": sorted(cluster["members"]),
                     "sanctions": sanctions.get(cid, [])}))
    return index
