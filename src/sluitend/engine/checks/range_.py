"""The `range` check: a column's values lie within [min, max]; missing values are skipped
(an explicit "n.v.t." is not a figure)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import scope
from sluitend.engine.checks.outcome import CheckOutcome, classify_rows
from sluitend.rules.base import Rule


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Flag the values below `min` or above `max`."""
    n = len(frame)
    column: str = rule.column  # type: ignore[attr-defined]
    low: float | None = rule.min  # type: ignore[attr-defined]
    high: float | None = rule.max  # type: ignore[attr-defined]
    values = frame[column].to_numpy(dtype=np.float64, na_value=np.nan)
    present = ~np.isnan(values)
    checked = present & scope(rule, frame)
    lo = -np.inf if low is None else float(low)
    hi = np.inf if high is None else float(high)
    # "expected" is the nearest bound, so the difference says how far outside it lies.
    clipped = np.clip(np.nan_to_num(values), lo, hi)
    rows = np.flatnonzero(checked)
    outcome = classify_rows(
        rule,
        n,
        rows,
        np.zeros(len(rows), dtype=bool),
        clipped[rows],
        np.nan_to_num(values[rows]),
        np.zeros(len(rows)),
    )
    outcome.context["min"] = low
    outcome.context["max"] = high
    return outcome
