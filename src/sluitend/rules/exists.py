"""The `exists` rule kind: every group has a row of a required sort (a total, a heading)."""

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

    Options:
        require (where expression, selector table, or a list of them; required):
            The rows every checked group must hold, e.g. {onderdeel = "", instrument = ""}.
            With a list, the group must hold a row for each of them.
        by (list of column names; default []):
            The columns that fix one group; [] makes the whole table one group.
        when (where expression or selector table; default every group):
            Only groups with a row matching this are checked, e.g. "onderdeel != ''".
        within (list of column names; default []):
            When set, only groups whose wider group of these columns states a required row
            somewhere are checked (for each `require` selector on its own).
        where (where expression or selector table; default every row):
            Which rows take part at all, both as `when` rows and as required rows.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "BT030"
        kind = "exists"
        dataset = "begrotingstabel"
        title = "Every table with lines states its total"
        by = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "vuo"]
        when = "onderdeel != '' and waarvan == false"
        require = {onderdeel = "", waarvan = false}
        within = ["begrotingsjaar", "fase", "hoofdstuk"]
        severity = "warning"

    Passing table:
        artikel  onderdeel  vuo  jaar  bedrag
        7                   U    2022      90
        7        7.1        U    2022      60
        7        7.2        U    2022      30
        8                   U    2022      12

    Failing table:
        artikel  onderdeel  vuo  jaar  bedrag
        7        7.1        U    2022      60   <- article 7 U has lines but no total
        7        7.2        U    2022      30
        8                   U    2022      12
    """

    KIND = "exists"

    require: tuple[Where, ...]
    by: tuple[str, ...] = ()
    when: Where | None = None
    within: tuple[str, ...] = ()
