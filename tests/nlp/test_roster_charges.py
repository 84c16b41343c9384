"""Charges a release lists under each defendant's name, one per line: bullets of offences, count
lines ("6 Indictments of ..."), or a conviction table whose rows are a name line, an outcome line
with no subject and a penalty line. The press contact, the prosecutor and a list of tags stay
clean."""
from __future__ import annotations

from tests.nlp.accusation_eval import assert_not_accused, find_entity


def charges_of(doc, name):
    entity = find_entity(doc, name)
    assert entity is not None, f"{name} not found"
    assert "accused" in entity.roles, f"{name} not accused: {entity.roles}"
    return {(c.category, c.stage, c.counts) for c in doc.charges if c.defendant == entity.id}


BULLETS = (
    "May 6, 2024 Contact: Nora Whitcombe\n"
    "Lakeview County District Attorney's Office\n"
    "(Lakeview, Texas) - District Attorney Hal Brennan announces a grand jury has returned "
    "indictments against two officers.\n"
    "The charges are as follows:\n"
    "Police Senior Corporal Dale Ferrick\n"
    "• 6 Indictments of Aggravated Assault by a Public Servant\n"
    "F2200219, F2200226\n"
    "• Official Oppression, a Class A Misdemeanor\n"
    "Warrant # F2299807\n"
    "Former Police Officer Glen Ashworth\n"
    "• 2 Indictments of Deadly Conduct\n"
    "\n"
    "It is important to remember that all parties are entitled to the presumption of innocence.\n")


def test_bullets_under_a_name_line_are_that_names_charges(read_article):
    doc = read_article(BULLETS, "2024-05-06")
    assert charges_of(doc, "Dale Ferrick") == {("violent_crime", "charged", 6),
                                               ("violent_crime", "charged", None)}
    assert charges_of(doc, "Glen Ashworth") == {("violent_crime", "charged", 2)}
    for name in ("Nora Whitcombe", "Hal Brennan"):
        assert_not_accused(doc, name)


TABLE = (
    "THREE MEN CONVICTED OF SOLICITING PROSTITUTION\n"
    "SANTA ROSA – The District Attorney's Office convicted three men of soliciting "
    "prostitution in a sting run with the Coastline Police Department.\n"
    "Defendant\nConviction\nSentence\n"
    "Arlo Penhallow, 44, Bayview\n"
    "Pleaded guilty to one misdemeanor count of loitering with the intent to engage in prostitution\n"
    "Three years of informal probation and a $500 donation to the Victim Fund\n"
    "Tobin Marsh, 51, Cedar Falls\n"
    "Pleaded guilty to one misdemeanor count of agreeing to engage in prostitution\n"
    "Ten days of jail, three years of informal probation\n"
    "Deputy District Attorney Ilse Vantongeren prosecuted these cases.\n"
    "Tagged with:\nArlo Penhallow\nTobin Marsh\nShare\n")


def test_a_conviction_table_gives_each_row_its_offence_and_sentence(read_article):
    doc = read_article(TABLE, "2024-03-05")
    for name in ("Arlo Penhallow", "Tobin Marsh"):
        assert ("sexual_exploitation", "sentenced", 1) in charges_of(doc, name)
    assert_not_accused(doc, "Ilse Vantongeren")


def test_a_name_line_over_a_bullet_of_deeds_is_no_roster(read_article):
    doc = read_article(
        "Our Prosecutors\n"
        "Chief Deputy Marta Quillan\n"
        "• Prosecuted more than 50 murder cases\n"
        "• Leads the office's robbery unit\n", "2024-03-05")
    assert_not_accused(doc, "Marta Quillan")
