"""Rounding-aware bounds, the verdict on a difference and severity by size (engine/tolerance.py)."""

from __future__ import annotations

import doctest
from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sluitend.engine import tolerance
from sluitend.engine.tolerance import (
    equal_bound,
    severity_by_size,
    sum_bound,
    verdict,
)
from sluitend.rules.base import SizeThreshold, Tolerance

ROUNDING = Tolerance(rounding=True)

# Real amounts with three decimals (thousandths of a unit), as exact fractions, so that the
# only rounding in the test is the one under test.
thousandths = st.integers(min_value=-(10**10), max_value=10**10)


def test_docstring_examples() -> None:
    assert doctest.testmod(tolerance).failed == 0


# --- sum_bound ---------------------------------------------------------------------------


def test_sum_bound_rounding_is_half_of_n_plus_one() -> None:
    bound = sum_bound(ROUNDING, np.array([10, 10, 10, 10]), np.array([1, 2, 3, 10]))
    assert bound.tolist() == [1.0, 1.5, 2.0, 5.5]


def test_sum_bound_takes_the_largest_of_absolute_relative_and_rounding() -> None:
    tol = Tolerance(absolute=3, relative=0.01, rounding=True)
    bound = sum_bound(tol, np.array([100, 1000, -1000, 10]), np.array([1, 1, 1, 20]))
    assert bound.tolist() == [3.0, 10.0, 10.0, 10.5]


def test_sum_bound_exact_is_zero() -> None:
    assert sum_bound(Tolerance(), np.array([5, 0]), np.array([3, 3])).tolist() == [0.0, 0.0]


def test_sum_bound_accepts_nullable_expected() -> None:
    # A <NA> expected (not checkable) leaves the rounding bound defined.
    import pandas as pd

    expected = pd.array([10, None], dtype="Int64").to_numpy(dtype="float64", na_value=np.nan)
    assert sum_bound(ROUNDING, expected, np.array([1, 1])).tolist() == [1.0, 1.0]


def test_the_rounding_bound_is_attained() -> None:
    # Three parts of 0.5 each round (half to even) to 0; their total 1.5 rounds to 2.
    parts = [round(Fraction(1, 2))] * 3
    total = round(Fraction(3, 2))
    assert total - sum(parts) == 2 == sum_bound(ROUNDING, np.array([2]), np.array([3]))[0]


@given(st.lists(thousandths, min_size=1, max_size=40))
def test_rounded_consistent_budgets_never_exceed_the_bound(reals: list[int]) -> None:
    parts = [round(Fraction(k, 1000)) for k in reals]
    total = round(Fraction(sum(reals), 1000))
    diff = np.array([total - sum(parts)])
    bound = sum_bound(ROUNDING, np.array([sum(parts)]), np.array([len(parts)]))
    assert abs(diff[0]) <= bound[0]
    failed, _rounding = verdict(diff, bound, ROUNDING)
    assert not failed[0]


@given(
    st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=40),
    st.integers(1, 10**6),
    st.sampled_from([1, -1]),
)
def test_a_change_beyond_the_bound_always_fails(parts: list[int], excess: int, sign: int) -> None:
    # A consistent budget in whole units, then the total changed by more than the bound.
    bound = sum_bound(ROUNDING, np.array([sum(parts)]), np.array([len(parts)]))[0]
    change = sign * (int(bound) + excess)
    failed, rounding = verdict(np.array([change]), np.array([bound]), ROUNDING)
    assert failed[0] and not rounding[0]


@given(
    st.lists(thousandths, min_size=1, max_size=40),
    st.integers(1, 10**6),
    st.sampled_from([1, -1]),
)
def test_on_rounded_budgets_a_change_beyond_twice_the_bound_always_fails(
    reals: list[int], excess: int, sign: int
) -> None:
    # On rounded figures the honest difference may already use up the bound, so only a
    # change of more than twice the bound is certain to exceed it.
    parts = [round(Fraction(k, 1000)) for k in reals]
    total = round(Fraction(sum(reals), 1000))
    bound = sum_bound(ROUNDING, np.array([sum(parts)]), np.array([len(parts)]))[0]
    changed = total + sign * (int(2 * bound) + excess)
    failed, rounding = verdict(np.array([changed - sum(parts)]), np.array([bound]), ROUNDING)
    assert failed[0] and not rounding[0]


# --- equal_bound --------------------------------------------------------------------------


def test_equal_bound_rounding_is_one_unit() -> None:
    assert equal_bound(ROUNDING, np.array([5, 100000])).tolist() == [1.0, 1.0]
    assert equal_bound(Tolerance(), np.array([5])).tolist() == [0.0]
    assert equal_bound(Tolerance(relative=0.1), np.array([-50])).tolist() == [5.0]


@given(thousandths, st.integers(-499, 499))
def test_two_roundings_of_nearly_the_same_amount_stay_within_one_unit(k: int, wobble: int) -> None:
    # Two figures for amounts less than one unit apart print at most 1 unit apart only
    # when the amounts are the same; here they are the same amount up to 1/1000 of a unit.
    left = round(Fraction(k, 1000))
    right = round(Fraction(k + (wobble > 0) - (wobble < 0), 1000))
    assert abs(left - right) <= equal_bound(ROUNDING, np.array([right]))[0]


# --- verdict ------------------------------------------------------------------------------


def test_verdict_pass_rounding_and_failure() -> None:
    failed, rounding = verdict(np.array([0, 1, 2, 3, -3, -1]), np.full(6, 2.0), ROUNDING)
    assert failed.tolist() == [False, False, False, True, True, False]
    assert rounding.tolist() == [False, True, True, False, False, True]


def test_verdict_within_an_absolute_tolerance_is_no_rounding() -> None:
    failed, rounding = verdict(np.array([1, 2, 3]), np.full(3, 2.0), Tolerance(absolute=2))
    assert failed.tolist() == [False, False, True]
    assert not rounding.any()


def test_verdict_not_checkable_is_neither() -> None:
    failed, rounding = verdict(np.array([np.nan, 5.0]), np.array([1.0, np.nan]), ROUNDING)
    assert not failed.any() and not rounding.any()


# --- severity_by_size ---------------------------------------------------------------------


def test_severity_by_size_largest_matching_threshold_wins() -> None:
    thresholds = (
        SizeThreshold("warning", absolute=10),
        SizeThreshold("error", absolute=1000),
        SizeThreshold("info", absolute=100),  # order in the file does not matter
    )
    got = severity_by_size(np.array([5, 50, 500, 5000]), np.full(4, 1e9), thresholds, "info")
    assert got.tolist() == ["info", "warning", "info", "error"]


def test_severity_by_size_share_of_the_article_total() -> None:
    thresholds = (SizeThreshold("warning", share=0.01), SizeThreshold("error", share=0.1))
    got = severity_by_size(
        np.array([5, 50, 500, -500]), np.array([1000, 1000, 1000, -1000]), thresholds, "info"
    )
    assert got.tolist() == ["info", "warning", "error", "error"]


def test_severity_by_size_either_bound_of_a_threshold_suffices() -> None:
    thresholds = (SizeThreshold("error", absolute=1000, share=0.5),)
    got = severity_by_size(
        np.array([600, 600, 2000]), np.array([1000, 100000, 100000]), thresholds, "warning"
    )
    assert got.tolist() == ["error", "warning", "error"]


def test_severity_by_size_unknown_article_total_only_absolute_applies() -> None:
    thresholds = (SizeThreshold("error", share=0.01), SizeThreshold("warning", absolute=100))
    got = severity_by_size(np.array([500, 50]), np.array([np.nan, np.nan]), thresholds, "info")
    assert got.tolist() == ["warning", "info"]


def test_severity_by_size_tie_goes_to_the_more_severe() -> None:
    thresholds = (SizeThreshold("warning", absolute=10), SizeThreshold("error", absolute=10))
    assert severity_by_size(np.array([20]), np.array([1]), thresholds, "info").tolist() == ["error"]


def test_severity_by_size_without_thresholds_is_the_default() -> None:
    assert severity_by_size(np.array([1, 2]), np.array([3, 4]), (), "error").tolist() == [
        "error",
        "error",
    ]


# --- what the mutation run found unpinned (CONTRIBUTING.md) --------------------------------


def test_bounds_take_pandas_nullable_arrays_with_unknowns() -> None:
    expected = pd.array([100, None], dtype="Int64")
    bound = sum_bound(Tolerance(relative=0.1), expected, np.array([1, 1]))
    assert bound.dtype == np.float64
    assert bound.tolist() == [10.0, 0.0]  # an unknown total: the absolute part decides
    failed, rounding = verdict(pd.array([3, None], dtype="Int64"), np.array([2.0, 2.0]), ROUNDING)
    assert failed.tolist() == [True, False] and rounding.tolist() == [False, False]


def test_sum_bound_broadcasts_a_single_expected_or_count() -> None:
    tol = Tolerance(absolute=1)
    assert sum_bound(tol, np.array([1.0, 2.0]), np.array(3)).tolist() == [1.0, 1.0]
    assert sum_bound(tol, np.array(5.0), np.array([1, 2])).tolist() == [1.0, 1.0]


def test_sum_bound_uses_the_rounding_steps_when_given() -> None:
    # A total and its lines printed in hundreds: (100 + 3 * 100) / 2, not (3 + 1) / 2.
    assert sum_bound(ROUNDING, np.array([900]), np.array([3]), np.array([400])).tolist() == [200.0]


def test_severity_by_size_at_the_threshold_is_not_above_it() -> None:
    t = (SizeThreshold("error", absolute=10), SizeThreshold("warning", share=0.1))
    got = severity_by_size(np.array([10, 11, 100, 101]), np.full(4, 1000.0), t, "info")
    assert got.tolist() == ["info", "error", "error", "warning"]


def test_severity_by_size_the_larger_bound_wins_whatever_its_severity_or_order() -> None:
    smaller_error = SizeThreshold("error", absolute=10)
    larger_warning = SizeThreshold("warning", absolute=100)
    for thresholds in ((smaller_error, larger_warning), (larger_warning, smaller_error)):
        got = severity_by_size(np.array([50, 500]), np.full(2, 1e9), thresholds, "info")
        assert got.tolist() == ["error", "warning"]


def test_severity_by_size_tie_goes_to_the_more_severe_in_either_order() -> None:
    error, warning = SizeThreshold("error", absolute=10), SizeThreshold("warning", absolute=10)
    for thresholds in ((error, warning), (warning, error)):
        assert severity_by_size(np.array([50]), np.array([1e9]), thresholds, "info")[0] == "error"


def test_severity_by_size_skips_a_threshold_without_bounds() -> None:
    t = (SizeThreshold("warning"), SizeThreshold("error", absolute=10))
    assert severity_by_size(np.array([5, 50]), np.full(2, 1e9), t, "info").tolist() == [
        "info",
        "error",
    ]
