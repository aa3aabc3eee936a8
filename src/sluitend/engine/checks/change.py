"""The `change` check: a figure differs from the same figure one step earlier (the year
before, or the budget before) by at most a bound.

Each row gets a group number for the `on` columns and its integer `along` value; the key
(group, along) of a row and the key (group, along - 1) of its predecessor are looked up in
one sorted array (`np.searchsorted`), so every row finds its predecessor in one pass.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import amounts, group_numbers, scope
from sluitend.engine.checks.outcome import CheckOutcome, flag
from sluitend.rules.base import Rule
from sluitend.vocabulary import DATASET_KEYS


def default_on(frame: pd.DataFrame, along: str, kind: str | None = None) -> list[str]:
    """The identifying columns without `along`: the dataset kind's key when known, else
    every column of the frame's key-like columns that is present."""
    key = DATASET_KEYS.get(kind or "", ())
    return [c for c in key if c != along and c in frame.columns]


def predecessors(group: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Per row, the first row with the same group and `steps` one less (-1 where none, and
    for a repeated figure: only the first row of a key is compared, as a sum counts a
    duplicated figure once; the `unique` rule reports the repeat)."""
    n = len(group)
    if not n:
        return np.zeros(0, dtype=np.int64)
    low = int(steps.min())
    span = int(steps.max()) - low + 2
    key = group.astype(np.int64) * span + (steps.astype(np.int64) - low + 1)
    order = np.argsort(key, kind="stable")  # stable: the first row of equal keys first
    sorted_key = key[order]
    wanted = key - 1
    at = np.searchsorted(sorted_key, wanted, side="left")
    at_safe = np.minimum(at, n - 1)
    found = (at < n) & (sorted_key[at_safe] == wanted)
    repeat = np.zeros(n, dtype=bool)
    repeat[order[1:]] = sorted_key[1:] == sorted_key[:-1]
    return np.where(found & ~repeat, order[at_safe], -1)


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Compare each figure in scope with its predecessor along `along`."""
    n = len(frame)
    along: str = rule.along  # type: ignore[attr-defined]
    column: str = rule.column  # type: ignore[attr-defined]
    on = list(rule.on) or default_on(frame, along, rule.dataset)  # type: ignore[attr-defined]
    group, _ = group_numbers(frame, on, cache)
    steps = frame[along].to_numpy(dtype=np.int64)
    previous = predecessors(group, steps)
    rows = np.flatnonzero((previous >= 0) & scope(rule, frame))
    previous = previous[rows]

    values, na = amounts(frame, column, cache)
    before, after = values[previous], values[rows]
    unknown = na[previous] | na[rows]
    change = np.nan_to_num(after) - np.nan_to_num(before)
    absolute: float | None = rule.absolute  # type: ignore[attr-defined]
    relative: float | None = rule.relative  # type: ignore[attr-defined]
    # The allowed |change|: the larger of the bounds given (a change must exceed both).
    allowed = np.full(len(rows), -np.inf)
    if absolute is not None:
        allowed = np.maximum(allowed, absolute)
    if relative is not None:
        allowed = np.maximum(allowed, relative * np.abs(np.nan_to_num(before)))
    outcome, flagged = flag(
        rule,
        n,
        rows,
        failed=~unknown & (np.abs(change) > allowed),
        within=np.zeros(len(rows), dtype=bool),
        unknown=unknown,
        expected=np.nan_to_num(before),
        actual=np.nan_to_num(after),
        bound=np.maximum(allowed, 0.0),
    )
    outcome.context["previous"] = previous[flagged]
    return outcome
