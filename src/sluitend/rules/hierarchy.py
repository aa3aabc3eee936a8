"""The `hierarchy` rule kind: totals equal the sum of the lines under them, at every level."""

from __future__ import annotations

from dataclasses import dataclass, field

from sluitend.domains.rijk.vocabulary import LEVELS
from sluitend.rules.base import Rule, Tolerance

#: A figure's place above the levels: one hierarchy per article, vuo and year.
DEFAULT_BY = ("begrotingsjaar", "fase", "hoofdstuk", "begroting", "artikel", "vuo", "jaar")


@dataclass(frozen=True, kw_only=True)
class HierarchyRule(Rule):
    """Every stated total equals the sum of the lines under it, at every level.

    What it checks:
        Within each group of `by` columns, a row's parent is the row with its deepest
        filled level emptied (so an article without onderdelen hangs its instruments
        straight under the article total); the article total has every level empty.
        Each stated total must equal the sum of its direct children. When an intermediate
        total is not stated (no row, or an instrument header without an amount), the check
        bridges it: the total above is compared with the sum of its nearest stated
        descendants. Memo lines (`waarvan`) take no part in any sum. A missing amount
        (`pm`) below a total makes that
        total not checkable. Only the total row can fail, never the lines under it.

    Why:
        Budget tables are typed and retyped by hand; a line changed without its total, a
        line left out or counted twice shows up as a total that no longer adds up.

    Options:
        levels (list of column names; default ["onderdeel", "instrument", "regeling",
        "omschrijving"]):
            The levels below the group, top-down.
        by (list of column names; default ["begrotingsjaar", "fase", "hoofdstuk",
        "begroting", "artikel", "vuo", "jaar"]):
            The columns that fix one hierarchy; totals never cross these.
        tolerance (0, "rounding" or a table such as {absolute = 2}; default 0):
            How far a total may differ from the sum of its parts.
        where (where expression or selector table; default every total):
            Which TOTAL rows are checked; the parts are always all lines under them.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "BT001"
        kind = "hierarchy"
        dataset = "begrotingstabel"
        title = "Lines add up to their totals"
        where = "onderdeel != ''"
        tolerance = 0
        severity = "error"

    Passing table:
        artikel  onderdeel  instrument  regeling    vuo  jaar  bedrag
        7                                           U    2022      90
        7        7.1                                U    2022      60
        7        7.1        Subsidies               U    2022
        7        7.1        Subsidies   Regeling A  U    2022      25
        7        7.1        Subsidies   Regeling B  U    2022      35
        7        7.2                                U    2022      30

    Failing table:
        artikel  onderdeel  instrument  regeling    vuo  jaar  bedrag
        7                                           U    2022      95   <- 60 + 30 = 90
        7        7.1                                U    2022      60   <- 25 + 36 = 61
        7        7.1        Subsidies   Regeling A  U    2022      25
        7        7.1        Subsidies   Regeling B  U    2022      36
        7        7.2                                U    2022      30
    """

    KIND = "hierarchy"

    levels: tuple[str, ...] = LEVELS
    by: tuple[str, ...] = DEFAULT_BY
    tolerance: Tolerance = field(default_factory=Tolerance)
