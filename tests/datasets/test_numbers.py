"""Dutch-aware, explicit-style number parsing: amounts and percentages."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sluitend.datasets.numbers import (
    SPACES,
    format_amount,
    parse_amount,
    parse_amounts,
    parse_percentage,
    parse_percentages,
)
from sluitend.errors import InputError


def amount(text: str, style: str) -> int | None:
    return parse_amount(text, style=style, where="t.csv", line=7, cell="Bedrag t")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("39.149", 39149),
        ("1.234.567", 1234567),
        ("0", 0),
        ("583", 583),
        ("-1.250", -1250),
        ("–1.250", -1250),  # en dash
        ("\u22121.250", -1250),  # minus sign
        ("- 12", -12),
        ("-", 0),
        ("–", 0),
        ("nihil", 0),
        ("Nihil", 0),
        ("pm", None),
        ("p.m.", None),
        ("PM ", None),
        ("1.234,0", 1234),
        ("\xa039.149\xa0", 39149),
    ],
)
def test_nl(text: str, expected: int | None) -> None:
    assert amount(text, "nl") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50,736", 50736),
        ("12,458,303", 12458303),
        ("-22,224", -22224),
        ("84891 ", 84891),
        (" -   ", 0),
        ("                                -   ", 0),
        (" -00 ", 0),  # the 2017 file's zero
        ("pm ", None),
        ("120.00", 120),
    ],
)
def test_en(text: str, expected: int | None) -> None:
    assert amount(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("381576", 381576),
        ("355572.7449", 355573),
        ("355572.5", 355573),
        ("-355572.5", -355573),  # half away from zero, not to even
        ("2.5", 3),
        ("-0.3151057016", 0),
        ("-7.27595761418343E-012", 0),
        ("1.5e3", 1500),
        ("-68399", -68399),
    ],
)
def test_plain_rounds_half_away_when_allowed(text: str, expected: int) -> None:
    got = parse_amount(text, style="plain", where="t.csv", allow_fraction=True)
    assert got == expected


def test_plain_refuses_fraction_by_default() -> None:
    assert parse_amount("381576", style="plain", where="t.csv") == 381576
    with pytest.raises(InputError, match=r"t\.csv:4!Bedrag t-1: expected a whole amount"):
        parse_amount("355572.7449", style="plain", where="t.csv", line=4, cell="Bedrag t-1")


def test_vectorized_plain_records_rounding() -> None:
    parsed = parse_amounts(pd.Series(["381576", "355572.7449", "", "-9.9E-9"]), style="plain")
    assert parsed.rounded.tolist() == [False, True, False, True]
    assert parsed.values.tolist()[:2] == [381576, 355573]
    assert parsed.blank.tolist() == [False, False, True, False]


@pytest.mark.parametrize(
    ("text", "style", "hint"),
    [
        ("1.234,5", "nl", "not a whole amount"),
        ("1,5", "nl", "not a whole amount"),
        ("1,234", "nl", "English thousands"),
        ("1.23", "nl", "got '1.23'"),
        ("1,5", "en", "got '1,5'"),
        ("131.869\xa0", "en", "Dutch thousands"),
        ("1,234", "plain", "plain number"),
        ("100%", "en", "a percentage where an amount belongs"),
        ("o", "en", "got 'o'"),
        ("````", "plain", "got '````'"),
        ("1e999", "plain", "got '1e999'"),
        ("1E100", "plain", "too large for an amount"),
        ("1234567890123456789", "nl", "too large for an amount"),
        ("12 345", "nl", "got '12 345'"),
        ("--5", "nl", "got '--5'"),
    ],
)
def test_ambiguous_or_unreadable_cells_raise_with_place(text: str, style: str, hint: str) -> None:
    with pytest.raises(InputError) as err:
        amount(text, style)
    assert str(err.value).startswith("t.csv:7!Bedrag t: expected ")
    assert hint in str(err.value)
    assert err.value.line == 7


def test_empty_cell_is_an_error_for_the_scalar_parser() -> None:
    with pytest.raises(InputError, match="got an empty cell"):
        amount("  ", "nl")


def test_unknown_style() -> None:
    with pytest.raises(ValueError, match="unknown number style"):
        parse_amounts(pd.Series(["1"]), style="fr")


def test_vectorized_states_are_exclusive() -> None:
    cells = pd.Series(["50,736", "", "pm", "-", "x", None])
    parsed = parse_amounts(cells, style="en")
    assert parsed.values.tolist()[0] == 50736
    assert parsed.values.tolist()[3] == 0
    assert parsed.blank.tolist() == [False, True, False, False, False, True]
    assert parsed.unknown.tolist() == [False, False, True, False, False, False]
    assert parsed.invalid.tolist() == [False, False, False, False, True, False]
    assert parsed.reason.iloc[4].startswith("expected a whole amount in English style")
    assert parsed.reason.iloc[0] == ""


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_dutch_round_trip(value: int) -> None:
    assert amount(format_amount(value, style="nl"), "nl") == value


@given(st.integers(min_value=-(10**13), max_value=10**13), st.sampled_from(["en", "plain"]))
def test_other_styles_round_trip(value: int, style: str) -> None:
    assert amount(format_amount(value, style=style), style) == value


@given(st.integers(min_value=1000, max_value=10**12))
def test_dutch_thousands_are_never_read_as_english(value: int) -> None:
    # A grouped Dutch number is either refused in English style or read as a different
    # number: never silently taken as the same amount by the wrong style.
    text = format_amount(value, style="nl")
    with pytest.raises(InputError):
        amount(text, "en")


_CELL_TEXT = st.text(alphabet="0123456789.,-–−% pmPnihlEe\xa0", max_size=12)


@given(st.lists(_CELL_TEXT, min_size=1, max_size=20), st.sampled_from(["nl", "en", "plain"]))
def test_vectorized_agrees_with_scalar(texts: list[str], style: str) -> None:
    parsed = parse_amounts(pd.Series(texts, dtype="string"), style=style)
    for i, text in enumerate(texts):
        try:
            got = parse_amount(text, style=style, where="t", allow_fraction=True)
        except InputError as err:
            assert parsed.blank.iloc[i] or parsed.invalid.iloc[i], text
            if parsed.invalid.iloc[i]:
                assert err.detail == parsed.reason.iloc[i]
            continue
        assert not (parsed.blank.iloc[i] or parsed.invalid.iloc[i]), text
        if got is None:
            assert parsed.unknown.iloc[i]
        else:
            assert parsed.values.iloc[i] == got, text


def test_spaces_are_what_python_calls_white_space() -> None:
    every = map(chr, range(sys.maxunicode + 1))
    assert sorted(SPACES) == [c for c in every if c.isspace()]


@pytest.mark.parametrize("style", ["nl", "en", "plain"])
def test_sign_then_any_white_space_agrees_with_scalar(style: str) -> None:
    # The whole-column sign pattern spells Python's `\s` out; every space after a minus
    # sign (and a space that is none: U+200B) is read as the scalar reads it.
    texts = [f"-{space}5" for space in SPACES + "\u200b"] + [f"\u2212{space}12" for space in SPACES]
    parsed = parse_amounts(pd.Series(texts, dtype="string"), style=style)
    for i, text in enumerate(texts):
        try:
            got = parse_amount(text, style=style, where="t", allow_fraction=True)
        except InputError as err:
            assert parsed.invalid.iloc[i] and err.detail == parsed.reason.iloc[i], repr(text)
            continue
        assert not parsed.invalid.iloc[i] and parsed.values.iloc[i] == got, repr(text)
    assert parsed.invalid.iloc[len(SPACES)]  # "-\u200b5": U+200B is no white space


@given(st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=30))
def test_vectorized_reads_formatted_amounts(values: list[int]) -> None:
    texts = [format_amount(v, style="nl") for v in values]
    assert parse_amounts(pd.Series(texts), style="nl").values.tolist() == values


def test_format_amount() -> None:
    assert format_amount(39149) == "39.149"
    assert format_amount(-2734) == "-2.734"
    assert format_amount(999) == "999"
    assert format_amount(50736, style="en") == "50,736"
    assert format_amount(-5, style="plain") == "-5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("92%", 92.0),
        ("99.90%", 99.9),
        ("99,90%", 99.9),
        ("95,2%", 95.2),
        ("95.0%", 95.0),
        ("100%", 100.0),
        (" 96% ", 96.0),
        ("0.83", 83.0),
        ("0,83", 83.0),
        ("1", 100.0),
        ("0", 0.0),
        ("-", 0.0),
        ("n.v.t.", None),
        ("N.v.t.", None),
        ("-5%", -5.0),  # a sign is kept, never dropped
        ("- 5%", -5.0),
        ("-0,5%", -0.5),
        ("-0", 0.0),
    ],
)
def test_percentage(text: str, expected: float | None) -> None:
    assert parse_percentage(text, where="t.csv", line=2) == expected


@pytest.mark.parametrize("text", ["92", "1.5", "abc", "9 2%", "", "%"])
def test_bad_percentage_raises(text: str) -> None:
    with pytest.raises(InputError, match=r"^t\.csv:2!% Juridisch verplicht: expected "):
        parse_percentage(text, where="t.csv", line=2, cell="% Juridisch verplicht")


@given(st.integers(min_value=0, max_value=10000))
def test_percentage_round_trip(hundredths: int) -> None:
    value = hundredths / 100
    dutch = f"{value:.2f}".replace(".", ",") + "%"
    assert parse_percentage(dutch, where="t") == pytest.approx(value)
    assert parse_percentage(f"{value:.2f}%", where="t") == pytest.approx(value)


def test_percentages_vectorized() -> None:
    parsed = parse_percentages(pd.Series(["91.80%", "", "n.v.t.", "0.97", "x"]))
    assert parsed.values.iloc[0] == pytest.approx(91.8)
    assert parsed.values.iloc[3] == pytest.approx(97.0)
    assert parsed.blank.tolist() == [False, True, False, False, False]
    assert parsed.not_applicable.tolist() == [False, False, True, False, False]
    assert parsed.invalid.tolist() == [False, False, False, False, True]


@pytest.mark.parametrize("style", ["nl", "en"])
def test_long_amounts_agree_with_scalar_on_either_side_of_eighteen_digits(style: str) -> None:
    # Up to 18 digits the integer part is read in Arrow, beyond it by pandas: both paths
    # must read (or refuse as too large) what the scalar parser does.
    sep = "." if style == "nl" else ","
    groups = ["999", "1" + sep + "000", "123" + (sep + "456") * 4, "1" + (sep + "000") * 5]
    groups += ["12" + (sep + "345") * 6, "999" + (sep + "999") * 6, "000000000000000001"]
    texts = [*groups, "1234567890123456789", "-" + groups[2]]
    parsed = parse_amounts(pd.Series(texts, dtype="string"), style=style)
    for i, text in enumerate(texts):
        try:
            got = parse_amount(text, style=style, where="t")
        except InputError as err:
            assert parsed.invalid.iloc[i] and err.detail == parsed.reason.iloc[i], text
            continue
        assert not parsed.invalid.iloc[i] and parsed.values.iloc[i] == got, text
