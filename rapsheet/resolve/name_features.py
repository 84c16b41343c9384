"""The features that score a pair of names (`FEATURES`, each function's docstring its
documentation) and the `Context` they read; `rapsheet.resolve.names` describes the whole and is
the module to import."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz
from rigour.names import NameTypeTag, analyze_names

from rapsheet.resolve.name_forms import _REPEATS, ORGANIZATION, PERSON, NameForm, Pair, words

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
    known names (`distinct_given_names`: "Kamal" vs "Jamal", "Hamid" vs "Ahmad"; or two syllables
    of a Chinese given name, "Wen Ming" vs "Wen Ping") while the rest is the same, or
    whose longer name is a child's holding the parent's (`_son_of`: "Orvel Tamir Haddad" of
    "Tamir Haddad"): siblings, parents and children, cousins and namesakes look like this, so it
    is strong evidence against and never a match. Initials are left to `initial_mismatch`."""
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
        son = _son_of(ctx)
        if not son:
            return 0.0, ""
        extra = son
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


def load_name_tables() -> None:
    """Load rigour's tables of given names now: the first look-up reads them (seconds, once per
    process), and a service should pay that when it starts, not in its first query."""
    analyze_names(NameTypeTag.PER, ["name"], phonetics=False, consolidate=False)


#: Letters that transliterations swap for one sound, folded before consonants are compared.
_SOUND_FOLDS = (("ph", "f"), ("kh", "h"), ("gh", "g"), ("ck", "k"), ("q", "k"), ("c", "k"),
                ("z", "s"), ("x", "ks"), ("j", "y"), ("w", "v"))


def _fold_sounds(token: str) -> str:
    """`token` with the letters transliterations swap for one sound written one way."""
    for spelled, sound in _SOUND_FOLDS:
        token = token.replace(spelled, sound)
    return token


@functools.lru_cache(maxsize=100_000)
def _consonants(token: str) -> str:
    """The consonants of a word, sorted, sounds folded and doubles once: spellings of one name
    differ in their vowels and letter order far more than in their consonants (Akram, Arkam)."""
    return "".join(sorted(_REPEATS.sub(r"\1", re.sub(r"[aeiouyw]", "", _fold_sounds(token)))))


_VOWEL_RUNS = re.compile(r"[aeiouy]+")


@functools.lru_cache(maxsize=100_000)
def _sound_shape(token: str) -> str:
    """A word's consonants in order with every run of vowels as one "a", sounds folded and
    doubles once: transliterations of one name keep it (Mohammed, Muhammad: mahamad; Omar, Umar:
    amar), names built on the same consonants do not (Hamid: hamad, Ahmad: ahmad; Mahmud:
    mahmad)."""
    return _REPEATS.sub(r"\1", _VOWEL_RUNS.sub("a", _fold_sounds(token)))


def distinct_given_names(a: str, b: str) -> bool:
    """Two known given names that are not spellings of one another (Kamal and Jamal, Marija and
    Marko, Hamid and Ahmad): both carry rigour name symbols and share none, neither is the start
    of the other, and their consonants or the places of their vowels differ (`_sound_shape`). An
    unknown word is never called distinct on its spelling alone: transliterations (Lidziya,
    Lydia) are too varied for that."""
    sa, sb = name_symbols(a), name_symbols(b)
    if not sa or not sb or sa & sb:
        return False
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):
        return False
    if _consonants(a) != _consonants(b):
        return True
    # The same consonants: only names common enough for rigour's tables to know them well are
    # told apart by where their vowels fall (Hamid, Ahmad); rarer ones may be spellings it
    # lacks (Fahd, Fahad).
    common = words().common
    return a in common and b in common and _sound_shape(a) != _sound_shape(b)


#: Two different known given names after the first ("Sang Ho" vs "Tong Chol") are told apart
#: only below this likeness: above it they are taken for spellings of one name (Dzmitry, Dmitry).
DISTINCT_LATER_MAX = 0.9
#: Two first names that are not both known are called different below this likeness when their
#: consonants differ and the names share two other words or more ("Qusay" vs "Uday" beside the
#: same father's and family names): one shared surname is too little, transliterations of a
#: first name (Kakhaber, Kajaver) are too varied.
UNKNOWN_FIRST_MAX = 0.75


def _distinct_first_names(ctx: Context) -> list[tuple[int, int]]:
    """Aligned pairs (a index, b index) that are two different given names, when everything
    else the names share is spelled the same: the sibling's shape ("Kamal X Y" vs "Jamal X Y",
    "Sang Ho KIM" vs "Tong Chol KIM"). The aligner pairs such names on spelling alone; this
    tells them apart. The first names must differ: two known names that are not spellings of one
    another (`distinct_given_names`), a whole name against the first half of a compound one
    (`_half_of_a_compound`), or two little-alike first words of differing sound beside two
    shared words or more, one of them not a known name; or, in names written syllable by
    syllable ("Wen Ming KAO" vs "Wen Ping KAO"), a given syllable in the same place beside two
    shared words or more whose initial sound differs (`_onset`); then later given names (never
    the last word, the surname's place) that are two different known names, not nearly spelled
    alike, count too."""
    first, later = [], []
    last_a, last_b = len(ctx.a.tokens) - 1, len(ctx.b.tokens) - 1
    shared = {ctx.a.tokens[p.left[0]] for p in ctx.pairs if p.how == "same"}
    for pair in ctx.pairs:
        if pair.how == "same":
            continue
        words_ = pair.how == "spelling" and len(pair.left) == 1 and len(pair.right) == 1
        i, j = pair.left[0], pair.right[0]
        ta, tb = ctx.a.tokens[i], ctx.b.tokens[j]
        words_ = words_ and ta.isalpha() and tb.isalpha()
        if 0 in pair.left or 0 in pair.right:
            if words_ and (distinct_given_names(ta, tb) or _half_of_a_compound(ta, tb) or (
                    i == j == 0 and len(shared) >= 2 and pair.similarity < UNKNOWN_FIRST_MAX
                    and _consonants(ta) != _consonants(tb) and not (name_symbols(ta) and name_symbols(tb)))):
                first.append((i, j))
        elif words_ and i == j and i != last_a and j != last_b and len(shared) >= 2 \
                and _syllable_names(ctx) and _onset(ta) != _onset(tb):
            first.append((i, j))
        elif words_ and i != last_a and j != last_b and pair.similarity < DISTINCT_LATER_MAX \
                and distinct_given_names(ta, tb):
            later.append((i, j))
        else:
            return []
    return first + later if first else []


#: The first halves of Arabic compound given names ("Abd al-Sattar", "Abu Bakr"): no name on
#: their own.
_COMPOUND_HEADS = frozenset(("abd", "abdul", "abdel", "abdal", "abdol", "abu", "umm"))


def _half_of_a_compound(a: str, b: str) -> bool:
    """One word is the first half of a compound name and the other a whole known given name, not
    a longer spelling of it ("Abd" of "Abd al-Sattar" against "Abid"): two different names,
    however alike they are spelled."""
    if a in _COMPOUND_HEADS:
        head, other = a, b
    elif b in _COMPOUND_HEADS:
        head, other = b, a
    else:
        return False
    return other not in _COMPOUND_HEADS and not other.startswith(head) and bool(name_symbols(other))


_ONSET = re.compile(r"y?[^aeiouy]*")
_ONE_SYLLABLE = re.compile(r"[^aeiouy]*[aeiouy]+[^aeiouy]*|y[aeiou]+[^aeiouy]*")
#: Initial sounds that the romanisations of Chinese and Korean names write differently (Wade-Giles
#: Hsiang, pinyin Xiang; Chang, Zhang; Kim, Gim; Ri, Li): one class each.
_ONSET_CLASSES = {"hs": "s", "x": "s", "sh": "s", "ch": "j", "zh": "j", "q": "j", "ts": "j", "tz": "j",
                  "z": "j", "c": "j", "g": "k", "kh": "k", "d": "t", "th": "t", "b": "p", "ph": "p",
                  "r": "l", "rh": "l", "y": "", "w": ""}


def _onset(token: str) -> str:
    """The initial sound of a syllable, the consonants before its vowel, romanisations folded."""
    found = _ONSET.match(token)
    onset = found.group() if found else ""
    return _ONSET_CLASSES.get(onset, _ONSET_CLASSES.get(onset[:1], onset[:1]))


def _syllable_names(ctx: Context) -> bool:
    """Both names written syllable by syllable, as Chinese, Korean and Vietnamese names are
    ("Wen Ming KAO"): every word of one vowel sound."""
    return all(len(t) > 1 and _ONE_SYLLABLE.fullmatch(t) for t in ctx.a.tokens + ctx.b.tokens)


#: Words before a name that are titles, honorifics or the first of a compound given name, not a
#: person's own given name ("Daw Aye Nu", "Muhammad Arif" of "Arif", "Abdul Rahim" of "Rahim"):
#: no son's name.
_NOT_A_SONS_NAME = _COMPOUND_HEADS | frozenset(("muhammad", "mohammad", "mohammed", "muhammed", "mohamed", "mohamad", "mohd",
                              "md", "shaikh", "phado", "daw", "ma", "maung", "saw", "ko", "naw", "nang", "sai", "mahn",
                              "padoh", "nai", "khun", "qari", "hafiz", "maulana", "mawlana", "alhaj",
                              "alhajj", "seyed", "seyyed", "hakim", "hakeem", "malik"))


def _son_of(ctx: Context) -> list[list[str]] | None:
    """A child's name holding the parent's: the shorter name's own given names, then its
    father's, all found in the longer name in order but one place or more later, after full words
    of its own ("Saddam Hussein X" vs "Qusay Saddam Hussein X": Qusay, son of Saddam). The
    shorter name must show that its first word is a given name followed by a father's name: two
    given names or more before a comma ("X, Saddam Hussein"), or the longer writes "bin", "ibn"
    ... before it ("Qusay bin Saddam"). Gives [the child's own words, the parent's first word],
    sides as in the context, or None."""
    for short, long_ in (("a", "b"), ("b", "a")):
        s, lf = ctx.form(short), ctx.form(long_)
        if len(s.tokens) >= len(lf.tokens) or any(len(s.tokens[i]) > 1 for i in ctx.unaligned(short)):
            continue
        at = {}
        for pair in ctx.pairs:
            mine, theirs = (pair.left, pair.right) if short == "a" else (pair.right, pair.left)
            if len(mine) == 1 and len(theirs) == 1:
                at[mine[0]] = theirs[0]
        k = at.get(0, 0)
        if k < 1 or at.get(1) != k + 1 or not (s.given >= 2 or k in lf.fathers):
            continue
        own = [lf.tokens[i] for i in range(k)]
        if all(i in ctx.unaligned(long_) for i in range(k)) and all(
                len(t) > 1 and t.isalpha() and t not in _NOT_A_SONS_NAME for t in own):
            child = [f"{' '.join(own)} (child of {s.tokens[0]})"]
            return [child, [s.tokens[0]]] if long_ == "a" else [[s.tokens[0]], child]
    return None


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
