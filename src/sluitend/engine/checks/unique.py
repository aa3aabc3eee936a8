"""The `unique` check: no figure twice. Every row after the first with the same key fails,
and points at the first occurrence.

A block of rows printed twice (a table that repeats a whole chapter) is one finding, not one
per row: a run of consecutive repeated rows whose first occurrences are consecutive too, in
the same order, is reported at its first row, with its size and both ranges in `context`.
A lone repeat is a run of one. Vectorized: two `np.diff`s over the repeated rows."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import group_numbers, scope
from sluitend.engine.checks.keys import first_rows
from sluitend.engine.checks.outcome import CheckOutcome, flagged_rows
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
    rows, first = candidates[repeats], first[repeats]
    starts, ends = _runs(rows, first)
    context = {
        "first": first[starts],
        "last": rows[ends],
        "last_first": first[ends],
        "size": ends - starts + 1,
    }
    return flagged_rows(rule, n, int(np.count_nonzero(in_scope)), rows[starts], context)


def _runs(rows: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) positions in `rows` of each run of repeats that copies a run of earlier
    rows: consecutive rows whose first occurrences are consecutive rows as well."""
    if not len(rows):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    joined = (np.diff(rows) == 1) & (np.diff(first) == 1)
    starts = np.flatnonzero(np.r_[True, ~joined])
    ends = np.r_[starts[1:], len(rows)].astype(np.int64) - 1
    return starts, ends
