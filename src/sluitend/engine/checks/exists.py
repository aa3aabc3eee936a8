"""The `exists` check: every group of `by` with a `when` row holds a row for each `require`.

Vectorized: one group number per run of rows (or per row where the `by` columns do not come
in runs; shared codes, `keys.py`), then one pass per selector over the rows that match it,
never a loop over groups. A failing group is flagged at its first `when` row;
`context["missing"]` says, per flagged group, which of the required selectors it lacks.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import scope
from sluitend.engine.checks.keys import first_rows, keys_for
from sluitend.engine.checks.outcome import CheckOutcome, flagged_rows
from sluitend.engine.selection import evaluate_array
from sluitend.rules.base import Rule


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Flag every checked group that lacks a required row."""
    n = len(frame)
    by: tuple[str, ...] = rule.by  # type: ignore[attr-defined]
    within: tuple[str, ...] = rule.within  # type: ignore[attr-defined]
    requires = rule.require  # type: ignore[attr-defined]
    in_scope = scope(rule, frame)
    # Per run of rows where `by` comes in runs (a table's articles): no group per row.
    keys = keys_for(frame, cache)
    groups = keys.grouped(by)
    when = in_scope.copy()
    if rule.when is not None:  # type: ignore[attr-defined]
        when &= evaluate_array(rule.when, frame)  # type: ignore[attr-defined]
    wide = keys.grouped(within) if within else None

    checked = np.zeros(groups.count, dtype=bool)
    missing = np.zeros((len(requires), groups.count), dtype=bool)
    for k, require in enumerate(requires):  # loop over the rule's few selectors
        required = in_scope & evaluate_array(require, frame)
        applies = when
        if wide is not None:
            # Only where the wider group states such a row somewhere.
            applies = when & wide.spread(wide.present(required))
        has_when = groups.present(applies)
        checked |= has_when
        missing[k] = has_when & ~groups.present(required)

    failing = np.flatnonzero(missing.any(axis=0))
    # The first `when` row of each failing group, from the `when` rows of those groups only
    # (a few groups fail; most rows are `when` rows).
    is_failing = np.zeros(groups.count, dtype=bool)
    is_failing[failing] = True
    candidates = np.flatnonzero(when & groups.spread(is_failing))
    first = first_rows(groups.of(candidates), groups.count, np.arange(len(candidates)))
    rows = candidates[first[failing]]  # every failing group has a `when` row
    order = np.argsort(rows, kind="stable")
    rows, failing = rows[order].astype(np.int64), failing[order]
    return flagged_rows(
        rule, n, int(np.count_nonzero(checked)), rows, {"missing": missing[:, failing].T}
    )
