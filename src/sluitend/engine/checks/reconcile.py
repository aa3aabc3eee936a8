"""The `reconcile` check: over an aligned frame (one row per figure pair, see
`engine/reconcile.py`), each figure equals its counterpart.

Both values are in the left dataset's unit already; the bound is the rule's tolerance in
the coarser side's unit, per pair: the larger rounding step of the two figures, in euros
(`coarse_unit`; a block printed in € million in a file of thousands counts in millions).
For `rounding` the bound is half a step of each side, so 1 unit when both print whole
units, and 500,5 (x € 1.000) for whole millions against thousands. A row with one side
missing ("no counterpart") or an unknown (`pm`) figure is not checkable (info), never
passed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.outcome import CheckOutcome, classify_rows
from sluitend.rules.base import Rule


def run(rule: Rule, aligned: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Compare every figure pair of the aligned frame."""
    n = len(aligned)
    left_row = aligned["row_left"].to_numpy(dtype=np.int64)
    right_row = aligned["row_right"].to_numpy(dtype=np.int64)
    actual = aligned["value_left"].to_numpy(dtype=np.float64)
    expected = aligned["value_right"].to_numpy(dtype=np.float64)
    coarse = aligned["coarse_unit"].to_numpy(dtype=np.float64)
    fine = aligned["fine_unit"].to_numpy(dtype=np.float64)
    unknown = (left_row < 0) | (right_row < 0) | np.isnan(actual) | np.isnan(expected)
    tol = rule.tolerance  # type: ignore[attr-defined]
    # The tolerance is counted in the coarser unit; the values are in the left side's unit.
    left_unit = aligned["unit_left"].to_numpy(dtype=np.float64)
    bound = np.full(n, float(tol.absolute)) * coarse / left_unit
    if tol.relative:
        bound = np.fmax(bound, tol.relative * np.abs(np.nan_to_num(expected)))
    if tol.rounding:
        bound = np.maximum(bound, 0.5 * (coarse + fine) / left_unit)
    rows = np.flatnonzero(
        ~_settled_elsewhere(left_row, right_row, unknown, actual, expected, bound)
    )
    outcome = classify_rows(
        rule,
        n,
        rows,
        unknown[rows],
        np.nan_to_num(expected[rows]),
        np.nan_to_num(actual[rows]),
        bound[rows],
        tol=tol,
    )
    outcome.context["row_left"] = left_row[outcome.rows]
    outcome.context["row_right"] = right_row[outcome.rows]
    outcome.context["value_left"] = actual[outcome.rows]
    outcome.context["value_right"] = expected[outcome.rows]
    # Rows with both figures are the checked ones; a missing side is reported, not checked.
    paired = (left_row >= 0) & (right_row >= 0)
    outcome.checked = len(np.unique(left_row[paired]))
    return outcome


def _settled_elsewhere(
    left_row: np.ndarray,
    right_row: np.ndarray,
    unknown: np.ndarray,
    actual: np.ndarray,
    expected: np.ndarray,
    bound: np.ndarray,
) -> np.ndarray:
    """Pairs to leave out: a figure stated twice on one side (two rows with one key and
    different values) pairs with each; when one of those pairs agrees, the figure has its
    counterpart and the other pairs say nothing about it (the duplicate is the `unique`
    rule's to report). Grouped by frame position with bincount, not per figure."""
    with np.errstate(invalid="ignore"):
        agrees = ~unknown & (np.abs(actual - expected) <= bound)
    out = np.zeros(len(left_row), dtype=bool)
    for rows in (left_row, right_row):
        present = rows >= 0
        if not present.any():
            continue
        size = int(rows.max()) + 1
        hits = np.bincount(rows[present], weights=agrees[present], minlength=size) > 0
        pairs = np.bincount(rows[present], minlength=size) > 1
        out[present] |= hits[rows[present]] & pairs[rows[present]] & ~agrees[present]
    return out
