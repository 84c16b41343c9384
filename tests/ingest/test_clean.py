"""Cleaning scraped text: page leftovers go, every sentence of the report stays."""
from __future__ import annotations

import re

import pytest

from rapsheet.ingest import clean_text, read_text, split_title
from tests.conftest import SEED
from tests.corpus import ARTICLES_DIR

SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[“A-Z])")


def sentences(text: str) -> list[str]:
    return [s.strip() for para in text.split("\n") for s in SENTENCE_END.split(para) if s.strip()]


@pytest.fixture(scope="module")
def seed():
    raw = SEED.read_text(encoding="utf-8")
    return raw, read_text(raw, str(SEED))


def test_seed_title_is_its_headline_and_not_in_the_body(seed):
    raw, article = seed
    assert article.title == ("Trump Administration Files First Terrorism Case Against Alleged "
                             "Senior Member of Tren de Aragua Gang")
    assert not article.text.startswith("Trump Administration")
    assert article.language == "en"


def test_seed_leftovers_are_gone(seed):
    _, article = seed
    for leftover in ("Related Post", "Leave a Reply", "Your email address will not be published",
                     "Required fields are marked"):
        assert leftover not in article.text
    lines = [line.strip() for line in article.text.split("\n")]
    assert "Trump" not in lines
    assert not any(line.startswith("Trump The ") for line in lines)
    assert article.text.startswith("The Department of Justice has, for the first time, filed")
    assert article.cleaned
    assert sorted(article.removed) == sorted(["Trump", "Trump", "Related Post", "Leave a Reply",
                                              "Your email address will not be published. "
                                              "Required fields are marked *"])


def test_every_sentence_of_the_seed_report_survives(seed):
    raw, article = seed
    title, body = split_title(raw)
    # the page's leftovers, as ../shared/seed/README.md names them; everything else is the report
    leftovers = {"Trump", "Related Post", "Leave a Reply", "Your email address will not be published.",
                 "Required fields are marked *"}
    report = [s for s in sentences(body) if s not in leftovers]
    assert len(report) >= 25
    for sentence in report:
        # a sentence whose first word was a glued tag survives without it
        assert sentence in article.text or any(
            sentence.startswith(tag + " ") and sentence[len(tag) + 1:] in article.text
            for tag in article.removed), sentence
    # "Trump" as content (the President, the administration) stays
    assert article.text.count("Trump") == body.count("Trump") - 2


def test_no_clean_keeps_the_input_verbatim():
    raw = SEED.read_bytes().decode("utf-8").replace("\n", "\r\n") + "  \r\n"
    article = read_text(raw, "seed-crlf.txt", clean=False)
    assert article.text == raw
    assert not article.cleaned and article.removed == []


ARTICLE_WITH_HEADINGS = """\
Former Nurse Sentenced in Opioid Theft Case

A former hospital nurse was sentenced on Monday to 30 months in prison for stealing fentanyl and morphine from patients at a Cleveland hospital, prosecutors said.

Background

The nurse, Dana Whitaker, 38, admitted replacing the drugs in patients' syringes with saline over a period of eight months in 2023.

He pleaded guilty.

Sentencing

U.S. District Judge Carla Moore said the thefts had left patients in pain and ordered Whitaker to pay $12,000 in restitution.

Hospital Response

The hospital said it had since installed new dispensing cabinets that log every withdrawal.
"""


def test_short_real_lines_and_subheadings_stay():
    article = read_text(ARTICLE_WITH_HEADINGS, "nurse.txt")
    assert article.title == "Former Nurse Sentenced in Opioid Theft Case"
    for line in ("Background", "He pleaded guilty.", "Sentencing", "Hospital Response"):
        assert line in article.text.split("\n"), line
    assert article.removed == [] and not article.cleaned
    assert sentences(article.text) == sentences(ARTICLE_WITH_HEADINGS.split("\n", 2)[2])


TAGGED_ARTICLE = """\
Jury Convicts Two in Fentanyl Pill Ring

Houston A federal jury convicted two men on Wednesday of running a pill press that turned out hundreds of thousands of counterfeit oxycodone tablets laced with fentanyl.

Houston Police Chief Noe Diaz said the investigation began after three overdose deaths in the Montrose neighborhood in 2023.

Fentanyl

The men face up to 40 years in prison when they are sentenced in September.

Share this:
Click to share on Twitter (Opens in new window)
Click to share on Facebook (Opens in new window)

Advertisement

Subscribe to our newsletter for the day's top stories.

Tags: Houston, Fentanyl, Courts

Related Posts

Man Charged in Pasadena Carjacking

Woman Sentenced for Medicare Fraud

Leave a Reply

Your email address will not be published. Required fields are marked *

Comment *

Name *

Save my name, email, and website in this browser for the next time I comment.

We use cookies to ensure that we give you the best experience on our website.
"""


def test_tags_named_by_the_page_are_removed_glued_or_alone():
    article = read_text(TAGGED_ARTICLE, "pills.txt")
    assert article.text.startswith("A federal jury convicted two men on Wednesday")
    # a place name that opens a real sentence is not a glued tag: "Police" is no sentence opener
    assert "Houston Police Chief Noe Diaz said the investigation began" in article.text
    assert "Fentanyl" not in article.text.split("\n")
    assert article.text.endswith("when they are sentenced in September.")
    for gone in ("Share this", "Click to share", "Advertisement", "Subscribe", "Tags:",
                 "Related Posts", "Pasadena Carjacking", "Medicare Fraud", "Leave a Reply",
                 "Comment *", "Save my name", "cookies"):
        assert gone not in article.text, gone
    assert {"Houston", "Fentanyl", "Tags: Houston, Fentanyl, Courts"} <= set(article.removed)


def test_a_capitalised_word_is_not_cut_without_evidence_it_is_a_tag():
    # "Smith" is in no title, tag list or line of its own: it stays, odd as the line looks
    text = "Smith The defendant, a former deputy, told the court he regretted the assault.\n"
    cleaned, removed = clean_text(text, title="Deputy Apologises in Court")
    assert cleaned == text.strip() and removed == []


def test_a_title_case_heading_that_starts_with_a_title_word_stays():
    text = ("Trump In The Spotlight\n\nThe president's name came up repeatedly during the "
            "hearing, lawyers for both sides said.\n")
    cleaned, removed = clean_text(text, title="Trump Ally Charged With Lying to Investigators")
    assert cleaned.startswith("Trump In The Spotlight\n")
    assert removed == []


def test_a_word_on_its_own_line_inside_a_broken_sentence_stays():
    text = ("The actress shared new\nPhotos\nwhich were released online after the court hearing "
            "ended on Friday.\n")
    cleaned, removed = clean_text(text, title="Actress Shares Photos After Court Hearing")
    assert "\nPhotos\n" in cleaned and removed == []


def test_prose_after_a_related_block_is_kept():
    text = ("The suspect was arrested at the airport.\n\nRelated:\n\nTwo charged in airport "
            "smuggling case\n\nPolice said the suspect had been under surveillance for weeks "
            "before the arrest.\n")
    cleaned, removed = clean_text(text)
    assert "Police said the suspect had been under surveillance for weeks" in cleaned
    assert "Two charged in airport smuggling case" in removed


def test_a_sentence_that_mentions_a_leftover_word_stays():
    text = ("Prosecutors said the scheme's newsletter promised investors returns of 40 percent.\n\n"
            "Comments made by the defendant on social media were shown to the jury.\n")
    cleaned, removed = clean_text(text)
    assert cleaned == text.strip() and removed == []


@pytest.mark.parametrize("first, title", [
    ("Police Arrest Suspect in Downtown Stabbing", "Police Arrest Suspect in Downtown Stabbing"),
    ("JUDGE DENIES BAIL FOR CARTEL ACCOUNTANT", "JUDGE DENIES BAIL FOR CARTEL ACCOUNTANT"),
    ("Police arrested a suspect in a downtown stabbing on Friday.", None),     # a sentence
    ("Police arrest suspect in downtown stabbing", "Police arrest suspect in downtown stabbing"),
    ("By Jane Doe, Staff Writer", None),                                     # a byline
    ("Leave a Reply", None),                                                 # a leftover
])
def test_headline_detection(first, title):
    text = f"{first}\n\nThe suspect, 23, was taken into custody near the bus station, police said.\n"
    assert split_title(text)[0] == title


def test_headline_needs_a_blank_line_after_it():
    text = "Police Arrest Suspect in Downtown Stabbing\nThe suspect was taken into custody.\n"
    assert split_title(text) == (None, text)


def test_kickers_before_the_headline_are_skipped_and_removed():
    text = ("Local News\n\nSheriff: 4 arrested in catalytic converter theft ring\n\nCrime\n\n"
            "Local News Four men were arrested on Tuesday in connection with the theft of more than "
            "200 catalytic converters from parked cars across Orange County, deputies said.\n\n"
            "Detectives recovered 38 converters and $12,000 in cash from a warehouse in Anaheim.\n\n"
            "Crime\n")
    article = read_text(text, "converters.txt")
    assert article.title == "Sheriff: 4 arrested in catalytic converter theft ring"
    assert article.text == ("Four men were arrested on Tuesday in connection with the theft of more "
                            "than 200 catalytic converters from parked cars across Orange County, "
                            "deputies said.\n\nDetectives recovered 38 converters and $12,000 in "
                            "cash from a warehouse in Anaheim.")
    assert article.removed.count("Crime") == 2 and article.removed.count("Local News") == 2


def test_byline_and_share_row_in_the_head_and_tail_are_removed():
    text = ("Courts\n\nJudge Orders Release of Jailed Reporter\n\nBy Staff Writer | Courts | 3 min read\n\n"
            "March 3, 2025\n\nA federal judge on Monday ordered the release of a reporter who had been "
            "jailed for refusing to name a source, saying the government had not shown the need.\n\n"
            "Twitter  Facebook  LinkedIn  Email\n")
    article = read_text(text, "reporter.txt")
    assert article.title == "Judge Orders Release of Jailed Reporter"
    assert article.text.startswith("A federal judge on Monday ordered the release")
    assert article.text.endswith("had not shown the need.")


# Page furniture that reads like a sentence; everything else in the corpus is report.
FURNITURE = {"Your email address will not be published.", "Required fields are marked *",
             "Save my name, email, and website in this browser for the next time I comment."}


@pytest.mark.parametrize("path", sorted(ARTICLES_DIR.glob("*.txt")), ids=lambda p: p.stem)
def test_no_sentence_of_a_corpus_article_is_lost(path):
    raw = path.read_text(encoding="utf-8")
    article = read_text(raw, str(path))
    body = raw.split("\n", 1)[1] if article.title and raw.startswith(article.title) else raw
    for sentence in sentences(body):
        if len(sentence.split()) < 6 or not re.search(r"[.!?][\"”’]?$", sentence) or sentence in FURNITURE:
            continue
        assert sentence in article.text or any(
            sentence.startswith(tag + " ") and sentence[len(tag) + 1:] in article.text
            for tag in article.removed), sentence


def test_leftovers_data_is_validated_at_load():
    from rapsheet.errors import RapsheetError
    from rapsheet.ingest.clean import leftovers, validate_leftovers
    rules = leftovers()
    assert rules.lines.fullmatch("Leave a Reply") and "The" in rules.sentence_openers
    good = {"lines": ["advertisement"], "head_lines": ["by .+"], "tail_markers": ["related"],
            "tag_lines": ["tags: (?P<items>.+)"], "sentence_openers": ["The"], "headings": ["Background"]}
    validate_leftovers(good)
    for key, bad in [("lines", ["(unclosed"]), ("tag_lines", ["tags: .+"]),
                     ("sentence_openers", [True]), ("headings", [])]:
        with pytest.raises(RapsheetError) as err:
            validate_leftovers({**good, key: bad})
        assert "leftovers.yaml" in err.value.detail and key in err.value.detail
