"""The `totals` check: per group, the sum of the left rows against the sum of the right rows.

Two bincounts over the whole frame (sums and counts per group and side); only the flagged
groups are looked at in Python, when their messages are built.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks import templated as t
from sluitend.engine.checks.outcome import (
    EXCEEDED,
    NOT_CHECKABLE,
    ROUNDING,
    UNLIKELY,
    CheckOutcome,
)
from sluitend.engine.selection import evaluate_array
from sluitend.engine.tolerance import statistical_bound
from sluitend.rules.base import Rule

#: Why a flagged group could not be checked (kept per group for its message).
_MISSING, _ZERO, _UNKNOWN = 1, 2, 3


def _side(
    mask: np.ndarray, group: np.ndarray, n: int, values: np.ndarray, na: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per group: the sum, count, absolute size and "has an unknown" of the masked rows."""
    g = group[mask]
    total = np.bincount(g, weights=np.nan_to_num(values[mask]), minlength=n)
    count = np.bincount(g, minlength=n)
    size = np.bincount(g, weights=np.abs(np.nan_to_num(values[mask])), minlength=n)
    unknown = np.bincount(g, weights=na[mask], minlength=n) > 0
    return total, count, size, unknown


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Compare the left and right totals of every group in scope."""
    r: Any = rule
    g = t.grouped(rule, frame, cache)
    in_scope, group, n_groups, values, na = g.in_scope, g.group, g.n_groups, g.values, g.unknown
    left = g.counted & evaluate_array(r.left, frame)
    right = g.counted & evaluate_array(r.right, frame) & ~left
    l_sum, l_n, l_size, l_unknown = _side(left, group, n_groups, values, na)
    r_sum, r_n, r_size, r_unknown = _side(right, group, n_groups, values, na)
    anchor = t.anchors(group, n_groups, in_scope)
    exists = anchor >= 0
    n_fig = l_n + r_n
    diff = l_sum - r_sum
    tol = r.tolerance
    bound = np.full(n_groups, float(tol.absolute))
    if tol.relative:
        bound = np.maximum(bound, tol.relative * np.abs(l_sum))
    if tol.rounding:
        bound = np.maximum(bound, n_fig / 2.0)
    stat = statistical_bound(tol.sigma, n_fig) if tol.sigma and tol.rounding else bound
    why = np.zeros(n_groups, dtype=np.int8)
    why[exists & ((l_n == 0) | (r_n == 0))] = _MISSING
    why[exists & (why == 0) & (l_size + r_size == 0)] = _ZERO
    why[exists & (why == 0) & (l_unknown | r_unknown)] = _UNKNOWN
    checked = exists & (why == 0)
    adiff = np.abs(diff)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(l_sum != 0, 100.0 * adiff / np.abs(l_sum), np.where(adiff > 0, np.inf, 0))
    if r.relative:
        exceeded = checked & (pct > r.max_percentage) & (adiff > bound)
        shown_bound = np.full(n_groups, r.max_percentage)
    else:
        exceeded = checked & (adiff > bound)
        shown_bound = bound
    unlikely = checked & ~exceeded & (adiff > stat)
    rounding = checked & ~exceeded & ~unlikely & (adiff > 0) & bool(tol.rounding)
    flagged = np.flatnonzero(exceeded | unlikely | rounding | (exists & (why > 0)))
    status = np.full(len(flagged), EXCEEDED, dtype=np.int8)
    status[unlikely[flagged]] = UNLIKELY
    status[rounding[flagged]] = ROUNDING
    status[why[flagged] > 0] = NOT_CHECKABLE
    rows = anchor[flagged]

    def messages(frame: pd.DataFrame, positions: np.ndarray) -> list[str]:
        groups_at = flagged[positions]
        names = t.group_names(frame, r.by, anchor[groups_at])
        out = []
        sums = (l_sum, r_sum, l_n, r_n, pct, bound, stat)
        for g, name, st in zip(groups_at.tolist(), names, status[positions].tolist(), strict=True):
            out.append(f"{name}: {_message(r, g, st, int(why[g]), sums)}")
        return out

    outcome = t.outcome(
        rule,
        len(frame),
        int(np.count_nonzero(checked)),
        rows,
        status,
        r_sum[flagged],
        l_sum[flagged],
        shown_bound[flagged],
        messages,
        n_fig[flagged],
        lambda frame, positions: t.group_names(frame, r.by, anchor[flagged[positions]]),
    )
    # For the report's coverage: which rows were on a side of a compared group, and which
    # groups proved something (compared with known figures) or could not (an unknown one).
    outcome.context["group"] = group
    outcome.context["sides"] = left | right
    outcome.context["anchor"] = anchor
    outcome.context["compared_groups"] = checked
    outcome.context["unknown_groups"] = exists & (why == _UNKNOWN)
    return outcome


def _message(r: Any, g: int, status: int, why: int, sums: tuple[np.ndarray, ...]) -> str:
    """The message of group `g` (the arrays in `sums` are per group)."""
    l_sum, r_sum, l_n, r_n, pct, bound, stat = sums
    sides = (
        f"{r.left_name} {t.amount_text(l_sum[g])} ({l_n[g]} figures), "
        f"{r.right_name} {t.amount_text(r_sum[g])} ({r_n[g]} figures)"
    )
    if status == NOT_CHECKABLE:
        if why == _MISSING:
            missing = r.left_name if l_n[g] == 0 else r.right_name
            values = {"fout": missing, "extra": r.id}
            if r.missing_message:
                return t.fill(
                    r.missing_message, values, t.template_columns(r.missing_message, r.dataset)
                )
            return f"not checkable: no {missing} figures"
        if why == _ZERO:
            return f"not checkable: every figure is zero ({sides}); nothing was delivered"
        return f"not checkable: an unknown figure takes part ({sides})"
    diff = l_sum[g] - r_sum[g]
    if r.relative:
        found, allowed = f"{pct[g]:.2f}%".replace(".", ","), f"{r.max_percentage:g}%"
    else:
        found, allowed = t.amount_text(abs(diff)), t.amount_text(bound[g])
    values = {"fout": found, "goed": allowed, "extra": sides}
    main = (
        t.fill(r.message, values, t.template_columns(r.message, r.dataset))
        if r.message
        else (f"{sides}: difference {found}, at most {allowed} allowed")
    )
    if status == ROUNDING:
        return (
            f"{main} ({sides}); afrondingsverschil: within the rounding bound of "
            f"{t.amount_text(bound[g])} for {l_n[g] + r_n[g]} figures"
        )
    if status == UNLIKELY:
        return (
            f"{main} ({sides}); within the worst-case rounding bound of "
            f"{t.amount_text(bound[g])} for {l_n[g] + r_n[g]} figures, but beyond "
            f"{r.tolerance.sigma:g} standard deviations of their rounding "
            f"({str(round(float(stat[g]), 1)).replace('.', ',')}): unlikely to be rounding alone"
        )
    return f"{main} ({sides})" if r.message else main
