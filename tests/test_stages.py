"""The one order of an allegation's stages (rapsheet/data/stages.yaml, rapsheet.stages): every
contract stage in it, each in its proceedings, clearing steps after what they clear, and the
phrase people read."""
from __future__ import annotations

import pytest

from rapsheet import stages
from rapsheet.model import STAGES, Charge, Risk

CONTRACT = {
    "criminal": ["suspected", "arrested", "charged", "convicted", "sentenced", "acquitted", "dismissed",
                 "overturned", "pardoned"],
    "civil": ["sued", "settled", "penalized", "cleared"],
    "regulatory": ["sued", "settled", "penalized", "cleared"],
    "sanctions": ["sanctioned", "delisted"],
}
CLEARING = {"acquitted", "dismissed", "overturned", "pardoned", "cleared", "delisted"}


def test_the_order_is_pinned():
    assert stages.names() == (
        "suspected", "sued", "cleared", "settled", "penalized", "arrested", "sanctioned", "delisted",
        "charged", "dismissed", "acquitted", "convicted", "sentenced", "overturned", "pardoned")
    assert STAGES == stages.names()


@pytest.mark.parametrize("proceeding", CONTRACT)
def test_every_contract_stage_belongs_to_its_proceeding(proceeding):
    assert sorted(stages.stages_of(proceeding)) == sorted(CONTRACT[proceeding])


def test_clearing_steps_rank_after_the_steps_they_clear_and_clear():
    assert {s for s in STAGES if stages.is_clearing(s)} == CLEARING
    for name in CLEARING:
        step = stages.get(name)
        assert step.clears and all(stages.rank(c) < step.rank for c in step.clears)
        assert stages.status_of(name) == "cleared"
    assert stages.later("acquitted", "charged") and stages.later("overturned", "sentenced")
    assert stages.later("convicted", "acquitted")   # a verdict on another count still stands
    assert stages.later("charged", "sanctioned") and stages.later("sanctioned", "arrested")
    assert stages.status_of("sentenced") == "active" and stages.status_of(None) is None
    assert stages.rank(None) == stages.rank("no such stage") == -1


def test_the_latest_reported_step_wins():
    items = [{"stage": "charged", "date": "2021"}, {"stage": "acquitted", "date": "2023"},
             {"stage": "arrested", "date": "2024"}]
    assert stages.latest(items)["stage"] == "acquitted"
    same = [{"stage": "charged", "date": "2021"}, {"stage": "charged", "date": "2022"}]
    assert stages.latest(same, date=lambda e: e["date"])["date"] == "2022"
    assert stages.latest([]) is None
    # within one text a step that clears ends an adverse one, whatever the ranks
    assert stages.supersedes("dismissed", "convicted") and not stages.supersedes("charged", "acquitted")


def test_proceeding_and_status_follow_the_stage():
    assert stages.proceeding_of("settled") == "civil"
    assert stages.proceeding_of("settled", "regulatory") == "regulatory"
    assert stages.proceeding_of("charged", "sanctions") == "criminal"
    assert stages.proceeding_of("delisted") == "sanctions"
    risk = Risk("fraud", "suspected")
    assert (risk.proceeding, risk.status) == ("criminal", "active")
    risk.stage = "sanctioned"
    assert risk.to_json()["proceeding"] == "sanctions"
    risk = Risk("violent_crime", "acquitted", date="2023-05-02")
    assert risk.to_json()["status"] == "cleared" and risk.to_json()["proceeding"] == "criminal"
    charge = Charge("e1", "wire fraud", "fraud", "settled", (0, 10), proceeding="regulatory")
    assert charge.to_json()["proceeding"] == "regulatory"


@pytest.mark.parametrize("entry, text", [
    ({"stage": "acquitted", "offense": "murder", "date": "2023-05-02"}, "acquitted of murder (2023)"),
    ({"stage": "settled", "category": "fraud"}, "settled civil fraud allegations"),
    ({"stage": "charged", "offense": "wire fraud"}, "charged with wire fraud"),
    ({"stage": "convicted", "category": "violent_crime"}, "convicted of violent crime"),
    ({"stage": "overturned", "offense": "robbery", "date": "XXXX"}, "conviction for robbery overturned"),
    ({"stage": "penalized", "category": "market_abuse", "proceeding": "regulatory"},
     "penalized over regulatory market abuse allegations"),
])
def test_the_phrase_people_read(entry, text):
    assert stages.describe(entry) == text


def test_a_cleared_allegation_never_reads_as_a_bare_offence():
    for name in CLEARING:
        text = stages.phrase(name, "murder")
        assert text != "murder" and any(w in text for w in ("acquitted", "dismissed", "overturned",
                                                            "pardoned", "cleared", "removed"))
