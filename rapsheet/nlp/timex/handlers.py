"""Rule handlers: each takes a match and its context and gives (type, TimeML value, anchor), or
None to reject the match."""
from __future__ import annotations

import datetime as dt
import re

from rapsheet.data.wordlists import SPEAKERS, THIRD, words
from rapsheet.nlp.timex.arithmetic import (
    add_months,
    duration_value,
    iso_week,
    nth_weekday,
    pick_year,
    quarter_of,
    safe_date,
    season_year,
    shift,
    weekday_date,
)
from rapsheet.nlp.timex.context import Context
from rapsheet.nlp.timex.lexicon import (
    lexicon,
    month_number,
    number_value,
    ordinal_number,
    unit_name,
    weekday_number,
)

_PRONOUNS = words().pronouns
# "in May he ...": a subject after "May" makes it the verb
_SUBJECTS = _PRONOUNS.forms("subject")
# "once he ...", "once we ...": the conjunction, not a time
_SUBJECTS_NOT_I = _PRONOUNS.forms("subject", persons=[*THIRD, *SPEAKERS[1:]])
# "its 2000 results", "their 1990 elections": an owner before a year makes it a date
_OWNERS = _PRONOUNS.forms("possessive", persons=THIRD)


def prev_word(text: str, start: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, start - 40):start])
    return m.group(1).lower() if m else ""


def next_word(text: str, end: int) -> str:
    m = re.match(r"\s*(\S+)", text[end:end + 40])
    return m.group(1) if m else ""


def h_full_date(m: re.Match, ctx: Context):
    month, day = month_number(m["mon"]), int(m["day"])
    if m["year"]:
        stated = int(m["year"])
        return ("date", f"{stated:04d}-{month:02d}-{day:02d}", "absolute") if safe_date(stated, month, day) else None
    if m["mon"] == "May" and not re.match(r"\s*\d", ctx.text[m.end("mon"):]):
        return None
    if ctx.dct is None:
        return "date", f"XXXX-{month:02d}-{day:02d}", "none"
    if m.group("wd"):
        # A weekday beside the date settles the year: the one where they agree, nearest first.
        wdn = weekday_number(m["wd"])
        year = ctx.dct.year
        for candidate in sorted((year, year - 1, year + 1), key=lambda c: abs(c - year)):
            d = safe_date(candidate, month, day)
            if d and d.isoweekday() == wdn:
                return "date", d.isoformat(), "published"
    y = pick_year(ctx.dct, month, day, ctx.tense(m.start(), m.end()))
    if y is None or not safe_date(y, month, day):
        return None
    return "date", f"{y:04d}-{month:02d}-{day:02d}", "published"


def h_numeric(m: re.Match, ctx: Context):
    y = int(m["y"])
    if y < 100:
        y += 2000 if y < 50 else 1900
    month, day = int(m["m"]), int(m["d"])
    if not safe_date(y, month, day):
        return None
    return "date", f"{y:04d}-{month:02d}-{day:02d}", "absolute"


def h_month_year(m: re.Match, ctx: Context):
    return "date", f"{int(m['year']):04d}-{month_number(m['mon']):02d}", "absolute"


def _may_is_month(m: re.Match, ctx: Context) -> bool:
    """"May" the month rather than the modal verb: it needs a word that only a month takes."""
    if m["rel"] or m["pmod"] or m["yrel"] or m["yrel2"]:
        return True
    prev = prev_word(ctx.text, m.start("mon")).strip(",;:(")
    if prev in lexicon().may_month_before:
        nxt = next_word(ctx.text, m.end("mon")).lower()
        # "in May be" / "until May have" are still the verb after a clause break, rarely; a
        # following word that a verb would take after "May" marks it.
        return nxt not in _SUBJECTS and nxt not in ("be", "have", "not")
    return False


def h_month(m: re.Match, ctx: Context):
    month = month_number(m["mon"])
    if m["mon"] in ("May", "MAY") and not _may_is_month(m, ctx):
        return None
    if m["mon"] in ("March", "MARCH"):
        prev = prev_word(ctx.text, m.start("mon"))
        nxt = next_word(ctx.text, m.end("mon")).lower()
        # "March" opens a sentence as a month, but "a March on Washington" is not one.
        if prev in ("a", "the", "to") or nxt in ("on", "against", "for"):
            return None
    rel = (m["rel"] or "").lower()
    yrel = (m["yrel"] or m["yrel2"] or "").lower()
    if rel in ("each", "every"):
        return "set", f"XXXX-{month:02d}", "none"
    if ctx.dct is None:
        return "date", f"XXXX-{month:02d}", "none"
    y: int | None
    if yrel:
        y = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[yrel]
    elif rel == "last" or rel == "past" or rel == "previous":
        y = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    elif rel in ("next", "coming"):
        y = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    elif rel == "this":
        y = ctx.dct.year
    else:
        y = pick_year(ctx.dct, month, None, ctx.tense(m.start(), m.end()))
    if y is None:
        return None
    return "date", f"{y:04d}-{month:02d}", "published"


def h_year(m: re.Match, ctx: Context):
    text = ctx.text
    prev = prev_word(text, m.start("year"))
    if prev in lexicon().not_year_before or prev.endswith("$") or re.search(r"\d$", prev):
        return None
    nxt = next_word(text, m.end("year"))
    if re.match(r"\d", nxt) or re.match(r"(?i)(?:percent|per|%|kg|kilo|pounds?|tons?|grams?|people|members?|officers|troops|votes|times)\b", nxt):
        return None
    # A four-digit count before a plural noun ("2000 pills") is no year, unless a word that only
    # a date takes comes first ("in 2000 prices fell", "the 1990 elections").
    if re.fullmatch(r"[a-z]+s", nxt) and nxt not in ("was", "is", "has", "as", "this", "its", "thus", "his", "plus", "levels") \
            and prev not in ("in", "since", "of", "from", "by", "until", "through", "during", "before", "after",
                             "between", "and", "to", "the", "fiscal", "year", "early",
                             "late", "mid", "around", "circa", "for", "spring", "summer", "fall", "winter") \
            and prev not in _OWNERS:
        return None
    y = int(m["year"])
    if ctx.dct and y > ctx.dct.year + 30:
        return None
    return "date", f"{y:04d}", "absolute"


def h_year_quarter(m: re.Match, ctx: Context):
    y = int(m["year"])
    if m["ord"]:
        return "date", f"{y:04d}-Q{ordinal_number(m['ord'])}", "absolute"
    if ctx.dct is None:
        return "date", f"{y:04d}", "absolute"
    # "the 1988 quarter" compares with the quarter just reported, a year or more back.
    _, mo = add_months(ctx.dct.year, ctx.dct.month, -3)
    return "date", f"{y:04d}-Q{quarter_of(mo)}", "absolute"


def h_spelled_year(m: re.Match, ctx: Context):
    if m["k"]:
        return "date", f"{2000 + (number_value(m['rest2']) if m['rest2'] else 0):04d}", "absolute"
    rest = number_value(m["rest"])
    cent = number_value(m["cent"])
    if not isinstance(rest, int) or not isinstance(cent, int):
        return None
    return "date", f"{cent * 100 + rest:04d}", "absolute"


def h_decade_word(m: re.Match, ctx: Context):
    digit = lexicon().decade_words[m["dw"].lower()]
    century = ctx.dct.year // 100 if ctx.dct else 19
    if ctx.dct and digit > (ctx.dct.year % 100) // 10:
        century -= 1
    return "date", f"{century:02d}{digit}", "published" if ctx.dct else "none"


def h_the_year(m: re.Match, ctx: Context):
    """"for the year" is the publication year; "the year ended March 31" is a year's length."""
    if m["ended"]:
        return "duration", "P1Y", "absolute"
    nxt = next_word(ctx.text, m.end()).lower()
    if nxt in ("before", "after", "earlier", "later", "when", "that", "in", "of", "since"):
        return None  # counted from some other event
    if ctx.dct is None:
        return "date", "XXXX", "none"
    return "date", f"{ctx.dct.year:04d}", "published"


def h_year_end(m: re.Match, ctx: Context):
    if ctx.dct is None:
        return "date", "XXXX", "none"
    return "date", f"{ctx.dct.year:04d}", "published"


def h_decade(m: re.Match, ctx: Context):
    dec = m["dec"]
    if dec.startswith("'"):
        century = (ctx.dct.year // 100) if ctx.dct else 19
        if int(dec[1]) * 10 > (ctx.dct.year % 100 if ctx.dct else 99):
            century -= 1
        return "date", f"{century:02d}{dec[1]}", "published" if ctx.dct else "none"
    return "date", dec[:3], "absolute"


def h_century(m: re.Match, ctx: Context):
    word = m["ord"].lower()
    if word in ("this", "last", "next", "past"):
        if ctx.dct is None:
            return None
        c = ctx.dct.year // 100 + {"this": 0, "last": -1, "past": -1, "next": 1}[word]
        if word == "past" and "the" in m.group(0).lower():
            return "duration", "P100Y", "absolute"
        return "date", f"{c:02d}", "published"
    n = int(re.sub(r"\D.*", "", word)) if word[0].isdigit() else lexicon().ordinals.get(word)
    if not n or n > 30:
        return None
    return "date", f"{n - 1:02d}", "absolute"


def h_weekday(m: re.Match, ctx: Context):
    wdn = weekday_number(m["wd"])
    rel = (m["rel"] or "").lower()
    pod = (m["pod"] or "").lower()
    code = lexicon().parts_of_day.get(pod, "") if pod else ""
    if m["plural"] or rel in ("each", "every"):
        return "set", f"XXXX-WXX-{wdn}" + (f"T{code}" if code else ""), "none"
    if m["wd"].endswith(".") and not rel:
        return None
    if ctx.dct is None:
        return ("time" if code else "date"), f"XXXX-WXX-{wdn}" + (f"T{code}" if code else ""), "none"
    rel_key = {"last": "last", "next": "next", "this": "this", "this past": "last"}.get(rel)
    tense = "future" if rel in ("until", "by") else ctx.tense(m.start(), m.end())
    if rel == "since":
        tense = "past"
    day = weekday_date(ctx.dct, wdn, rel_key, tense)
    if code:
        return "time", f"{day.isoformat()}T{code}", "published"
    return "date", day.isoformat(), "published"


def h_clock(m: re.Match, ctx: Context):
    if m.groupdict().get("word"):
        w = m["word"].lower()
        hhmm = lexicon().parts_of_day.get(w) or lexicon().parts_of_day[re.split(r"[\s-]", w.removeprefix("mid"))[-1]]
    else:
        h = int(m["h"]) % 12
        if m["ap"].lower().startswith("p"):
            h += 12
        hhmm = f"{h:02d}:{m['min'] or '00'}"
    date = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    return "time", f"{date}T{hhmm}", "published" if ctx.dct else "none"


def h_relday(m: re.Match, ctx: Context):
    rd = re.sub(r"\s+", " ", m["rd"].lower())
    pod = (m["pod"] or "").lower()
    offset = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0,
              "overnight": 0, "tomorrow": 1, "the day after tomorrow": 2}[rd]
    if rd in ("tonight", "overnight"):
        pod = pod or "night"
    code = lexicon().parts_of_day.get(pod, "") if pod else ""
    if ctx.dct is None:
        value = "PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF")
        return ("time" if code else "date"), value, "none"
    day = (ctx.dct + dt.timedelta(days=offset)).isoformat()
    if code:
        return "time", f"{day}T{code}", "published"
    return "date", day, "published"


def h_pod_rel(m: re.Match, ctx: Context):
    rel = re.sub(r"\s+", " ", m["rel"].lower()).split()[-1]
    code = lexicon().parts_of_day[m["pod"].lower()]
    if ctx.dct is None:
        return "time", "PRESENT_REF" if rel == "this" else "PAST_REF", "none"
    off = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    if rel == "last" and m["pod"].lower() != "night":
        off = -1
    return "time", f"{(ctx.dct + dt.timedelta(days=off)).isoformat()}T{code}", "published"


def h_relunit(m: re.Match, ctx: Context):
    gd = m.groupdict()
    rel = re.sub(r"\s+", " ", (gd.get("rel") or "the").lower())
    unit = (gd.get("unit") or "weekend").lower()
    if rel in ("the past", "the coming") and unit not in ("weekend",) and unit not in lexicon().seasons:
        # "the past year" is a stretch of time, not a calendar year.
        if unit == "half":
            return None
        return "duration", duration_value(1, unit), "absolute"
    step = {"last": -1, "this past": -1, "the previous": -1, "previous": -1, "the past": -1,
            "next": 1, "the following": 1, "the coming": 1, "coming": 1}.get(rel, 0)
    dct = ctx.dct
    if dct is None:
        value = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}[step]
        return "date", value, "none"
    if rel == "the" and unit == "weekend":
        step = -1 if ctx.tense(m.start(), m.end()) != "future" and dct.isoweekday() < 6 else 0
        if ctx.tense(m.start(), m.end()) == "future" and dct.isoweekday() >= 6:
            step = 1
    if unit == "week":
        return "date", iso_week(dct + dt.timedelta(days=7 * step)), "published"
    if unit == "weekend":
        base = dct + dt.timedelta(days=7 * step)
        return "date", f"{iso_week(base)}-WE", "published"
    if unit == "month":
        y, mo = add_months(dct.year, dct.month, step)
        return "date", f"{y:04d}-{mo:02d}", "published"
    if unit == "year":
        return "date", f"{dct.year + step:04d}", "published"
    if unit == "decade":
        return "date", f"{(dct.year // 10 + step):03d}", "published"
    if unit == "quarter":
        y, mo = add_months(dct.year, dct.month, 3 * step)
        return "date", f"{y:04d}-Q{quarter_of(mo)}", "published"
    if unit == "half":
        h = 1 if dct.month <= 6 else 2
        idx = dct.year * 2 + (h - 1) + step
        return "date", f"{idx // 2:04d}-H{idx % 2 + 1}", "published"
    code = lexicon().seasons[unit]
    return "date", f"{season_year(dct, code, step):04d}-{code}", "published"


def h_season(m: re.Match, ctx: Context):
    code = lexicon().seasons[m["season"].lower()]
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if m["year"]:
        return "date", f"{int(m['year']):04d}-{code}", "absolute"
    if not rel:
        prev = prev_word(ctx.text, m.start())
        if prev not in ("in", "during", "the", "this", "by", "until", "since", "over", "through") and not m["mod"]:
            return None
    if ctx.dct is None:
        return "date", f"XXXX-{code}", "none"
    step = {"last": -1, "the past": -1, "this past": -1, "past": -1, "next": 1, "the coming": 1,
            "coming": 1}.get(rel)
    if step is None:
        tense = ctx.tense(m.start(), m.end())
        step = -1 if tense == "past" and rel != "this" else (1 if tense == "future" and rel != "this" else 0)
        if rel == "this":
            step = 0
    return "date", f"{season_year(ctx.dct, code, step):04d}-{code}", "published"


def h_ago(m: re.Match, ctx: Context):
    gd = m.groupdict()
    unit = unit_name(gd["unit"])
    if unit is None:
        return None
    direction = re.sub(r"\s+", " ", gd["dir"].lower())
    amount = number_value(gd["num"]) if gd.get("num") else "X"
    if direction in ("before", "after"):
        # "two days before the vote" counts from the vote, not from publication.
        if re.match(r"\s*(?:[,.;]|$)", ctx.text[m.end():m.end() + 3]) and amount not in (None, "X"):
            direction = "earlier" if direction == "before" else "later"
        else:
            return "duration", duration_value(amount if amount is not None else "X", unit), "absolute"
    if direction == "back":
        direction = "ago"
    if direction in ("earlier", "later") and not (unit == "year" and amount == 1 and direction == "earlier"):
        # "three days later" counts from the story's last event, which TimeML leaves as a length.
        return "duration", duration_value(amount if amount is not None else "X", unit, bool(gd.get("half"))), "absolute"
    sign = -1 if direction in ("ago", "earlier") else 1
    if amount is None:
        return None
    if amount == "X" or ctx.dct is None:
        return "date", "PAST_REF" if sign < 0 else "FUTURE_REF", "none" if ctx.dct is None else "published"
    if isinstance(amount, float):
        amount = round(amount)
    return "date", shift(ctx.dct, sign * int(amount), unit), "published"


def h_year_ago_adj(m: re.Match, ctx: Context):
    if ctx.dct is None:
        return "date", "PAST_REF", "none"
    return "date", f"{ctx.dct.year - 1:04d}", "published"


def h_duration(m: re.Match, ctx: Context):
    if m["age"]:
        return None
    unit = unit_name(m["unit"])
    amount = number_value(m["num"].replace(",", ""))
    if unit is None or amount is None:
        return None
    if re.fullmatch(r"(?:1[5-9]|20)\d\d", m["num"]):
        return None  # "the 1988 quarter" is a year's quarter, not 1988 of them
    prev = prev_word(ctx.text, m.start())
    nxt = next_word(ctx.text, m.end()).lower()
    if nxt in ("old", "olds", "-old") or m.group(0).lower().endswith("-year") and nxt.startswith("-old"):
        return None
    if unit == "second" and m["num"].lower() in ("a", "an"):
        return None  # "a second" is an ordinal ("a second time")
    if unit == "quarter" and m["num"].lower() in ("a", "an"):
        return None  # "a quarter of the money"
    if unit == "night" and m["num"].lower() in ("a", "an", "one"):
        return None
    # "$5 a year", "10 percent a year": a rate, which TimeML marks as a set.
    if m["num"].lower() in ("a", "an") and not m["rel"] and (re.search(r"[\d%]$", prev) or prev in
                                                             ("percent", "times", "once", "twice", "dollars")):
        return "set", duration_value(1, unit), "absolute"
    return "duration", duration_value(amount, unit, bool(m["half"])), "absolute"


def h_duration_plural(m: re.Match, ctx: Context):
    unit = unit_name(m["unit"])
    if unit is None:
        return None
    return "duration", duration_value("X", unit), "absolute"


def h_set(m: re.Match, ctx: Context):
    gd = m.groupdict()
    if gd.get("season"):
        return "set", f"XXXX-{lexicon().seasons[gd['season'].lower()]}", "none"
    unit = unit_name(gd.get("unit") or gd.get("unit2") or "")
    if unit is None:
        return None
    return "set", duration_value(1, unit), "absolute"


def h_frequency(m: re.Match, ctx: Context):
    return "set", lexicon().frequencies[m["freq"].lower()], "absolute"


def h_quarter(m: re.Match, ctx: Context):
    n = ordinal_number(m["ord"])
    part = m["part"].lower()
    if part == "half" and n not in (1, 2) or part == "quarter" and not 1 <= n <= 4:
        return None
    letter = "Q" if part == "quarter" else "H"
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if m["year"]:
        return "date", f"{int(m['year']):04d}-{letter}{n}", "absolute"
    if ctx.dct is None:
        return "date", f"XXXX-{letter}{n}", "none"
    y = ctx.dct.year
    yrel = (m["yrel"] or "").lower()
    if rel in ("last year's", "the year-earlier", "the year-ago", "year-earlier", "year-ago") or yrel == "last":
        y -= 1
    elif rel == "next year's" or yrel == "next":
        y += 1
    return "date", f"{y:04d}-{letter}{n}", "published"


def h_quarter_rel(m: re.Match, ctx: Context):
    rel = re.sub(r"\s+", " ", m["rel"].lower()).removeprefix("the ").strip()
    part = m["part"].lower()
    if part == "period" and rel not in ("latest", "year-earlier", "year-ago", "most recent"):
        return None
    if ctx.dct is None:
        return "date", "XXXX-QX", "none"
    # A company reports the quarter that has just closed: "the quarter" in October is Q3.
    step = {"this": 0, "current": 0, "next": 1}.get(rel, -1)
    y, mo = add_months(ctx.dct.year, ctx.dct.month, 3 * step)
    if rel in ("year-earlier", "year-ago"):
        y -= 1
    return "date", f"{y:04d}-Q{quarter_of(mo)}", "published"


def h_holiday(m: re.Match, ctx: Context):
    lex = lexicon()
    name = next(k for k in lex.holidays if re.fullmatch(re.escape(k).replace(r"\ ", r"\s+"), m["hol"]))
    rule = lex.holidays[name]

    def on(year: int) -> dt.date:
        if isinstance(rule, str):
            mo, d = map(int, rule.split("-"))
            return dt.date(year, mo, d)
        mo, wdn, n = rule
        if name == "Election Day":
            return nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)
        return nth_weekday(year, mo, wdn, n)

    if ctx.dct is None:
        d = on(2000)
        return "date", f"XXXX-{d.month:02d}-{d.day:02d}", "none"
    rel = (m["rel"] or "").lower()
    tense = {"last": "past", "next": "future"}.get(rel) or ctx.tense(m.start(), m.end())
    dct = ctx.dct
    cands = [on(y) for y in (dct.year - 1, dct.year, dct.year + 1)]
    if tense == "past":
        pick = max(d for d in cands if d <= dct)
    elif tense == "future":
        pick = min(d for d in cands if d >= dct)
    else:
        pick = min(cands, key=lambda d: abs((d - dct).days))
    return "date", pick.isoformat(), "published"


def h_reference(m: re.Match, ctx: Context):
    word = re.sub(r"\s+", " ", m["ref"].lower())
    nxt = next_word(ctx.text, m.end()).lower().strip(",.;:")
    prev = prev_word(ctx.text, m.start())
    if word == "once" and (nxt in ("a", "an", "again", "more", "the") or nxt in _SUBJECTS_NOT_I
                           or prev in ("at", "all")):
        return None
    if word == "current" and nxt in ("account", "accounts", "affairs", "events", "and", "of", "in", "to",
                                     "form", "law", "laws", "rules", "members", "member", "president",
                                     "chairman", "director", "state", "system"):
        return None
    if word in ("earlier", "recent") and nxt and nxt not in (",", ".") and word == "earlier" and \
            re.match(r"[a-z]", nxt) and nxt not in ("this", "that", "today"):
        return None
    if word == "future" and prev not in ("the", "in", "near", "distant", "foreseeable") and nxt not in ("quarters", "years"):
        return None
    if word == "one day" and ctx.tense(m.start(), m.end()) != "future":
        return None
    return "date", lexicon().references[word], "none"
