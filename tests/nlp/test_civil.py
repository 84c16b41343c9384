"""Civil and regulatory proceedings: the party that agreed to pay to settle a lawsuit or
allegations (settled), was ordered to pay penalties, fined or had a money judgment entered against
it (penalized), or was sued (sued) is accused in a civil or regulatory proceeding, with the category
of the allegations. The plaintiff (a prosecutor's office, the state) never is; a lawsuit that
alleges no wrongdoing, a hedged order and a criminal sentence's fine accuse no one this way."""
from __future__ import annotations

from tests.nlp.accusation_eval import assert_not_accused, find_entity


def risks(doc, name):
    entity = find_entity(doc, name)
    assert entity is not None, f"{name} not found"
    assert "accused" in entity.roles, f"{name} not accused: {entity.roles}"
    return {r.category: (r.proceeding, r.stage) for r in entity.risks}


def civil_charges(doc):
    return [c for c in doc.charges if c.proceeding in ("civil", "regulatory")]


def test_agreed_to_pay_to_settle_a_lawsuit_is_a_civil_settlement(read_article):
    doc = read_article(
        "SAN DIEGO – District Attorney Laura Finch announced today that Greenleaf Foods, Inc., an "
        "online grocer, will pay $1.2 million to settle a civil lawsuit alleging the company "
        "violated the state's Automatic Renewal Law and False Advertising Law.", "2024-05-02")
    assert risks(doc, "Greenleaf Foods, Inc.").get("fraud") == ("civil", "settled")
    assert_not_accused(doc, "Laura Finch")


def test_agreed_to_pay_to_resolve_allegations_is_a_civil_settlement(read_article):
    doc = read_article(
        "Northgate Medical Group LLC agreed to pay $12 million to resolve allegations that it "
        "defrauded Medicare by billing for services it never provided, prosecutors said.",
        "2024-05-02")
    assert risks(doc, "Northgate Medical Group LLC").get("fraud") == ("civil", "settled")


def test_ordered_to_pay_penalties_and_money_judgments_are_penalties(read_article):
    doc = read_article(
        "District Attorney Mark Reyes announced that Harbor Bank, N.A. has been ordered by a judge "
        "to pay $2 million in penalties and costs related to harassing debt collection calls. "
        "In 2019, the task force secured a $9 million judgment against Crestline Recovery Group as "
        "well as a $3.5 million judgment against Summit Credit Bank.", "2024-05-02")
    assert risks(doc, "Harbor Bank, N.A.").get("fraud") == ("civil", "penalized")
    assert risks(doc, "Crestline Recovery Group").get("fraud") == ("civil", "penalized")
    assert risks(doc, "Summit Credit Bank").get("fraud") == ("civil", "penalized")
    assert_not_accused(doc, "Mark Reyes")


def test_a_lawsuit_filed_against_a_party_sues_it_not_the_plaintiff(read_article):
    doc = read_article(
        "Attorney General Dana Holt filed a lawsuit against Brightway Motors LLC, alleging the "
        "dealership defrauded car buyers with hidden fees.", "2024-05-02")
    assert risks(doc, "Brightway Motors LLC").get("fraud") == ("civil", "sued")
    assert_not_accused(doc, "Dana Holt")


def test_an_agency_fine_is_regulatory(read_article):
    doc = read_article(
        "The Securities and Exchange Commission fined Halvorsen Capital Partners $4 million for "
        "misleading investors in a fraudulent scheme.", "2024-05-02")
    assert risks(doc, "Halvorsen Capital Partners").get("fraud") == ("regulatory", "penalized")


def test_a_lawsuit_naming_no_wrongdoing_accuses_no_one(read_article):
    doc = read_article(
        "The court granted a temporary injunction in the lawsuit brought by District Attorney John "
        "Marsh against Attorney General Helen Park, challenging the new reporting rules.",
        "2024-05-02")
    assert not civil_charges(doc)
    assert_not_accused(doc, "Helen Park")
    assert_not_accused(doc, "John Marsh")


def test_hedged_orders_and_criminal_fines_are_not_civil_outcomes(read_article):
    doc = read_article(
        "Halcyon Tours Ltd. could be ordered to pay up to $5 million in penalties for consumer "
        "fraud if the court rules against it. "
        "Separately, Victor Lane was sentenced to five years in prison and ordered to pay $80,000 "
        "in fines for insurance fraud.", "2024-05-02")
    assert not civil_charges(doc)
    lane = risks(doc, "Victor Lane")
    assert lane.get("fraud") == ("criminal", "sentenced")


def test_agreeing_to_a_settlement_settles(read_article):
    doc = read_article(
        "Marlow Chemical Company agreed to the settlement with the Environmental Protection Agency "
        "without admitting liability. The complaint alleged that the company violated the Clean "
        "Air Act by releasing hazardous air pollutants from its flares.", "2024-05-02")
    assert risks(doc, "Marlow Chemical Company").get("environmental_crime") == ("civil", "settled")


def test_a_lawsuit_filed_against_a_party_in_a_participle(read_article):
    doc = read_article(
        "The state's consumer protection unit said a civil lawsuit filed against Redline Auto "
        "Sales LLC accuses the dealer of defrauding buyers with hidden fees.", "2024-05-02")
    assert risks(doc, "Redline Auto Sales LLC").get("fraud") == ("civil", "sued")
