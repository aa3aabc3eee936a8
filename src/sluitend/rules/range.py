"""The `range` rule kind: a number lies between a minimum and a maximum.

Its options, an example rule and a passing and a failing table: `kinds/range.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sluitend.rules.base import Rule


@dataclass(frozen=True, kw_only=True)
class RangeRule(Rule):
    """Every value of a number column lies within [min, max].

    What it checks:
        Each row's `column` must be at least `min` and at most `max` (both bounds
        inclusive; either may be left out, not both). A missing value (`pm`, an empty cell)
        is not checked. Each out-of-range cell fails on its own.

    Why:
        A percentage juridisch verplicht above 100, or a negative amount where none can be,
        is a typing or unit error that no sum would catch.
    """

    KIND = "range"

    column: str
    min: float | None = None
    max: float | None = None

    def __post_init__(self) -> None:
        if self.min is None and self.max is None:
            raise ValueError(f"range rule {self.id!r}: set min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"range rule {self.id!r}: min {self.min} is above max {self.max}")
