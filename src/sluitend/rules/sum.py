"""The `sum` rule kind: an explicitly selected total equals the sum of selected parts.

Its options, an example rule and a passing and a failing table: `kinds/sum.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sluitend.rules.base import Rule, Tolerance
from sluitend.rules.missing import DEFAULT_MISSING, MISSING_MODES
from sluitend.rules.where import Where


@dataclass(frozen=True, kw_only=True)
class SumRule(Rule):
    """The total row of each group equals the sum of the parts rows in that group.

    What it checks:
        Rows are grouped by the `by` columns. In each group, the rows matching `total` are
        the stated totals and the rows matching `parts` are summed; every total row must
        equal that sum. A group with parts but no total row is not checked, nor (unless
        `missing` is "always_null" or "always_zero") a group with a total but no parts.
        Memo lines (`waarvan`) are never parts. A missing amount (`pm`) among the parts
        makes the total not checkable (the `missing` mode can say otherwise). Only total
        rows can fail.

    Why:
        Some totals are not a level of the table's hierarchy: the chapter total of a
        begrotingsstaat is the sum of its articles, a subtotal may add up a chosen set of
        lines. `sum` states such a relation explicitly.
    """

    KIND = "sum"

    total: Where
    parts: Where
    by: tuple[str, ...] = ()
    tolerance: Tolerance = field(default_factory=Tolerance)
    missing: str = DEFAULT_MISSING

    def __post_init__(self) -> None:
        if self.missing not in MISSING_MODES:
            raise ValueError(f"sum rule {self.id!r}: missing {self.missing!r}")
