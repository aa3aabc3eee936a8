"""Helpers the check functions share: amounts as float arrays, group numbers, bounds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sluitend.engine.where import evaluate_optional
from sluitend.rules.base import Rule, Tolerance


def amounts(frame: pd.DataFrame, column: str = "bedrag") -> tuple[np.ndarray, np.ndarray]:
    """The column as float64 (NaN for <NA>) and its NA mask.

    float64 holds every whole amount below 2**53 exactly, far beyond any budget in
    thousands of euros, and lets numpy sum without Python objects.
    """
    series = frame[column]
    na = series.isna().to_numpy()
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    return values, na


def group_numbers(frame: pd.DataFrame, by: Sequence[str]) -> np.ndarray:
    """A dense group number per row for the columns `by` (one hash pass, no sort)."""
    if not by:
        return np.zeros(len(frame), dtype=np.int64)
    return frame.groupby(list(by), sort=False, observed=True, dropna=False).ngroup().to_numpy()


def scope(rule: Rule, frame: pd.DataFrame) -> np.ndarray:
    """Rows the rule's `where` selects (all rows without a `where`)."""
    return evaluate_optional(rule.where, frame).to_numpy(dtype=bool)


def sum_bound(tol: Tolerance, expected: np.ndarray, n_parts: np.ndarray) -> np.ndarray:
    """The allowed |difference| of a stated total against the sum of its n parts.

    Rounding: the total and each of the n parts are rounded to whole units (error at most
    1/2 each), so an honest table may differ by up to (n + 1) / 2 (XBRL Calculations 1.1).
    """
    bound = np.maximum(tol.absolute, tol.relative * np.abs(np.nan_to_num(expected)))
    if tol.rounding:
        bound = np.maximum(bound, (n_parts + 1) / 2.0)
    return np.asarray(bound, dtype=np.float64) * np.ones(len(expected))


def equal_bound(tol: Tolerance, expected: np.ndarray) -> np.ndarray:
    """The allowed |difference| between two figures that should be equal (rounding: 1)."""
    return sum_bound(tol, expected, np.ones(len(expected)))
