"""The test corpus: articles in tests/fixtures/articles/ and what must and must not come out.

Takes the `.txt`/`.html` articles and the `.yaml` expectation file beside each (same stem; schema in
tests/fixtures/articles/README.md). Gives `load_cases() -> list[Case]`, each case validated against
the vocabularies of rapsheet.model (stages, categories, event types, modalities, roles), so a typo
in an expectation fails loudly at load instead of silently weakening a test.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from rapsheet import stages
from rapsheet.model import CATEGORIES, EVENT_TYPES, MODALITIES, PROCEEDINGS, STAGES, TIME_TYPES

ARTICLES_DIR = Path(__file__).parent / "fixtures" / "articles"
FLOORS_FILE = Path(__file__).parent.parent / "benchmarks" / "floors.yaml"
ARTICLE_SUFFIXES = (".txt", ".html")
ENTITY_TYPES = ("person", "organization")
NOT_ACCUSED_ROLES = ("official", "victim", "witness", "lawyer", "other")
TOP_KEYS = {"published", "kind", "accused", "not_accused", "charges", "events", "times",
            "quantities", "quotes"}
REQUIRED_TOP_KEYS = {"published", "kind", "accused", "not_accused"}
ISO_ALPHA2 = re.compile(r"^[A-Z]{2}$")
# TimeML values the corpus uses: dates, partial dates, weeks, durations, PRESENT_REF, XXXX-MM-DD.
TIMEML_VALUE = re.compile(
    r"^(?:(?:\d{4}|XXXX)(?:-\d{2}(?:-\d{2}(?:T(?:\d{2}:\d{2}(?::\d{2})?|MO|AF|EV|NI))?)?)?"
    r"|\d{4}-W\d{2}|\d{4}-(?:SP|SU|FA|WI)|\d{4}-Q[1-4]"
    r"|P(?=\d|T)(?:\d+[YMWD])*(?:T(?:\d+[HMS])+)?"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF)$")


class CorpusError(ValueError):
    """An expectation file that does not follow the schema; the message names file and field."""


@dataclass(slots=True)
class Case:
    stem: str
    path: Path                    # the article file (.txt or .html)
    text: str                     # the file's content, verbatim
    published: dt.date
    expect: dict[str, Any] = field(default_factory=dict)

    @property
    def is_html(self) -> bool:
        return self.path.suffix == ".html"

    @property
    def visible_text(self) -> str:
        """The text a reader sees: the file itself, or for a web page its text without tags."""
        return html_visible_text(self.text) if self.is_html else self.text

    @property
    def accused_names(self) -> list[str]:
        return [a["name"] for a in self.expect["accused"]]

    @property
    def not_accused_names(self) -> list[str]:
        return [a["name"] for a in self.expect["not_accused"]]


class _TextOnly(HTMLParser):
    """Collects character data outside <script>/<style>, one block per tag boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_visible_text(page: str) -> str:
    parser = _TextOnly()
    parser.feed(page)
    parser.close()
    return html.unescape(re.sub(r"\s+", " ", "".join(parser.parts)))


def _fail(stem: str, where: str, message: str) -> CorpusError:
    return CorpusError(f"{stem}.yaml: {where}: {message}")


def _as_date(stem: str, where: str, value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _fail(stem, where, f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def _rows(stem: str, data: dict, key: str) -> list[dict]:
    rows = data.get(key) or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise _fail(stem, key, "must be a list of mappings")
    return rows


def _need(stem: str, where: str, row: dict, *keys: str) -> None:
    missing = [k for k in keys if row.get(k) in (None, "")]
    if missing:
        raise _fail(stem, where, f"missing {', '.join(missing)}")


def _within(stem: str, where: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise _fail(stem, where, f"{value!r} is not one of {', '.join(allowed)}")


def _outcome(stem: str, where: str, row: dict) -> None:
    """`stage` (required) and `proceeding` (optional: the stage's own when absent) of an accused
    entry, a charge or an `also` entry: the stage must be one of its proceeding's steps."""
    _within(stem, where + ".stage", row.get("stage"), STAGES)
    if row.get("proceeding") is None:
        row["proceeding"] = stages.proceeding_of(row["stage"])
    _within(stem, where + ".proceeding", row["proceeding"], PROCEEDINGS)
    if row["stage"] not in stages.stages_of(row["proceeding"]):
        raise _fail(stem, where + ".stage", f"{row['stage']!r} is no step of a {row['proceeding']} "
                    f"proceeding ({', '.join(stages.stages_of(row['proceeding']))})")


def _timeml(stem: str, where: str, value: Any) -> None:
    if isinstance(value, dt.date):
        return
    if not isinstance(value, str) or not TIMEML_VALUE.match(value):
        raise _fail(stem, where, f"{value!r} is not a TimeML value")


def validate(stem: str, data: Any) -> dict:
    """Check one expectation mapping; returns it with dates normalised to ISO strings."""
    if not isinstance(data, dict):
        raise _fail(stem, "top", "must be a mapping")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise _fail(stem, "top", f"unknown keys {sorted(unknown)}")
    missing = REQUIRED_TOP_KEYS - set(data)
    if missing:
        raise _fail(stem, "top", f"missing keys {sorted(missing)}")
    data["published"] = _as_date(stem, "published", data["published"])

    accused = _rows(stem, data, "accused")
    for i, row in enumerate(accused):
        where = f"accused[{i}]"
        _need(stem, where, row, "name", "type", "stage")
        _within(stem, where + ".type", row["type"], ENTITY_TYPES)
        _outcome(stem, where, row)
        also = row.setdefault("also", [])
        if not isinstance(also, list) or not all(isinstance(a, dict) for a in also):
            raise _fail(stem, where + ".also", "must be a list of {proceeding, stage}")
        for j, other in enumerate(also):
            _need(stem, f"{where}.also[{j}]", other, "proceeding", "stage")
            _outcome(stem, f"{where}.also[{j}]", other)
        cats = row.setdefault("categories", [])
        if not isinstance(cats, list) or not cats:
            raise _fail(stem, where + ".categories", "must be a non-empty list")
        for cat in cats:
            _within(stem, where + ".categories", cat, CATEGORIES)
        nationality = row.get("nationality")
        for code in ([] if nationality is None else
                     nationality if isinstance(nationality, list) else [nationality]):
            if not ISO_ALPHA2.match(str(code)):
                raise _fail(stem, where + ".nationality", f"{code!r} is not ISO alpha-2")
        if row.get("age") is not None and not isinstance(row["age"], int):
            raise _fail(stem, where + ".age", "must be an integer")
        row.setdefault("aliases", [])
        if not isinstance(row["aliases"], list):
            raise _fail(stem, where + ".aliases", "must be a list")
    data["accused"] = accused

    not_accused = _rows(stem, data, "not_accused")
    for i, row in enumerate(not_accused):
        where = f"not_accused[{i}]"
        _need(stem, where, row, "name", "role")
        _within(stem, where + ".role", row["role"], NOT_ACCUSED_ROLES)
    data["not_accused"] = not_accused
    overlap = {a["name"] for a in accused} & {n["name"] for n in not_accused}
    if overlap:
        raise _fail(stem, "not_accused", f"{sorted(overlap)} also listed as accused")

    accused_names = {a["name"] for a in accused}
    charges = _rows(stem, data, "charges")
    for i, row in enumerate(charges):
        where = f"charges[{i}]"
        _need(stem, where, row, "defendant", "offense", "category")
        if row["defendant"] not in accused_names:
            raise _fail(stem, where + ".defendant", f"{row['defendant']!r} is not in accused")
        _within(stem, where + ".category", row["category"], CATEGORIES)
        row.setdefault("counts", None)
        row.setdefault("statute", None)
        if row.get("stage") is not None:
            _outcome(stem, where, row)
        elif row.get("proceeding") is not None:
            _within(stem, where + ".proceeding", row["proceeding"], PROCEEDINGS)
        if row["counts"] is not None and not (isinstance(row["counts"], int) and row["counts"] > 0):
            raise _fail(stem, where + ".counts", "must be a positive integer or null")
    data["charges"] = charges

    events = _rows(stem, data, "events")
    for i, row in enumerate(events):
        where = f"events[{i}]"
        _need(stem, where, row, "type", "modality")
        _within(stem, where + ".type", row["type"], EVENT_TYPES)
        _within(stem, where + ".modality", row["modality"], MODALITIES)
        if row.get("date") is not None:
            _timeml(stem, where + ".date", row["date"])
            row["date"] = str(row["date"])
    data["events"] = events

    times = _rows(stem, data, "times")
    for i, row in enumerate(times):
        where = f"times[{i}]"
        _need(stem, where, row, "text", "value")
        _timeml(stem, where + ".value", row["value"])
        row["value"] = str(row["value"])
        if row.get("type") is not None:
            _within(stem, where + ".type", row["type"], TIME_TYPES)
    data["times"] = times

    quantities = _rows(stem, data, "quantities")
    for i, row in enumerate(quantities):
        where = f"quantities[{i}]"
        _need(stem, where, row, "text", "amount", "unit")
        if not isinstance(row["amount"], (int, float)):
            raise _fail(stem, where + ".amount", "must be a number")
    data["quantities"] = quantities

    quotes = _rows(stem, data, "quotes")
    for i, row in enumerate(quotes):
        _need(stem, f"quotes[{i}]", row, "starts")
        row.setdefault("speaker", None)
    data["quotes"] = quotes
    return data


def load_case(path: Path) -> Case:
    """One article and its expectations; `path` is the article or its .yaml."""
    stem = path.stem
    yaml_path = path.with_suffix(".yaml")
    articles = [path.with_suffix(s) for s in ARTICLE_SUFFIXES if path.with_suffix(s).exists()]
    if len(articles) != 1:
        raise CorpusError(f"{stem}: expected exactly one article file beside {yaml_path.name}, "
                          f"found {len(articles)}")
    if not yaml_path.exists():
        raise CorpusError(f"{stem}: no expectation file {yaml_path.name}")
    with yaml_path.open(encoding="utf-8") as fh:
        expect = validate(stem, yaml.safe_load(fh))
    text = articles[0].read_text(encoding="utf-8")
    return Case(stem=stem, path=articles[0], text=text, published=expect["published"],
                expect=expect)


def load_cases(directory: Path = ARTICLES_DIR) -> list[Case]:
    """Every case in the corpus, sorted by stem; an article without expectations is an error."""
    stems = sorted({p.stem for p in directory.iterdir()
                    if p.suffix in ARTICLE_SUFFIXES + (".yaml",)})
    return [load_case(directory / (stem + ".yaml")) for stem in stems]


def corpus_floors(name: str) -> dict[str, float]:
    """The floors benchmarks/floors.yaml pins for one of the own corpus's scores (one file for
    every floor, the gates' and the test suite's)."""
    return dict(yaml.safe_load(FLOORS_FILE.read_text())[name]["floors"])
