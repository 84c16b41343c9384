"""`AnchoredScan`: a `FastScan` for a rule whose every match holds one of a few named groups,
its anchors, found in few places of a text (the unit of "about three days", a month's name).

The rule is tried only shortly before the places an anchor can match, found with one cheap
search (its words looked for in the folded text, or a regex search where it is case-sensitive):
with an anchor at q, a match starts at or after the place that a walk back from q stops at.
The walk goes back over the characters other than letters that the rule's part before the
anchor can match (spaces, digits, hyphens), and over whole runs of letters that part can hold
between them ("about", "the", "past", "three": read from the parsed pattern); the first other
run of letters or other character stops it, since a match cannot hold it whole (it may start
inside a run). Between such stretches no match can start, so the matches are the pattern's
`finditer` matches, in the same order, each taken with the pattern itself:

    scan = AnchoredScan(re.compile(r"(?i:(?:about|nearly)\\s+)?(?:\\d+|three)\\s+(?P<unit>days|weeks)"), ("unit",))
    for m in scan.finditer(text): ...

A rule whose part before the anchor can hold letter runs of no fixed list ("[a-z]+") is
scanned as a `FastScan`; an anchor that is not in every match is a ValueError.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from re import _parser as sre_parse  # type: ignore[attr-defined]

from rapsheet.nlp.scan import _C, _CATEGORIES, FastScan, _char, _fold, _fold_char, _parse, prefix_filter


class AnchoredScan(FastScan):
    """`pattern.finditer(text)`, the same matches in the same order, tried only shortly before
    the places where one of the `anchors` (names of groups one of which every match holds) can
    match (see the module docstring)."""

    __slots__ = ("_starts", "_anchoring")

    def __init__(self, pattern: re.Pattern, anchors: tuple[str, ...]):
        super().__init__(pattern)
        self._starts: re.Pattern | None = None
        self._anchoring: _Anchoring | None = None
        found = prefix_filter(pattern)
        if found is None or self._search is None:
            return
        self._starts = re.compile(found[1], pattern.flags)
        try:
            self._anchoring = _Anchoring(pattern, anchors)
        except _Unbounded:
            self._anchoring = None   # what comes before the anchor is too free to bound

    def finditer(self, text: str) -> Iterator[re.Match]:
        anchoring = self._anchoring
        if anchoring is None or self._search is None or self._starts is None:
            yield from super().finditer(text)
            return
        if not self.may_match(text):
            return
        # Tried only between each place an anchor can match and the earliest start a match
        # holding it there can have: nowhere else can one start.
        windows: list[list[int]] = []
        for low, q in sorted((anchoring.start_bound(text, q), q) for q in anchoring.places(text)):
            if low > q:
                continue
            if windows and low <= windows[-1][1] + 1:
                windows[-1][1] = max(windows[-1][1], q)
            else:
                windows.append([low, q])
        starts, match = self._starts.search, self.pattern.match
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
def anchored_scan(pattern: re.Pattern, anchors: tuple[str, ...]) -> AnchoredScan:
    """The `AnchoredScan` of a compiled pattern, built once."""
    return AnchoredScan(pattern, anchors)


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
