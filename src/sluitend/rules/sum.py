"""The `sum` rule kind: an explicitly selected total equals the sum of selected parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from sluitend.rules.base import Rule, Tolerance
from sluitend.rules.missing import DEFAULT_MISSING, MISSING_MODES
from sluitend.rules.where import Where


@dataclass(frozen=True, kw_only=True)
class SumRule(Rule):
    """The total row of each group equals the sum of the parts rows in that group.

    What it checks:
        Rows are grouped by the `by` columns. In each group, the rows matching `total` are
        the stated totals and the rows matching `parts` are summed; every total row must
        equal that sum. A group with parts but no total row is not checked, nor (unless
        `missing` is "always_null" or "always_zero") a group with a total but no parts.
        Memo lines (`waarvan`) are never parts. A missing amount (`pm`) among the parts
        makes the total not checkable (the `missing` mode can say otherwise). Only total
        rows can fail.

    Why:
        Some totals are not a level of the table's hierarchy: the chapter total of a
        begrotingsstaat is the sum of its articles, a subtotal may add up a chosen set of
        lines. `sum` states such a relation explicitly.

    Options:
        total (where expression or selector table; required):
            The rows that state the total, e.g. {artikel = ""}.
        parts (where expression or selector table; required):
            The rows that add up to it, e.g. "artikel != ''".
        by (list of column names; default []):
            The columns that fix one total and its parts; [] makes the whole table one group.
        tolerance (0, "rounding" or a table such as {absolute = 2}; default 0):
            How far a total may differ from the sum of its parts.
        missing (missing-value mode; default "partial_null"):
            One of non_null, non_zero, partial_null, partial_zero, always_null,
            always_zero: what a missing figure counts as and which totals are checked,
            as VTL's check_hierarchy modes (see "Missing figures" in the README); e.g.
            "partial_zero" counts a pm line as 0, "always_zero" also checks a total
            without parts against 0.
        where (where expression or selector table; default every total):
            Which total rows are checked.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "BS001"
        kind = "sum"
        dataset = "begrotingsstaat"
        title = "Articles add up to the chapter total"
        total = {artikel = ""}
        parts = "artikel != ''"
        by = ["begrotingsjaar", "fase", "hoofdstuk", "vuo", "jaar"]

    Passing table:
        hoofdstuk  artikel  vuo  jaar  bedrag
        VII                 U    2022     150
        VII        1        U    2022     100
        VII        7        U    2022      50

    Failing table:
        hoofdstuk  artikel  vuo  jaar  bedrag
        VII                 U    2022     160   <- 100 + 50 = 150
        VII        1        U    2022     100
        VII        7        U    2022      50
    """

    KIND = "sum"

    total: Where
    parts: Where
    by: tuple[str, ...] = ()
    tolerance: Tolerance = field(default_factory=Tolerance)
    missing: str = DEFAULT_MISSING

    def __post_init__(self) -> None:
        if self.missing not in MISSING_MODES:
            raise ValueError(f"sum rule {self.id!r}: missing {self.missing!r}")
