"""The `unique` check: no figure twice. Every row after the first with the same key fails,
and points at the first occurrence.

A block of rows printed twice (a table that repeats a whole chapter) is one finding, not one
per row: a run of consecutive repeated rows whose first occurrences are consecutive too, in
the same order, is reported at its first row, with its size and both ranges in `context`.
A lone repeat is a run of one. Vectorized: two `np.diff`s over the repeated rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import group_numbers, scope
from sluitend.engine.checks.outcome import CheckOutcome, flagged_rows
from sluitend.rules.base import Rule
from sluitend.vocabulary import DATASET_KEYS

#: Rows looked at a block at a time: the temporaries of a block (its in-scope rows, their
#: groups and first occurrences) are 8 MB each, not as long as the frame.
_BLOCK = 2**20


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Flag repeated keys; the context maps each flagged row to its first occurrence."""
    columns = list(rule.columns) or list(DATASET_KEYS[rule.dataset])  # type: ignore[attr-defined]
    n = len(frame)
    in_scope = scope(rule, frame)
    group, n_groups = group_numbers(frame, columns, cache)
    # The first in-scope row of each group; every later in-scope row repeats it. Rows out
    # of scope are never a duplicate nor a first occurrence.
    first_of = np.full(n_groups, np.iinfo(np.int64).max, dtype=np.int64)
    for rows in _blocks(in_scope):
        np.minimum.at(first_of, group[rows], rows)
    rows, first = _repeats(in_scope, group, first_of)
    starts, ends = _runs(rows, first)
    context = {
        "first": first[starts],
        "last": rows[ends],
        "last_first": first[ends],
        "size": ends - starts + 1,
    }
    return flagged_rows(rule, n, int(np.count_nonzero(in_scope)), rows[starts], context)


def _blocks(in_scope: np.ndarray) -> Iterator[np.ndarray]:
    """The in-scope rows (ascending), a block of `_BLOCK` rows of the frame at a time."""
    for start in range(0, len(in_scope), _BLOCK):
        yield np.flatnonzero(in_scope[start : start + _BLOCK]) + start


def _repeats(
    in_scope: np.ndarray, group: np.ndarray, first_of: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The in-scope rows that are not their group's first (ascending), and that first."""
    rows, firsts = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for block in _blocks(in_scope):
        first = first_of[group[block]]
        repeated = first != block
        rows.append(block[repeated])
        firsts.append(first[repeated])
    return np.concatenate(rows), np.concatenate(firsts)


def _runs(rows: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) positions in `rows` of each run of repeats that copies a run of earlier
    rows: consecutive rows whose first occurrences are consecutive rows as well."""
    if not len(rows):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    joined = (np.diff(rows) == 1) & (np.diff(first) == 1)
    starts = np.flatnonzero(np.r_[True, ~joined])
    ends = np.r_[starts[1:], len(rows)].astype(np.int64) - 1
    return starts, ends
