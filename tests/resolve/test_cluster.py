"""Pairwise decisions of entity resolution (a table of cases: what must and must not merge),
blocking keys, and clustering in a real store."""
from __future__ import annotations

import pytest

from rapsheet.resolve.blocking import entity_keys
from rapsheet.resolve.cluster import Profile, co_mentions_matter, decide, name_match


def person(id_, name, **kw):
    return Profile(id=id_, type="person", name=name, canonical_id=id_, **kw)


def org(id_, name, **kw):
    return Profile(id=id_, type="organization", name=name, canonical_id=id_, **kw)


ACCUSED = {"roles": {"accused"}}

CASES = [
    # (left, right, same?, why)
    (person("a", "José Enrique Martínez Flores"), person("b", "Martinez Flores, Jose Enrique"), True,
     "the same full name, accents and order aside"),
    (person("a", "Jose Enrique Martinez Flores", birth_years=[(2000, 2001)], member_of={"tren de aragua"}, **ACCUSED),
     person("b", "Martinez Flores", birth_years=[(1999, 2000)], member_of={"tren de aragua"}, **ACCUSED), True,
     "the short form with the same gang and age"),
    (person("a", "Jose Enrique Martinez Flores", **ACCUSED), person("b", "Martinez Flores", **ACCUSED), False,
     "a shared surname and nothing else"),
    (person("a", "Jose Enrique Martinez Flores", **ACCUSED), person("b", "Flores", **ACCUSED), False,
     "one common surname"),
    (person("a", "Jose Enrique Martinez Flores", risks={"terrorism"}, **ACCUSED),
     person("b", "Daniel Flores", roles={"official"}), False, "an official sharing the defendant's surname"),
    (person("a", "Martinez Flores", member_of={"tren de aragua"}, **ACCUSED),
     person("b", "Martinez Flores", roles={"official"}, member_of={"tren de aragua"}), False,
     "an official is never the accused, whatever the name"),
    (person("a", "Jose Enrique Martinez Flores", birth_years=[(2000, 2001)]),
     person("b", "Jose Enrique Martinez Flores", birth_years=[(1961, 1961)]), False,
     "birth years decades apart"),
    (person("a", "Jose Enrique Martinez Flores", nationalities={"VE"}),
     person("b", "Jose Enrique Martinez Flores", nationalities={"MX"}), False, "different nationalities"),
    (person("a", "Jose Garcia", **ACCUSED), person("b", "Jose Garcia", **ACCUSED), False,
     "a name of common words only says little"),
    (person("a", "Jose Enrique Martinez Flores", aliases=["Chuqui"], articles={"x"}, **ACCUSED),
     org("b", "Chuqui", articles={"x"}), True, "a nickname introduced as an alias, mistyped by NER"),
    (person("a", "Jose Enrique Martinez Flores", aliases=["Chuqui"], articles={"x"}),
     org("b", "Chuqui", articles={"y"}), False, "the alias in another article with another type"),
    (org("a", "Tren de Aragua", gazetteer_ids={"tren-de-aragua"}), org("b", "TdA", gazetteer_ids={"tren-de-aragua"}),
     True, "one gazetteer id"),
    (org("a", "Sinaloa Cartel", gazetteer_ids={"sinaloa-cartel"}), org("b", "Jalisco Cartel", gazetteer_ids={"cjng"}),
     False, "two gazetteer ids"),
    (org("a", "The Sinaloa Cartel"), org("b", "Cartel de Sinaloa"), True, "legal words and order aside"),
    (person("a", "Jose Enrique Martinez Flores", datasets={"us_ofac_sdn"}),
     person("b", "Jose Enrique Martinez Flores", datasets={"us_ofac_sdn"}), False,
     "two entries of one list are two subjects by the list's own word"),
    (person("a", "Garcia Lopez", birth_years=[(1960, 1961), (1999, 2000)], member_of={"ms 13"}, **ACCUSED),
     person("b", "Jose Garcia Lopez", birth_years=[(1999, 2000)], member_of={"ms 13"}, **ACCUSED), False,
     "one name whose reports give two birth years decades apart is several people"),
    (person("a", "Jose Enrique Martinez Flores", birth_years=[(2000, 2001)], nationalities={"VE"},
            member_of={"tren de aragua"}, **ACCUSED),
     person("b", "Martinez Flores", birth_years=[(2000, 2001)], nationalities={"VE"}, member_of={"ms 13"},
            **ACCUSED), False, "the short form of the same age in another gang"),
]


@pytest.mark.parametrize("left,right,same,why", CASES, ids=[c[3] for c in CASES])
def test_decide(left, right, same, why):
    decision = decide(left, right)
    assert decision.same is same, (why, decision.explanation)
    assert decision.explanation and decision.explanation[0]["feature"] in ("name", "alias_in_article", "type_mismatch")
    assert 0.0 <= decision.score <= 1.0


def test_evidence_raises_the_score():
    bare = decide(person("a", "Jose Enrique Martinez Flores"), person("b", "Martinez Flores"))
    shared = decide(person("a", "Jose Enrique Martinez Flores", birth_years=[(2000, 2001)], nationalities={"VE"}),
                    person("b", "Martinez Flores", birth_years=[(2000, 2001)], nationalities={"VE"}))
    assert shared.score > bare.score
    assert {e["feature"] for e in shared.explanation} >= {"name", "birth_year", "nationality"}


def test_blocking_keys_let_a_short_form_find_the_full_name():
    full = entity_keys(["Jose Enrique Martinez Flores"], "person")
    short = entity_keys(["Martinez Flores"], "person")
    assert "p:flores martinez" in full & short
    assert not entity_keys(["Pam Bondi"], "person") & full


def test_store_clusters_and_keeps_every_original_id(tmp_path):
    """Entities added through the store get their own ids and one cluster id; facts stay where
    they were written."""
    from rapsheet.model import Article, Attribute, Document, Entity, Mention
    from rapsheet.store import open_store

    def doc(text, name, age_years):
        start = text.index(name)
        entity = Entity("e1", "person", name, mentions=[Mention(start, start + len(name), name)],
                        roles=["accused"])
        entity.attributes["birth_year"] = [Attribute(list(age_years), start, start + len(name))]
        entity.attributes["member_of"] = [Attribute("Tren de Aragua", start, start + len(name))]
        return Document(Article(source=name, text=text), entities=[entity])

    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.add(doc("Jose Enrique Martinez Flores was charged.", "Jose Enrique Martinez Flores", (2000, 2001)))
        store.add(doc("Martinez Flores was arrested in Bogota.", "Martinez Flores", (2000, 2001)))
        store.add(doc("Gabriel Martinez Flores opened a bakery.", "Gabriel Martinez Flores", (1970, 1971)))
        case = store.case_file("Martinez Flores")
        assert case["name"] == "Jose Enrique Martinez Flores" and len(case["members"]) == 2
        baker = store.case_file("Gabriel Martinez Flores")
        assert baker["members"] == [baker["id"]]
        # Each member keeps its own statements under its own id.
        rows = store.counts()
        assert rows["entities"] == 3 and rows["statements"] >= 3


def _exact_pair(**facts):
    return (person("a", "José Enrique Martínez Flores", **facts),
            person("b", "Martinez Flores, Jose Enrique", **facts))


def test_a_full_name_common_in_the_store_needs_evidence():
    """The same full name is enough while the store holds no one else of that name; once others
    carry its words it is not, and facts that single one person out are needed."""
    assert decide(*_exact_pair(), namesakes=0).same
    common = decide(*_exact_pair(), namesakes=3)
    assert not common.same and "common_in_store" in {f["feature"] for f in common.explanation}
    assert not decide(*_exact_pair(risks={"organized_crime"}), namesakes=3).same
    assert decide(*_exact_pair(birth_years=[(1980, 1981)], nationalities={"MX"}), namesakes=3).same
    assert decide(*_exact_pair(member_of={"tren de aragua"}), namesakes=3).same


def _person_doc(name, born=None, nationality=None):
    from rapsheet.model import Article, Attribute, Document, Entity, Mention
    text = f"{name} was charged."
    entity = Entity("e1", "person", name, mentions=[Mention(0, len(name), name)], roles=["accused"])
    if born:
        entity.attributes["birth_year"] = [Attribute([born, born + 1], 0, len(name))]
    if nationality:
        entity.attributes["nationality"] = [Attribute(nationality, 0, len(name))]
    return Document(Article(source=f"{name}-{born}-{nationality}", text=text), entities=[entity])


def test_store_common_name_awareness(tmp_path):
    """Two "José García López"s that nothing links stay apart when the store holds several
    persons of those names; the same name with the same birth year and nationality joins; a rare
    full name joins on the name alone."""
    from rapsheet.store import open_store

    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        for name, born in (("José Luis García López", 1970), ("José Antonio García López", 1985),
                           ("José García López", 1990), ("Tareck Zaidan El Aissami", None)):
            store.add(_person_doc(name, born, "MX" if born else None))
        store.add(_person_doc("García López, José"))
        store.add(_person_doc("El Aissami, Tareck Zaidan"))
        assert store.case_file("García López, José")["members"] == [store.case_file("García López, José")["id"]]
        assert len(store.case_file("El Aissami, Tareck Zaidan")["members"]) == 2
        store.add(_person_doc("Lopez Garcia, Jose", 1990, "MX"))
        joined = store.case_file("Lopez Garcia, Jose")
        assert joined["name"] == "José García López" and len(joined["members"]) == 2
        # The two with conflicting birth years never meet, whatever the name.
        assert store.case_file("José Luis García López")["members"] == [store.case_file("José Luis García López")["id"]]


def _clusters(groups):
    return sorted(sorted(g) for g in groups)


def test_clusters_obey_not_same_over_the_strongest_match():
    from rapsheet.resolve.cluster import group_clusters
    profiles = {i: person(i, "Dario Quintero Vela") for i in ("a", "b", "c")}
    edges = [(0.99, "a", "b"), (0.8, "b", "c")]
    # a~b~c chain by matches, but an analyst said a and b are not one person.
    groups = group_clusters({"a", "b", "c"}, edges, same=set(), not_same={("a", "b")}, profiles=profiles)
    assert _clusters(groups) == [["a"], ["b", "c"]]
    # "same" joins whatever the scores say.
    groups = group_clusters({"a", "b", "c"}, [], same={("a", "c")}, not_same=set(), profiles=profiles)
    assert _clusters(groups) == [["a", "c"], ["b"]]


def test_clusters_do_not_chain_two_people_whose_birth_years_conflict():
    from rapsheet.resolve.cluster import group_clusters
    profiles = {"young": person("young", "Dario Quintero Vela", birth_years=[(1999, 2000)]),
                "bare": person("bare", "Dario Quintero"),
                "old": person("old", "Dario Quintero Vela", birth_years=[(1960, 1961)])}
    edges = [(0.9, "bare", "young"), (0.85, "bare", "old")]
    groups = group_clusters(set(profiles), edges, set(), set(), profiles)
    assert _clusters(groups) == [["bare", "young"], ["old"]]


def test_co_mentions_are_read_only_where_they_can_decide():
    """Resolution skips reading co-mentioned subjects for a pair `co_mentions_matter` rules out:
    such a pair must be "not same" whatever they and every other agreement say."""
    evidence = {"birth_years": [(1980, 1981)], "nationalities": {"MX"}, "member_of": {"tren de aragua"},
                "neighbours": {"x", "y", "z"}, "risks": {"organized_crime"}, **ACCUSED}
    unlike = person("a", "Jose Enrique Martinez Flores", **evidence), person("b", "Daniel Ortega", **evidence)
    assert not co_mentions_matter(*unlike, name_match(*unlike)[0])
    assert not decide(*unlike).same
    short = person("a", "Jose Enrique Martinez Flores", **evidence), person("b", "Martinez Flores", **evidence)
    assert co_mentions_matter(*short, name_match(*short)[0])


def test_a_pair_not_same_with_the_most_co_mentions_is_not_same_with_any():
    """Resolution reads co-mentioned subjects only for pairs `same_with_most_co_mentions` says
    could be the same with them: every other pair must be "not same" whatever subjects the two
    share (none, one, more than `decide` counts), or the store would differ when they are read."""
    from itertools import product
    from rapsheet.resolve.cluster import same_with_most_co_mentions

    names = [("Jose Enrique Martinez Flores", "Martinez Flores"), ("Jose Garcia", "Jose Garcia"),
             ("Jose Enrique Martinez Flores", "Jose Enrique Martinez Flores"), ("Kamal Hassan", "Kamal Hasan"),
             ("Daniel Ortega", "Daniel Ortiga")]
    extras = [{}, {"birth_years": [(1980, 1981)]}, {"nationalities": {"MX"}}, {"member_of": {"ms 13"}},
              {"risks": {"fraud"}}, {"birth_years": [(1980, 1981)], "nationalities": {"MX"}}]
    shared_counts = [0, 1, 2, 3, 5]
    seen = {True: 0, False: 0}
    for (left, right), extra, namesakes in product(names, extras, (0, 1, 2, 5)):
        for type_ in ("person", "organization"):
            a = Profile("a", type_, left, "a", **extra)
            b = Profile("b", type_, right, "b", **extra)
            name = name_match(a, b)
            bound = same_with_most_co_mentions(a, b, namesakes, name)
            seen[bound] += 1
            for n in shared_counts:
                a.neighbours = {f"s{i}" for i in range(n)} | {"a-only", "b"}
                b.neighbours = {f"s{i}" for i in range(n)} | {"b-only", "a"}
                if decide(a, b, namesakes, name).same:
                    assert bound, (left, right, extra, namesakes, type_, n)
    assert seen[True] and seen[False]       # the cases reach both sides of the bound
