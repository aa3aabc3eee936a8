"""Helpers the check functions share: amounts as float arrays, group numbers, scope;
the tolerance bounds come from `engine/tolerance.py`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.keys import FrameKeys, keys_for
from sluitend.engine.selection import evaluate_array
from sluitend.engine.tolerance import equal_bound, sum_bound
from sluitend.rules.base import Rule


def amounts(
    frame: pd.DataFrame, column: str = "bedrag", cache: dict[Any, Any] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The column as float64 (NaN for <NA>) and its NA mask; shared through `cache`.

    float64 holds every whole amount below 2**53 exactly, far beyond any budget in
    thousands of euros, and lets numpy sum without Python objects.
    """
    return keys_for(frame, cache).floats(column)


def rounding_steps(frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> np.ndarray:
    """Each row's rounding step (the `afronding` column; 1 where the frame has none), made
    once per validation and read-only: the rules share one array."""
    keys = keys_for(frame, cache)
    return keys.derived("rounding steps", lambda: _steps(keys))


def one_rounding_step(frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> float | None:
    """The rounding step every row shares (1 for a frame without `afronding`), or None.

    Only a positive whole step is returned, and only while it times the rows stays below
    2**53: a sum of any of the rows' steps is then exactly that many times the step, so a
    check can count its figures instead of adding up their steps, and get the same float.
    """
    keys = keys_for(frame, cache)
    kept = keys.kept("rounding steps")
    if "one" not in kept:
        steps = rounding_steps(frame, cache)
        step = float(steps[0]) if len(steps) else None
        # Positive: a node of no figures gets 0 * step = 0.0, as a sum of none does.
        exact = step is not None and step.is_integer() and 0 < step * len(steps) < 2**53
        kept["one"] = step if exact and bool((steps == step).all()) else None
    one: float | None = kept["one"]
    return one


def _steps(keys: FrameKeys) -> np.ndarray:
    """The rounding steps (a missing step is 1). Where every row has one step (a budget
    table rounded to thousands throughout) a read-only view of that one float, as long as
    the rows: an array of it, kept for the whole validation, took 25 MB of pages the kernel
    had to zero (dear on a virtual machine) at 3M figures. The column's own floats are
    not kept either: no rule reads them."""
    n = len(keys.frame)
    if "afronding" not in keys.frame.columns:
        return np.broadcast_to(np.float64(1.0), (n,))
    column = keys.frame["afronding"]
    # A copy: a float column's own array would be written by the fill below.
    steps = column.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    np.copyto(steps, 1.0, where=column.isna().to_numpy())
    if n and bool((steps == steps[0]).all()):
        return np.broadcast_to(steps[0], (n,))
    return steps


def group_numbers(
    frame: pd.DataFrame, by: Sequence[str], cache: dict[Any, Any] | None = None
) -> tuple[np.ndarray, int]:
    """A dense group number per row for the columns `by`, and how many groups there are.

    Computed from per-column codes that the rules of one validation share (`keys.py`).
    """
    return keys_for(frame, cache).groups(by)


def scope(rule: Rule, frame: pd.DataFrame, rows: np.ndarray | None = None) -> np.ndarray:
    """Rows the rule's `where` selects (all rows without a `where`); with `rows`, the answer
    for those rows only."""
    if rule.where is None:
        return np.ones(len(frame) if rows is None else len(rows), dtype=bool)
    selected = evaluate_array(rule.where, frame)
    # Comparing whole (Arrow) columns is cheaper than taking the rows out of them first.
    return selected if rows is None else selected[rows]


__all__ = [
    "amounts",
    "equal_bound",
    "group_numbers",
    "one_rounding_step",
    "rounding_steps",
    "scope",
    "sum_bound",
]
