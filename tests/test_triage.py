"""Triage: crime, court, sanctions and terrorism articles are read; general news is not. The model
ships in the package (rapsheet/data/triage.csv), so these run without ../shared."""
from __future__ import annotations

import pytest

from rapsheet.ingest import read_inputs
from rapsheet.model import Article
from rapsheet.triage import features, model, triage
from tests.conftest import ROOT, SEED

SAMPLE = ROOT / "rapsheet" / "data" / "sample"

GENERAL = {
    "harvest": ("County fair opens with record pumpkin harvest",
                "The county fair opened on Friday with a record number of entries in the giant "
                "pumpkin contest. Organisers said more than 40,000 visitors are expected over the "
                "weekend, and the new Ferris wheel, brought in from a touring company, drew long "
                "queues on the first evening. Local growers said a wet spring and a warm summer "
                "had been ideal. The winning pumpkin weighed 1,204 pounds, grown by a retired "
                "teacher who has entered the contest every year since 1998. Food stalls, a craft "
                "tent and a livestock show complete the programme, which runs until Sunday night."),
    "football": ("Hawks rally late to win regional final",
                 "The Riverside Hawks scored twice in the last ten minutes to beat the Lakeport "
                 "Mariners 3-2 in the regional final on Saturday. Midfielder Tomas Elwood levelled "
                 "with a header from a corner before striker Dena Marsh curled in the winner from "
                 "the edge of the box. Coach Ivan Petrakis said the squad had trained all season "
                 "for such moments. The Hawks now travel to the state championship, where they "
                 "meet last year's winners in a semi-final next month. Tickets go on sale Monday."),
    "budget": ("Council approves budget with new bus routes",
               "The city council approved next year's budget on Tuesday by a vote of seven to two, "
               "adding three bus routes and extending library hours on weekends. The mayor said "
               "the plan keeps property taxes flat while investing in transit and parks. Council "
               "members who voted against it said the spending on a new stadium study was "
               "premature. The budget takes effect on July 1, and the new routes should start "
               "running in the autumn after the transit agency hires twenty more drivers."),
}


def test_the_seed_and_every_sample_article_are_read():
    items = list(read_inputs([str(SEED), str(SAMPLE)]))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) >= 7
    for article in articles:
        verdict = triage(article)
        assert verdict.relevant, (article.source, verdict)
        assert verdict.because     # the words that weighed most, to explain it


@pytest.mark.parametrize("name", sorted(GENERAL))
def test_general_news_is_off_topic(name):
    title, text = GENERAL[name]
    verdict = triage(Article(source=f"{name}.txt", text=text, title=title))
    assert not verdict.relevant, verdict
    assert verdict.score < model().threshold


def test_a_short_crime_report_is_read_and_its_words_explain_why():
    article = Article(source="brief.txt", title="Man charged with robbery",
                      text="Police arrested a 31-year-old man on Monday and charged him with armed "
                           "robbery of a pharmacy. Prosecutors said he will be arraigned next week.")
    verdict = triage(article)
    assert verdict.relevant
    assert {"arrest", "charged", "robber"} & set(verdict.because)


def test_features_count_lexicon_stems_in_title_and_text():
    values = features("Jury convicts", "The jury convicted him of fraud. Fraudulent filings, wire fraud.")
    assert values["convict"] > 0 and values["fraud"] > values["convict"]
    assert "jury" in values and "filings" not in values
