"""Helpers the check functions share: amounts as float arrays, group numbers, scope;
the tolerance bounds come from `engine/tolerance.py`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sluitend.engine.tolerance import equal_bound, sum_bound
from sluitend.engine.where import evaluate_optional
from sluitend.rules.base import Rule


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


__all__ = ["amounts", "equal_bound", "group_numbers", "scope", "sum_bound"]
