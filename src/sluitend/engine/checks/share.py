"""The `share` check: per group, the absolute amount of the part rows against a maximum."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks import templated as t
from sluitend.engine.checks.outcome import EXCEEDED, NOT_CHECKABLE, CheckOutcome
from sluitend.engine.selection import evaluate_array
from sluitend.rules.base import Rule


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Flag the groups whose part rows hold more than the maximum share or amount."""
    r: Any = rule
    g = t.grouped(rule, frame, cache)
    in_scope, group, n_groups = g.in_scope, g.group, g.n_groups
    size = np.abs(np.nan_to_num(g.values))
    part = g.counted & evaluate_array(r.part, frame)
    base = g.counted.copy()
    if r.base is not None:
        base &= evaluate_array(r.base, frame)
    p_sum = np.bincount(group[part], weights=size[part], minlength=n_groups)
    p_n = np.bincount(group[part], minlength=n_groups)
    b_sum = np.bincount(group[base], weights=size[base], minlength=n_groups)
    b_n = np.bincount(group[base], minlength=n_groups)
    anchor = t.anchors(group, n_groups, in_scope)
    part_anchor = t.anchors(group, n_groups, part)
    exists = anchor >= 0
    if r.measure == "value":
        found = p_sum
        limit = np.full(n_groups, r.max_value)
        missing = np.zeros(n_groups, dtype=bool)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            found = np.where(b_sum > 0, 100.0 * p_sum / b_sum, 0.0)
        limit = np.full(n_groups, r.max_percentage)
        missing = exists & (b_n == 0)
    exceeded = exists & ~missing & (p_n > 0) & (found > limit)
    flagged = np.flatnonzero(exceeded | missing)
    status = np.where(missing[flagged], NOT_CHECKABLE, EXCEEDED).astype(np.int8)
    rows = np.where(part_anchor[flagged] >= 0, part_anchor[flagged], anchor[flagged])

    def messages(frame: pd.DataFrame, positions: np.ndarray) -> list[str]:
        groups_at = flagged[positions]
        names = t.group_names(frame, r.by, anchor[groups_at])
        out = []
        for g, name in zip(groups_at.tolist(), names, strict=True):
            if missing[g]:
                values = {"fout": r.right_name, "extra": r.id}
                text = (
                    t.fill(
                        r.missing_message, values, t.template_columns(r.missing_message, r.dataset)
                    )
                    if r.missing_message
                    else f"not checkable: no {r.right_name} figures"
                )
            else:
                if r.measure == "value":
                    shown, allowed = t.amount_text(found[g]), t.amount_text(limit[g])
                else:
                    shown = f"{found[g]:.2f}%".replace(".", ",")
                    allowed = f"{limit[g]:g}%"
                text = (
                    t.fill(
                        r.message,
                        {"fout": shown, "goed": allowed},
                        t.template_columns(r.message, r.dataset),
                    )
                    if r.message
                    else f"the limited rows hold {shown}, at most {allowed} allowed"
                )
                text += f" ({p_n[g]} figures, {t.amount_text(p_sum[g])})"
            out.append(f"{name}: {text}")
        return out

    return t.outcome(
        rule,
        len(frame),
        int(np.count_nonzero(exists & ~missing)),
        rows,
        status,
        limit[flagged],
        found[flagged],
        limit[flagged],
        messages,
        p_n[flagged],
        lambda frame, positions: t.group_names(frame, r.by, anchor[flagged[positions]]),
    )
