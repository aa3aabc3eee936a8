"""The `compare` check: each `left` figure stands in the relation `op` to its partner or to
a fixed `value`.

Partners are found as `equal` finds them (one group number per row for the `on` columns, the
first right row of the group), or, with `partner = "parent"`, by the key of the total a row
sits under: the row's level codes with its deepest filled level emptied, numbered together
with every row's own key so that one integer lookup finds it. A row whose parent is not a
right row looks one level higher; that loop runs once per level (four at most), each pass
over all unresolved rows at once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks.common import (
    amounts,
    equal_bound,
    group_numbers,
    rounding_steps,
    scope,
)
from sluitend.engine.checks.keys import FrameKeys, first_rows, keys_for
from sluitend.engine.checks.missing import MissingMode
from sluitend.engine.checks.outcome import CheckOutcome, flag
from sluitend.engine.selection import evaluate_array
from sluitend.rules.base import Rule


def holds(op: str, diff: np.ndarray, slack: np.ndarray) -> np.ndarray:
    """Whether `left op right` holds for left - right = `diff`, widened by `slack` >= 0."""
    if op == "<=":
        return diff <= slack
    if op == "<":
        return diff < slack if np.any(slack) else diff < 0
    if op == ">=":
        return diff >= -slack
    if op == ">":
        return diff > -slack if np.any(slack) else diff > 0
    if op == "==":
        return np.abs(diff) <= slack
    return np.abs(diff) > slack  # "!="


def parent_partners(
    keys: FrameKeys, on: list[str], levels: tuple[str, ...], right: np.ndarray
) -> np.ndarray:
    """Per row, the first right row that is the nearest total above it (-1 where none):
    same `on` values, its levels with the deepest filled ones emptied."""
    n = len(keys.frame)
    partner = np.full(n, -1, dtype=np.int64)
    if not levels:
        return partner
    base, bound = keys.groups(on)
    codes, radixes, empty_codes = [], [], []
    for level in levels:
        code, radix = keys.codes(level)
        empty = keys.code_of(level, "")
        if empty is None:  # no row has this level empty: give "empty" a code of its own
            empty, radix = radix, radix + 1
        codes.append(code)
        radixes.append(radix)
        empty_codes.append(empty)
    own = np.column_stack(codes)
    empties = np.asarray(empty_codes, dtype=np.int64)
    right_rows = np.flatnonzero(right)
    current = own.copy()
    pending = np.flatnonzero((own != empties).any(axis=1))
    # Each pass empties the deepest level still filled and looks the result up among the
    # rows' own keys (numbered together, so that equal keys get equal numbers).
    while len(pending):
        cur = current[pending]
        deepest = len(levels) - 1 - np.argmax((cur != empties)[:, ::-1], axis=1)
        cur[np.arange(len(pending)), deepest] = empties[deepest]
        current[pending] = cur
        parts = [(np.concatenate([own[:, k], cur[:, k]]), radixes[k]) for k in range(len(levels))]
        ids, count = FrameKeys.combine(np.concatenate([base, base[pending]]), bound, parts)
        found = first_rows(ids[:n], count, right_rows)[ids[n:]]
        hit = found >= 0
        partner[pending[hit]] = found[hit]
        rest = pending[~hit]
        pending = rest[(current[rest] != empties).any(axis=1)]
    return partner


def pairs(
    rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None
) -> tuple[np.ndarray, np.ndarray, float | None]:
    """The left rows in scope, the partner row of each (-1 where none, and always with a
    fixed `value`), and that value (None when the rule compares with `right`)."""
    left = evaluate_array(rule.left, frame) & scope(rule, frame)  # type: ignore[attr-defined]
    rows = np.flatnonzero(left)
    fixed: float | None = rule.value  # type: ignore[attr-defined]
    if fixed is not None:
        return rows, np.full(len(rows), -1, dtype=np.int64), float(fixed)
    right = evaluate_array(rule.right, frame)  # type: ignore[attr-defined]
    on = list(rule.on)  # type: ignore[attr-defined]
    if rule.partner == "parent":  # type: ignore[attr-defined]
        levels: tuple[str, ...] = rule.levels  # type: ignore[attr-defined]
        partner = parent_partners(keys_for(frame, cache), on, levels, right)[rows]
    else:
        if "waarvan" in frame and "waarvan" not in on:
            on.append("waarvan")  # a memo line is matched only with a memo line
        group, n_groups = group_numbers(frame, on, cache)
        partner = first_rows(group, n_groups, np.flatnonzero(right))[group[rows]]
    partner[partner == rows] = -1  # a row is never its own partner
    return rows, partner, None


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Check `left op partner` for every left row in scope."""
    n = len(frame)
    column: str = rule.column  # type: ignore[attr-defined]
    op: str = rule.op  # type: ignore[attr-defined]
    values, na = amounts(frame, column, cache)
    mode = MissingMode(rule.missing)  # type: ignore[attr-defined]
    rows, partner, fixed = pairs(rule, frame, cache)
    if fixed is not None:
        right_value = np.full(len(rows), fixed)
        right_na = np.zeros(len(rows), dtype=bool)
        has_partner = np.ones(len(rows), dtype=bool)
    else:
        has_partner = partner >= 0
        safe = np.maximum(partner, 0)
        right_value = np.where(has_partner, values[safe], np.nan)
        right_na = ~has_partner | na[safe]

    left_value = values[rows]
    left_na = na[rows]
    checked, unknown, lv, rv = mode.pairwise(
        left_na, right_na, has_partner, left_value, right_value
    )
    rows, partner, lv, rv, unknown = (
        rows[checked],
        partner[checked],
        lv[checked],
        rv[checked],
        unknown[checked],
    )
    tol = rule.tolerance  # type: ignore[attr-defined]
    # A figure rounded to whole units (or to its block's step) may be off by half a step.
    step = rounding_steps(frame, cache)
    steps = step[rows] + np.where(partner >= 0, step[np.maximum(partner, 0)], 0.0)
    slack = equal_bound(tol, rv, steps)
    diff = lv - rv
    strict = holds(op, diff, np.zeros(len(diff)))
    loose = holds(op, diff, slack)
    outcome, flagged = flag(
        rule,
        n,
        rows,
        failed=~unknown & ~loose,
        within=~unknown & loose & ~strict & tol.rounding,
        unknown=unknown,
        expected=np.nan_to_num(rv),
        actual=np.nan_to_num(lv),
        bound=slack,
    )
    outcome.context["partner"] = partner[flagged]
    outcome.context["op"] = op
    outcome.context["value"] = fixed
    return outcome
