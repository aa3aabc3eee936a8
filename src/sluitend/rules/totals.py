"""The `totals` rule kind: per group, the total of one set of rows equals that of another.

Its options, an example rule and a passing and a failing table: `kinds/totals.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sluitend.rules.base import Rule, Tolerance
from sluitend.rules.where import Where


@dataclass(frozen=True, kw_only=True)
class TotalsRule(Rule):
    """Per group of `by`, the sum of the `left` rows equals the sum of the `right` rows.

    What it checks:
        The rows in scope (`where`) are grouped by `by`. In each group the amounts of the
        rows matching `left` and those matching `right` are summed (breakdown rows,
        `waarvan`, never count) and compared. With `measure = "difference"` the difference
        is held to `tolerance`; with `measure = "percentage"` the difference as a
        percentage of the left total is held to `max_percentage` (a difference within the
        rounding bound never fails). A group in scope without any left or right rows is
        "not checkable" (`missing_message`), and so is a group whose figures are all zero:
        neither is ever passed. An unknown (missing) amount makes its group not checkable.
        One finding per group, on the group's first row.

    Why:
        Some totals must agree by definition without either being a stated figure: Iv3's
        totaal lasten taakvelden = totaal baten taakvelden (PF006), activa = passiva (PF007,
        PF008), and the movement identity primo + mutaties = ultimo (PF003, with primo and
        increases left, ultimo and decreases right).
    """

    KIND = "totals"

    left: Where
    right: Where
    by: tuple[str, ...] = ()
    amount: str = "bedrag"
    measure: str = "difference"
    max_percentage: float = 0.0
    tolerance: Tolerance = field(default_factory=Tolerance)
    message: str = ""
    missing_message: str = ""
    left_name: str = "left"
    right_name: str = "right"

    @property
    def relative(self) -> bool:
        """True when the difference is held as a percentage of the left total (`measure =
        "percentage"`), not as an amount."""
        return self.measure == "percentage"
