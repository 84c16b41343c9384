"""Scraped text -> the report alone: page leftovers removed, every sentence of the report kept.

`clean_text(text, title, tags)` gives the cleaned text and the list of what it removed. The
leftovers it knows (comment forms, share prompts, cookie notices, ads, newsletter prompts,
related-links blocks, tag lines) are patterns in rapsheet/data/leftovers.yaml.

Stray tag words are the delicate part: a page's tag links ("Trump") end up on lines of their own
or glued before a sentence ("Trump The Department of Justice has ..."), while a short line can
just as well be a subheading ("Sentencing") and a capitalised word before a sentence can be part
of a name ("Houston Police said"). So a word is taken for a tag only on two signs:

- a line of 1-2 capitalised words, standing between paragraphs (not inside a sentence a link
  broke over lines), goes when the word is also a tag of the page (in a "Tags:" line, the page's
  tag links, or a kicker in the head above the first paragraph), in the title, or glued before a
  sentence opener elsewhere;
- a word glued before a known opener ("The", "A", "In" ...) goes when it is a tag, in the title, or
  stands alone elsewhere; before any other capitalised word it goes only when it both stands
  alone and is a tag. Either way what follows must be a sentence, not a title-case heading.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapsheet.data import DATA_DIR, parse
from rapsheet.errors import RapsheetError

_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_WORD = re.compile(r"\S+")
_CAPITALISED = re.compile(r"^[\"'“‘(]?[A-Z][\w'’&.\-]*$")
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$")
_SMALL_WORDS = frozenset("a an and as at but by de del der for from in into la le of on or per "
                         "the to up via vs with von".split())
# Prose: a sentence of a report has this many words at least and ends like a sentence.
PROSE_MIN_WORDS = 6
# ... or is long enough to be a paragraph whatever its end.
PARAGRAPH_WORDS = 25


@dataclass(slots=True, frozen=True)
class Leftovers:
    """leftovers.yaml, compiled."""
    lines: re.Pattern
    head_lines: re.Pattern
    tail_markers: re.Pattern
    tag_lines: tuple[re.Pattern, ...]
    sentence_openers: frozenset[str]
    headings: frozenset[str]


def _compile(patterns: list[str], filename: str, key: str) -> re.Pattern:
    for i, pattern in enumerate(patterns, 1):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RapsheetError(f"{filename}: {key} row {i} ({pattern!r}): bad regex: {exc}", 500) from None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def validate_leftovers(content: Any, filename: str = "leftovers.yaml") -> None:
    """lines, head_lines, tail_markers, tag_lines: lists of regexes (each tag_lines one with an `items`
    group); sentence_openers, headings: lists of words."""
    if not isinstance(content, dict):
        raise RapsheetError(f"{filename}: top level: expected a mapping", 500)
    for key in ("lines", "head_lines", "tail_markers", "tag_lines", "sentence_openers", "headings"):
        value = content.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise RapsheetError(f"{filename}: {key}: expected a non-empty list of strings", 500)
    for key in ("lines", "head_lines", "tail_markers", "tag_lines"):
        _compile(content[key], filename, key)
    for i, pattern in enumerate(content["tag_lines"], 1):
        if "items" not in re.compile(pattern).groupindex:
            raise RapsheetError(f"{filename}: tag_lines row {i}: needs a named group 'items'", 500)
    for word in content["sentence_openers"]:
        if not re.fullmatch(r"[A-Z][a-z]*", word):
            raise RapsheetError(f"{filename}: sentence_openers: {word!r} is not one capitalised word", 500)


@functools.cache
def leftovers() -> Leftovers:
    """The compiled leftovers.yaml, read once per process."""
    content = parse(DATA_DIR / "leftovers.yaml", validate_leftovers)
    return Leftovers(
        lines=_compile(content["lines"], "leftovers.yaml", "lines"),
        head_lines=_compile(content["head_lines"], "leftovers.yaml", "head_lines"),
        tail_markers=_compile(content["tail_markers"], "leftovers.yaml", "tail_markers"),
        tag_lines=tuple(re.compile(p, re.IGNORECASE) for p in content["tag_lines"]),
        sentence_openers=frozenset(content["sentence_openers"]),
        headings=frozenset(h.casefold() for h in content["headings"]),
    )


def is_prose(line: str) -> bool:
    """A line that reads as a sentence or paragraph of a report, not a headline or a label."""
    words = len(_WORD.findall(line))
    return words >= PARAGRAPH_WORDS or (words >= PROSE_MIN_WORDS and bool(_TERMINAL.search(line)))


def is_title_case(line: str) -> bool:
    """Most content words capitalised, as in a headline ("Man Charged in Houston Shooting")."""
    words = [w.strip("\"'“”‘’()[]:,;") for w in line.split()]
    content = [w for w in words if w and w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    if len(content) < 2:
        return False
    return sum(w[0].isupper() for w in content) / len(content) >= 0.75


def _tag_like(words: list[str], rules: Leftovers) -> bool:
    """1-2 capitalised words that could be a tag link (a name, a topic), not function words."""
    if not 1 <= len(words) <= 2:
        return False
    for word in words:
        if not _CAPITALISED.match(word) or word in rules.sentence_openers:
            return False
        if word.endswith(".") and not _ABBREVIATION.match(word):
            return False
    return " ".join(words).casefold() not in rules.headings


def standalone_tag(line: str, rules: Leftovers) -> str | None:
    """The tag a line would be, if it is nothing but 1-2 capitalised words."""
    words = line.split()
    return line if _tag_like(words, rules) and not line.endswith((":", ",", ";", "!", "?")) else None


def _glued_tags(line: str, rules: Leftovers) -> list[tuple[str, str, bool]]:
    """(tag, rest, before_opener) for each way the line may start with 1-2 capitalised words
    glued before a sentence; `before_opener` when the sentence starts with a known opener."""
    words = line.split(" ")
    out = []
    for k in (1, 2):
        if len(words) > k + 1 and _tag_like(words[:k], rules) and words[k][:1].isupper():
            rest = " ".join(words[k:])
            if is_prose(rest) and not is_title_case(rest):
                out.append((" ".join(words[:k]), rest, words[k] in rules.sentence_openers))
    return out


def _between_paragraphs(lines: list[str], i: int) -> bool:
    """Whether line i stands between paragraphs rather than inside a sentence that a link broke
    over lines ("... released new\nPhotos\nwhich were ...")."""
    before = next((line for line in reversed(lines[:i]) if line), "")
    after = next((line for line in lines[i + 1:] if line), "")
    if after and (after[0].islower() or after[0] in ",;:)]"):
        return False
    return not (len(before.split()) >= PROSE_MIN_WORDS and not _TERMINAL.search(before)
                and not is_title_case(before))


def _in_title(tag: str, title: str | None) -> bool:
    return title is not None and re.search(rf"(?<!\w){re.escape(tag)}(?!\w)", title) is not None


def clean_text(text: str, title: str | None = None, tags: Iterable[str] = ()) -> tuple[str, list[str]]:
    """(cleaned text, what was removed) for scraped text; `title` and `tags` (the page's tag
    links, when known) help tell stray tag words from content. Paragraphs keep their line breaks;
    runs of blank lines become one."""
    rules = leftovers()
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]

    # The head: the lines before the first prose line. Tag words there are the page's kickers
    # ("Local News", "Crime"); bylines and reading times are page furniture.
    head_end = next((i for i, line in enumerate(lines) if is_prose(line)), len(lines))
    known_tags = {t.strip() for t in tags if t and t.strip()}
    for i, line in enumerate(lines):
        for pattern in rules.tag_lines:
            match = pattern.fullmatch(line)
            if match:
                known_tags.update(t.strip() for t in re.split(r"[,;|]", match.group("items")) if t.strip())
        if i < head_end and (tag := standalone_tag(line, rules)) and not line.isupper():
            known_tags.add(tag)
    standalone = {tag for i, line in enumerate(lines)
                  if (tag := standalone_tag(line, rules)) and _between_paragraphs(lines, i)}
    glued_before_opener = {tag for line in lines for tag, _, opener in _glued_tags(line, rules) if opener}

    def is_tag_line(tag: str) -> bool:
        return tag in known_tags or _in_title(tag, title) or tag in glued_before_opener

    def is_glued_tag(tag: str, before_opener: bool) -> bool:
        # Before "The", "A", "In" ... a capitalised word is no sentence of its own, so one sign
        # that it is a tag is enough. Before any other capitalised word it may be part of a name
        # ("Houston Police said"), so the word must both stand alone and be a tag of the page.
        if before_opener:
            return tag in known_tags or _in_title(tag, title) or tag in standalone
        return tag in standalone and tag in known_tags

    kept: list[str] = []
    removed: list[str] = []
    in_tail = False
    for i, line in enumerate(lines):
        if not line:
            kept.append(line)
            continue
        if rules.tail_markers.fullmatch(line):
            in_tail = True
            removed.append(line)
            continue
        if (rules.lines.fullmatch(line) or any(p.fullmatch(line) for p in rules.tag_lines)
                or (i < head_end and rules.head_lines.fullmatch(line))):
            removed.append(line)
            continue
        if in_tail and not is_prose(line):
            removed.append(line)
            continue
        in_tail = False
        tag = standalone_tag(line, rules)
        if tag and is_tag_line(tag) and _between_paragraphs(lines, i):
            removed.append(line)
            continue
        for tag, rest, before_opener in _glued_tags(line, rules):
            if is_glued_tag(tag, before_opener):
                removed.append(tag)
                line = rest
                break
        kept.append(line)

    out = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return out, removed
