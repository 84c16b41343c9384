"""Name normalisation and comparison, the way screening and entity resolution see names.

Takes names as written in news and on sanctions lists, in any script; gives

- `normalise(name, type)` -> `NameForm`: ASCII tokens (transliterated by rigour/normality, case
  and accents folded, honorifics, particles, legal forms and stop words dropped), each with a
  weight saying how much it tells about identity (names.yaml: common names and generic
  organisation words weigh less, initials less still);
- `compare_names(a, b, type)` -> `NameComparison(score, match, explanation)`: a score in 0..1 that
  is a declared list of weighted feature functions (`FEATURES`; each function's docstring is its
  documentation), every one of them listed in the explanation with its weight and value;
- `name_keys(name, type)` -> blocking keys, so that candidate generation touches only the
  entries sharing a token or a phonetic key with the query.

Decisions:

- Word order does not count: "Martinez Flores, Jose" = "Jose Martinez Flores" (a single comma
  is read as "SURNAME, Given", the list style of OFAC). Only names whose normalised tokens are
  the same multiset score 1.0; a near miss keeps at most the weights of the features it earns,
  which never add up to 1.0 without the `exact` feature.
- Organisations: legal forms (rigour's table: Ltd, S.A. de C.V., OOO ...) and stop words ("the",
  "de", names.yaml) are dropped, and order does not count, so "The Sinaloa Cartel" **is** "Cartel
  de Sinaloa" (both are {cartel, sinaloa}). Generic heads ("cartel", "group", "bank") stay but
  weigh little, so "Sinaloa Cartel" does not match "Jalisco Cartel": the distinctive words must
  agree. Different legal forms on both sides cost a little (`legal_form_mismatch`).
- Person particles ("de la", "van der", "al-", "bin") are dropped: "Ayman al-Zawahiri" =
  "Ayman Zawahiri". Two adjacent tokens may align with one ("Abd Al Aziz" ~ "Abdulaziz").
- Common names: a name made only of very common words ("Jose Garcia") earns less than a rare
  one for the same agreement (`common_names`), because the name alone then says little.
"""
from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass, field

from rapsheet.resolve.name_features import (FEATURES, Context, Feature, distinct_given_names, load_name_tables,
                                            name_symbols)
from rapsheet.resolve.name_forms import (JOIN_DISCOUNT, MIN_TOKEN_SIMILARITY, OBJECT, ORGANIZATION, PERSON,
                                         TYPES, NameForm, Pair, align, name_kind, normalise,
                                         token_similarity, validate_names, words)
from rapsheet.settings import settings

__all__ = ["FEATURES", "JOIN_DISCOUNT", "MIN_TOKEN_SIMILARITY", "OBJECT", "ORGANIZATION", "PERSON", "TYPES",
           "Context", "Feature", "NameComparison", "NameForm", "Pair", "align", "compare_forms",
           "compare_names", "distinct_given_names", "form_keys", "key_weight", "load_name_tables", "match_threshold",
           "name_keys", "name_kind", "name_symbols", "normalise", "token_similarity", "validate_names",
           "words"]


# --- comparison -------------------------------------------------------------------------------

def match_threshold() -> float:
    """The `match_threshold` setting, read again only when its environment variable changes."""
    return _threshold(os.environ.get("RAPSHEET_MATCH_THRESHOLD"))


@functools.lru_cache(maxsize=8)
def _threshold(raw: str | None) -> float:
    return settings().match_threshold


@dataclass(slots=True)
class NameComparison:
    score: float
    match: bool
    explanation: list[dict] = field(default_factory=list)
    #: Analyst words of the vetoes that forbid a match ("same surnames, different given names").
    vetoes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"score": self.score, "match": self.match, "explanation": self.explanation}


def compare_forms(a: NameForm, b: NameForm, threshold: float | None = None) -> NameComparison:
    """`compare_names` over forms already normalised (screening keeps them)."""
    if not a.tokens or not b.tokens:
        return NameComparison(0.0, False, [{"feature": "empty", "weight": 0.0, "value": 1.0,
                                            "detail": "a name has no letters or digits"}])
    exact = sorted(a.tokens) == sorted(b.tokens)
    ctx = Context(a, b, align(a, b), exact)
    total = 0.0
    explanation = []
    vetoes = []
    for feature in FEATURES:
        value, detail = feature.fn(ctx)
        total += feature.weight * value
        if value:
            entry = {"feature": feature.name, "weight": feature.weight, "value": round(value, 4),
                     "detail": detail}
            if feature.veto:
                entry["veto"] = True
                vetoes.append(detail)
            explanation.append(entry)
    score = round(min(1.0, max(0.0, total)), 4)
    if not exact and score >= 1.0:
        score = 0.9999     # cannot happen with FEATURES' weights; kept so a reweighting cannot break it
    if threshold is None:
        threshold = match_threshold()
    return NameComparison(score, score >= threshold and not vetoes, explanation, vetoes)


def compare_names(a: str, b: str, type: str | None = None, threshold: float | None = None) -> NameComparison:
    """Score two names the way screening does.

    `type`: person, organization or a FollowTheMoney schema name (Person, Organization, Company,
    LegalEntity, Vessel); empty or None for any. `threshold`: the score at which `match` is
    true (default: the `match_threshold` setting). The explanation lists each feature that
    contributed: {feature, weight, value, detail}; the score is the sum of weight x value,
    clipped to 0..1.
    """
    return compare_forms(normalise(a, type), normalise(b, type), threshold)


# --- blocking ---------------------------------------------------------------------------------

def form_keys(form: NameForm) -> set[str]:
    """Blocking keys of a normalised name: each token ("t:"), each token's metaphone key ("m:")
    and the order-free whole ("n:"). Initials give no key: they would match half the index."""
    keys = {"n:" + form.key} if form.tokens else set()
    for token, sound in zip(form.tokens, form.phonetic):
        if len(token) < 2:
            continue
        keys.add("t:" + token)
        if token.isalpha() and len(sound) >= 2:
            keys.add("m:" + sound)
    return keys


def name_keys(name: str, type: str | None = None) -> set[str]:
    """Blocking keys for candidate generation: two names that can match share at least one
    (unless they differ in every token's spelling and sound)."""
    return form_keys(normalise(name, type))


def key_weight(key: str, frequency: int, size: int) -> float:
    """How much sharing a key says: rarer keys more (inverse document frequency); the whole
    name counts double, a shared sound less than a shared spelling."""
    idf = math.log(1 + size / max(1, frequency))
    return idf * {"n": 2.0, "t": 1.0, "m": 0.6}.get(key[0], 1.0)
