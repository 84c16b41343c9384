"""Words that make or break a name, from rapsheet/data: official titles and title words, headline
and description words, given names, organisation heads and aliases, the model's own lemma lexicon;
and the tests built on them that `rapsheet_ner_repair` and `rapsheet_entities` share."""
from __future__ import annotations

import re
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from rapsheet.data import country_codes, load, words
from rapsheet.nlp.extensions import doc_ents, doc_text, doc_tokens, doc_words
from rapsheet.text import fold_case, name_tokens, slug


SENTENCE_OPENERS = {"The", "A", "An", "In", "On", "At", "According", "After", "Before", "When"}
# Words the model takes for a person that never are one: pronouns and the usual plural actors.
NOT_NAMES = words().pronouns.forms("subject") | {"today", "authorities", "officials", "prosecutors", "police"}

@cache
def title_words() -> frozenset[str]:
    words: set[str] = set()
    for row in load("titles").get("titles", []):
        for t in [row["title"], *(row.get("aliases") or [])]:
            words.update(w.lower().strip(".,") for w in t.split())
    words.update(w.lower() for w in load("titles").get("title_words", []) or [])
    return frozenset(w for w in words if w and w not in {"of", "the", "for", "and", "u.s", "us"})


@cache
def headline_words() -> frozenset[str]:
    return frozenset(w.lower() for w in load("coref").get("headline_words", []))


@cache
def not_in_person_names() -> frozenset[str]:
    return frozenset(w.lower() for w in load("coref").get("not_in_person_names", []))


def is_title(word: str) -> bool:
    """A title or rank word, a plural counting as its singular ("Attorneys", "Investigators")."""
    word = word.lower().strip(".")
    titles = title_words()
    return word in titles or (len(word) > 3 and word.endswith("s") and word[:-1] in titles)


_LEXICON: dict[str, frozenset[str]] = {"adjectives": frozenset(), "verbs": frozenset()}


def learn_lexicon(nlp: Language) -> None:
    """Remember the words the model's lemma tables know: adjectives that are neither nouns nor
    verbs (an epithet, "Crooked", not a given name, "Frank") and verbs (a headline's "Denies")."""
    if _LEXICON["verbs"] or "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    nouns, verbs = set(index.get("noun", [])), frozenset(index.get("verb", []))
    _LEXICON["adjectives"] = frozenset(w for w in index.get("adj", []) if w not in nouns and w not in verbs)
    _LEXICON["verbs"] = verbs


def lexicon() -> dict[str, frozenset[str]]:
    return _LEXICON


def headline_verb(word: str) -> bool:
    """ "Denies", "Slams": a verb's third person, which a headline runs between two names."""
    low = word.lower()
    verbs = _LEXICON["verbs"]
    return len(low) > 3 and low.endswith("s") and not low.endswith("ss") and (
        low[:-1] in verbs or low.endswith("es") and low[:-2] in verbs
        or low.endswith("ies") and low[:-3] + "y" in verbs)


@cache
def given_names() -> frozenset[str]:
    """Given names the data knows (coref.yaml first_names, names.yaml common_given_names)."""
    first = load("coref")["first_names"]
    return frozenset(first["feminine"]) | frozenset(first["masculine"]) \
        | frozenset(load("names").get("common_given_names", []))


@cache
def title_heads() -> frozenset[str]:
    """Words a title ends on or is built of ("Secretary", "Officer", "Sgt"), not every word inside
    one: "White" of "White House Press Secretary" is a surname too."""
    data = load("titles")
    words = {w.lower().strip(".") for w in data.get("title_words", []) or [] if " " not in w}
    for row in data.get("titles", []):
        for t in [row["title"], *(row.get("aliases") or [])]:
            words.add(t.split()[-1].lower().strip("."))
    return frozenset(words)


def is_title_head(word: str) -> bool:
    word = word.lower().strip(".")
    heads = title_heads()
    return word in heads or (len(word) > 3 and word.endswith("s") and word[:-1] in heads)


def not_name_word(word: str, person: bool, front: bool = False) -> bool:
    """A word that never stands in a (person's) name; in front of a name, titles too."""
    low = word.lower().strip(".")
    return low in headline_words() or person and (low in not_in_person_names() or front and is_title(word))


APOSTROPHE_NAME = re.compile(r"[A-Z][a-z]?[’'][A-Z][a-z]+")   # "O’Neill", "D'Angelo"


def capitalised(tok) -> bool:
    return tok.text[:1].isupper() and (tok.is_alpha or "-" in tok.text or "." in tok.text
                                       or bool(APOSTROPHE_NAME.fullmatch(tok.text)))


def acronym_like(tok) -> bool:
    return 2 <= len(tok.text.strip(".")) <= 6 and tok.text.isupper() and tok.is_alpha


PARTICLES = frozenset({"de", "del", "la", "las", "los", "da", "do", "dos", "van", "von", "der", "den",
                       "bin", "ibn", "al", "el", "y", "di", "le", "du"})


@cache
def org_words() -> frozenset[str]:
    return not_person_words() | frozenset(load("names").get("generic_org_terms", []))


def looks_like_person(span) -> bool:
    return 1 <= len(span) <= 6 and capitalised(span[0]) and all(
        capitalised(t) or t.text in ("-", "‐") or t.lower_ in PARTICLES or t.is_space for t in span) \
        and not any(not_name_word(t.text, True) for t in span) and plausible_person(span) \
        and not any(t.text in ("'s", "’s") for t in span)

@cache
def org_aliases() -> dict[str, str]:
    out = {}
    for file, key in (("organizations", "organizations"), ("agencies", "agencies")):
        for row in load(file).get(key, []):
            for name in [row["name"], *(row.get("aliases") or [])]:
                out[name.lower()] = slug(row["name"])
    return out


PERSON_APPOSITION = re.compile(r",\s+(?:\d{1,3},|an?\s+\d{1,3}-year-old\b|(?:also\s+)?known as\b|aka\b)")


@cache
def not_person_words() -> frozenset[str]:
    """Words that never stand in a person's name (rapsheet/data/coref.yaml `not_person_words`)."""
    return frozenset(w.lower() for w in load("coref").get("not_person_words", []))


LOCATIVE_BEFORE = re.compile(r"(?:\b(?:[Ii]n|near|across|outside|throughout)|,\s*(?:\d{1,3},\s*)?of)\s+$")

# Companies' legal forms (words.yaml `legal_forms`) as one token reads them: "ltd", "s.a".
LEGAL_FORM_WORDS = words().legal_forms.token_words()

ALIAS_CUES = ("known as", "aka", "a/k/a", "a.k.a.", "alias", "nicknamed", "called")


def after_alias_cue(text: str, doc: Doc, start: int) -> bool:
    """True when the span starting at token `start` is a nickname: after "also known as" or in quotes."""
    toks = doc_tokens(doc)
    before = text[max(0, toks[start].idx - 20):toks[start].idx].lower().rstrip(" “\"'‘")
    return before.endswith(ALIAS_CUES)


def has_acronym(tokens) -> bool:
    return any(2 <= len(t.text) <= 5 and t.text.isupper() and t.is_alpha for t in tokens) \
        and not all(t.text.isupper() for t in tokens if t.is_alpha)


def plausible_person(span) -> bool:
    """False for spans a person's name never looks like: "ERO Houston", "JFK International Airport"."""
    return not ({t.lower_ for t in span} & not_person_words()) and not has_acronym(span)


def person_tokens(doc: Doc) -> set[str]:
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2 and plausible_person(ent):
            words.update(w for w in name_tokens(ent.text) if not not_name_word(w, True))
    return words - {"de", "del", "la", "los", "el", "al", "bin", "van", "von"}

@cache
def honorific_pattern() -> re.Pattern:
    words = [w.rstrip(".") for side in load("coref")["honorifics"].values() for w in side]
    alts = "|".join(sorted({re.escape(w.capitalize()) for w in words if len(w) <= 4}, key=len,
                           reverse=True))
    return re.compile(rf"\b(?:{alts})\.?\s+([A-Z][\w'’\-]+)")


def honorific_surnames(text: str) -> set[str]:
    """The surnames the text writes after Mr., Ms., Mrs. ("Mr. Day")."""
    return {m.group(1) for m in honorific_pattern().finditer(text)}

@cache
def organization_heads() -> frozenset[str]:
    """Last words that make a name a company's, never a person's (coref.yaml organization_heads)."""
    return frozenset(w.lower() for w in load("coref").get("organization_heads", []))


@cache
def coref_words() -> dict:
    data = load("coref")
    first = data["first_names"]
    pronouns = words().pronouns
    return {
        # "it" stands for the weather or a clause too often to stand for an organisation
        "masc": set(pronouns.forms(persons=["masculine"])), "fem": set(pronouns.forms(persons=["feminine"])),
        "neut": set(pronouns.forms("possessive", "reflexive", persons=["neuter"])),
        "person_nominals": set(data["person_nominals"]),
        "org_nominals": set(data["organization_nominals"]),
        "criminal_nominals": set(data["criminal_organization_nominals"]),
        "fem_names": set(first["feminine"]), "masc_names": set(first["masculine"]),
        "fem_hon": set(data["honorifics"]["feminine"]), "masc_hon": set(data["honorifics"]["masculine"]),
        "epithets": set(data.get("epithets", [])),
    }


@cache
def official_titles() -> list[tuple[list[str], str, str]]:
    """Official titles from rapsheet/data/titles.yaml as (folded tokens, title, kind), longest first."""
    rows = []
    for row in load("titles").get("titles", []):
        title = row["title"]
        rows.append((name_tokens(title), title, row.get("kind", "official")))
        for alias in row.get("aliases", []) or []:
            rows.append((name_tokens(alias), title, row.get("kind", "official")))
    rows.sort(key=lambda r: -len(r[0]))
    return rows


@cache
def lede_description_pattern() -> re.Pattern:
    """An indefinite person description: "A St. Louis man", "an 18-year-old defendant"."""
    heads = "|".join(sorted((re.escape(h) for h in coref_words()["person_nominals"] if h != "year-old"),
                            key=len, reverse=True))
    return re.compile(r"\b[Aa]n?\s+(?:\d{1,3}-year-old\s+)?(?:(?:[A-Z][\w.’'\-]*|[a-z\-]+)\s+){0,3}?"
                      rf"(?:{heads})\b(?!-)")


@cache
def nominal_mention_pattern() -> re.Pattern:
    """A definite description of a person or organisation ("the defendant", "the 34-year-old",
    "the gang") or an official title after "the"."""
    w = coref_words()
    heads = "|".join(sorted((re.escape(h) for h in w["person_nominals"] | w["org_nominals"]),
                            key=len, reverse=True))
    title_words = "|".join(sorted({re.escape(t[1]) for t in official_titles()}, key=len, reverse=True))
    return re.compile(
        rf"\b[Tt]he\s+(?:(?:\d+|[a-z]+)-year-old\b|(?:(?:[A-Z][\w.’'\-]*|[a-z][a-z\-]*)\s+){{0,2}}?"
        rf"(?:{heads})\b(?![\-’'](?!s\b))|(?i:{title_words})\b)")


@cache
def criminal_org_ids() -> frozenset[str]:
    return frozenset(slug(row["name"]) for row in load("organizations").get("organizations", []))


@cache
def gazetteer_names() -> dict[str, str]:
    """Pattern id -> canonical name, for organisations, agencies and laws."""
    names = {}
    for file, key in (("organizations", "organizations"), ("agencies", "agencies"), ("laws", "laws")):
        for row in load(file).get(key, []):
            names[slug(row["name"])] = row["name"]
    return names


@lru_cache(maxsize=65_536)
def title_key(text: str) -> str:
    return re.sub(r"[\s.]+", "", fold_case(text))


@cache
def title_index() -> dict[str, tuple[str, str]]:
    """Title written without spaces or dots ("usattorney") -> (title, kind)."""
    return {title_key(" ".join(tokens)): (title, kind) for tokens, title, kind in reversed(official_titles())}


@cache
def title_key_ends() -> frozenset[str]:
    """Every ending of a `title_index` key ("attorney" of "usattorney"): the words read so far,
    right to left, can still grow into a title only while they are one."""
    return frozenset(key[i:] for key in title_index() for i in range(len(key) + 1))


def title_before(doc: Doc, start_token: int) -> tuple[str, str, int] | None:
    """The official title standing right before token `start_token` ("FBI Director" Kash Patel),
    as (title, kind, first token of the title); the longest title wins."""
    toks = doc_tokens(doc)
    index, ends = title_index(), title_key_ends()
    found = None
    key = ""
    for i in range(start_token - 1, max(-1, start_token - 9), -1):
        tok = toks[i]
        # A title stands in the name's own sentence and line: "... attorney general.\nAssange"
        # is no title of Assange's.
        if tok.is_punct or "\n" in tok.whitespace_ or tok.is_space:
            break
        key = title_key(tok.text) + key
        if key in index:
            found = (*index[key], i)
        if key not in ends:
            break   # no longer title ends on these words
    return found


NICKNAME = re.compile(r"\s*[“\"‘(]([^”\"’()]{1,40})[”\"’)]\s*")
def canonical_name(name: str) -> tuple[str, list[str]]:
    """The canonical form of a person's longest name and the nicknames taken out of it:
    "Thomas Ray “Ace” Whitaker" -> ("Thomas Ray Whitaker", ["Ace"]); an epithet before the
    name goes ("Crooked Hillary Clinton" -> "Hillary Clinton"), a given name stays ("Frank Lee")."""
    nicknames = [m.group(1).strip() for m in NICKNAME.finditer(name)]
    name = " ".join(NICKNAME.sub(" ", name).split())
    words = name.split()
    w = coref_words()
    given = w["fem_names"] | w["masc_names"]
    if len(words) >= 3 and words[0][:1].isupper():
        first = fold_case(words[0]).rstrip("'’")
        if first not in given and (first in w["epithets"] or first in lexicon()["adjectives"]):
            name = " ".join(words[1:])
    return name, nicknames


ORG_STOP = {"the", "of", "and", "for", "in", "on", "de", "del", "la", "&"}
# ... and as the words they leave at the end of a name key: "llc", "l", "c".
LEGAL_FORM_TOKENS = words().legal_forms.name_words()


def without_legal_form(words: list[str]) -> list[str]:
    """An organisation's name words without punctuation and its trailing legal form: "Acme Trust,
    N.A." and "Acme Trust" are one bank."""
    words = [w.strip(",;") for w in words if w.strip(",;")]
    while len(words) > 1 and words[-1] in LEGAL_FORM_TOKENS:
        words = words[:-1]
    return words


def acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w not in ORG_STOP).upper()


def surname_read_as_place(doc: Doc, ent) -> bool:
    """ "On April 17, Pettigrew was located in Lima": one word the model read as a place that is the
    surname of a person named in full before it (and names no country) is that person. The same
    goes for a surname that opens a sentence tagged as a common noun ("Calderas received ...")."""
    first = doc.user_data.get("rs_surnames")
    if first is None:
        first = doc.user_data["rs_surnames"] = {}
        for e in doc_ents(doc):
            words = name_tokens(e.text) if e.label_ == "PERSON" else []
            # "Jorge Luis Salas Ortega" goes by "Salas" too: a name of three words or more may
            # end in two surnames
            surnames = words[-2:] if len(words) >= 3 and len(words[-2]) > 2 else words[-1:]
            for word in surnames if len(words) >= 2 else ():
                first[word] = min(first.get(word, e.start_char), e.start_char)
    return len(ent) == 1 and not ent.ent_id_ and \
        first.get(fold_case(ent.text), len(doc_text(doc))) < ent.start_char and not country_codes(ent.text)


def name_after(doc: Doc, i: int) -> int:
    """End of a capitalised name starting at token i ("Esteban Grijalva-Moss", "Elliot J. Pfeiffer")."""
    toks = doc_tokens(doc)
    words = doc_words(doc)
    j = i
    while j < len(words):
        tok, text = toks[j], words[j]
        if text[:1].isupper() and (tok.is_alpha or APOSTROPHE_NAME.fullmatch(text)) \
                and text not in SENTENCE_OPENERS:
            j += 1
        elif j > i and INITIAL.fullmatch(text):
            j += 1
        elif j > i and j + 1 < len(words) and tok.lower_ in PARTICLES and toks[j + 1].is_alpha \
                and words[j + 1][:1].isupper():
            j += 1   # "Maria de los Angeles Ferrer"
        elif j > i and text in ("-", "‐") and j + 1 < len(words) and words[j + 1][:1].isupper() \
                and not tok.whitespace_ and not toks[j - 1].whitespace_:
            j += 1
        else:
            break
    return j


INITIAL = re.compile(r"[A-Z]\.")   # "J." of "Elliot J. Pfeiffer"
