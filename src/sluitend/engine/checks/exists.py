"""The `exists` check: every group of `by` with a `when` row holds a row for each `require`.

Vectorized: one group number per row (shared codes, `keys.py`), then one `np.bincount` per
selector over the rows that match it, never a loop over groups. A failing group is flagged
at its first `when` row; `context["missing"]` says, per flagged group, which of the
required selectors it lacks.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import group_numbers, scope
from sluitend.engine.checks.keys import first_rows
from sluitend.engine.checks.outcome import CheckOutcome, flagged_rows
from sluitend.engine.selection import evaluate_array
from sluitend.rules.base import Rule


def _present(group: np.ndarray, n_groups: int, mask: np.ndarray) -> np.ndarray:
    """Per group number, whether any row of `mask` falls in it."""
    return np.bincount(group[mask], minlength=n_groups) > 0


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Flag every checked group that lacks a required row."""
    n = len(frame)
    by: tuple[str, ...] = rule.by  # type: ignore[attr-defined]
    within: tuple[str, ...] = rule.within  # type: ignore[attr-defined]
    requires = rule.require  # type: ignore[attr-defined]
    in_scope = scope(rule, frame)
    group, n_groups = group_numbers(frame, by, cache)
    when = in_scope.copy()
    if rule.when is not None:  # type: ignore[attr-defined]
        when &= evaluate_array(rule.when, frame)  # type: ignore[attr-defined]
    if within:
        wide, n_wide = group_numbers(frame, within, cache)

    checked = np.zeros(n_groups, dtype=bool)
    missing = np.zeros((len(requires), n_groups), dtype=bool)
    for k, require in enumerate(requires):  # loop over the rule's few selectors
        required = in_scope & evaluate_array(require, frame)
        applies = when
        if within:
            # Only where the wider group states such a row somewhere.
            applies = when & _present(wide, n_wide, required)[wide]
        has_when = _present(group, n_groups, applies)
        checked |= has_when
        missing[k] = has_when & ~_present(group, n_groups, required)

    failing = np.flatnonzero(missing.any(axis=0))
    # The first `when` row of each failing group, from the `when` rows of those groups only
    # (a few groups fail; most rows are `when` rows).
    is_failing = np.zeros(n_groups, dtype=bool)
    is_failing[failing] = True
    rows = first_rows(group, n_groups, np.flatnonzero(when & is_failing[group]))[failing]
    order = np.argsort(rows, kind="stable")
    rows, failing = rows[order].astype(np.int64), failing[order]
    return flagged_rows(
        rule, n, int(np.count_nonzero(checked)), rows, {"missing": missing[:, failing].T}
    )
