"""The `sum` check: per group of `by`, the `total` rows equal the sum of the `parts` rows.

One groupby-sum over the whole frame; memo (`waarvan`) rows are never parts. A group
without parts is not checked (the rule does not apply there); an unknown part makes the
total not checkable.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import amounts, group_numbers, rounding_steps, scope, sum_bound
from sluitend.engine.checks.missing import MissingMode
from sluitend.engine.checks.outcome import CheckOutcome, classify_rows
from sluitend.engine.selection import evaluate_array
from sluitend.rules.base import Rule


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Compare each total row with the sum of the part rows of its group."""
    n = len(frame)
    group, n_groups = group_numbers(frame, rule.by, cache)  # type: ignore[attr-defined]
    memo = frame["waarvan"].to_numpy(dtype=bool) if "waarvan" in frame else np.zeros(n, bool)
    total = evaluate_array(rule.total, frame) & scope(rule, frame)  # type: ignore[attr-defined]
    parts = evaluate_array(rule.parts, frame) & ~memo & ~total  # type: ignore[attr-defined]
    values, na = amounts(frame, cache=cache)
    g = group[parts]
    parts_sum = np.bincount(g, weights=np.nan_to_num(values[parts]), minlength=n_groups)
    parts_count = np.bincount(g, minlength=n_groups)
    parts_unknown = np.bincount(g, weights=na[parts], minlength=n_groups) > 0
    parts_nonzero = np.bincount(g, weights=np.nan_to_num(values[parts]) != 0, minlength=n_groups)
    mode = MissingMode(rule.missing)  # type: ignore[attr-defined]
    in_scope, unknown = mode.totals(
        na, parts_count[group], parts_unknown[group], values, parts_nonzero[group] > 0
    )
    step = rounding_steps(frame, cache)
    parts_step = np.bincount(g, weights=step[parts], minlength=n_groups)
    checked = total & in_scope
    expected = parts_sum[group]
    n_parts = parts_count[group]
    tol = rule.tolerance  # type: ignore[attr-defined]
    bound = sum_bound(tol, expected, n_parts, step + parts_step[group])
    rows = np.flatnonzero(checked)
    outcome = classify_rows(
        rule,
        n,
        rows,
        unknown[rows],
        expected[rows],
        np.nan_to_num(values[rows]),
        bound[rows],
        n_parts[rows],
        tol=tol,
    )
    outcome.context["group"] = group
    outcome.context["parts"] = parts
    outcome.context["total"] = total  # with the checked rows, for the report's coverage
    outcome.context["checked_rows"] = rows
    return outcome
