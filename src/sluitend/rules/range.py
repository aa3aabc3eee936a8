"""The `range` rule kind: a number lies between a minimum and a maximum."""

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

    Options:
        column (column name; required):
            The number column that is checked.
        min (number; default none):
            The smallest allowed value.
        max (number; default none):
            The largest allowed value; at least one of min and max is required.
        where (where expression or selector table; default every row):
            Which rows are checked.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "JV001"
        kind = "range"
        dataset = "juridisch_verplicht"
        title = "Percentages juridisch verplicht lie between 0 and 100"
        column = "percentage"
        min = 0
        max = 100

    Passing table:
        hoofdstuk  artikel  percentage
        VII        1              95.2
        VII        7              100.0

    Failing table:
        hoofdstuk  artikel  percentage
        VII        1             952.0   <- above 100
        VII        7              -3.0   <- below 0
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
