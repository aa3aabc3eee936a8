"""The `hierarchy` rule kind: totals equal the sum of the lines under them, at every level.

Its options, an example rule and a passing and a failing table: `kinds/hierarchy.toml`.
"""

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
    """

    KIND = "hierarchy"

    levels: tuple[str, ...] = LEVELS
    by: tuple[str, ...] = DEFAULT_BY
    tolerance: Tolerance = field(default_factory=Tolerance)
