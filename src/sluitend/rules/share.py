"""The `share` rule kind: per group, how much of the amount sits in rows that should be rare.

Its options, an example rule and a passing and a failing table: `kinds/share.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sluitend.rules.base import Rule
from sluitend.rules.where import Where


@dataclass(frozen=True, kw_only=True)
class ShareRule(Rule):
    """Per group of `by`, the `part` rows hold at most a given share (or amount) of the total.

    What it checks:
        The rows in scope (`where`) are grouped by `by`. In each group the absolute amounts
        of the `part` rows are summed. With `measure = "percentage"` that sum, as a
        percentage of the absolute amounts of the `base` rows, may be at most
        `max_percentage`; with `measure = "value"` the sum itself may be at most
        `max_value`. A group without any `base` rows (percentage) is "not checkable"
        (`missing_message`); a group without `part` rows passes (nothing is used). One
        finding per group, on its first part row.

    Why:
        Some categories may only be used in a few places: Iv3 allows only categories 6.1,
        7.2 and 7.5 on the financial balance codes (PF002), categorie 6.1 only there and on
        taakveld 0.5 (PF005), and the "onverdeeld" categories 4.3.9 and 4.4.9 not in the
        quarterly and annual figures (PF009).
    """

    KIND = "share"

    part: Where
    base: Where | None = None
    by: tuple[str, ...] = ()
    amount: str = "bedrag"
    measure: str = "percentage"
    max_percentage: float = 0.0
    max_value: float = 0.0
    message: str = ""
    missing_message: str = ""
    right_name: str = "base"
