"""The `equal` check: each `left` row equals its `right` partner, matched on `on`.

One group number per row for the `on` columns (a single hash pass over the frame); each left
row's partner is the first right row of its group. Only left rows can fail; a left row
without a partner is not checked; an unknown figure on either side is not checkable.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import amounts, equal_bound, group_numbers, rounding_steps, scope
from sluitend.engine.checks.keys import first_rows
from sluitend.engine.checks.outcome import CheckOutcome, classify_rows
from sluitend.engine.selection import evaluate_array
from sluitend.rules.base import Rule


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Compare each left figure with its right partner."""
    n = len(frame)
    on = list(rule.on)  # type: ignore[attr-defined]
    column: str = rule.column  # type: ignore[attr-defined]
    if "waarvan" in frame and "waarvan" not in on:
        # A memo line is matched only with a memo line: waarvan is part of the key.
        on.append("waarvan")
    left = evaluate_array(rule.left, frame) & scope(rule, frame)  # type: ignore[attr-defined]
    right = evaluate_array(rule.right, frame)  # type: ignore[attr-defined]

    group, n_groups = group_numbers(frame, on, cache)
    # The first right row of each group is the partner; a duplicated figure is the
    # `unique` rule's to report.
    first_right = first_rows(group, n_groups, np.flatnonzero(right))
    rows = np.flatnonzero(left)
    partner = first_right[group[rows]]
    keep = (partner >= 0) & (partner != rows)  # a row is never its own partner
    rows, partner = rows[keep], partner[keep]

    values, _ = amounts(frame, column, cache)
    expected = np.nan_to_num(values[partner])
    unknown = np.isnan(values[rows]) | np.isnan(values[partner])
    actual = np.nan_to_num(values[rows])
    tol = rule.tolerance  # type: ignore[attr-defined]
    step = rounding_steps(frame, cache)
    bound = equal_bound(tol, expected, step[rows] + step[partner])
    outcome = classify_rows(rule, n, rows, unknown, expected, actual, bound, tol=tol)
    outcome.context["partner"] = partner[np.searchsorted(rows, outcome.rows)]
    return outcome
