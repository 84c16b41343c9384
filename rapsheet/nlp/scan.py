"""`FastScan`: a compiled pattern's `finditer`, the same matches, found faster over long text;
`EndSearch`: the `search` of a pattern anchored at the end of a short text, skipped where its
last characters cannot end a match.

Python's regex engine tries a pattern at every position of the text unless the pattern starts
with a literal or a character class; the rules of timex and quantities start with optional words
("about", "the past", "early"), so each was tried at all of an article's few thousand positions.
`FastScan` works out, from the parsed pattern, every character a match can begin with (its
first set), and searches with a pattern that starts with that character class and then checks
the rule at the same position inside a look-behind:

    [F](?<=(?=RULE)[F])

The engine skips positions outside F in C; at each candidate it tests RULE where it stands. The
match found is then taken again with the rule itself (`rule.match(text, start)`), so callers get
the rule's own Match object, and the scan goes on from its end, as `finditer` does. A pattern
whose first set cannot be bounded (it may match the empty string, or start with any character)
is scanned with `finditer` as it is.

Before any of that, a text that holds none of the words every match must contain (its needs:
"days" above, "century" for "the 19th century") is passed over at once: most of an article's rules
have nothing to find in it, and a few substring tests cost less than one scan. A pattern whose
needs are too short or too many to rule much out is scanned every time.

    scan = FastScan(re.compile(r"(?i:(?:about|nearly)\\s+)?\\d+\\s+days"))
    for m in scan.finditer(text): ...

A rule whose every match holds a group found in few places (the unit of "about three days",
named as an anchor) is tried only shortly before those places, found with one cheap search:
with an anchor at q, a match starts at or after the place that a walk back from q stops at.
The walk goes back over the characters other than letters that the rule's part before the
anchor can match (spaces, digits, hyphens), and over whole runs of letters that part can hold
between them ("about", "the", "past", "three": read from the parsed pattern); the first other
run of letters or other character stops it, since a match cannot hold it whole (it may start
inside a run). Between such stretches no match can start, so the same matches are found:

    scan = FastScan(re.compile(r"(?i:(?:about|nearly)\\s+)?(?:\\d+|three)\\s+(?P<unit>days|weeks)"), ("unit",))
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from re import _constants as sre_constants, _parser as sre_parse  # type: ignore[attr-defined]

_C = sre_constants

#: A first set that no class can bound: the pattern is scanned as it is.
_ANY = None

_CATEGORIES = {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_SPACE: r"\s", _C.CATEGORY_WORD: r"\w"}

#: Beyond ASCII, case-insensitive matching folds letters in ways a class of two cases misses
#: ("K" and the Kelvin sign): a case-insensitive letter's set takes every non-ASCII character,
#: which English text seldom holds, so the set stays a superset of what can match.
_NON_ASCII = "\\u0080-\\U0010ffff"


def _char(code: int) -> str:
    return re.escape(chr(code)) if code >= 32 else f"\\x{code:02x}"


def _cased(code: int, ignore_case: bool) -> list[str]:
    """The class fragments for one literal character."""
    c = chr(code)
    if not ignore_case:
        return [_char(code)]
    # Its cases and their cases (a non-ASCII letter may fold to an ASCII one), and, for any
    # letter with cases, every non-ASCII character.
    forms = {c}
    for _ in range(2):
        forms |= {x for f in forms for x in (f.lower(), f.upper()) if len(x) == 1}
    out = [_char(ord(x)) for x in sorted(forms)]
    if len(forms) > 1 or not c.isascii():
        out.append(_NON_ASCII)
    return out


def _in_set(items, ignore_case: bool) -> list[str] | None:
    out: list[str] = []
    for op, av in items:
        if op is _C.NEGATE:
            return _ANY
        if op is _C.LITERAL:
            out += _cased(av, ignore_case)
        elif op is _C.RANGE:
            low, high = av
            out.append(f"{_char(low)}-{_char(high)}")
            if ignore_case:
                for code in range(low, min(high, 127) + 1):
                    out += _cased(code, True)
                if high > 127:
                    out += ["A-Za-z", _NON_ASCII]
        elif op is _C.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return _ANY
    return out


#: Characters of a match's start that the filter checks, and the most prefixes it keeps.
_DEPTH = 2
_MOST_PREFIXES = 5000
#: One character that can be anything.
_ANYCHAR = None
_UNBOUNDED = {(), (_ANYCHAR,) * _DEPTH}


def _concat(left: set[tuple], right: set[tuple]) -> set[tuple]:
    return {a if len(a) >= _DEPTH else (a + b)[:_DEPTH] for a in left
            for b in (right if len(a) < _DEPTH else ((),))}


def _sequence(items, flags: int) -> set[tuple]:
    """The prefixes (up to `_DEPTH` characters, each a frozenset of class fragments or
    `_ANYCHAR`) of what a sequence of parsed items can match; a shorter tuple is a match that
    may end there (the empty tuple: the sequence may match nothing)."""
    found: set[tuple] = {()}
    for op, av in items:
        if all(len(t) >= _DEPTH for t in found):
            break
        found = _concat(found, _item(op, av, flags))
        if len(found) > _MOST_PREFIXES:
            return _UNBOUNDED
    return found


def _repeat(low: int, high: int, sub: set[tuple]) -> set[tuple]:
    if low > 2 * _DEPTH + 2:
        return _UNBOUNDED
    found: set[tuple] = set()
    current: set[tuple] = {()}
    count = 0
    while True:
        if count >= low:
            if count > low and current <= found:
                return found      # nothing new can follow from here
            found |= current
        if count == high:
            return found
        current = _concat(current, sub)
        count += 1


def _item(op, av, flags: int) -> set[tuple]:
    ignore_case = bool(flags & re.IGNORECASE)
    if op is _C.LITERAL:
        return {(frozenset(_cased(av, ignore_case)),)}
    if op is _C.IN:
        fragments = _in_set(av, ignore_case)
        return {(_ANYCHAR if fragments is _ANY else frozenset(fragments),)}
    if op is _C.BRANCH:
        return set().union(*(_sequence(branch.data, flags) for branch in av[1]))
    if op is _C.SUBPATTERN:
        _group, add, remove, sub_pattern = av
        return _sequence(sub_pattern.data, (flags | add) & ~remove)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
        low, high, sub_pattern = av
        return _repeat(low, high, _sequence(sub_pattern.data, flags))
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _sequence(av.data, flags)
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return {()}   # zero width: only narrows what may match
    if op in (_C.ANY, _C.NOT_LITERAL):
        return {(_ANYCHAR,)}
    return _UNBOUNDED  # a back reference, a conditional group: anything, or nothing


def _class(fragments, flags: int = 0) -> str:
    """One character class of the union of `fragments`, to be compiled with `flags`."""
    return _class_of(frozenset().union(*fragments), flags)


@functools.lru_cache(maxsize=4096)   # the rules of one component share most of their classes
def _class_of(union: frozenset, flags: int) -> str:
    if _NON_ASCII in union and not flags & re.IGNORECASE:
        # The same set written as the ASCII characters it leaves out: a class holding the whole
        # non-ASCII range takes Python's compiler milliseconds (it walks the range character by
        # character), and a worker compiles hundreds of them when it loads the pipeline.
        rest = "".join(sorted(union - {_NON_ASCII}))
        inside = re.compile(f"[{rest}]", flags) if rest else None
        left_out = "".join(_char(code) for code in range(128)
                           if inside is None or not inside.fullmatch(chr(code)))
        if left_out:
            return f"[^{left_out}]"
    return "[" + "".join(sorted(union)) + "]"


@functools.lru_cache(maxsize=2)
def _parse(pattern: str, flags: int):
    """The parsed pattern, read once for both of `FastScan`'s analyses (`prefix_filter` and
    `match_needs`, asked one after the other), which only read it; no more are kept."""
    return sre_parse.parse(pattern, flags)


def prefix_filter(pattern: re.Pattern) -> tuple[str, str] | None:
    """(a class of every character a match of `pattern` can start with, a pattern that every
    match's first two characters match); None where no filter narrower than any text exists
    (the pattern may match the empty string, or start with any character)."""
    if not isinstance(pattern.pattern, str):
        return None
    prefixes = _sequence(_parse(pattern.pattern, pattern.flags).data, pattern.flags)
    if not prefixes or any(not t or t[0] is _ANYCHAR for t in prefixes):
        return None
    seconds: dict[frozenset, set] = {}
    for t in prefixes:
        seconds.setdefault(t[0], set()).add(t[1] if len(t) > 1 else _ANYCHAR)
    by_second: dict[frozenset | None, list[frozenset]] = {}
    for first, following in seconds.items():
        key = None if _ANYCHAR in following else frozenset().union(*following)
        by_second.setdefault(key, []).append(first)
    flags = pattern.flags
    branches = sorted(_class(firsts, flags) + ("" if second is None else _class([second], flags))
                      for second, firsts in by_second.items())
    return _class(seconds, flags), "|".join(branches)


#: A need (a literal and whether it matches case-insensitively): every match holds one of a set.
Need = tuple[str, bool]
#: Needs worth testing: so many, or so short, rule out too little to pay for the test.
_MOST_NEEDS = 24
_SHORTEST_NEED = 3


def _literal_runs(items, flags: int) -> list[set[Need]]:
    """Each run of literal characters in a sequence, which every match of it holds whole."""
    runs, run = [], ""
    for op, av in [*items, (None, None)]:
        if op is _C.LITERAL:
            run += chr(av)
        elif run:
            runs.append({(run, bool(flags & re.IGNORECASE))})
            run = ""
    return runs


def _usable(need: Need) -> bool:
    # a case-insensitive need beyond ASCII could fold in ways `_fold` does not follow
    return bool(need[0]) and (not need[1] or need[0].isascii())


def _needs_of_sequence(items, flags: int) -> set[Need] | None:
    """A set of literals one of which every match of the sequence holds (the most telling set
    found), or None."""
    found = _literal_runs(items, flags)
    for op, av in items:
        needs = _needs_of_item(op, av, flags)
        if needs:
            found.append(needs)
    found = [needs for needs in found if all(map(_usable, needs))]
    return max(found, key=lambda needs: (min(len(w) for w, _ in needs), -len(needs)), default=None)


def _needs_of_item(op, av, flags: int) -> set[Need] | None:
    if op is _C.LITERAL:
        return {(chr(av), bool(flags & re.IGNORECASE))}
    if op is _C.SUBPATTERN:
        _group, add, remove, sub_pattern = av
        return _needs_of_sequence(sub_pattern.data, (flags | add) & ~remove)
    if op is _C.BRANCH:
        needs: set[Need] = set()
        for branch in av[1]:
            found = _needs_of_sequence(branch.data, flags)
            if not found:
                return None   # a branch that needs nothing: the choice needs nothing
            needs |= found
        return needs
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
        low, _high, sub_pattern = av
        return _needs_of_sequence(sub_pattern.data, flags) if low >= 1 else None
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _needs_of_sequence(av.data, flags)
    return None   # a class, a look-around (what it sees is outside the match), anything else


def match_needs(pattern: re.Pattern) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(literals, lower-case literals matched case-insensitively): every match of `pattern` holds
    one of them; None where no such set rules out enough to be worth testing."""
    if not isinstance(pattern.pattern, str):
        return None
    needs = _needs_of_sequence(_parse(pattern.pattern, pattern.flags).data, pattern.flags)
    if not needs or len(needs) > _MOST_NEEDS or min(len(w) for w, _ in needs) < _SHORTEST_NEED:
        return None
    return (tuple(sorted(w for w, fold in needs if not fold)),
            tuple(sorted({w.lower() for w, fold in needs if fold})))


#: non-ASCII character -> the ASCII letter it matches case-insensitively ("\u212a" -> "k"), or
#: itself when it matches none
_FOLDS: dict[str, str] = {}
_ASCII_LETTERS = [(re.compile(c, re.IGNORECASE), c) for c in "abcdefghijklmnopqrstuvwxyz"]


def _fold_char(c: str) -> str:
    # asked of the regex engine itself, letter by letter, so that the fold is the engine's own
    if c not in _FOLDS:
        _FOLDS[c] = next((letter for rx, letter in _ASCII_LETTERS if rx.fullmatch(c)), c)
    return _FOLDS[c]


#: the last text folded and its folding: the rules of one component read the same text in turn
_folded: tuple[str, str] = ("", "")


def _fold(text: str) -> str:
    """`text` in lower case, with every character that matches an ASCII letter case-insensitively
    written as that letter: where a case-insensitive ASCII literal can match, its lower case
    stands (other characters may change too, which only lets more texts through)."""
    global _folded
    last, folded = _folded
    if last is text:
        return folded
    if text.isascii():
        folded = text.lower()
    else:
        table = {ord(c): _fold_char(c) for c in set(text) if not c.isascii()}
        folded = text.translate(table).lower()
    _folded = (text, folded)
    return folded


class FastScan:
    """`pattern.finditer(text)`, the same matches in the same order (see the module docstring).

    `anchors` names groups one of which every match holds (the unit of "about three days"): the
    rule is then tried only shortly before the places they can match."""

    __slots__ = ("pattern", "_search", "_needs", "_starts", "_anchoring")

    def __init__(self, pattern: re.Pattern, anchors: tuple[str, ...] = ()):
        self.pattern = pattern
        self._needs = match_needs(pattern)
        self._search: re.Pattern | None = None
        self._starts: re.Pattern | None = None
        self._anchoring: _Anchoring | None = None
        found = prefix_filter(pattern)
        if found is not None:
            first, starts = found
            if anchors:
                self._starts = re.compile(starts, pattern.flags)
                try:
                    self._anchoring = _Anchoring(pattern, anchors)
                except _Unbounded:
                    self._anchoring = None   # what comes before the anchor is too free to bound
            try:
                self._search = re.compile(f"{first}(?<=(?=(?:{starts}))(?={pattern.pattern}){first})",
                                          pattern.flags)
            except re.error:  # a pattern the wrapper cannot hold: scan it as it is
                self._search = None

    def may_match(self, text: str) -> bool:
        """False when `text` holds none of the literals every match needs."""
        if self._needs is None:
            return True
        exact, folded = self._needs
        return any(w in text for w in exact) or bool(folded) and any(w in _fold(text) for w in folded)

    def finditer(self, text: str) -> Iterator[re.Match]:
        if not self.may_match(text):
            return
        if self._search is None:
            yield from self.pattern.finditer(text)
            return
        if self._anchoring is not None:
            yield from self._near_anchors(text, self._anchoring)
            return
        search, match = self._search.search, self.pattern.match
        pos, end = 0, len(text)
        while pos < end:
            found = search(text, pos)
            if found is None:
                return
            m = match(text, found.start())
            if m is None or m.end() == m.start():  # cannot happen; stay exact if it does
                yield from self.pattern.finditer(text, found.start())
                return
            yield m
            pos = m.end()

    def _near_anchors(self, text: str, anchoring: _Anchoring) -> Iterator[re.Match]:
        """The matches, tried only between each place an anchor can match and the earliest
        start a match holding it there can have: nowhere else can one start."""
        windows: list[list[int]] = []
        for low, q in sorted((anchoring.start_bound(text, q), q) for q in anchoring.places(text)):
            if low > q:
                continue
            if windows and low <= windows[-1][1] + 1:
                windows[-1][1] = max(windows[-1][1], q)
            else:
                windows.append([low, q])
        starts, match = self._starts.search, self.pattern.match  # type: ignore[union-attr]
        pos = 0
        for low, high in windows:
            # the first-characters filter reads two characters: it may look one past `high`
            at = max(low, pos)
            while at <= high:
                found = starts(text, at, high + 2)
                if found is None or found.start() > high:
                    break
                m = match(text, found.start())
                if m is None:
                    at = found.start() + 1
                    continue
                if m.end() == m.start():  # cannot happen (an anchor is never empty); stay exact
                    yield from self.pattern.finditer(text, found.start())
                    return
                yield m
                pos = at = m.end()


@functools.lru_cache(maxsize=256)
def fast_scan(pattern: re.Pattern, anchors: tuple[str, ...] = ()) -> FastScan:
    """The `FastScan` of a compiled pattern, built once."""
    return FastScan(pattern, anchors)


class EndSearch:
    """`pattern.search(before)` for a pattern anchored at the end of `before` (the text before a
    name, say): its match, trailing whitespace aside, ends on one of `endings`, or on a
    character of `open_ends` (a comma or colon the pattern may end on). The last characters are
    looked up in a set first, and the regex, which tries every position of `before`, runs only
    where they can end a match (the few hundred searches an article made took ~1.5 ms)."""

    __slots__ = ("pattern", "size", "suffixes", "needs_space", "fold", "open_ends")

    def __init__(self, pattern: re.Pattern, endings, needs_space: bool, fold: bool = False,
                 open_ends: str = ""):
        endings = [e.lower() if fold else e for e in endings]
        if not endings or any(not e or e != e.rstrip() or e[-1] in open_ends for e in endings):
            raise ValueError(f"{pattern.pattern!r}: an ending is empty or ends on a space or {open_ends!r}")
        self.pattern, self.needs_space, self.fold, self.open_ends = pattern, needs_space, fold, open_ends
        self.size = min(3, *map(len, endings))
        self.suffixes = frozenset(e[-self.size:] for e in endings)

    def search(self, before: str) -> re.Match | None:
        tail = before.rstrip()   # str.rstrip and the regex's \s take the same whitespace
        if self.needs_space and len(tail) == len(before):
            return None
        if tail[-1:] and tail[-1] in self.open_ends:
            return self.pattern.search(before)
        end = tail[-self.size:]
        if self.fold:
            # case-insensitive matching folds some non-ASCII letters onto ASCII ones: let the
            # regex decide those
            if not end.isascii():
                return self.pattern.search(before)
            end = end.lower()
        return self.pattern.search(before) if end in self.suffixes else None


# --------------------------------------------------------------------------------------------
# Scanning near an anchor: a rule every match of which holds a named group ("unit" in "about
# three days") is tried only shortly before the places where that group can match.

#: A set of letter runs too large to keep: the rule is scanned whole.
_MOST_RUNS = 20000


class _Runs:
    """What a piece of a pattern can match, seen as runs of letters between other characters
    (separators): `pure`, its matches without a separator (letters only); for its matches with
    one, `lead` (the letters before the first separator), `trail` (after the last) and `inner`
    (the runs between two). Letters are lower case: the text's runs are folded to compare."""

    __slots__ = ("pure", "lead", "trail", "inner")

    def __init__(self, pure=frozenset(), lead=frozenset(), trail=frozenset(), inner=frozenset()):
        self.pure, self.lead, self.trail, self.inner = pure, lead, trail, inner

    def then(self, other: _Runs) -> _Runs:
        return _Runs(_times(self.pure, other.pure),
                     self.lead | _times(self.pure, other.lead),
                     other.trail | _times(self.trail, other.pure),
                     self.inner | other.inner | _times(self.trail, other.lead))

    def __or__(self, other: _Runs) -> _Runs:
        return _Runs(self.pure | other.pure, self.lead | other.lead, self.trail | other.trail,
                     self.inner | other.inner)

    def __eq__(self, other) -> bool:
        return (self.pure, self.lead, self.trail, self.inner) == (other.pure, other.lead, other.trail, other.inner)


class _Unbounded(Exception):
    """The piece can hold letter runs of no fixed list, or a character the analysis does not read."""


def _times(left: frozenset, right: frozenset) -> frozenset:
    if len(left) * len(right) > _MOST_RUNS:
        raise _Unbounded
    return frozenset(a + b for a in left for b in right)


_NOTHING = _Runs(pure=frozenset({""}))
_SEPARATOR = _Runs(lead=frozenset({""}), trail=frozenset({""}))


def _separator_class(items, seps: list[str]) -> None:
    """Adds the class's fragments to `seps`; a class that can match a letter is no separator."""
    for op, av in items:
        if op is _C.LITERAL and av < 128 and not chr(av).isalpha():
            seps.append(_char(av))
        elif op is _C.RANGE and av[1] < 128 and not any(chr(c).isalpha() for c in range(av[0], av[1] + 1)):
            seps.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _C.CATEGORY and av in (_C.CATEGORY_DIGIT, _C.CATEGORY_SPACE):
            seps.append(_CATEGORIES[av])
        else:
            raise _Unbounded


def _runs_of_sequence(items, seps: list[str]) -> _Runs:
    found = _NOTHING
    for op, av in items:
        found = found.then(_runs_of_item(op, av, seps))
    return found


def _runs_of_item(op, av, seps: list[str]) -> _Runs:
    if op is _C.LITERAL:
        c = chr(av)
        if c.isascii() and c.isalpha():
            return _Runs(pure=frozenset({c.lower()}))
        if c.isascii():
            seps.append(_char(av))
            return _SEPARATOR
        raise _Unbounded
    if op is _C.IN:
        letters = {chr(v) for o, v in av if o is _C.LITERAL and chr(v).isascii() and chr(v).isalpha()}
        if letters and len(letters) == len(av):   # a choice of letters: "[mMkK]"
            return _Runs(pure=frozenset(c.lower() for c in letters))
        _separator_class(av, seps)
        return _SEPARATOR
    if op is _C.BRANCH:
        found = _Runs()
        for branch in av[1]:
            found = found | _runs_of_sequence(branch.data, seps)
        return found
    if op is _C.SUBPATTERN:
        return _runs_of_sequence(av[3].data, seps)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
        low, high, sub_pattern = av
        once = _runs_of_sequence(sub_pattern.data, seps)
        found, current, count = _Runs(), _NOTHING, 0
        while True:
            if count >= low:
                if count > low and (found | current) == found:
                    return found      # nothing new can follow from here
                found = found | current
            if count == high:
                return found
            if count > 50:
                raise _Unbounded      # letters repeated without end ("[ab]+"), or a long count
            current = current.then(once)
            count += 1
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _runs_of_sequence(av.data, seps)
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return _NOTHING   # zero width
    raise _Unbounded


def _holds(op, av, anchors: set[int]) -> bool:
    """Whether the item holds one of the anchor groups anywhere inside."""
    if op is _C.SUBPATTERN:
        return av[0] in anchors or any(_holds(o, a, anchors) for o, a in av[3].data)
    if op is _C.BRANCH:
        return any(_holds(o, a, anchors) for branch in av[1] for o, a in branch.data)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
        return any(_holds(o, a, anchors) for o, a in av[2].data)
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return any(_holds(o, a, anchors) for o, a in av[1].data)
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return any(_holds(o, a, anchors) for o, a in av.data)
    return False


def _before_anchor(items, anchors: dict[int, int], seps: list[str], flags: int) -> _Runs:
    """The runs of what a match of the sequence holds before its anchor group; ValueError
    unless every match goes through one (the group stands in the sequence itself, or in a group
    or in every branch of a choice there, never in a repeat or a look-around). Each anchor
    reached takes, in `anchors`, the flags it is matched under."""
    found = _NOTHING
    for op, av in items:
        if op is _C.SUBPATTERN and av[0] in anchors:
            anchors[av[0]] = flags
            return found
        if _holds(op, av, set(anchors)):
            if op is _C.SUBPATTERN:
                _group, add, remove, sub_pattern = av
                return found.then(_before_anchor(sub_pattern.data, anchors, seps, (flags | add) & ~remove))
            if op is _C.BRANCH:
                before = _Runs()
                for branch in av[1]:
                    before = before | _before_anchor(branch.data, anchors, seps, flags)
                return found.then(before)
            raise ValueError("an anchor in a repeat or a look-around is not in every match")
        found = found.then(_runs_of_item(op, av, seps))
    raise ValueError("a match can go without an anchor")


def _find_group(items, group: int):
    """The parsed item of a capturing group: (group, add flags, remove flags, sub-pattern)."""
    for op, av in items:
        if op is _C.SUBPATTERN and av[0] == group:
            return av
        inner = (av[3].data if op is _C.SUBPATTERN else
                 [x for branch in av[1] for x in branch.data] if op is _C.BRANCH else
                 av[2].data if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) else
                 av[1].data if op in (_C.ASSERT, _C.ASSERT_NOT) else [])
        found = _find_group(inner, group)
        if found is not None:
            return found
    return None


def _group_source(pattern: str, name: str) -> str:
    """The text of the named group `(?P<name>...)` in `pattern`."""
    start = pattern.index(f"(?P<{name}>")
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":   # a "]" first in a class is a literal
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if not depth:
                return pattern[start:i + 1]
        i += 1
    raise ValueError(f"group {name!r} does not close in {pattern[:60]!r}")


class _Anchoring:
    """Where a match of a rule can start, worked out from where its anchor groups can match: a
    match that holds the anchor at `q` starts at or after `start_bound(text, q)`."""

    __slots__ = ("finders", "anchor_words", "words", "separator", "ends_on_letter", "may_be_empty")

    def __init__(self, pattern: re.Pattern, anchors: tuple[str, ...]):
        parsed = _parse(pattern.pattern, pattern.flags)
        groups = {parsed.state.groupdict[name]: -1 for name in anchors}
        seps: list[str] = []
        before = _before_anchor(parsed.data, groups, seps, pattern.flags)
        self.words = frozenset(before.inner | before.trail) - {""}
        # What comes before the anchor may end on a letter, or be nothing: where it is never
        # either ("3 kg", never "3kg"), an anchor right after a letter ("g" of "drug") is none.
        self.ends_on_letter = any(before.trail) or any(before.pure)
        self.may_be_empty = "" in before.pure
        self.separator = re.compile("[" + "".join(sorted(set(seps))) + "]") if seps else None
        self.finders: list[re.Pattern] = []
        # An anchor that matches its words in any case, every match of which starts with one of
        # a few words ("jan" of "Jan."), is looked for word by word in the folded text (a
        # case-insensitive regex search is slow); a word another one starts with finds both.
        anchor_words: set[str] | None = set()
        for name in anchors:
            if groups[parsed.state.groupdict[name]] < 0:
                raise ValueError(f"anchor {name!r} is not in every match of {pattern.pattern[:60]!r}")
            group = _find_group(parsed.data, parsed.state.groupdict[name])
            if sre_parse.SubPattern(parsed.state, [(_C.SUBPATTERN, group)]).getwidth()[0] == 0:
                raise ValueError(f"anchor {name!r} of {pattern.pattern[:60]!r} may match nothing")
            try:
                runs = _runs_of_item(_C.SUBPATTERN, group, [])
            except _Unbounded:
                runs = _NOTHING
            starting = runs.pure | runs.lead
            if anchor_words is None or "" in starting or not _case_free(group, groups[group[0]]):
                anchor_words = None
            else:
                anchor_words |= starting
        self.anchor_words = tuple(sorted(w for w in anchor_words or ()
                                         if not any(w != v and w.startswith(v) for v in anchor_words or ())))
        if not self.anchor_words:
            # Case-sensitive anchors ("March", "1990s"): the regex search is fast. Built only
            # here: a case-insensitive class takes the compiler long.
            for name in anchors:
                finder = FastScan(re.compile(_group_source(pattern.pattern, name),
                                             groups[parsed.state.groupdict[name]]))._search
                if finder is None:
                    raise ValueError(f"anchor {name!r} of {pattern.pattern[:60]!r} may start anywhere")
                self.finders.append(finder)

    def places(self, text: str) -> list[int]:
        """Every position at which an anchor group can match, and maybe a few more."""
        folded = _fold(text) if self.anchor_words else ""
        if self.anchor_words and len(folded) == len(text):   # "\u0130" lowers to two characters
            found = set()
            for word in self.anchor_words:
                at = folded.find(word)
                while at >= 0:
                    found.add(at)
                    at = folded.find(word, at + 1)
        else:   # each finder steps one character: it finds overlapping places too
            found = {m.start() for finder in self.finders for m in finder.finditer(text)}
        return sorted(found)

    def start_bound(self, text: str, q: int) -> int:
        """The earliest start of a match that holds an anchor at `q` (past `q`: there is none)."""
        # Back from q: separators the rule can match, and whole runs of letters it can hold
        # between them; the first run it cannot hold whole may still end a match's first word.
        i, separator, words = q, self.separator, self.words
        if q and not self.ends_on_letter and text[q - 1].isalpha():
            return q if self.may_be_empty else q + 1
        while i > 0:
            c = text[i - 1]
            if c.isalpha():
                r = i - 1
                while r > 0 and text[r - 1].isalpha():
                    r -= 1
                if _fold_run(text[r:i]) not in words:
                    return r
                i = r
            elif separator is not None and separator.match(c):
                i -= 1
            else:
                return i
        return 0


def _case_free(group, flags: int) -> bool:
    """Whether the whole group matches case-insensitively: "(?i:...)", or "(?P<unit>(?i:...))"."""
    _group, add, remove, sub_pattern = group
    flags = (flags | add) & ~remove
    if flags & re.IGNORECASE:
        return True
    items = list(sub_pattern.data)
    return len(items) == 1 and items[0][0] is _C.SUBPATTERN and _case_free(items[0][1], flags)


def _fold_run(run: str) -> str:
    if run.isascii():
        return run.lower()
    return run.translate({ord(c): _fold_char(c) for c in run if not c.isascii()}).lower()
