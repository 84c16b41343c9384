"""Hand-built Documents for the store tests: real-looking crime reports with their entities,
events, charges and quotes, offsets computed from the text (no spaCy needed).

Also imported by the child process of the kill test, so it depends on rapsheet.model only.
"""
from __future__ import annotations

import datetime as dt

from rapsheet.model import (Argument, Article, Charge, Document, Entity, Event, Mention, Quote,
                            Risk, Span)


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def sentence(text: str, needle: str) -> tuple[int, int]:
    """The sentence holding `needle`, as a (start, end) evidence span."""
    start, end = find(text, needle)
    begin = text.rfind(". ", 0, start)
    begin = 0 if begin < 0 else begin + 2
    stop = text.find(". ", end)
    return begin, (len(text) if stop < 0 else stop + 1)


def mention(text: str, needle: str, kind: str = "name", nth: int = 0) -> Mention:
    start, end = find(text, needle, nth)
    return Mention(start, end, needle, kind)


def report(defendant: str, age: int, city: str, offense: str, category: str, kilos: int,
           arrested: str, published: dt.date, official: str = "Pam Bondi",
           source: str = "report.txt") -> Document:
    """An arrest-and-charge report about `defendant`, charged with `offense`."""
    surname = defendant.split()[-1]
    text = (f"{defendant}, {age}, was arrested in {city} on {arrested}, the Justice Department said. "
            f"Prosecutors charged {surname} with {offense} after agents seized {kilos} kilograms "
            f"of cocaine. \"This defendant will face justice,\" said Attorney General {official}. "
            f"{surname} remains in custody in {city} pending extradition to the United States.")
    person = Entity("e1", "person", defendant, label="PERSON", mentions=[
        mention(text, defendant), mention(text, surname, nth=1), mention(text, surname, nth=2)])
    person.add_attribute("age", age, *sentence(text, f"{defendant}, {age}"))
    person.add_attribute("location", city, *find(text, city, nth=1))
    person.add_role("accused")
    charge_sentence = sentence(text, "Prosecutors charged")
    person.risks.append(Risk(category, "charged", [charge_sentence], date=published.isoformat()))
    official_entity = Entity("e2", "person", official, label="PERSON",
                             mentions=[mention(text, official)])
    official_entity.add_attribute("title", "Attorney General", *sentence(text, "Attorney General"))
    official_entity.add_role("official")
    doj = Entity("e3", "organization", "Justice Department", label="ORG",
                 mentions=[mention(text, "Justice Department")])
    place = Entity("e4", "location", city, label="GPE",
                   mentions=[mention(text, city), mention(text, city, nth=1)])
    arrest_trigger = find(text, "arrested")
    arrest = Event("ev1", "arrest", Span(*arrest_trigger, "arrested"),
                   date={"value": arrested, "text": arrested}, stage="arrested",
                   evidence=sentence(text, "was arrested"), arguments=[
                       Argument("defendant", *find(text, defendant), defendant, "e1"),
                       Argument("place", *find(text, city), city, "e4")])
    charge_trigger = find(text, "charged")
    charge_event = Event("ev2", "charge", Span(*charge_trigger, "charged"), stage="charged",
                         evidence=charge_sentence, arguments=[
                             Argument("defendant", *find(text, surname, nth=1), surname, "e1"),
                             Argument("agent", *find(text, "Prosecutors"), "Prosecutors", None)])
    extradition = Event("ev3", "extradition", Span(*find(text, "extradition"), "extradition"),
                        modality="pending", evidence=sentence(text, "pending extradition"),
                        arguments=[Argument("defendant", *find(text, surname, nth=2), surname, "e1")])
    quote_span = find(text, "This defendant will face justice,")
    quote = Quote(*quote_span, "This defendant will face justice,", speaker="e2",
                  speaker_text=official, speaker_mention=Span(*find(text, official), official),
                  cue=Span(*find(text, "said Attorney"), "said"))
    charge = Charge("e1", offense, category, "charged", charge_sentence, counts=1)
    article = Article(source=source, text=text, title=f"{defendant} arrested in {city}",
                      url=f"https://news.example.org/{surname.lower()}-{published.isoformat()}",
                      published=published, language="en")
    return Document(article, entities=[person, official_entity, doj, place],
                    events=[arrest, charge_event, extradition], charges=[charge], quotes=[quote])


FIRST = ("Jose", "Maria", "Luis", "Ana", "Carlos", "Elena", "Pedro", "Sofia", "Diego", "Lucia")
LAST = ("Martinez Flores", "Gomez", "Ramirez", "Castillo", "Herrera", "Vargas", "Rojas", "Mendoza")
CITIES = ("Bogotá", "Houston", "Caracas", "Lima", "Santiago", "Miami", "Medellín")
OFFENSES = (("conspiracy to distribute cocaine", "narcotics"),
            ("providing material support to a foreign terrorist organization", "terrorism"),
            ("money laundering", "money_laundering"), ("human smuggling", "migrant_smuggling"))


def many_documents(n: int) -> list[Document]:
    """`n` distinct reports, the same list every call."""
    docs = []
    for i in range(n):
        offense, category = OFFENSES[i % len(OFFENSES)]
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i)
        docs.append(report(name, 20 + i % 40, CITIES[i % len(CITIES)], offense, category,
                           kilos=i + 1, arrested=(day - dt.timedelta(days=3)).isoformat(),
                           published=day, source=f"batch/{i}.txt"))
    return docs


def expected_counts(document: Document) -> dict[str, int]:
    """Rows one document must leave in the store, counted from the document itself."""
    statements = sum(1 + sum(len(v) for v in e.attributes.values()) + len(e.roles) + len(e.risks)
                     for e in document.entities)
    statements += len(document.charges) + sum(1 for q in document.quotes if q.speaker)
    statements += sum(1 for ev in document.events for a in ev.arguments if a.entity)
    return {"mentions": sum(len(e.mentions) for e in document.entities), "statements": statements,
            "charges": len(document.charges), "quotes": len(document.quotes)}
