"""The `member` check: rows in scope whose code is not in the rule's list (one `isin`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.checks import templated as t
from sluitend.engine.checks.common import scope
from sluitend.engine.checks.outcome import EXCEEDED, CheckOutcome
from sluitend.rules.base import Rule

_SHOWN = 5  # allowed codes a message names


def run(rule: Rule, frame: pd.DataFrame, cache: dict[Any, Any] | None = None) -> CheckOutcome:
    """Flag every row in scope whose `code_column` is not one of `codes`."""
    column: str = rule.code_column  # type: ignore[attr-defined]
    codes: tuple[str, ...] = rule.codes  # type: ignore[attr-defined]
    in_scope = scope(rule, frame)
    known = (
        frame[column].isin(list(codes)).to_numpy(dtype=bool)
        if codes
        else np.zeros(len(frame), dtype=bool)
    )
    rows = np.flatnonzero(in_scope & ~known)
    nan = np.full(len(rows), np.nan)
    template: str = rule.message  # type: ignore[attr-defined]
    named = t.template_columns(template, rule.dataset)
    allowed = ", ".join(codes[:_SHOWN]) + (", ..." if len(codes) > _SHOWN else "")

    def messages(frame: pd.DataFrame, positions: np.ndarray) -> list[str]:
        at = rows[positions]
        found = t.texts(frame, column, at)
        labels = t.texts(frame, "label", at)
        cells = {c: t.texts(frame, c, at) for c in named}
        columns = {k: t.texts(frame, k, at) for k in ("fout", "goed", "extra") if k in frame}
        out = []
        for i, (value, label) in enumerate(zip(found, labels, strict=True)):
            if not template:
                out.append(f"{label}: {column} {value!r} is not in the code list ({allowed})")
                continue
            values = {"fout": value, "goed": allowed, "extra": label}
            values.update({c: v[i] for c, v in cells.items()})
            values.update({k: v[i] for k, v in columns.items()})
            text = t.fill(template, values, named)
            out.append(f"{label}: {text}" if label else text)
        return out

    return t.outcome(
        rule,
        len(frame),
        int(in_scope.sum()),
        rows,
        np.full(len(rows), EXCEEDED),
        nan,
        nan,
        nan,
        messages,
    )
