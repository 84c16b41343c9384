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
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, JaroWinkler
from rigour.names import remove_org_prefixes, remove_org_types, remove_person_prefixes, tokenize_name
from rigour.names import NameTypeTag, analyze_names, extract_org_types
from rigour.text.phonetics import metaphone
from rigour.text.translit import ascii_text

from rapsheet.data import DATA_DIR, parse
from rapsheet.errors import RapsheetError
from rapsheet.settings import settings

PERSON, ORGANIZATION, OBJECT = "person", "organization", "object"

#: `type` values accepted (the contract's, FollowTheMoney schema names, ours) -> kind of name.
TYPES: dict[str, str | None] = {
    "": None, "any": None, "thing": None, "legalentity": None, "other": None,
    "person": PERSON,
    "organization": ORGANIZATION, "organisation": ORGANIZATION, "company": ORGANIZATION,
    "publicbody": ORGANIZATION,
    "vessel": OBJECT, "airplane": OBJECT, "vehicle": OBJECT, "object": OBJECT,
}

#: Two tokens align only at this similarity or above; below it they count as different words.
MIN_TOKEN_SIMILARITY = 0.72
#: Aligning one token with two joined ones ("abdulaziz" ~ "abd"+"aziz") is a guess: it costs this.
JOIN_DISCOUNT = 0.95


# --- the word lists ---------------------------------------------------------------------------

def validate_names(content: Any, filename: str = "names.yaml") -> None:
    """weights: {common, generic, initial} in 0..1; every list a list of lower-case ASCII words."""
    if not isinstance(content, dict):
        raise RapsheetError(f"{filename}: top level: expected a mapping", 500)
    weights = content.get("weights")
    if not isinstance(weights, dict) or set(weights) != {"common", "generic", "initial"} or not all(
            isinstance(v, (int, float)) and 0 < v <= 1 for v in weights.values()):
        raise RapsheetError(f"{filename}: weights: expected common, generic and initial in (0, 1]", 500)
    for key in ("particles", "org_stopwords", "person_prefixes", "generic_org_terms",
                "common_given_names", "common_surnames"):
        words = content.get(key)
        if not isinstance(words, list) or not words:
            raise RapsheetError(f"{filename}: {key}: expected a non-empty list of words", 500)
        for word in words:
            if not isinstance(word, str) or not re.fullmatch(r"[a-z0-9]+", word):
                raise RapsheetError(f"{filename}: {key}: {word!r} is not a lower-case ASCII word", 500)


@dataclass(slots=True, frozen=True)
class _Words:
    particles: frozenset[str]
    org_stopwords: frozenset[str]
    person_prefixes: frozenset[str]
    generic: frozenset[str]
    common: frozenset[str]
    common_weight: float
    generic_weight: float
    initial_weight: float


@functools.cache
def words() -> _Words:
    """names.yaml, read once and validated."""
    data = parse(DATA_DIR / "names.yaml", validate_names)
    return _Words(frozenset(data["particles"]), frozenset(data["org_stopwords"]),
                  frozenset(data["person_prefixes"]), frozenset(data["generic_org_terms"]),
                  frozenset(data["common_given_names"]) | frozenset(data["common_surnames"]),
                  float(data["weights"]["common"]), float(data["weights"]["generic"]),
                  float(data["weights"]["initial"]))


# --- normalisation ----------------------------------------------------------------------------

def name_kind(type_: str | None) -> str | None:
    """person, organization, object or None (any) for a contract type or a FollowTheMoney schema."""
    if type_ is None:
        return None
    key = re.sub(r"[\s_-]+", "", str(type_)).casefold()
    if key not in TYPES:
        raise RapsheetError(f"unknown name type {type_!r}: use person, organization or a "
                            "FollowTheMoney schema (Person, Organization, Company, LegalEntity, Vessel)")
    return TYPES[key]


@dataclass(slots=True, frozen=True)
class NameForm:
    """A name as compared: its tokens in reading order, with weights and phonetic keys."""
    original: str
    kind: str | None
    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    phonetic: tuple[str, ...]
    common: tuple[bool, ...]
    legal_forms: frozenset[str] = frozenset()
    dropped: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Order-free key: equal for names that compare as identical."""
        return " ".join(sorted(self.tokens))

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if t.isdigit())


_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_QUOTED = re.compile(r"[\"“”«»]")


def _reorder_comma(text: str, kind: str | None) -> str:
    """"MARTINEZ FLORES, Jose" -> "Jose MARTINEZ FLORES"; an organisation's comma ("Acme, Ltd.")
    stays where it is."""
    if text.count(",") != 1 or kind in (ORGANIZATION, OBJECT):
        return text
    family, given = (part.strip() for part in text.split(","))
    if not family or not given:
        return text.replace(",", " ")
    if kind is None and not remove_org_types(given.casefold()).strip(" .,"):
        return text       # the part after the comma is a legal form: an organisation
    return f"{given} {family}"


@functools.lru_cache(maxsize=200_000)
def normalise(name: str, type: str | None = None) -> NameForm:
    """The comparable form of `name`; `type` as in `compare_names`."""
    kind = name_kind(type)
    w = words()
    text = unicodedata.normalize("NFKC", name or "")
    text = _QUOTED.sub(" ", _BRACKETS.sub(" ", text)) if "(" in text or "[" in text or '"' in text else text
    text = _reorder_comma(text, kind)
    text = ascii_text(text).casefold().replace("&", " and ")
    legal: frozenset[str] = frozenset()
    if kind != PERSON:
        text = remove_org_prefixes(text)
        if kind != OBJECT:
            found = extract_org_types(text, generic=True)
            if found:
                stripped = remove_org_types(text, " ")
                if tokenize_name(stripped):
                    legal = frozenset(target for _, target in found)
                    text = stripped
    if kind != ORGANIZATION and kind != OBJECT:
        text = remove_person_prefixes(text)
    raw = tokenize_name(text)
    # rigour's prefix lists miss some titles; drop ours only at the head, and never the whole name.
    if kind != ORGANIZATION:
        while len(raw) > 1 and raw[0] in w.person_prefixes:
            raw = raw[1:]
    if kind == ORGANIZATION:
        drop = w.org_stopwords
    elif kind == PERSON:
        drop = w.particles
    elif kind == OBJECT:
        drop = frozenset(("the",))
    else:
        drop = w.particles | w.org_stopwords
    # A one-letter particle ("y", "e", "i") joins names; at the head it is an initial ("E. RAZAVI").
    keep = [t not in drop or (n == 0 and len(t) == 1) for n, t in enumerate(raw)]
    tokens = [t for t, k in zip(raw, keep) if k] or list(raw)
    dropped = tuple(t for t, k in zip(raw, keep) if not k) if len(tokens) < len(raw) else ()
    weights, common = [], []
    for token in tokens:
        is_common = token in w.common and kind != ORGANIZATION
        if len(token) == 1 and token.isalpha():
            weight = w.initial_weight
        elif token in w.generic and kind != PERSON:
            weight = w.generic_weight
        elif is_common:
            weight = w.common_weight
        else:
            weight = 1.0
        weights.append(weight)
        common.append(is_common)
    phonetic = tuple(metaphone(t) if t.isalpha() and len(t) > 1 else t for t in tokens)
    return NameForm(name, kind, tuple(tokens), tuple(weights), phonetic, tuple(common), legal, dropped)


# --- token alignment --------------------------------------------------------------------------

@functools.lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str) -> tuple[float, str]:
    """How alike two tokens are, 0..1, and how: "same", "initial", "number", "phonetic" or
    "spelling". Spelling is the mean of Jaro-Winkler (kind to shared starts) and Levenshtein-based
    similarity (strict about length), or of the two with vowels folded (`_vowel_fold`, a little
    discounted) when that is higher; a shared metaphone key lifts tokens of four letters or more
    halfway to 1.0 (Mohammed ~ Muhammad)."""
    if a == b:
        return 1.0, "same"
    if len(a) == 1 or len(b) == 1:
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if short.isalpha() and long_[0] == short:
            return 0.8, "initial"
        return 0.0, "initial"
    if a.isdigit() or b.isdigit():
        return 0.0, "number"
    spelling = (JaroWinkler.normalized_similarity(a, b) + Indel.normalized_similarity(a, b)) / 2
    fa, fb = _vowel_fold(a), _vowel_fold(b)
    if fa != a or fb != b:
        folded = (JaroWinkler.normalized_similarity(fa, fb) + Indel.normalized_similarity(fa, fb)) / 2
        spelling = max(spelling, folded * VOWEL_FOLD_DISCOUNT)
    if len(a) >= 4 and len(b) >= 4 and metaphone(a) == metaphone(b):
        return (spelling + 1.0) / 2, "phonetic"
    return spelling, "spelling"


_VOWELS = re.compile(r"(?<=.)[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")
#: Spelling compared with vowels folded ("yahya" ~ "yehiyeh") counts this much of its similarity.
VOWEL_FOLD_DISCOUNT = 0.95


@functools.lru_cache(maxsize=200_000)
def _vowel_fold(token: str) -> str:
    """Every run of vowels after the first letter as "a", doubled letters once: transliterations
    of one name differ mostly in their vowels (Yahya, Yehia, Yehiyeh)."""
    return _REPEATS.sub(r"\1", _VOWELS.sub("a", token))


@dataclass(slots=True)
class Pair:
    """Tokens of name A aligned with tokens of name B (one of the two sides may be two joined tokens)."""
    left: tuple[int, ...]
    right: tuple[int, ...]
    similarity: float
    how: str


def _greedy(options: list[tuple], used_l: set[int], used_r: set[int], pairs: list[Pair]) -> None:
    options.sort(key=lambda o: o[0], reverse=True)
    for sim, li, ri, how in options:
        if used_l.intersection(li) or used_r.intersection(ri):
            continue
        used_l.update(li)
        used_r.update(ri)
        pairs.append(Pair(li, ri, sim, how))


def _joins(tokens: tuple[str, ...], free: set[int]) -> list[tuple[tuple[int, int], str]]:
    return [((i, i + 1), tokens[i] + tokens[i + 1]) for i in range(len(tokens) - 1)
            if i in free and i + 1 in free and tokens[i].isalpha() and tokens[i + 1].isalpha()]


def align(a: NameForm, b: NameForm) -> list[Pair]:
    """Greedy order-free alignment: the most alike tokens pair first, each token used once; two
    adjacent tokens on one side may pair with one on the other ("abd"+"aziz" ~ "abdulaziz"),
    competing with the single-token pairs (so "mohammad"+"hassan" ~ "mohammadhassan" wins over
    "mohammad" ~ "mohammadhassan")."""
    options: list[tuple[float, tuple[int, ...], tuple[int, ...], str]] = []
    for i, lt in enumerate(a.tokens):
        for j, rt in enumerate(b.tokens):
            sim, how = token_similarity(lt, rt)
            if sim >= MIN_TOKEN_SIMILARITY:
                options.append((sim, (i,), (j,), how))
    used_l: set[int] = set()
    used_r: set[int] = set()
    pairs: list[Pair] = []
    free_l = set(range(len(a.tokens)))
    free_r = set(range(len(b.tokens)))
    if len(free_l) + len(free_r) >= 3:
        for joined, free_other, other, left_side in ((_joins(a.tokens, free_l), free_r, b.tokens, True),
                                                     (_joins(b.tokens, free_r), free_l, a.tokens, False)):
            for span, text in joined:
                for k in free_other:
                    sim = token_similarity(text, other[k])[0] * JOIN_DISCOUNT
                    if sim >= MIN_TOKEN_SIMILARITY:
                        options.append((sim, span, (k,), "joined") if left_side
                                       else (sim, (k,), span, "joined"))
    _greedy(options, used_l, used_r, pairs)
    return pairs


# --- features ---------------------------------------------------------------------------------

class Context:
    """What the features read: both forms, the alignment, and what each side left unmatched."""
    __slots__ = ("a", "b", "pairs", "exact", "_covered", "_unaligned", "short", "long")

    def __init__(self, a: NameForm, b: NameForm, pairs: list[Pair], exact: bool):
        self.a, self.b, self.pairs, self.exact = a, b, pairs, exact
        got_a = got_b = 0.0
        used_a: set[int] = set()
        used_b: set[int] = set()
        for pair in pairs:
            for i in pair.left:
                got_a += a.weights[i] * pair.similarity
                used_a.add(i)
            for i in pair.right:
                got_b += b.weights[i] * pair.similarity
                used_b.add(i)
        self._covered = {"a": (got_a, sum(a.weights)), "b": (got_b, sum(b.weights))}
        self._unaligned = {"a": [i for i in range(len(a.tokens)) if i not in used_a],
                           "b": [i for i in range(len(b.tokens)) if i not in used_b]}
        self.short, self.long = ("a", "b") if self._covered["a"][1] <= self._covered["b"][1] else ("b", "a")

    def form(self, side: str) -> NameForm:
        return self.a if side == "a" else self.b

    def covered(self, side: str) -> tuple[float, float]:
        """(similarity-weighted aligned weight, total weight) of one side."""
        return self._covered[side]

    def shorter_longer(self) -> tuple[str, str]:
        return self.short, self.long

    def unaligned(self, side: str) -> list[int]:
        return self._unaligned[side]

    def one_word_factor(self) -> float:
        """0.5 when a one-word name stands against a longer one ("Sona" in "Burute Zuna Sona"):
        one shared word is little evidence, however well it matches."""
        short, long_ = len(self.form(self.short).tokens), len(self.form(self.long).tokens)
        return 0.5 if short == 1 and long_ > 1 else 1.0


Result = tuple[float, str]


def f_exact(ctx: Context) -> Result:
    """Exact normalised match: 1 when both names have the same tokens after folding case,
    accents, script, word order, particles, honorifics and legal forms. Only this feature lets a
    score reach 1.0."""
    return (1.0, "same tokens") if ctx.exact else (0.0, "")


def f_shorter_covered(ctx: Context) -> Result:
    """Jaro-Winkler per aligned token, over the shorter name: the share of its weight found in
    the other name, each token counted by how alike its partner is (an initial counts 0.8);
    halved for a one-word name against a longer one."""
    short, _ = ctx.shorter_longer()
    got, total = ctx.covered(short)
    form = ctx.form(short)
    factor = ctx.one_word_factor()
    detail = f"{' '.join(form.tokens)}: {got:.2f} of {total:.2f}" + (" (one word)" if factor < 1 else "")
    return (got / total * factor if total else 0.0), detail


def f_longer_covered(ctx: Context) -> Result:
    """Missing or extra given names: the same share over the longer name, so every token that
    one name has and the other lacks lowers it ("Jose Garcia" vs "Jose Garcia Lopez")."""
    _, long_ = ctx.shorter_longer()
    got, total = ctx.covered(long_)
    form = ctx.a if long_ == "a" else ctx.b
    missing = [form.tokens[i] for i in ctx.unaligned(long_)]
    detail = f"unmatched: {' '.join(missing)}" if missing else "all matched"
    return (got / total if total else 0.0), detail


def f_token_set(ctx: Context) -> Result:
    """Token-set overlap: rapidfuzz token_set_ratio of the normalised names, order-free; a
    second opinion on spelling that does not depend on the alignment."""
    ratio = fuzz.token_set_ratio(" ".join(ctx.a.tokens), " ".join(ctx.b.tokens)) / 100
    return ratio, f"{ratio:.2f}"


def f_phonetic(ctx: Context) -> Result:
    """Phonetic match: share of the shorter name's tokens whose metaphone key occurs in the
    other name (transliterations: Mohammed/Muhammad, Martinez/Martines); halved for a one-word
    name against a longer one."""
    short, _ = ctx.shorter_longer()
    form, other = (ctx.a, ctx.b) if short == "a" else (ctx.b, ctx.a)
    keys = set(other.phonetic)
    tokens = [i for i, t in enumerate(form.tokens) if len(t) > 1]
    if not tokens:
        return 0.0, "no tokens to sound out"
    hits = [form.tokens[i] for i in tokens if form.phonetic[i] in keys]
    return len(hits) / len(tokens) * ctx.one_word_factor(), f"{len(hits)} of {len(tokens)}"


def f_conflict(ctx: Context) -> Result:
    """Conflicting tokens: both names hold words the other lacks ("Jose Garcia Lopez" vs "Jose
    Garcia Perez"): the smaller of the two unmatched shares of weight. A name that is a part of
    the other has no conflict."""
    shares, words_ = [], []
    for side, form in (("a", ctx.a), ("b", ctx.b)):
        missing = ctx.unaligned(side)
        total = sum(form.weights)
        shares.append(sum(form.weights[i] for i in missing) / total if total else 0.0)
        words_.append(" ".join(form.tokens[i] for i in missing))
    value = min(shares)
    return value, (f"{words_[0]} / {words_[1]}" if value else "none")


def f_initial_mismatch(ctx: Context) -> Result:
    """Initials that disagree: one name has an initial left unmatched while the other has a
    given name left unmatched ("R. Martinez Flores" vs "Jose Martinez Flores")."""
    for side, other in (("a", "b"), ("b", "a")):
        form = ctx.a if side == "a" else ctx.b
        other_form = ctx.b if side == "a" else ctx.a
        lone = [form.tokens[i] for i in ctx.unaligned(side) if len(form.tokens[i]) == 1]
        rest = [other_form.tokens[i] for i in ctx.unaligned(other) if other_form.tokens[i].isalpha()]
        if lone and rest:
            return 1.0, f"{' '.join(lone)} vs {' '.join(rest)}"
    return 0.0, ""


def f_common_names(ctx: Context) -> Result:
    """Common-name penalty: the share of the shorter name's weight made of very common given
    names and surnames (names.yaml), when the names are not identical: "Jose Garcia" against a
    longer or different name says less than "Tareck Zaidan" would."""
    if ctx.exact:
        return 0.0, "identical"
    short, _ = ctx.shorter_longer()
    form = ctx.a if short == "a" else ctx.b
    total = len(form.tokens)
    commons = [t for t, c in zip(form.tokens, form.common) if c]
    return (len(commons) / total if total else 0.0), " ".join(commons) or "none"


def _person_like(form: NameForm) -> bool:
    return form.kind in (PERSON, None) and not form.legal_forms


def f_given_name_conflict(ctx: Context) -> Result:
    """Given-name conflict: two people's names of two words or more that share some words
    while each also holds a full word the other lacks ("Maria CANO CORREA" vs "Jhon Eidelber
    CANO CORREA"), or whose first names were aligned on spelling alone but are two different
    known names (`distinct_given_names`: "Kamal" vs "Jamal") while the rest is the same:
    siblings, cousins and namesakes look like this, so it is strong evidence against and never a
    match. Initials are left to `initial_mismatch`."""
    if ctx.exact or not ctx.pairs or not (_person_like(ctx.a) and _person_like(ctx.b)):
        return 0.0, ""
    if len(ctx.a.tokens) < 2 or len(ctx.b.tokens) < 2:
        return 0.0, ""
    extra = []
    for side in ("a", "b"):
        form = ctx.form(side)
        extra.append([form.tokens[i] for i in ctx.unaligned(side)
                      if len(form.tokens[i]) > 1 and form.tokens[i].isalpha()])
    for i, j in _distinct_first_names(ctx):
        extra[0].append(ctx.a.tokens[i])
        extra[1].append(ctx.b.tokens[j])
    if not extra[0] or not extra[1]:
        return 0.0, ""
    last_a, last_b = len(ctx.a.tokens) - 1, len(ctx.b.tokens) - 1
    tail = any(last_a in p.left and last_b in p.right for p in ctx.pairs)
    what = "same surnames, different given names" if tail else "different names beside the shared ones"
    return 1.0, f"{what}: {' '.join(extra[0])} vs {' '.join(extra[1])}"


@functools.lru_cache(maxsize=100_000)
def name_symbols(token: str) -> frozenset[str]:
    """rigour's symbols for one word of a person's name: the Wikidata ids of the given names it
    may spell (Mohammed and Muhammad share one), nicknames and name particles; empty when the
    word is not a known name."""
    return frozenset(str(symbol) for name in analyze_names(NameTypeTag.PER, [token], phonetics=False,
                                                            consolidate=False)
                     for symbol in name.symbols)


#: Letters that transliterations swap for one sound, folded before consonants are compared.
_SOUND_FOLDS = (("ph", "f"), ("kh", "h"), ("gh", "g"), ("ck", "k"), ("q", "k"), ("c", "k"),
                ("z", "s"), ("x", "ks"), ("j", "y"), ("w", "v"))


@functools.lru_cache(maxsize=100_000)
def _consonants(token: str) -> str:
    """The consonants of a word, sorted, sounds folded and doubles once: spellings of one name
    differ in their vowels and letter order far more than in their consonants (Akram, Arkam)."""
    for spelled, sound in _SOUND_FOLDS:
        token = token.replace(spelled, sound)
    return "".join(sorted(_REPEATS.sub(r"\1", re.sub(r"[aeiouyw]", "", token))))


def distinct_given_names(a: str, b: str) -> bool:
    """Two known given names that are not spellings of one another (Kamal and Jamal, Marija and
    Marko): both carry rigour name symbols and share none, neither is the start of the other,
    and their consonants differ. An unknown word is never called distinct on its spelling alone:
    transliterations (Lidziya, Lydia) are too varied for that."""
    sa, sb = name_symbols(a), name_symbols(b)
    if not sa or not sb or sa & sb:
        return False
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):
        return False
    return _consonants(a) != _consonants(b)


def _distinct_first_names(ctx: Context) -> list[tuple[int, int]]:
    """Aligned pairs (a index, b index) that are two different first names, when everything
    else the names share is spelled the same: the sibling's shape ("Kamal X Y" vs "Jamal X Y").
    The aligner pairs such names on spelling alone; this tells them apart."""
    found = []
    for pair in ctx.pairs:
        first = 0 in pair.left or 0 in pair.right
        if not first and pair.how != "same":
            return []
        if first and pair.how == "spelling" and len(pair.left) == 1 and len(pair.right) == 1:
            ta, tb = ctx.a.tokens[pair.left[0]], ctx.b.tokens[pair.right[0]]
            if ta.isalpha() and tb.isalpha() and distinct_given_names(ta, tb):
                found.append((pair.left[0], pair.right[0]))
    return found


def f_one_word(ctx: Context) -> Result:
    """One word only: a person's name that agrees with the other in a single word (a surname
    or a given name alone, "Flores" vs "Jose Martinez Flores", or two one-word names) says too
    little about who it is to be a match. Two one-word names of unknown kind are left alone
    (an organisation's: "Hamas")."""
    if not (_person_like(ctx.a) and _person_like(ctx.b)) or not ctx.pairs:
        return 0.0, ""
    short, long_ = sorted((len(ctx.a.tokens), len(ctx.b.tokens)))
    # Two one-word names of unknown kind may be an organisation's ("Hamas"): only a known
    # person's one word is vetoed when the other name is one word too.
    if short == 1 and (long_ > 1 or PERSON in (ctx.a.kind, ctx.b.kind)):
        shared = ctx.a.tokens[ctx.pairs[0].left[0]]
        return 1.0, f"only one word agrees: {shared}"
    return 0.0, ""


def f_type_mismatch(ctx: Context) -> Result:
    """Type mismatch: one name is a person's and the other an organisation's or an object's
    (known from `type`, or from a legal form found in a name)."""
    kinds = []
    for form in (ctx.a, ctx.b):
        kinds.append(form.kind or (ORGANIZATION if form.legal_forms else None))
    if kinds[0] and kinds[1] and kinds[0] != kinds[1]:
        return 1.0, f"a {kinds[0]} against an {kinds[1]}" if kinds[1][0] in "ao" else \
            f"a {kinds[0]} against a {kinds[1]}"
    return 0.0, ""


def f_number_mismatch(ctx: Context) -> Result:
    """Number mismatch: both names carry numbers and they differ ("MS-13" vs "MS-18", vessel
    hull numbers): a different thing whatever the words."""
    na, nb = ctx.a.numbers, ctx.b.numbers
    if (na or nb) and na != nb:
        return 1.0, f"{' '.join(sorted(na)) or '-'} vs {' '.join(sorted(nb)) or '-'}"
    return 0.0, ""


def f_legal_form_mismatch(ctx: Context) -> Result:
    """Legal form mismatch: both organisation names carry a legal form and the forms differ
    (LLC vs JSC), a mild sign of two companies sharing a name."""
    la, lb = ctx.a.legal_forms, ctx.b.legal_forms
    if la and lb and not la & lb:
        return 1.0, f"{'/'.join(sorted(la))} vs {'/'.join(sorted(lb))}"
    return 0.0, ""


@dataclass(slots=True, frozen=True)
class Feature:
    name: str
    weight: float
    fn: Callable[[Context], Result]
    #: When the feature fires, the names are never a match, whatever the score.
    veto: bool = False

    @property
    def doc(self) -> str:
        return " ".join((self.fn.__doc__ or "").split())


#: The score is the sum of weight x value over these, clipped to 0..1. The positive weights add
#: up to 1.0, `exact` included, so a near miss stays below 1.0. Weights were tuned on half of the
#: OFAC alias pairs of benchmarks/names_ofac.py (even entry numbers) with the threshold at 0.60:
#: what the shorter name shares with the other matters most, then the order-free token-set
#: ratio; a name that is a part of the other (missing given names, patronymics) costs little,
#: disagreeing initials a lot. Features marked `veto` (siblings' given names, one word only, a
#: person against an organisation) also forbid `match` outright: a false accusation is the
#: costliest error, so what the score cannot outweigh, the rule does not leave to it.
FEATURES: tuple[Feature, ...] = (
    Feature("exact", 0.05, f_exact),
    Feature("shorter_covered", 0.6, f_shorter_covered),
    Feature("longer_covered", 0.05, f_longer_covered),
    Feature("token_set", 0.25, f_token_set),
    Feature("phonetic", 0.05, f_phonetic),
    Feature("conflict", -0.08, f_conflict),
    Feature("initial_mismatch", -0.45, f_initial_mismatch),
    Feature("common_names", -0.1, f_common_names),
    Feature("given_name_conflict", -0.35, f_given_name_conflict, veto=True),
    Feature("one_word", -0.05, f_one_word, veto=True),
    Feature("type_mismatch", -0.40, f_type_mismatch, veto=True),
    Feature("number_mismatch", -0.40, f_number_mismatch),
    Feature("legal_form_mismatch", -0.08, f_legal_form_mismatch),
)


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
