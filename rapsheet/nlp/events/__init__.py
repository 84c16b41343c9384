"""Legal and criminal events: who was arrested, charged, convicted, extradited ... and when.

Takes a parsed spaCy Doc (dependency parse, lemmas) and reads, when present, `doc._.rs_entities`
(mentions joined within the article), `doc._.rs_times` (TimeML values), `doc._.rs_quantities` and
`doc._.rs_published`. Gives `find_events(doc) -> list[Event]` and the component `rapsheet_events`,
which writes them to `doc._.rs_events`. Trigger words, modality cues and argument prepositions are
data, in rapsheet/data/events.yaml.

Each event carries its trigger span, its date (a time expression of the same clause or sentence),
arguments by role (defendant, agent, court, place, origin, destination, victim, offense, quantity,
sentence) read off the parse, its modality (asserted, pending, future, hypothetical, negated) and
the allegation stage it supports.

The package by job: `lexicon` (events.yaml, checked), `parties` (who a phrase names: lists,
groups, rosters), `triggers` (the words that name an event), `arguments` (who and what around a
trigger), `modality` (asserted or not, stage, date), `designees` (the parties a designation names
later on), `component` (find_events and the spaCy component). Parse helpers that other components
use too live in rapsheet/nlp/syntax.py.
"""
from rapsheet.nlp.events.component import EventsComponent, find_events, make_events
from rapsheet.nlp.events.lexicon import EventSpec, Lexicon, lexicon, load_table
from rapsheet.nlp.events.modality import declined, modality_of, stage_of
from rapsheet.nlp.events.parties import roster_names, with_conjuncts
from rapsheet.nlp.events.triggers import Trigger, excerpt_spans, find_triggers, trigger_matcher

__all__ = ["EventSpec", "EventsComponent", "Lexicon", "Trigger", "declined", "excerpt_spans",
           "find_events", "find_triggers", "lexicon", "load_table", "make_events", "modality_of",
           "roster_names", "stage_of", "trigger_matcher", "with_conjuncts"]
