"""Search answers the way staff ask, on the bundled protocols."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.core.protocols.query import SYNONYM_WEIGHT, parse_query
from commonground.core.protocols.thesaurus import Thesaurus


def top(library, query, n=1):
    return [hit.protocol_id for hit in library.search(query, limit=n).hits]


def test_the_17_year_old_question_puts_the_under_18_section_first(bundled_library):
    hits = bundled_library.search(
        "can police use a police station for a 17 year old under section 136?").hits
    assert hits[0].protocol_id == "s136-place-of-safety"
    assert hits[0].section == "Children and young people under 18"


def test_a_plain_question_about_a_16_year_old_finds_the_same_answer(bundled_library):
    hit = bundled_library.search("can we take a 16 year old to the police station").hits[0]
    assert (hit.protocol_id, hit.section) == ("s136-place-of-safety",
                                              "Children and young people under 18")


def test_who_can_act_as_aa_finds_the_appropriate_adult_protocol_first(bundled_library):
    hit = bundled_library.search("who can act as AA").hits[0]
    assert hit.protocol_id == "appropriate-adult"
    assert hit.section == "Who can act as an appropriate adult"


@pytest.mark.parametrize("query, expected", [
    ("AA", "appropriate-adult"),
    ("PACE", "appropriate-adult"),
    ("PoS", "s136-place-of-safety"),
    ("HBPoS", "s136-place-of-safety"),
    ("s136", "s136-place-of-safety"),
    ("s.136", "s136-place-of-safety"),
    ("section 136", "s136-place-of-safety"),
    ("136", "s136-place-of-safety"),
    ("CRN", "assault-reporting-prosecution"),
    ("CPS", "assault-reporting-prosecution"),
    ("NFA", "assault-reporting-prosecution"),
    ("AWOL", "missing-patients-awol"),
])
def test_abbreviations_find_their_protocol_first(bundled_library, query, expected):
    assert top(bundled_library, query) == [expected]


@pytest.mark.parametrize("query, expected", [
    ("AMHP", "police-assistance-mha-assessment"),
    ("ASW", "police-assistance-mha-assessment"),
    ("MHA", "police-assistance-mha-assessment"),
])
def test_broad_abbreviations_find_their_protocol_near_the_top(bundled_library, query, expected):
    assert expected in top(bundled_library, query, n=3)


def test_every_spelling_of_section_136_gives_the_same_answers(bundled_library):
    answers = {q: [(h.protocol_id, h.anchor) for h in bundled_library.search(q, 5).hits]
               for q in ("s136", "s.136", "S 136", "section 136", "136")}
    assert len({tuple(v) for v in answers.values()}) == 1, answers


def test_asw_is_the_old_name_for_an_amhp(bundled_library):
    assert [h.anchor for h in bundled_library.search("ASW", 5).hits] == \
        [h.anchor for h in bundled_library.search("AMHP", 5).hits]


@pytest.mark.parametrize("query, expected", [
    ("patient has gone missing from the ward", "missing-patients-awol"),
    ("nurse was punched by a patient what evidence should we keep",
     "assault-reporting-prosecution"),
    ("can I tell the police about a patient", "information-sharing"),
    ("police to help with a mental health act assessment at home",
     "police-assistance-mha-assessment"),
    ("who cancelled the assessment", "police-assistance-mha-assessment"),
])
def test_plain_questions_find_the_right_protocol(bundled_library, query, expected):
    assert top(bundled_library, query) == [expected]


def test_how_long_under_136_reaches_the_time_limits(bundled_library):
    hits = bundled_library.search("how long can someone be kept on a 136", 3).hits
    assert hits[0].protocol_id == "s136-place-of-safety"
    assert any("24 hours" in h.snippet.replace("\x02", "").replace("\x03", "") or
               h.section == "Time limits and numbers" for h in hits)


def test_stemming_matches_other_forms_of_a_word(bundled_library):
    for first, second in (("cancelled", "cancellations"), ("interviewed", "interviews")):
        assert bundled_library.search(first, 3).hits, first
        assert top(bundled_library, first) == top(bundled_library, second)


def test_a_word_still_being_typed_matches_as_a_prefix(bundled_library):
    word = "appropriate"
    for size in range(3, len(word) + 1):  # results never vanish while typing
        assert top(bundled_library, word[:size]) == ["appropriate-adult"], word[:size]
    assert top(bundled_library, "approp ") == []  # a finished word is matched whole


def test_word_order_does_not_matter(bundled_library):
    one = [(h.protocol_id, h.anchor)
           for h in bundled_library.search("police station under 18 ").hits]
    two = [(h.protocol_id, h.anchor)
           for h in bundled_library.search("under 18 police station ").hits]
    assert one and one[0] == two[0]


def test_snippets_mark_the_matched_words(bundled_library):
    hit = bundled_library.search("appropriate adult").hits[0]
    assert "\x02" in hit.snippet and "\x03" in hit.snippet
    assert "**" in hit.as_json()["snippet"]


def test_synonyms_come_from_the_data_file_not_the_code():
    thesaurus = Thesaurus.parse("zebra crossing | pelican\n", "the\n")
    groups = parse_query("the pelican", thesaurus).groups
    assert len(groups) == 1
    assert [(a.words, a.weight) for a in groups[0].alternatives] == [
        (("zebra", "crossing"), SYNONYM_WEIGHT), (("pelican",), 1.0)]


def test_spellings_of_one_term_count_as_typed_and_synonyms_count_for_less():
    thesaurus = Thesaurus.parse("section 136 = s136 = 136 | place of safety\n")
    group = parse_query("s.136", thesaurus).groups[0]
    weights = {" ".join(a.words): a.weight for a in group.alternatives}
    assert weights == {"section 136": 1.0, "s 136": 1.0, "136": 1.0,
                       "place of safety": SYNONYM_WEIGHT}
    assert SYNONYM_WEIGHT < 1.0


BAD_QUERIES = ['"', '""', "((", ")", "*", "-", "-136", "AND", "OR", "NOT", "NEAR(",
               "NEAR(police station, 2)", "police AND", '"unclosed phrase', "🙂", "🙂 136",
               "x" * 2000, "136 " * 700, "^", ":", "title:", "{heading}: police",
               "'; DROP TABLE protocols; --", "\x00", "", "   ", "s136*", "a:b:c",
               "police NOT station", "‘curly’ “quotes”", "ⓐⓐ", "١٣٦", "ＡＡ"]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_no_input_can_make_search_fail(bundled_library, query):
    result = bundled_library.search(query)
    assert isinstance(result.hits, tuple)
    assert bundled_library.db.integrity_check() == []


def test_fullwidth_letters_are_read_as_plain_ones(bundled_library):
    assert top(bundled_library, "ＡＡ") == ["appropriate-adult"]


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_returns_results_or_nothing(bundled_library, text):
    for hit in bundled_library.search(text, limit=5).hits:
        assert hit.protocol_id and hit.anchor and hit.score > 0


def test_phrases_after_a_marker_are_recognised_but_not_searched_for():
    thesaurus = Thesaurus.parse("under 18 | child > 16 year old | aged 16\n")
    group = parse_query("16 year old", thesaurus).groups[0]
    assert [a.words for a in group.alternatives] == [("under", "18"), ("child",)]
    assert parse_query("aged 16", thesaurus).groups[0].alternatives == group.alternatives
