"""The `forbidden` check: rows in scope with a listed combination and a non-zero amount.

The combination of a row is its code columns joined with a separator that no code holds;
one `isin` against the joined list finds every forbidden cell at once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks import templated as t
from sluitend.engine.checks.common import amounts, scope
from sluitend.engine.checks.outcome import EXCEEDED, CheckOutcome
from sluitend.rules.base import Rule

_SEP = "\x1f"  # the ASCII unit separator: not a character of any code


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Flag the rows whose combination of `columns` is forbidden and whose amount is not 0."""
    columns: tuple[str, ...] = rule.columns  # type: ignore[attr-defined]
    combos = [_SEP.join(c) for c in rule.combinations]  # type: ignore[attr-defined]
    in_scope = scope(rule, frame)
    joined = frame[columns[0]].astype("string")
    for name in columns[1:]:
        joined = joined + _SEP + frame[name].astype("string")
    forbidden = joined.isin(combos).to_numpy(dtype=bool, na_value=False)
    values, na = amounts(frame, rule.amount, cache)  # type: ignore[attr-defined]
    used = ~na & (np.nan_to_num(values) != 0)
    rows = np.flatnonzero(in_scope & forbidden & used)
    nan = np.full(len(rows), np.nan)
    template: str = rule.message  # type: ignore[attr-defined]
    named = t.template_columns(template, rule.dataset)

    def messages(frame: pd.DataFrame, positions: np.ndarray) -> list[str]:
        at = rows[positions]
        cells = [t.texts(frame, c, at) for c in columns]
        labels = t.texts(frame, "label", at)
        named_cells = {c: t.texts(frame, c, at) for c in named}
        out = []
        for i, label in enumerate(labels):
            combo = " x ".join(f"{c} {cells[k][i]}" for k, c in enumerate(columns))
            amount = t.amount_text(values[at[i]])
            if template:
                filled = {"fout": combo, "extra": amount}
                filled.update({c: v[i] for c, v in named_cells.items()})
                text = t.fill(template, filled, named)
            else:
                text = f"{combo} is a forbidden combination, yet holds {amount}"
            out.append(f"{label}: {text}")
        return out

    # Checked: every row in scope that states all the codes (each was looked up in the
    # list), not only the rows that hit it; a row without a categorie (a taakveld total)
    # has no combination to check, so a file without categories checks nothing, and says so.
    coded = np.ones(len(frame), dtype=bool)
    for name in columns:
        coded &= (frame[name].astype("string").fillna("") != "").to_numpy(dtype=bool)
    return t.outcome(
        rule,
        len(frame),
        int(np.count_nonzero(in_scope & coded)),
        rows,
        np.full(len(rows), EXCEEDED),
        nan,
        values[rows],
        nan,
        messages,
    )
