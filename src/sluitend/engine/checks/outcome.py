"""`CheckOutcome`: what one rule's check found, kept sparse (flagged rows only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sluitend.engine.tolerance import verdict
from sluitend.rules.base import Rule, Tolerance

#: Status codes of a flagged row.
EXCEEDED = 0  # beyond the tolerance: the rule's severity
ROUNDING = 1  # non-zero but within a rounding tolerance: info ("afrondingsverschil")
NOT_CHECKABLE = 2  # an unknown (pm) figure takes part: info


@dataclass
class CheckOutcome:
    """The rows of one frame that one rule flags, with the numbers a finding needs.

    Attributes:
        rule: the rule that was run.
        n_rows: the length of the frame it ran on.
        checked: how many rows carried a stated figure that the rule compared.
        rows: frame positions of the flagged rows (int64), in frame order.
        status: per flagged row, EXCEEDED, ROUNDING or NOT_CHECKABLE.
        expected / actual / bound: per flagged row (float64, NaN where not applicable).
        n_parts: per flagged row, how many figures were summed (0 where not a sum).
        context: kind-specific extras for messages and hints (e.g. the first occurrence
            of a duplicate, or the parts of a failing total).
    """

    rule: Rule
    n_rows: int
    checked: int
    rows: np.ndarray
    status: np.ndarray
    expected: np.ndarray
    actual: np.ndarray
    bound: np.ndarray
    n_parts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    context: dict[str, Any] = field(default_factory=dict)

    def passed(self, index: pd.Index) -> pd.Series:
        """The boolean Series pandera expects: False exactly on the flagged rows."""
        ok = np.ones(self.n_rows, dtype=bool)
        ok[self.rows] = False
        return pd.Series(ok, index=index)

    def count(self, status: int) -> int:
        """How many flagged rows have this status."""
        return int(np.count_nonzero(self.status == status))


def classify(
    rule: Rule,
    n_rows: int,
    checked_mask: np.ndarray,
    unknown_mask: np.ndarray,
    expected: np.ndarray,
    actual: np.ndarray,
    bound: np.ndarray,
    n_parts: np.ndarray | None = None,
    *,
    tol: Tolerance | None = None,
) -> CheckOutcome:
    """Turn full-length comparison arrays into a sparse outcome.

    A checked row is flagged when an unknown figure takes part (NOT_CHECKABLE), when its
    difference exceeds `bound` (EXCEEDED), or when `tol` is a rounding tolerance and it
    differs by a non-zero amount within the bound (ROUNDING); `tolerance.verdict` decides.
    """
    known = checked_mask & ~unknown_mask
    failed, within_bound = verdict(actual - expected, bound, tol or Tolerance())
    exceeded = known & failed
    within = known & within_bound
    not_checkable = checked_mask & unknown_mask
    flagged = exceeded | within | not_checkable
    rows = np.flatnonzero(flagged)
    status = np.full(len(rows), EXCEEDED, dtype=np.int8)
    status[within[rows]] = ROUNDING
    status[not_checkable[rows]] = NOT_CHECKABLE
    parts = (n_parts[rows] if n_parts is not None else np.zeros(len(rows))).astype(np.int64)
    return CheckOutcome(
        rule=rule,
        n_rows=n_rows,
        checked=int(np.count_nonzero(checked_mask)),
        rows=rows,
        status=status,
        expected=expected[rows].astype(np.float64),
        actual=actual[rows].astype(np.float64),
        bound=bound[rows].astype(np.float64),
        n_parts=parts,
    )
