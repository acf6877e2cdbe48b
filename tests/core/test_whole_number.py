"""One reader for a count typed by a person or written in someone else's file: digits 0-9
only. Eight places used to check it each their own way, and "²" (which passes
``str.isdigit`` but which ``int`` refuses) crashed several of them."""

from hypothesis import given
from hypothesis import strategies as st

from commonground.core.textutil import whole_number


def test_digits_are_read_and_anything_else_is_not():
    assert whole_number(" 12 ") == 12 and whole_number("0") == 0 and whole_number(7) == 7
    for text in ("", None, "²", "١٢", "12h", "-3", "1.5", "1 2", "1234567", "९"):
        assert whole_number(text) is None, text


@given(st.one_of(st.text(max_size=20), st.integers(), st.none()))
def test_any_input_gives_a_number_or_none_never_an_error(value):
    found = whole_number(value)
    assert found is None or (isinstance(found, int) and 0 <= found < 1_000_000)
