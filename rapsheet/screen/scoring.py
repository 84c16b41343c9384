"""Scoring one screening candidate: the name score of `rapsheet.resolve.names` adjusted by birth
year and country, every adjustment written into the explanation.

Takes a query (name form, birth year, country) and a `Candidate`; gives a `Result(id, name, score,
match, explanation, risks)`, the contract's shape of a `POST /match` result.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapsheet.resolve.names import NameForm, compare_forms

#: A birth year inside the candidate's interval adds this; one year off costs `BIRTH_NEAR`
#: (ages in news are rounded and reported late); further off costs `BIRTH_FAR`.
BIRTH_INSIDE = 0.05
BIRTH_NEAR = -0.10
BIRTH_FAR = -0.35
#: The same country adds a little; another country costs a little (people move, papers differ).
COUNTRY_MATCH = 0.03
COUNTRY_MISMATCH = -0.08


@dataclass(slots=True)
class Candidate:
    """One record screening can find: a stored entity, a sanctions entry, anything with names."""
    id: str
    name: str
    type: str | None = None
    aliases: tuple[str, ...] = ()
    birth_years: tuple[int, int] | None = None      # earliest, latest
    countries: frozenset[str] = frozenset()          # ISO alpha-2
    risks: tuple[dict, ...] | list[dict] = ()
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *[a for a in self.aliases if a != self.name])


@dataclass(slots=True)
class Result:
    id: str
    name: str
    score: float
    match: bool
    explanation: list[dict]
    risks: list[dict]
    matched_name: str = ""
    type: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "score": self.score, "match": self.match,
                "explanation": self.explanation, "risks": self.risks,
                "matched_name": self.matched_name, "type": self.type, **self.payload}


def birth_year_adjustment(year: int | None, interval: tuple[int, int] | None) -> dict | None:
    """Birth year: inside the candidate's interval helps; outside hurts, strongly past one year."""
    if year is None or not interval:
        return None
    lo, hi = interval
    if lo <= year <= hi:
        return {"feature": "birth_year", "weight": BIRTH_INSIDE, "value": 1.0,
                "detail": f"{year} within {lo}-{hi}"}
    off = lo - year if year < lo else year - hi
    weight = BIRTH_NEAR if off <= 1 else BIRTH_FAR
    return {"feature": "birth_year", "weight": weight, "value": 1.0,
            "detail": f"{year} is {off} year{'s' if off > 1 else ''} outside {lo}-{hi}"}


def country_adjustment(country: str | None, countries: frozenset[str]) -> dict | None:
    """Country: the same helps a little, another one costs a little; unknown changes nothing."""
    if not country or not countries:
        return None
    code = country.upper()
    if code in countries:
        return {"feature": "country", "weight": COUNTRY_MATCH, "value": 1.0, "detail": f"{code} matches"}
    return {"feature": "country", "weight": COUNTRY_MISMATCH, "value": 1.0,
            "detail": f"{code} not in {', '.join(sorted(countries))}"}


def score_candidate(query: NameForm, candidate: Candidate, forms: list[NameForm],
                    birth_year: int | None, country: str | None, threshold: float) -> Result:
    """The best of the candidate's names against the query, then the attribute adjustments. The
    score stays in 0..1; only an identical name with agreeing attributes reaches 1.0."""
    best = None
    best_name = candidate.name
    for form in forms:
        comparison = compare_forms(query, form, threshold)
        if best is None or comparison.score > best.score:
            best, best_name = comparison, form.original
    explanation = list(best.explanation)
    explanation.append({"feature": "name", "weight": 1.0, "value": best.score,
                        "detail": f"best of {len(forms)} name{'s' if len(forms) > 1 else ''}: {best_name}"})
    score = best.score
    for adjustment in (birth_year_adjustment(birth_year, candidate.birth_years),
                       country_adjustment(country, candidate.countries)):
        if adjustment:
            explanation.append(adjustment)
            score += adjustment["weight"] * adjustment["value"]
    score = round(min(1.0, max(0.0, score)), 4)
    return Result(candidate.id, candidate.name, score, score >= threshold, explanation,
                  list(candidate.risks), best_name, candidate.type, dict(candidate.payload))
