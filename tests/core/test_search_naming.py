"""Which protocol a question names outright ("136", "AA", "135(1)"), read from the
protocols' own front matter. Round five measured a rule built on it; only the name read from
a protocol's title is used (``naming.KINDS``), at ``search.NAMED_WEIGHT``: the other kinds of
name stay in the code, pinned here, for a later round to start from."""

import json

from hypothesis import given
from hypothesis import strategies as st

from commonground import paths
from commonground.core.protocols import naming as naming_module
from commonground.core.protocols import search
from commonground.core.protocols.library import Library
from commonground.core.protocols.naming import named, names_of, protocol_names
from commonground.core.protocols.query import parse_query
from commonground.core.protocols.searchcache import _synonyms
from commonground.core.storage.db import Database


def names(library):
    return library.search_cache.state(library.db.conn).names(library.db.conn)


def naming(library, text):
    return named(parse_query(text, library.thesaurus).groups, names(library))


def test_a_protocol_is_named_by_its_title_as_people_write_it(bundled_library):
    assert naming_module.KINDS == {"title"}
    assert naming(bundled_library, "136 held in custody") == {"s136-place-of-safety"}
    assert naming(bundled_library, "sec 136 clock") == {"s136-place-of-safety"}
    assert naming(bundled_library, "s.136 in ED") == {"s136-place-of-safety"}
    assert naming(bundled_library, "who can be his AA") == {"appropriate-adult"}
    assert naming(bundled_library, "appropriate adult") == {"appropriate-adult"}
    for text in ("135(1) detainee at hour 22", "gone AWOL from the ward", "s18 power"):
        assert naming(bundled_library, text) == set(), text     # not title names


def test_every_kind_of_name_names_by_number_initials_or_power(monkeypatch):
    monkeypatch.setattr(naming_module, "KINDS", naming_module.ALL_KINDS)
    library = Library.open(Database.in_memory(), [paths.bundled_protocols_dir()],
                           paths.resources_dir())
    assert naming(library, "136 held in custody") == {"s136-place-of-safety"}
    assert naming(library, "135(1) detainee at hour 22") == {"police-assistance-mha-assessment"}
    assert naming(library, "gone AWOL from the ward") == {"missing-patients-awol"}
    assert naming(library, "s18 power") == {"missing-patients-awol"}


def test_a_name_two_protocols_share_names_neither(bundled_library):
    # s135(2) is the AWOL protocol's warrant and the police-assistance protocol's too; MHA,
    # RCRP and AMHP are in several protocols' synonyms and are no protocol's name.
    everyone = names(bundled_library)
    assert not any("s 135 2" in own for own in everyone.values())
    for text in ("MHA assessment tomorrow", "does it meet RCRP", "the AMHP is late",
                 "patient punched a nurse", "what do I write down"):
        assert naming(bundled_library, text) == set(), text


def test_names_come_from_the_title_and_the_synonyms_that_cite_a_section(monkeypatch):
    monkeypatch.setattr(naming_module, "KINDS", naming_module.ALL_KINDS)
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
    the appropriate adult protocol's "What to record". Off, and at the weight shipped, it
    opens the other; twice that weight, the named protocol's."""
    query = "136 held in custody, what goes on the custody record"
    monkeypatch.setattr(search, "MEMORY_WEIGHT", 0.0)     # the naming rule alone
    assert bundled_library.search(query, limit=1).hits[0].protocol_id == "appropriate-adult"
    monkeypatch.setattr(search, "NAMED_WEIGHT", 0.0)
    off = bundled_library.search(query, limit=1).hits[0]
    assert off.protocol_id == "appropriate-adult"
    monkeypatch.setattr(search, "NAMED_WEIGHT", 0.5)
    on = bundled_library.search(query, limit=1).hits[0]
    assert on.protocol_id == "s136-place-of-safety"
