"""Which protocol a question names outright ("136", "AA", "135(1)"), read from the
protocols' own front matter. Round five measured a rule built on it and left it off
(``search.NAMED_WEIGHT = 0``); these pin what the names are, that a shared name names no
protocol, and what the rule does when it is switched on, so a later round starts from it."""

import json

from hypothesis import given
from hypothesis import strategies as st

from commonground.core.protocols import search
from commonground.core.protocols.naming import named, names_of, protocol_names
from commonground.core.protocols.query import parse_query
from commonground.core.protocols.searchcache import _synonyms


def names(library):
    return library.search_cache.state(library.db.conn).names(library.db.conn)


def naming(library, text):
    return named(parse_query(text, library.thesaurus).groups, names(library))


def test_a_protocol_is_named_by_its_number_initials_or_power(bundled_library):
    assert naming(bundled_library, "136 held in custody") == {"s136-place-of-safety"}
    assert naming(bundled_library, "sec 136 clock") == {"s136-place-of-safety"}
    assert naming(bundled_library, "s.136 in ED") == {"s136-place-of-safety"}
    assert naming(bundled_library, "who can be his AA") == {"appropriate-adult"}
    assert naming(bundled_library, "appropriate adult") == {"appropriate-adult"}
    assert naming(bundled_library, "135(1) detainee at hour 22") == {
        "police-assistance-mha-assessment"}
    assert naming(bundled_library, "gone AWOL from the ward") == {"missing-patients-awol"}
    assert naming(bundled_library, "s18 power") == {"missing-patients-awol"}


def test_a_name_two_protocols_share_names_neither(bundled_library):
    # s135(2) is the AWOL protocol's warrant and the police-assistance protocol's too; MHA,
    # RCRP and AMHP are in several protocols' synonyms and are no protocol's name.
    everyone = names(bundled_library)
    assert not any("s 135 2" in own for own in everyone.values())
    for text in ("MHA assessment tomorrow", "does it meet RCRP", "the AMHP is late",
                 "patient punched a nurse", "what do I write down"):
        assert naming(bundled_library, text) == set(), text


def test_names_come_from_the_title_and_the_synonyms_that_cite_a_section():
    title = "Section 136: removal to a place of safety"
    found = names_of(title, ["place of safety", "s136", "sec 136", "136 suite", "ED"])
    assert found == {"section 136", "s 136", "sec 136"}
    assert names_of("Appropriate adult (PACE Code C): in custody", ["AA", "HCP"]) == {
        "appropri adult", "pace", "aa"}
    shared = protocol_names({"one": ("One thing", ["s135(2)", "s4"]),
                             "two": ("Two things", ["s135(2)"])})
    assert shared == {"one": frozenset({"one thing", "s 4"}),
                      "two": frozenset({"two thing"})}


@given(st.text(max_size=60), st.lists(st.text(max_size=30), max_size=6))
def test_any_front_matter_gives_names_without_failing(title, synonyms):
    found = names_of(title, synonyms)
    assert all(isinstance(name, str) and name.strip() for name in found)


def test_stored_synonyms_that_are_not_a_list_of_text_give_none():
    assert _synonyms(json.dumps(["s136", 4, None])) == ["s136"]
    for stored in (None, "", "{", json.dumps({"a": 1}), json.dumps("s136")):
        assert _synonyms(stored) == []


def test_switched_on_the_rule_opens_the_named_protocols_section(bundled_library,
                                                                 monkeypatch):
    """Issue 18's round-four blind example: the section 136 protocol's custody record, not
    the appropriate adult protocol's "What to record". Off (as shipped) it opens the other."""
    query = "136 held in custody, what goes on the custody record"
    off = bundled_library.search(query, limit=1).hits[0]
    assert off.protocol_id == "appropriate-adult"
    monkeypatch.setattr(search, "NAMED_WEIGHT", 0.5)
    on = bundled_library.search(query, limit=1).hits[0]
    assert on.protocol_id == "s136-place-of-safety"
