"""Names as compared: the word lists, normalisation (`normalise` -> `NameForm`) and the
order-free token alignment (`align`); `rapsheet.resolve.names` describes the whole and is the
module to import."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Indel, JaroWinkler
from rigour.names import remove_org_prefixes, remove_org_types, remove_person_prefixes, tokenize_name
from rigour.names import extract_org_types
from rigour.text.phonetics import metaphone
from rigour.text.translit import ascii_text

from rapsheet.data import DATA_DIR, parse
from rapsheet.errors import RapsheetError

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
    #: How many given names the name has, when it says so: the words after the comma of
    #: "SURNAME, Given Father" (two; "Ka-chiu" is one); 0 when unknown.
    given: int = 0
    #: Indices of tokens written after a patronymic particle ("Omar bin Khalid": Khalid, the
    #: father's name): the token before them is the person's own given name.
    fathers: frozenset[int] = frozenset()

    @property
    def key(self) -> str:
        """Order-free key: equal for names that compare as identical."""
        return " ".join(sorted(self.tokens))

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if t.isdigit())


#: Particles that put a father's name after a person's own: "son of", "daughter of".
_PATRONYMIC = frozenset(("bin", "ibn", "ben", "bint", "binti", "ould"))

_ARTICLE = re.compile(r"(?i)(al|el|ul|ud|ad|ar|as|ash|an|ur)[-'‘’]")
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
    reordered = _reorder_comma(text, kind)
    # Given names written as words after the comma: a hyphenated one ("Ka-chiu") is one name, and
    # so is one with its article ("Nur al-Din"); particles ("ur", "bin") are none.
    given = len([g for g in text.split(",")[1].split() if len(g) > 2 and g.casefold() not in w.particles
                 and not _ARTICLE.match(g)]) if reordered != text and "," not in reordered else 0
    text = reordered
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
    fathers: frozenset[int] = frozenset()
    if kind != ORGANIZATION and len(tokens) < len(raw) and _PATRONYMIC.intersection(raw):
        # The index in `tokens` of each kept word right after a dropped "bin", "ibn" ...
        fathers = frozenset(sum(keep[:n]) for n in range(1, len(raw))
                            if raw[n - 1] in _PATRONYMIC and not keep[n - 1] and keep[n])
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
    return NameForm(name, kind, tuple(tokens), tuple(weights), phonetic, tuple(common), legal, dropped,
                    given, fathers)


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
