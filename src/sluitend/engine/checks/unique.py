"""The `unique` check: no figure twice. Every row after the first with the same key fails,
and points at the first occurrence."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import group_numbers, scope
from sluitend.engine.checks.keys import first_rows
from sluitend.engine.checks.outcome import EXCEEDED, CheckOutcome
from sluitend.rules.base import Rule
from sluitend.vocabulary import DATASET_KEYS


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Flag repeated keys; the context maps each flagged row to its first occurrence."""
    columns = list(rule.columns) or list(DATASET_KEYS[rule.dataset])  # type: ignore[attr-defined]
    n = len(frame)
    in_scope = scope(rule, frame)
    group, n_groups = group_numbers(frame, columns, cache)
    # The first in-scope row of each group; every later in-scope row repeats it. Rows out
    # of scope are never a duplicate nor a first occurrence.
    candidates = np.flatnonzero(in_scope)
    first = first_rows(group, n_groups, candidates)[group[candidates]]
    repeats = first != candidates
    rows = candidates[repeats]
    nan = np.full(len(rows), np.nan)
    return CheckOutcome(
        rule=rule,
        n_rows=n,
        checked=int(np.count_nonzero(in_scope)),
        rows=rows,
        status=np.full(len(rows), EXCEEDED, dtype=np.int8),
        expected=nan,
        actual=nan.copy(),
        bound=np.zeros(len(rows)),
        n_parts=np.zeros(len(rows), dtype=np.int64),
        context={"first": first[repeats]},
    )
