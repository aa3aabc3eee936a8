"""The `change` rule kind: a figure does not change by more than a bound from the year (or
the document) before.

Its options, an example rule and a passing and a failing table: `kinds/change.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sluitend.rules.base import Rule

#: The column of the budget year of the document that states a figure: a change along it
#: compares with the previous budget ("begroting 2016"), not with the year before.
ACROSS_DOCUMENTS = "begrotingsjaar"
#: The columns a change can be measured along: the year a figure is for, or the budget year
#: of the document that states it.
ALONG = ("jaar", ACROSS_DOCUMENTS)


@dataclass(frozen=True, kw_only=True)
class ChangeRule(Rule):
    """A figure differs from the same figure one step earlier by at most a bound.

    What it checks:
        Each row is paired with the row one step earlier along `along`: the row whose
        `along` value is one less and whose other `on` columns are the same. With `along =
        "jaar"` that is the same line in the year before (within one document); with
        `along = "begrotingsjaar"` it is the same figure for the same year in the
        previous budget (where the data holds several begrotingsjaren, as the
        begrotingsstaten do). The change is the figure minus the earlier one; it fails
        when it exceeds `absolute` and exceeds `relative` times the earlier figure (a
        bound left out does not limit; with both, a change must exceed both to fail, so
        small lines that double are not reported unless `absolute` says so). From an
        earlier figure of 0 any change is relatively unbounded. Only the later row can
        fail; a row without an earlier one is not checked; a missing figure (`pm`) on
        either side is not checkable.

    Why:
        A line that grows by half from one year to the next is seldom a typo, but often
        worth a look: a shifted column, a figure in euros among thousands, a policy
        change nobody explained.
    """

    KIND = "change"

    along: str = "jaar"
    on: tuple[str, ...] = ()
    column: str = "bedrag"
    absolute: float | None = None
    relative: float | None = None

    def __post_init__(self) -> None:
        if self.along not in ALONG:
            raise ValueError(f"change rule {self.id!r}: along {self.along!r}")
        if self.absolute is None and self.relative is None:
            raise ValueError(f"change rule {self.id!r}: set absolute, relative or both")
