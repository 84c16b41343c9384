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
#: (ages in news are rounded and reported late); two or three years off `BIRTH_OFF`; further off
#: `BIRTH_FAR`, and that is another person: never a match, whatever the name.
BIRTH_INSIDE = 0.05
BIRTH_NEAR = -0.10
BIRTH_OFF = -0.25
BIRTH_FAR = -0.45
BIRTH_FAR_YEARS = 3
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
    #: The result in an analyst's words, strongest reasons first ("same name: Jose Martinez
    #: Flores", "birth year differs: 1971 vs 1985").
    reasons: list[str] = field(default_factory=list)
    #: The name's own score, before birth year and country.
    name_score: float = 0.0

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "score": self.score, "match": self.match,
                "explanation": self.explanation, "risks": self.risks, "reasons": self.reasons,
                "matched_name": self.matched_name, "type": self.type, **self.payload}


def birth_year_adjustment(year: int | None, interval: tuple[int, int] | None) -> dict | None:
    """Birth year: inside the candidate's interval helps; outside hurts, more the further off,
    and more than `BIRTH_FAR_YEARS` off forbids a match (`veto`)."""
    if year is None or not interval:
        return None
    lo, hi = interval
    known = str(lo) if lo == hi else f"{lo}-{hi}"
    if lo <= year <= hi:
        return {"feature": "birth_year", "weight": BIRTH_INSIDE, "value": 1.0,
                "detail": f"same birth year: {year}" + (f" (within {known})" if lo != hi else "")}
    off = lo - year if year < lo else year - hi
    if off <= 1:
        return {"feature": "birth_year", "weight": BIRTH_NEAR, "value": 1.0,
                "detail": f"birth year one year off: {year} vs {known}"}
    if off <= BIRTH_FAR_YEARS:
        return {"feature": "birth_year", "weight": BIRTH_OFF, "value": 1.0,
                "detail": f"birth year {off} years off: {year} vs {known}"}
    return {"feature": "birth_year", "weight": BIRTH_FAR, "value": 1.0, "veto": True,
            "detail": f"birth year differs: {year} vs {known}"}


def country_adjustment(country: str | None, countries: frozenset[str]) -> dict | None:
    """Country: the same helps a little, another one costs a little (people move, papers
    differ); unknown changes nothing."""
    if not country or not countries:
        return None
    code = country.upper()
    if code in countries:
        return {"feature": "country", "weight": COUNTRY_MATCH, "value": 1.0, "detail": f"same country: {code}"}
    return {"feature": "country", "weight": COUNTRY_MISMATCH, "value": 1.0,
            "detail": f"country differs: {code} vs {', '.join(sorted(countries))}"}


#: Name features whose detail an analyst reads as it is, with the words put before it.
_PLAIN = {"initial_mismatch": "initials disagree", "common_names": "common names, weak evidence",
          "number_mismatch": "numbers differ", "legal_form_mismatch": "legal forms differ"}


def reasons_of(name_score: float, matched_name: str, explanation: list[dict]) -> list[str]:
    """The explanation in an analyst's words: what stops a match first, then the name, then the
    rest."""
    blocking = [f["detail"] for f in explanation if f.get("veto")]
    features = {f["feature"]: f for f in explanation}
    if "exact" in features:
        name = f"same name: {matched_name}"
    elif name_score >= 0.85:
        name = f"name nearly the same: {matched_name}"
    elif name_score >= 0.6:
        name = f"name alike: {matched_name}"
    else:
        name = f"name partly alike: {matched_name}"
    others = [f"{_PLAIN[key]}: {features[key]['detail']}" for key in _PLAIN if key in features]
    if "longer_covered" in features and features["longer_covered"]["detail"].startswith("unmatched: ") \
            and "given_name_conflict" not in features:
        others.append("words in one name only: " + features["longer_covered"]["detail"][len("unmatched: "):])
    others += [features[key]["detail"] for key in ("birth_year", "country")
               if key in features and not features[key].get("veto")]
    return blocking + [name] + others


def score_candidate(query: NameForm, candidate: Candidate, forms: list[NameForm],
                    birth_year: int | None, country: str | None, threshold: float) -> Result:
    """The best of the candidate's names against the query, then the attribute adjustments. The
    score stays in 0..1; only an identical name with agreeing attributes reaches 1.0."""
    compared = [(compare_forms(query, form, threshold), form) for form in forms]
    # The best name that matches with no veto, else the best-scoring of all.
    matching = [c for c in compared if c[0].match]
    best, best_form = max(matching or compared, key=lambda c: c[0].score)
    best_name = best_form.original
    explanation = list(best.explanation)
    if not best.vetoes:
        # A part of a name whose given names disagree with the query (a surname-only mention,
        # "Cano Correa" of "Maria Cano Correa") cannot clear that disagreement.
        part = set(best_form.tokens)
        for comparison, form in compared:
            if part < set(form.tokens) and any(f["feature"] == "given_name_conflict"
                                               for f in comparison.explanation):
                conflict = next(f for f in comparison.explanation if f["feature"] == "given_name_conflict")
                explanation.append({**conflict, "weight": 0.0,
                                    "detail": f"{conflict['detail']} (full name {form.original})"})
                break
    explanation.append({"feature": "name", "weight": 1.0, "value": best.score,
                        "detail": f"best of {len(forms)} name{'s' if len(forms) > 1 else ''}: {best_name}"})
    score = best.score
    vetoed = any(f.get("veto") for f in explanation)
    for adjustment in (birth_year_adjustment(birth_year, candidate.birth_years),
                       country_adjustment(country, candidate.countries)):
        if adjustment:
            explanation.append(adjustment)
            score += adjustment["weight"] * adjustment["value"]
            vetoed = vetoed or bool(adjustment.get("veto"))
    score = round(min(1.0, max(0.0, score)), 4)
    return Result(candidate.id, candidate.name, score, score >= threshold and not vetoed, explanation,
                  list(candidate.risks), best_name, candidate.type, dict(candidate.payload),
                  reasons_of(best.score, best_name, explanation), best.score)
