"""`CheckOutcome`: what one rule's check found, kept sparse (flagged rows only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sluitend.engine.findings import RuleResult
from sluitend.engine.tolerance import statistical_bound, verdict
from sluitend.rules.base import Rule, Tolerance

#: Status codes of a flagged row.
EXCEEDED = 0  # beyond the tolerance: the rule's severity
ROUNDING = 1  # non-zero but within a rounding tolerance: info ("afrondingsverschil")
NOT_CHECKABLE = 2  # an unknown (pm) figure takes part: info
UNLIKELY = 3  # within the worst-case rounding bound, beyond the statistical one: warning
#: Fails as read, but adds up when its memo (waarvan) lines count as parts: which reading
#: the table means cannot be told, so it is said, as info ("ambiguous layout").
AMBIGUOUS = 4


@dataclass
class CheckOutcome:
    """The rows of one frame that one rule flags, with the numbers a finding needs.

    Attributes:
        rule: the rule that was run.
        n_rows: the length of the frame it ran on.
        checked: how many rows carried a stated figure that the rule compared.
        rows: frame positions of the flagged rows (int64), in frame order.
        status: per flagged row, EXCEEDED, ROUNDING, NOT_CHECKABLE, UNLIKELY or AMBIGUOUS.
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

    def count(self, status: int) -> int:
        """How many flagged rows have this status."""
        return int(np.count_nonzero(self.status == status))

    def result(self, dataset: str) -> RuleResult:
        """How the rule fared on `dataset` (a name): a difference "unlikely to be rounding
        alone" fails it as one beyond the tolerance does, for one dataset or a pair."""
        rule = self.rule
        return RuleResult(
            rule=rule.id,
            title=rule.title,
            kind=rule.kind,
            severity=rule.severity,
            dataset=dataset,
            checked=self.checked,
            failed=self.count(EXCEEDED) + self.count(UNLIKELY),
            not_checkable=self.count(NOT_CHECKABLE),
            rounding=self.count(ROUNDING),
        )


def flagged_rows(
    rule: Rule, n_rows: int, checked: int, rows: np.ndarray, context: dict[str, Any]
) -> CheckOutcome:
    """The outcome of a check that flags rows without amounts (a duplicate, a missing
    total): each flagged row EXCEEDED, no expected/actual figures, no parts."""
    nan = np.full(len(rows), np.nan)
    return CheckOutcome(
        rule=rule,
        n_rows=n_rows,
        checked=checked,
        rows=rows,
        status=np.full(len(rows), EXCEEDED, dtype=np.int8),
        expected=nan,
        actual=nan.copy(),
        bound=np.zeros(len(rows)),
        n_parts=np.zeros(len(rows), dtype=np.int64),
        context=context,
    )


def classify_rows(
    rule: Rule,
    n_rows: int,
    rows: np.ndarray,
    unknown: np.ndarray,
    expected: np.ndarray,
    actual: np.ndarray,
    bound: np.ndarray,
    n_parts: np.ndarray | None = None,
    *,
    tol: Tolerance | None = None,
) -> CheckOutcome:
    """Turn the comparisons of the checked rows into a sparse outcome.

    `rows` are the frame positions of the checked rows, ascending; the other arrays hold
    one value per checked row. A checked row is flagged when an unknown figure takes part
    (NOT_CHECKABLE), when its difference exceeds `bound` (EXCEEDED), or when `tol` is a
    rounding tolerance and it differs by a non-zero amount within the bound (ROUNDING);
    `tolerance.verdict` decides.
    """
    failed, within_bound = verdict(actual - expected, bound, tol or Tolerance())
    parts = n_parts if n_parts is not None else np.zeros(len(rows), dtype=np.int64)
    outcome, flagged = flag(
        rule,
        n_rows,
        rows,
        failed=~unknown & failed,
        within=~unknown & within_bound,
        unknown=unknown,
        expected=expected,
        actual=actual,
        bound=bound,
        n_parts=parts,
    )
    if tol is not None and tol.sigma and tol.rounding:
        # m independently rounded figures: the parts and the stated total (2 for equal).
        m = (n_parts[flagged] + 1) if n_parts is not None else np.full(len(flagged), 2)
        stat = statistical_bound(tol.sigma, m)
        diff = np.abs(actual[flagged] - expected[flagged])
        outcome.status[(outcome.status == ROUNDING) & (diff > stat)] = UNLIKELY
    return outcome


def flag(
    rule: Rule,
    n_rows: int,
    rows: np.ndarray,
    *,
    failed: np.ndarray,
    within: np.ndarray,
    unknown: np.ndarray,
    expected: np.ndarray,
    actual: np.ndarray,
    bound: np.ndarray,
    n_parts: np.ndarray | None = None,
) -> tuple[CheckOutcome, np.ndarray]:
    """The sparse outcome of checked rows whose verdict is known.

    `rows` are the frame positions of the checked rows, ascending; every other array holds
    one value per checked row: `failed` (EXCEEDED), `within` a rounding tolerance
    (ROUNDING) and `unknown` (NOT_CHECKABLE, which wins) are disjoint from the caller's
    view of "passed". Returns the outcome and the flagged positions within `rows`, for the
    caller's own context arrays.
    """
    flagged = np.flatnonzero(failed | within | unknown)
    status = np.full(len(flagged), EXCEEDED, dtype=np.int8)
    status[within[flagged]] = ROUNDING
    status[unknown[flagged]] = NOT_CHECKABLE
    outcome = CheckOutcome(
        rule=rule,
        n_rows=n_rows,
        checked=len(rows),
        rows=rows[flagged].astype(np.int64, copy=False),
        status=status,
        expected=np.asarray(expected[flagged], dtype=np.float64),
        actual=np.asarray(actual[flagged], dtype=np.float64),
        bound=np.asarray(bound[flagged], dtype=np.float64),
    )
    if n_parts is not None:
        outcome.n_parts = n_parts[flagged].astype(np.int64)
    return outcome, flagged
