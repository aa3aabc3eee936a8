"""The `equal` rule kind: a figure equals its partner figure in another set of rows.

Its options, an example rule and a passing and a failing table: `kinds/equal.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sluitend.rules.base import Rule, Tolerance
from sluitend.rules.where import Where


@dataclass(frozen=True, kw_only=True)
class EqualRule(Rule):
    """Each left row equals its right partner, matched on the `on` columns.

    What it checks:
        The rows matching `left` are paired with the rows matching `right` that have the
        same values in every `on` column; the `column` of the left row must equal that of
        its partner. Only left rows can fail. A left row without a partner, or a right row
        without a left one, is not checked. A missing value (`pm`) on either side is not
        checked.

    Why:
        Some figures must agree by definition: from the budget year on, verplichtingen are
        usually equal to uitgaven; a figure copied from one table to another must not change.
    """

    KIND = "equal"

    left: Where
    right: Where
    on: tuple[str, ...]
    column: str = "bedrag"
    tolerance: Tolerance = field(default_factory=Tolerance)
