"""The `equal` check: each `left` row equals its `right` partner, matched on `on`.

One merge of the two sides on the key columns. Only left rows can fail; a left row
without a partner is not checked; an unknown figure on either side is not checkable.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import equal_bound, scope
from sluitend.engine.checks.outcome import CheckOutcome, classify
from sluitend.engine.where import evaluate
from sluitend.rules.base import Rule


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Compare each left figure with its right partner."""
    n = len(frame)
    on = list(rule.on)  # type: ignore[attr-defined]
    column: str = rule.column  # type: ignore[attr-defined]
    left = evaluate(rule.left, frame).to_numpy(dtype=bool) & scope(rule, frame)  # type: ignore[attr-defined]
    right = evaluate(rule.right, frame).to_numpy(dtype=bool)  # type: ignore[attr-defined]
    if "waarvan" in frame:
        # A memo line is matched only with a memo line: waarvan is part of the key.
        on = on if "waarvan" in on else [*on, "waarvan"]

    lhs = frame.loc[left, on].assign(_pos=np.flatnonzero(left))
    rhs = frame.loc[right, [*on, column]].assign(_rpos=np.flatnonzero(right))
    # The first partner wins; a duplicated figure is the `unique` rule's to report.
    rhs = rhs.drop_duplicates(subset=on, keep="first")
    merged = lhs.merge(rhs, on=on, how="inner", sort=False, validate="many_to_one")

    values = frame[column]
    checked = np.zeros(n, dtype=bool)
    expected = np.zeros(n)
    partner = np.full(n, -1, dtype=np.int64)
    pos = merged["_pos"].to_numpy()
    rpos = merged["_rpos"].to_numpy()
    checked[pos] = True
    partner[pos] = rpos
    right_values = merged[column].to_numpy(dtype=np.float64, na_value=np.nan)
    expected[pos] = np.nan_to_num(right_values)
    unknown = values.isna().to_numpy().copy()
    unknown[pos] |= np.isnan(right_values)
    actual = np.nan_to_num(values.to_numpy(dtype=np.float64, na_value=np.nan))
    tol = rule.tolerance  # type: ignore[attr-defined]
    bound = equal_bound(tol, expected)
    outcome = classify(rule, n, checked, unknown, expected, actual, bound, rounding=tol.rounding)
    outcome.context["partner"] = partner[outcome.rows]
    return outcome
