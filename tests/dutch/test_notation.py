"""The one scalar notation: amounts and percentages as a Dutch budget prints them."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sluitend import dutch
from sluitend.report import dutch as report_dutch


def test_amount_examples() -> None:
    assert dutch.amount(39149) == "39.149"
    assert dutch.amount(-2734) == "-2.734"
    assert dutch.amount(1.5) == "1,50"
    assert dutch.amount(-1234.5) == "-1.234,50"
    assert dutch.amount(-0.0) == "0"
    assert dutch.amount(1_000_000.0) == "1.000.000"
    assert dutch.amount(Decimal(-5000)) == "-5.000"


def test_a_missing_amount_says_pm_in_a_sentence_and_nothing_in_a_report() -> None:
    for missing in (None, math.nan, np.nan, pd.NA):
        assert dutch.amount(missing) == "pm"
        assert dutch.amount(missing, missing="?") == "?"
        assert report_dutch.amount(missing) == ""


def test_signed_puts_a_plus_before_positive_amounts_only() -> None:
    assert dutch.amount(60000, signed=True) == "+60.000"
    assert dutch.amount(-60000, signed=True) == "-60.000"
    assert dutch.amount(0, signed=True) == "0"
    assert dutch.amount(1.25, signed=True) == "+1,25"
    assert report_dutch.amount(np.int64(7), signed=True) == "+7"


@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_an_int_reads_the_same_as_python_int_numpy_and_float(value: int) -> None:
    text = dutch.amount(value)
    assert text.replace(".", "") == str(value)  # the digits, grouped by dots only
    groups = text.lstrip("-").split(".")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    if abs(value) < 2**63:
        assert dutch.amount(np.int64(value)) == text
    if abs(value) < 2**53:  # exactly representable
        assert dutch.amount(float(value)) == dutch.amount(np.float64(value)) == text


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: not v.is_integer()))
def test_a_fraction_has_two_decimals_after_a_comma(value: float) -> None:
    text = dutch.amount(value)
    whole, frac = text.rsplit(",", 1)
    assert len(frac) == 2 and frac.isdigit()
    assert float(whole.replace(".", "") + "." + frac) == float(f"{value:.2f}")


def test_percentage_examples() -> None:
    assert dutch.percentage(95.2) == "95,2%"
    assert dutch.percentage(100.0) == "100%"
    assert dutch.percentage(12.25, 2) == "12,25%"
    assert dutch.percentage(None) == "n.v.t."
    assert dutch.percentage(np.float64(7.5)) == "7,5%"
    assert report_dutch.percentage(math.nan) == ""
    assert report_dutch.percentage(pd.NA) == ""


def test_an_infinite_amount_is_said_not_raised() -> None:
    assert dutch.amount(math.inf) == "∞"
    assert dutch.amount(-math.inf) == "-∞"
    assert dutch.amount(math.inf, signed=True) == "+∞"
    assert report_dutch.amount(np.float64(-math.inf)) == "-∞"
