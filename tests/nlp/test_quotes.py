"""Quotes and who said them (rapsheet/nlp/quotes/), on real-looking news and press releases."""
from __future__ import annotations

import pytest

from rapsheet.errors import RapsheetError
from rapsheet.nlp.quotes import build_vocabulary, find_quotes, scan_quotes
from tests.conftest import SEED, entity_named


@pytest.fixture(scope="module")
def read(pipeline):
    """text -> (doc, quotes) through the whole pipeline, who-is-who included."""
    def run(text: str):
        doc = pipeline(text)
        return doc, list(doc._.rs_quotes or [])
    return run


def direct(quotes):
    return [q for q in quotes if q.direct]


def entity_name(doc, entity_id):
    return next((e.name for e in doc._.rs_entities or [] if e.id == entity_id), None)


def assert_offsets(doc, quotes):
    for q in quotes:
        assert q.text == doc.text[q.start:q.end]
        assert q.text == q.text.strip()
        assert q.text[0] not in "“”\"" and q.text[-1] not in "“”\""
        if q.speaker_mention is not None:
            m = q.speaker_mention
            assert doc.text[m.start:m.end] == m.text == q.speaker_text
        if q.cue is not None:
            assert doc.text[q.cue.start:q.cue.end] == q.cue.text


# --- the seed ---------------------------------------------------------------------------------

def test_seed_has_five_quotes_two_by_bondi_three_by_patel(seed_document):
    doc = seed_document
    quotes = direct(doc.quotes)
    assert [q.text.split()[:3] for q in quotes] == [
        ["Tren", "de", "Aragua"], ["Today’s", "charges", "mark"], ["Tren", "de", "Aragua"],
        ["With", "the", "help"], ["Today’s", "charges", "send"]]
    bondi, patel = entity_named(doc, "Pam Bondi"), entity_named(doc, "Kash Patel")
    assert bondi is not None and patel is not None
    assert [q.speaker for q in quotes] == [bondi.id] * 2 + [patel.id] * 3
    assert quotes[0].speaker_text == "Attorney General Pam Bondi" and quotes[0].cue.text == "said"
    assert quotes[2].speaker_text == "FBI Director Kash Patel"
    # The quotes after the first of each speaker have no cue of their own: the speaker carries.
    assert quotes[1].cue is None and quotes[3].cue is None and quotes[4].cue is None
    text = doc.article.text
    for q in doc.quotes:
        assert q.text == text[q.start:q.end]
    assert quotes[4].text.endswith("no place in the United States.")
    assert quotes[0].text.endswith("during the previous administration")   # no handing-over comma


def test_seed_scare_quotes_are_not_quotes(seed_document):
    texts = [q.text for q in direct(seed_document.quotes)]
    assert "inner circle" not in texts
    assert not any(t.startswith("material support") for t in texts)


def test_seed_raw_text_gives_the_same_five_quotes(read):
    doc, quotes = read(SEED.read_text(encoding="utf-8"))
    quotes = direct(quotes)
    assert len(quotes) == 5
    assert [q.speaker_text for q in quotes] == ["Attorney General Pam Bondi"] * 2 + ["FBI Director Kash Patel"] * 3
    assert_offsets(doc, quotes)


def test_seed_reported_speech_is_marked_indirect(seed_document):
    indirect = [q for q in seed_document.quotes if not q.direct]
    by_cue = {(q.cue.text.lower(), q.speaker_text) for q in indirect}
    assert ("according to", "a DOJ press release") in by_cue
    assert ("alleges", "The indictment") in by_cue
    assert ("say", "Authorities") in by_cue
    dept = next(q for q in indirect if q.speaker_text == "a DOJ press release")
    assert dept.text.startswith("Jose Enrique Martinez Flores, 24, is believed")


# --- marks ------------------------------------------------------------------------------------

@pytest.mark.parametrize("marks", [("“", "”"), ('"', '"')], ids=["curly", "straight"])
def test_straight_and_curly_marks_read_alike(read, marks):
    o, c = marks
    text = (f"{o}These defendants preyed on elderly victims across three states,{c} U.S. Attorney "
            f"Jane Doe said. {o}They stole their savings, and they stole their trust.{c}")
    doc, quotes = read(text)
    quotes = direct(quotes)
    assert [q.text for q in quotes] == [
        "These defendants preyed on elderly victims across three states",
        "They stole their savings, and they stole their trust."]
    assert [q.speaker_text for q in quotes] == ["U.S. Attorney Jane Doe"] * 2
    assert quotes[0].cue.text == "said" and quotes[1].cue is None
    assert_offsets(doc, quotes)


def test_apostrophes_inside_straight_quotes_do_not_break_it(read):
    doc, quotes = read('"It\'s over for them. We\'ve seized the boats, the cash and the guns," '
                       "Coast Guard Capt. Ana Ruiz told reporters in Miami.")
    (q,) = direct(quotes)
    assert q.text == "It's over for them. We've seized the boats, the cash and the guns"
    assert "Ana Ruiz" in q.speaker_text and q.cue.text == "told"


def test_scan_finds_stretches_per_paragraph():
    # An unclosed quotation runs on into the next paragraph, with or without a new opening mark;
    # a closing mark with nothing open before it is a stray.
    text = "“One,” he said. “Two\n\n“Three\n\nFour.”\n\nFive.”"
    stretches = scan_quotes(text)
    assert [text[s.start:s.end] for s in stretches] == ["One,", "Two", "Three", "Four."]
    assert stretches[1].closed is None and stretches[2].opened is not None
    assert stretches[3].opened is None and stretches[3].closed is not None


# --- cues and speakers ------------------------------------------------------------------------

def test_split_quote_with_cue_in_the_middle(read):
    doc, quotes = read("“We will find them,” the sheriff said, “and we will prosecute every one of "
                       "them to the fullest extent of the law.”")
    quotes = direct(quotes)
    assert [q.text for q in quotes] == [
        "We will find them", "and we will prosecute every one of them to the fullest extent of the law."]
    assert [q.speaker_text for q in quotes] == ["the sheriff", "the sheriff"]


def test_inversion_names_the_speaker_after_said(read):
    doc, quotes = read("“Cartel leaders who flood our streets with fentanyl will face justice in an "
                       "American courtroom,” said U.S. Attorney Alamdar Hamdani.")
    (q,) = direct(quotes)
    assert q.speaker_text == "U.S. Attorney Alamdar Hamdani" and q.cue.text == "said"
    assert entity_name(doc, q.speaker) == "Alamdar Hamdani"


def test_speaker_with_apposition_before_said(read):
    doc, quotes = read("“It was a message to every rival gang in the city,” Scott Pruitt, the "
                       "attorney general of Oklahoma, one of the states suing the company, said Tuesday.")
    (q,) = direct(quotes)
    assert q.speaker_text == "Scott Pruitt"


def test_speaker_named_before_a_colon(read):
    doc, quotes = read('Special Agent in Charge Douglas Williams said: "This network moved more '
                       'than a ton of methamphetamine through Houston in a single year."')
    (q,) = direct(quotes)
    assert "Douglas Williams" in q.speaker_text and q.cue.text == "said"


def test_speaker_on_a_line_of_its_own_before_the_quote(read):
    doc, quotes = read("Attorney General Merrick Garland said:\n\n“No one is above the law, and no "
                       "one is beneath its protection.”")
    (q,) = direct(quotes)
    assert q.speaker_text == "Attorney General Merrick Garland"


def test_pronoun_speaker_resolves_to_the_person(read):
    doc, quotes = read("Harris County Sheriff Maria Lopez announced the arrests on Tuesday.\n\n"
                       "“These men ran a criminal enterprise out of a used-car lot,” she said.")
    (q,) = direct(quotes)
    assert q.speaker_text == "she"
    assert entity_name(doc, q.speaker) == "Maria Lopez"


def test_organisation_speaks_in_a_statement(read):
    doc, quotes = read("“The defendant exploited the trust of vulnerable investors for years,” the "
                       "FBI said in a statement.")
    (q,) = direct(quotes)
    assert q.speaker_text == "the FBI" and q.cue.text == "said"


def test_according_to_after_a_direct_quote(read):
    doc, quotes = read("“The investigation is ongoing and more arrests are expected,” according to "
                       "a spokesperson for the Houston Police Department.")
    (q,) = direct(quotes)
    assert q.cue.text == "according to"
    assert q.speaker_text == "a spokesperson for the Houston Police Department"


def test_a_second_verb_after_a_closed_sentence_is_not_the_cue(read):
    doc, quotes = read("The mayor spoke briefly.\n\n“We will rebuild.” The governor later said the "
                       "state would send engineers to inspect the bridge.")
    quote = next(q for q in quotes if q.direct)
    assert quote.cue is None and quote.speaker_text != "The governor"


# --- partial quotes and indirect speech --------------------------------------------------------

def test_partial_quote_inside_a_sentence(read):
    doc, quotes = read("He called the scheme “a brazen fraud on thousands of retirees.”")
    (q,) = direct(quotes)
    assert q.text == "a brazen fraud on thousands of retirees."
    assert q.speaker_text == "He" and q.cue.text == "called"


def test_partial_quote_after_said_that(read):
    doc, quotes = read("Prosecutor Dana Whitfield said the defendants had shown “a complete disregard "
                       "for human life” when they sold the pills.")
    quote = next(q for q in quotes if q.direct)
    assert quote.text == "a complete disregard for human life"
    assert quote.speaker_text == "Prosecutor Dana Whitfield"


def test_reported_speech_with_a_reporting_verb(read):
    doc, quotes = read("Prosecutors said Garcia laundered more than $2 million through shell "
                       "companies in Panama and Miami.")
    (q,) = quotes
    assert q.direct is False and q.speaker_text == "Prosecutors" and q.cue.text == "said"
    assert q.text == "Garcia laundered more than $2 million through shell companies in Panama and Miami"


def test_reported_speech_sourced_with_according_to(read):
    doc, quotes = read("The ring smuggled at least 40 migrants across the border near Laredo, "
                       "according to the criminal complaint.")
    (q,) = quotes
    assert q.direct is False and q.cue.text == "according to"
    assert q.speaker_text == "the criminal complaint"
    assert q.text == "The ring smuggled at least 40 migrants across the border near Laredo"


def test_reported_speech_through_a_relative_clause(read):
    doc, quotes = read("The case was brought by Sheriff Tom Reed, who said the ring had operated "
                       "out of the same warehouse for a decade.")
    q = next(q for q in quotes if not q.direct)
    assert "Tom Reed" in q.speaker_text and q.text.startswith("the ring had operated")


# --- several paragraphs -------------------------------------------------------------------------

def test_multi_paragraph_quote_opens_each_paragraph_anew(read):
    text = ("“These defendants preyed on the most vulnerable people in our community,” said District "
            "Attorney Kim Ogg. “They took their savings and their homes.\n\n"
            "“Today, they answer for it in a court of law.”\n\n"
            "The defendants are due back in court in May.")
    doc, quotes = read(text)
    quotes = direct(quotes)
    assert [q.text for q in quotes] == [
        "These defendants preyed on the most vulnerable people in our community",
        "They took their savings and their homes.",
        "Today, they answer for it in a court of law."]
    assert {q.speaker_text for q in quotes} == {"District Attorney Kim Ogg"}
    assert_offsets(doc, quotes)


def test_speaker_carries_to_the_quote_paragraphs_that_follow(read):
    text = ("“We dismantled a network that moved weapons into three countries,” ATF Director Steven "
            "Dettelbach said.\n\n"
            "“Every rifle we took off the street is one that will not be used against a police officer.”\n\n"
            "“We are not done.”\n\n"
            "Defense attorney Mark Bennett said his client would plead not guilty.\n\n"
            "“My client is a mechanic, not a gunrunner,” Bennett said.")
    doc, quotes = read(text)
    quotes = direct(quotes)
    assert [q.speaker_text for q in quotes] == ["ATF Director Steven Dettelbach"] * 3 + ["Bennett"]
    assert entity_name(doc, quotes[1].speaker) == entity_name(doc, quotes[0].speaker) == "Steven Dettelbach"


def test_no_speaker_is_carried_into_a_narrative_paragraph(read):
    text = ("“This was a coordinated attack on our election systems,” said Secretary of State Jocelyn "
            "Benson.\n\nThe indictment describes the scheme as “a sophisticated effort to harvest "
            "thousands of absentee ballots.”")
    doc, quotes = read(text)
    quotes = direct(quotes)
    assert quotes[0].speaker_text == "Secretary of State Jocelyn Benson"
    assert quotes[1].speaker_text == "The indictment"


# --- what is not a quote -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The cartel leader, known as “Chuqui,” was arrested in Medellín on Tuesday, prosecutors said.",
    "Trump called half of the crowd “deplorables” during the rally.",
    "Investigators described him as part of the gang’s “inner circle” in court filings.",
    "The defendant once appeared as a contestant on “Shark Tank” before opening the clinics.",
    "“Operation Take Back America” led to 42 arrests across the district.",
    "The film “The Irishman” was played for the jury during the trial.",
], ids=["nickname", "one-word scare quote", "two-word scare quote", "tv title", "operation name",
        "film title"])
def test_nicknames_scare_quotes_and_titles_are_not_quotes(read, text):
    doc, quotes = read(text)
    assert direct(quotes) == []


def test_empty_text_has_no_quotes(pipeline):
    assert find_quotes(pipeline("")) == []


# --- the component and its data ----------------------------------------------------------------

@pytest.mark.model
def test_component_in_a_users_own_pipeline():
    import spacy

    from rapsheet.settings import settings
    nlp = spacy.load(settings().spacy_model)
    nlp.add_pipe("rapsheet_quotes")
    doc = nlp("“We have zero tolerance for corruption,” the chief said.")
    (q,) = doc._.rs_quotes
    assert q.text == "We have zero tolerance for corruption" and q.speaker_text == "the chief"
    assert q.speaker is None   # no who-is-who component in this pipeline


def test_word_lists_are_validated():
    with pytest.raises(RapsheetError, match="not a word"):
        build_vocabulary({"marks": {"open": ["“"], "close": ["”"], "straight": ['"']},
                          "cue_verbs": ["say"], "indirect_cue_verbs": ["say"], "naming_verbs": ["call"],
                          "according_to": [["according", "to"]], "put_it": [["put", "it"]],
                          "title_small_words": ["of", True]})
    with pytest.raises(RapsheetError, match="listed twice"):
        build_vocabulary({"marks": {"open": ['"'], "close": ["”"], "straight": ['"']},
                          "cue_verbs": ["say"], "indirect_cue_verbs": ["say"], "naming_verbs": ["call"],
                          "according_to": [["according", "to"]], "put_it": [["put", "it"]],
                          "title_small_words": ["of"]})


def test_component_without_a_parser_fails_plainly():
    import spacy
    nlp = spacy.blank("en")
    nlp.add_pipe("rapsheet_quotes")
    with pytest.raises(RapsheetError, match="dependency parse"):
        nlp("“We have zero tolerance for corruption,” the chief said.")
