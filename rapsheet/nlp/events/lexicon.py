"""events.yaml, read and checked: one EventSpec per event entry (trigger verbs, nouns and phrases,
argument prepositions, context words), the modality cues, and the verb lists that say what a
noun trigger's verb does to it (undergo, bring, commit).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any
from collections.abc import Iterable


from rapsheet.model import ARGUMENT_ROLES, EVENT_TYPES, MODALITIES, STAGES
from rapsheet.nlp import extensions  # noqa: F401  (registers doc._.rs_*)


CLEARING_TYPES = ("acquittal", "dismissal")


# Verbs whose subject undergoes a legal event named by their noun object: "Flores faces extradition".
UNDERGO_VERBS = frozenset({"face", "await", "deny", "dispute", "receive", "get", "serve", "enter", "avoid", "fight",
                           "escape", "undergo", "stand", "win", "lose", "contest", "appeal",
                           "challenge", "oppose", "resist", "survive", "begin", "start"})


# Verbs whose subject is the authority that brings a legal event named by their object.
BRING_VERBS = frozenset({"file", "issue", "bring", "announce", "unseal", "seek", "impose",
                         "order", "return", "hand", "lodge", "level", "launch", "open", "conduct",
                         "grant", "request", "deliver", "make", "carry", "approve", "sign"})


# Verbs whose subject commits the crime named by their object: "coordinating the trafficking".
COMMIT_VERBS = frozenset({"commit", "coordinate", "orchestrate", "engage", "carry", "plot", "plan",
                          "conduct", "mastermind", "participate", "lead", "direct", "run",
                          "operate", "finance", "fund", "perpetrate", "organize", "organise",
                          "facilitate", "oversee", "involve", "launch", "stage", "execute"})


def load_table(name: str) -> dict:
    """One YAML file of rapsheet/data as a mapping, read once per process."""
    return _load_table(name)


@functools.cache
def _load_table(name: str) -> dict:
    from rapsheet.data import load

    data = load(name.removesuffix(".yaml"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: must hold a mapping")
    return data


@dataclass(slots=True, frozen=True)
class EventSpec:
    """One entry of events.yaml, checked."""
    key: str
    type: str
    stage: str | None
    subject: str
    object: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    needs_modifier: dict[str, frozenset[str]]
    needs_context: dict[str, frozenset[str]]
    verb_context: dict[str, frozenset[str]]
    excluded_modifiers: frozenset[str]
    context_or_person: frozenset[str]
    thing_objects: dict[str, frozenset[str]]
    adjectival: bool
    subtypes: dict[str, str]
    prepositions: dict[str, str]


@dataclass(slots=True, frozen=True)
class Lexicon:
    specs: tuple[EventSpec, ...]
    by_verb: dict[str, EventSpec]
    by_noun: dict[str, EventSpec]
    modality: dict[str, Any]
    court_words: frozenset[str]


def words_of(values: Iterable[Any] | None) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or ())


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """events.yaml, validated: unknown types, stages or roles fail here, at load."""
    data = load_table("events.yaml")
    preps = data.get("prepositions", {})
    default_preps = dict(preps.get("default", {}))
    specs = []
    for key, row in data["events"].items():
        etype = row.get("type", key)
        if etype not in EVENT_TYPES:
            raise ValueError(f"events.yaml: {key}: type {etype!r} is not in the vocabulary")
        stage = row.get("stage")
        if stage is not None and stage not in STAGES:
            raise ValueError(f"events.yaml: {key}: stage {stage!r} is not in the vocabulary")
        for field_name in ("subject", "object"):
            if row.get(field_name) not in ("agent", "defendant", "victim", "offense"):
                raise ValueError(f"events.yaml: {key}: {field_name} must be a role")
        prep_roles = {**default_preps, **preps.get(etype, {}), **preps.get(key, {})}
        for prep, role in prep_roles.items():
            if role is not None and role not in ARGUMENT_ROLES:
                raise ValueError(f"events.yaml: prepositions {key}.{prep}: {role!r} is not a role")
        specs.append(EventSpec(
            key=key, type=etype, stage=stage, subject=row["subject"], object=row["object"],
            verbs=words_of(row.get("verbs")), nouns=words_of(row.get("nouns")),
            phrases=tuple(tuple(p.lower().split()) for p in row.get("phrases") or ()),
            needs_modifier={k: words_of(v) for k, v in (row.get("needs_modifier") or {}).items()},
            needs_context={k: words_of(v) for k, v in (row.get("needs_context") or {}).items()},
            verb_context={k: words_of(v) for k, v in (row.get("verb_context") or {}).items()},
            excluded_modifiers=words_of(row.get("excluded_modifiers")),
            context_or_person=words_of(row.get("context_or_person")),
            thing_objects={k: words_of(v) for k, v in (row.get("thing_objects") or {}).items()},
            adjectival=bool(row.get("adjectival")),
            subtypes=dict(row.get("subtypes") or {}), prepositions=prep_roles))
    by_verb: dict[str, EventSpec] = {}
    by_noun: dict[str, EventSpec] = {}
    for spec in specs:
        for verb in spec.verbs:
            if verb in by_verb:
                raise ValueError(f"events.yaml: verb {verb!r} listed twice")
            by_verb[verb] = spec
        for noun in spec.nouns:
            if noun in by_noun:
                raise ValueError(f"events.yaml: noun {noun!r} listed twice")
            by_noun[noun] = spec
    modality = data["modality"]
    for name in modality:
        if name not in MODALITIES:
            raise ValueError(f"events.yaml: modality {name!r} is not in the vocabulary")
    return Lexicon(tuple(specs), by_verb, by_noun, modality, words_of(data.get("court_words")))
