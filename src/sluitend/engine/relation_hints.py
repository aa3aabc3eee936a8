"""Hints on failed `compare` and `change` checks: the slips a relation or a jump points at.

- a figure that fails "not negative" (`>= 0` or `> 0`) and would hold with its sign
  turned: the sign may be wrong;
- a figure a thousand times its partner or its predecessor (or a thousandth of it): it may
  be in euros among thousands (or the other way round).

Each hint names the figure and the value that would make the check pass; like all hints it
is a possibility, not a verdict.
"""

from __future__ import annotations

import numpy as np

from sluitend.datasets.frame import Dataset
from sluitend.dutch import amount, figure_name
from sluitend.engine import diagnose
from sluitend.engine.checks.outcome import CheckOutcome
from sluitend.engine.findings import Hint

#: A ratio this close to 1000 (or 1/1000) reads as a unit slip.
_UNIT_SLACK = 0.02


def _unit_factor(value: float, other: float) -> float | None:
    """1000 when `value` is about a thousand times `other`, 0.001 for a thousandth."""
    if not value or not other:
        return None
    ratio = abs(value / other)
    if abs(ratio / 1000 - 1) <= _UNIT_SLACK:
        return 1000.0
    if abs(ratio * 1000 - 1) <= _UNIT_SLACK:
        return 0.001
    return None


def _unit_hint(ds: Dataset, row: int, value: float, other: float, of: str) -> list[Hint]:
    factor = _unit_factor(value, other)
    if factor is None:
        return []
    where = diagnose.wheres(ds, np.asarray([row]))[0]
    label = str(ds.frame["label"].iat[row])
    bron = str(ds.frame["bron"].iat[row])
    fixed = round(value / factor)
    unit = "euros among thousands" if factor == 1000 else "millions among thousands"
    text = (
        f"{figure_name(where, label)} ({amount(round(value))}) is about a thousand "
        f"{'times' if factor == 1000 else 'th of'} {of} ({amount(round(other))}): it may be "
        f"in {unit}; it would read {amount(fixed)}"
    )
    return [Hint("unit", bron, where, fixed, text)]


def compare_hints(ds: Dataset, outcome: CheckOutcome, positions: np.ndarray) -> list[list[Hint]]:
    """Hints for compare findings: a turned sign, a unit slip against the partner."""
    op = outcome.context["op"]
    value = outcome.context["value"]
    out: list[list[Hint]] = []
    for pos in positions.tolist():
        row = int(outcome.rows[pos])
        actual, expected = float(outcome.actual[pos]), float(outcome.expected[pos])
        hints: list[Hint] = []
        if value == 0 and op in (">=", ">") and actual < 0:
            where = diagnose.wheres(ds, np.asarray([row]))[0]
            label = str(ds.frame["label"].iat[row])
            name = figure_name(where, label)
            hints.append(
                Hint(
                    "sign",
                    str(ds.frame["bron"].iat[row]),
                    where,
                    round(-actual),
                    f"The sign may be wrong: {name} reads {amount(round(actual))}; "
                    f"as {amount(round(-actual))} it holds",
                )
            )
        elif value is None:
            hints += _unit_hint(ds, row, actual, expected, "the figure it is compared with")
        out.append(hints)
    return out


def change_hints(ds: Dataset, outcome: CheckOutcome, positions: np.ndarray) -> list[list[Hint]]:
    """Hints for change findings: a figure a thousand times (or a thousandth of) the one
    before."""
    return [
        _unit_hint(
            ds,
            int(outcome.rows[pos]),
            float(outcome.actual[pos]),
            float(outcome.expected[pos]),
            "the figure the step before",
        )
        for pos in positions.tolist()
    ]
