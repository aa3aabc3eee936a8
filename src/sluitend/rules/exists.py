"""The `exists` rule kind: every group has a row of a required sort (a total, a heading).

Its options, an example rule and a passing and a failing table: `kinds/exists.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sluitend.rules.base import Rule
from sluitend.rules.where import Where


@dataclass(frozen=True, kw_only=True)
class ExistsRule(Rule):
    """Every group of `by` that has a `when` row also has a row matching each `require`.

    What it checks:
        Rows are grouped by the `by` columns (after `where`, if given). A group is checked
        when it holds at least one row matching `when` (every group, without `when`); it
        passes when, for each selector in `require`, at least one of its rows matches that
        selector. With `within`, a group is checked only where its wider group (the
        `within` columns) states at least one such required row anywhere: a layout that
        never prints such rows is not reported group by group (the coverage of the report
        says that its sums are not checked). A failing group is reported once, at its
        first `when` row, naming the rows it lacks. Amounts are not compared: a `pm`
        figure counts as a row.

    Why:
        A sum rule checks the totals that are there. When a total row is deleted or was
        never typed, the sum under it has nothing to be compared with and every other
        check stays green; `exists` makes the missing row itself a finding.
    """

    KIND = "exists"

    require: tuple[Where, ...]
    by: tuple[str, ...] = ()
    when: Where | None = None
    within: tuple[str, ...] = ()
