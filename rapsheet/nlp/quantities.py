"""Quantities: amounts of drugs, money, weapons and other things seized, moved or paid.

Takes a spaCy Doc (or plain text); gives `Quantity` records (rapsheet.model) in
`doc._.rs_quantities`, with character offsets into `doc.text`:

    "approximately 10 kilograms of a cocaine-laced substance" -> 10, kg, "cocaine-laced substance"
    "$38.5 million" -> 38500000, USD        "1,200 fentanyl pills" -> 1200, pill, "fentanyl"
    "14 firearms" -> 14, firearm            "more than 2 tons of cocaine" -> 2, ton, "cocaine"

Units, currencies, counted things and substances are data (rapsheet/data/units.yaml). Only a
number joined to a known unit is a quantity, so ages ("Flores, 24,"), counts of charges ("two
counts"), years and prison terms ("five years", a duration for rapsheet_timex) never are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from rapsheet.data import load, words
from rapsheet.errors import DataError
from rapsheet.model import Quantity
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.anchored_scan import anchored_scan


# The number words of words.yaml, and the counts a quantity takes besides.
_NUMBER_WORDS: dict[str, float] = {**words().numbers, "a hundred": 100, "a dozen": 12, "dozen": 12,
                                   "a thousand": 1000, "half a": 0.5, "a half": 0.5}
_DIGIT_WORDS = [w for w, v in _NUMBER_WORDS.items() if v in range(1, 10)]   # "twenty-five"
_APPROX = (r"approximately|about|around|roughly|nearly|almost|more\s+than|over|at\s+least|some|"
           r"an\s+additional|additional|another|up\s+to|less\s+than|just\s+over|just\s+under|"
           r"an\s+estimated|a\s+total\s+of|in\s+excess\s+of")
# Words that end the substance phrase after "of" when there is no parse to give its noun chunk.
_STOP = {"for", "into", "in", "to", "from", "and", "or", "which", "that", "with", "on", "at", "by",
         "as", "was", "were", "is", "are", "had", "has", "also", "intended", "worth", "valued",
         "hidden", "concealed", "bound", "destined", "during", "across", "through", "inside",
         "while", "after", "before", "when", "but", "per"}
_DETERMINERS = re.compile(r"^(?:(?:a|an|the|some|what\s+(?:appeared|appears)\s+to\s+be|suspected)\s+)+",
                          re.I)


def _alt(words) -> str:
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


@dataclass(slots=True)
class _Lexicon:
    measure_of: dict[str, str]
    currency_symbol: dict[str, str]
    currency_word: dict[str, str]
    multipliers: dict[str, int]
    counted_of: dict[str, str]
    count_modifiers: frozenset[str]
    substances: frozenset[str]
    not_after: frozenset[str]
    measured: re.Pattern
    money_symbol: re.Pattern
    money_word: re.Pattern
    counted: re.Pattern


@cache
def lexicon() -> _Lexicon:
    raw = load("units")
    for key in ("measures", "currencies", "multipliers", "counted", "substances"):
        if not raw.get(key):
            raise DataError(f"units.yaml: missing or empty {key!r}")
    measure_of = {w.lower(): unit for unit, words in raw["measures"].items() for w in words}
    symbol, word = {}, {}
    for code, forms in raw["currencies"].items():
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise DataError(f"units.yaml: currency code {code!r}")
        symbol.update({s: code for s in forms.get("symbols") or []})
        word.update({w.lower(): code for w in forms.get("words") or []})
    multipliers = {str(k).lower(): int(v) for k, v in raw["multipliers"].items()}
    counted_of = {w.lower(): unit for unit, words in raw["counted"].items() for w in words}
    substances = frozenset(s.lower() for s in raw["substances"])
    modifiers = frozenset(m.lower() for m in raw.get("count_modifiers") or [])

    num = (r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
           rf"(?i:{_alt(_NUMBER_WORDS)})(?:[\s-](?i:{_alt(_DIGIT_WORDS)}))?)")
    mult = rf"(?:\s*(?P<mult>(?i:{_alt(k for k in multipliers if len(k) > 1)})|[mMkKbB](?:n)?)(?![\w]))?"
    approx = rf"(?:(?P<approx>(?i:{_APPROX}))\s+)?"
    measured = re.compile(
        rf"{approx}{num}{mult}(?:\s+|-)(?P<unit>(?i:{_alt(measure_of)}))(?![\w])"
        rf"(?=(?P<of>\s+of\s+(?P<subst>[^.;:!?\n]{{1,80}})))?")
    money_symbol = re.compile(
        rf"{approx}(?P<cur>{_alt(symbol)})\s?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?){mult}")
    money_word = re.compile(rf"{approx}{num}{mult}\s+(?P<cur>(?i:{_alt(word)}))(?![\w])")
    subst_words = _alt(substances)
    mod_words = _alt(modifiers)
    counted = re.compile(
        rf"{approx}{num}{mult}(?P<mods>(?:\s+(?i:{mod_words}|{subst_words}))*)\s+"
        rf"(?P<thing>(?i:{_alt(counted_of)}))(?![\w-])(?=(?P<of>\s+of\s+(?P<subst>[^.;:!?\n]{{1,60}})))?")
    return _Lexicon(measure_of, symbol, word, multipliers, counted_of, modifiers, substances,
                    frozenset(w.lower() for w in raw.get("not_after_number") or []),
                    measured, money_symbol, money_word, counted)


def _number(text: str) -> float | None:
    t = re.sub(r"\s+", " ", text.strip().lower())
    if t in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[t])
    parts = re.split(r"[\s-]", t)
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]])
    try:
        return float(t.replace(",", ""))
    except ValueError:
        return None


def _scale(m: re.Match, amount: float) -> float | None:
    word = (m.groupdict().get("mult") or "").lower()
    if not word:
        return amount
    factor = lexicon().multipliers.get(word)
    return amount * factor if factor else None


def _substance(doc: Doc | None, text: str, start: int, raw: str) -> tuple[str | None, int]:
    """The thing named after "of" at text[start:]: its words and where it ends.

    With a parse, the noun chunk that starts there; without, the words up to a preposition,
    a verb-like stop word or punctuation."""
    lead = _DETERMINERS.match(raw)
    skip = lead.end() if lead else 0
    if doc is not None and doc.has_annotation("DEP"):
        for chunk in doc.noun_chunks:
            if chunk.start_char <= start + skip < chunk.end_char and chunk.end_char > start:
                phrase = text[max(chunk.start_char, start + skip):chunk.end_char]
                phrase = _DETERMINERS.sub("", phrase).strip()
                if phrase:
                    return phrase, chunk.end_char
    words: list[str] = []
    pos = start + skip
    for m in re.finditer(r"[\w’'-]+|[^\w\s]", raw[skip:]):
        w = m.group(0)
        if not re.match(r"[\w’'-]", w) or w.lower() in _STOP or len(words) >= 5:
            break
        words.append(w)
        pos = start + skip + m.end()
    if not words:
        return None, start
    return " ".join(words), pos


def _ok_context(text: str, m: re.Match) -> bool:
    """Rejects a number that is part of a date, a statute or a bigger number."""
    before = text[max(0, m.start("num") - 3):m.start("num")]
    return not re.search(r"[\d§/]\s*$|[\d],$", before)


def find_quantities(doc_or_text: Doc | str) -> list[Quantity]:
    """Every quantity with a known unit, currency or counted thing in the text."""
    lex = lexicon()
    doc = doc_or_text if isinstance(doc_or_text, Doc) else None
    text = doc_text(doc_or_text) if isinstance(doc_or_text, Doc) else doc_or_text
    found: list[Quantity] = []

    def add(start: int, end: int, amount: float | None, unit: str, substance: str | None) -> None:
        if amount is None:
            return
        if any(not (end <= q.start or start >= q.end) for q in found):
            return
        found.append(Quantity(start, end, text[start:end], amount, unit, substance))

    for m in anchored_scan(lex.money_symbol, ("cur",)).finditer(text):
        amount = _number(m["num"])
        if amount is not None and _ok_context(text, m):
            add(m.start(), m.end(), _scale(m, amount), lex.currency_symbol[m["cur"]], None)
    for m in anchored_scan(lex.money_word, ("cur",)).finditer(text):
        amount = _number(m["num"])
        if amount is not None and _ok_context(text, m):
            cur = lex.currency_word[re.sub(r"\s+", " ", m["cur"].lower())]
            add(m.start(), m.end(), _scale(m, amount), cur, None)
    for m in anchored_scan(lex.measured, ("unit",)).finditer(text):
        amount = _number(m["num"])
        if amount is None or not _ok_context(text, m):
            continue
        unit = lex.measure_of[re.sub(r"\s+", " ", m["unit"].lower())]
        # "pounds" after "million" with nothing weighed is money, not weight.
        if unit == "lb" and m["mult"] and not m["of"]:
            add(m.start(), m.end("unit"), _scale(m, amount), "GBP", None)
            continue
        if len(m["unit"]) <= 2 and m["unit"].lower() in ("g", "l", "m", "gr") and not m["of"] \
                and not re.match(r"\d", m["num"]):
            continue  # "two g" / "five l" are not how weights are written
        end, substance = m.end("unit"), None
        if m["of"]:
            substance, sub_end = _substance(doc, text, m.start("subst"), m["subst"])
            if substance:
                end = sub_end
        add(m.start(), end, _scale(m, amount), unit, substance)
    for m in anchored_scan(lex.counted, ("thing",)).finditer(text):
        amount = _number(m["num"])
        if amount is None or not _ok_context(text, m):
            continue
        mods = [w.lower() for w in m["mods"].split()] if m["mods"] else []
        subst = " ".join(w for w in mods if w in lex.substances) or None
        # "rounds" alone is a fight or a vote unless ammunition is named.
        thing = lex.counted_of[re.sub(r"\s+", " ", m["thing"].lower())]
        if thing == "round" and "ammunition" not in m["thing"].lower() and not (m["of"] and re.match(r"(?i)\s*ammunition", m["subst"])):
            continue
        end = m.end("thing")
        if m["of"] and not subst:
            s, sub_end = _substance(doc, text, m.start("subst"), m["subst"])
            if s and any(w in s.lower() for w in lex.substances):
                subst, end = s, sub_end
        add(m.start(), end, _scale(m, amount), thing, subst)
    found.sort(key=lambda q: q.start)
    return found


def set_annotations(doc: Doc, quantities: list[Quantity]) -> None:
    doc._.rs_quantities = list(quantities)


class QuantitiesComponent:
    """spaCy component: reads doc.text (and noun chunks), writes doc._.rs_quantities."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        lexicon()

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, find_quantities(doc))
        return doc


@Language.factory("rapsheet_quantities", assigns=["doc._.rs_quantities"], requires=[],
                  default_config={})
def make_quantities(nlp: Language, name: str) -> QuantitiesComponent:
    return QuantitiesComponent(nlp, name)
