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
    """`pattern.finditer(text)`, the same matches in the same order (see the module docstring)."""

    __slots__ = ("pattern", "_search", "_needs")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self._needs = match_needs(pattern)
        self._search: re.Pattern | None = None
        found = prefix_filter(pattern)
        if found is not None:
            first, starts = found
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


@functools.lru_cache(maxsize=256)
def fast_scan(pattern: re.Pattern) -> FastScan:
    """The `FastScan` of a compiled pattern, built once."""
    return FastScan(pattern)


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
