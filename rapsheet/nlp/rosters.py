"""Rosters: the charges a release lists under each defendant's name, one line each.

    The charges are as follows:
    Senior Corporal Jane Roe
    • 2 Indictments of Aggravated Assault by a Public Servant
    • Official Oppression, a Class A Misdemeanor
    Warrant # F123

    John Doe, 44, Springfield
    Pleaded guilty to one misdemeanor count of loitering with the intent to ...

A line that holds only a name (a title before it, an age and a town after it) and whose next line
names an offence - a bullet that starts with one, a count phrase ("6 Indictments of ...", "3 counts
of ...") or an outcome with no subject ("Pleaded guilty to ...") - opens a roster entry. The
entry's offence lines, up to a blank line or the next name line, are that name's charges. Gives
`find_roster_charges(doc, known) -> list[Charge]`, which rapsheet_charges adds to its own.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from rapsheet.data import words
from rapsheet.model import Charge, Entity
from rapsheet.nlp.extensions import doc_text
from rapsheet.nlp.offences import classify_offense, count_value, list_items, offense_categories

BULLET = re.compile(r"^\s*(?:[•·▪●◦■□➢►*–—-]|\(?\d{1,2}[.)])\s+")
TITLE = re.compile(r"^\s*(?:(?:WHO|Defendant|Name)\s*:\s*)?(?:[A-Z][\w.'’-]*\s+){0,5}$")
AFTER_NAME = re.compile(r"^\s*(?:,\s*(?:age\s+)?\d{1,3})?(?:\s*,\s*(?:of\s+)?[A-Z][\w.'’ -]*){0,3}\s*$")
# a count in digits or in the number words of data/words.yaml (longest first: "twenty" before "two")
_NUM = r"(?:\d+|" + "|".join(sorted(map(re.escape, words().numbers), key=len, reverse=True)) + ")"
COUNTED = re.compile(
    rf"^(?:in addition to\s+)?(?P<n>{_NUM})\s+(?:additional\s+|separate\s+)?(?:(?:felony|misdemeanou?r|"
    rf"criminal)\s+)?(?:indictments?|counts?|charges?)\s+(?:each\s+)?(?:of|for)\s+", re.I)
OUTCOME = re.compile(
    r"^(?:(?:was|were|has been|have been)\s+)?(?P<verb>pleaded guilty|pled guilty|pleaded no contest|"
    r"found guilty|convicted|charged|indicted|sentenced)\b[^,;]*?\b(?:to|of|with|on|for)\s+", re.I)
STAGE = {"pleaded guilty": "convicted", "pled guilty": "convicted", "pleaded no contest": "convicted",
         "found guilty": "convicted", "convicted": "convicted", "charged": "charged",
         "indicted": "charged", "sentenced": "sentenced"}
# what follows an offence on its line: its class ("a 1st-degree felony"), a date or a filing
OFFENCE_TAIL = re.compile(
    r"(?:,?\s*an?\s+(?:\w+[- ]degree|class\s+\w+|state jail|capital)\s+(?:felony|misdemeanou?r)\b.*|"
    r"\s+(?:announced|filed|returned|and was|and were)\b.*|\s+(?:on|in)\s+(?:\d|(?:jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|oct|nov|dec)[a-z]*\b).*|\s*\(.*|[\s,;:.]+)$", re.I)
# words that may stand before an offence's own name on a bullet ("Felony Aggravated Assault")
MODIFIERS = re.compile(r"^(?:(?:felony|misdemeanou?r|attempted|\w+[- ]degree|class \w+)\s+)*", re.I)
MAX_ENTRY_LINES = 30
# a line of the entry that gives the penalty ("Three years of informal probation, ...")
PENALTY = re.compile(r"\b(?:years?|months?|days?)\b[^.;]{0,40}\b(?:prison|jail|probation|custody)\b", re.I)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _name_on_line(text: str, lo: int, hi: int, mentions: list[tuple[int, int, Entity]]) -> Entity | None:
    """The entity a line holds alone: "Former Senior Corporal X", "X, 44, Lakeview"."""
    for start, end, entity in mentions:
        if lo <= start and end <= hi and TITLE.match(text[lo:start]) and AFTER_NAME.match(text[end:hi]):
            return entity
    return None


def _offences(line: str) -> tuple[list[str], int | None, str | None]:
    """(offences, counts, stage) a roster line names; no offences when it names none."""
    bullet = BULLET.match(line)
    body = line[bullet.end():] if bullet else line.strip()
    stage = None
    counts = None
    outcome = OUTCOME.match(body)
    if outcome:
        stage = STAGE[outcome.group("verb").lower()]
        body = body[outcome.end():]
    counted = re.match(rf"^(?:(?P<n>an?|{_NUM})\s+)?(?:\w+\s+)?counts?\s+of\s+", body, re.I) if outcome else None
    counted = counted or COUNTED.match(body)
    if counted:
        counts = count_value(counted.group("n") or "")
        body = body[counted.end():]
    elif not (outcome or bullet):
        return [], None, None
    body = OFFENCE_TAIL.sub("", body.strip())
    body = OFFENCE_TAIL.sub("", body)
    if not body:
        return [], None, None
    if not (outcome or counted):
        # a bare bullet is an offence only when it starts with one ("• Official Oppression")
        modifiers = MODIFIERS.match(body)
        lead = modifiers.end() if modifiers else 0
        hits = offense_categories(body)
        if not hits or hits[0][1] > lead:
            return [], None, None
    items = list_items(body)
    if len(items) > 1 and all(classify_offense(i) for i in items):
        return [i.strip() for i in items], counts, stage
    return ([body], counts, stage) if classify_offense(body) else ([], None, None)


def find_roster_charges(doc: Doc, known: list[Charge]) -> list[Charge]:
    text = doc_text(doc)
    if "\n" not in text:
        return []
    mentions = sorted(((m.start, m.end, e) for e in doc._.rs_entities or []
                       if e.type in ("person", "organization") for m in e.mentions if m.kind == "name"),
                      key=lambda x: x[0])
    lines = _lines(text)
    have = {(c.defendant, re.sub(r"\W+", " ", c.offense.lower()).strip()) for c in known}
    out: list[Charge] = []
    n = 0
    while n < len(lines) - 1:
        lo, hi = lines[n]
        entity = _name_on_line(text, lo, hi, mentions)
        if entity is None or not _offences(text[lines[n + 1][0]:lines[n + 1][1]])[0]:
            n += 1
            continue
        entry: list[tuple[list[str], int | None, str | None]] = []
        k = n + 1
        while k < len(lines) and k <= n + MAX_ENTRY_LINES:
            a, b = lines[k]
            if not text[a:b].strip() or _name_on_line(text, a, b, mentions) is not None:
                break
            entry.append(_offences(text[a:b]))
            k += 1
        evidence = (lo, lines[k - 1][1])
        sentenced = any(not offences and PENALTY.search(text[lines[n + 1 + j][0]:lines[n + 1 + j][1]])
                        for j, (offences, _, _) in enumerate(entry))
        for offences, counts, stage in entry:
            if sentenced and stage in (None, "convicted"):
                stage = "sentenced"
            for offense in offences:
                key = (entity.id, re.sub(r"\W+", " ", offense.lower()).strip())
                category = classify_offense(offense)   # _offences keeps only known ones
                if key in have or category is None:
                    continue
                have.add(key)
                out.append(Charge(defendant=entity.id, offense=offense, category=category,
                                  stage=stage or "charged", evidence=evidence, counts=counts))
        n = k
    return out
