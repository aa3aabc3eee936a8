"""The `compare` rule kind: a figure stands in a relation (<, <=, >, >=, ==, !=) to its partner
figure or to a fixed number.

Its options, an example rule and a passing and a failing table: `kinds/compare.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sluitend.domains.rijk.vocabulary import LEVELS
from sluitend.rules.base import Rule, Tolerance
from sluitend.rules.missing import DEFAULT_MISSING, MISSING_MODES
from sluitend.rules.where import Where

#: The relations a compare rule can state, as written in `op = "..."`.
OPS = ("<", "<=", ">", ">=", "==", "!=")
#: How a left row finds its partner: the row with the same `on` values ("key"), or the total
#: it sits under ("parent").
PARTNERS = ("key", "parent")


@dataclass(frozen=True, kw_only=True)
class CompareRule(Rule):
    """Each left figure stands in the relation `op` to its partner figure, or to `value`.

    What it checks:
        The rows matching `left` are checked. With `right`, each is paired with a row
        matching `right`: with `partner = "key"` the row with the same values in every `on`
        column (and the same `waarvan`); with `partner = "parent"` the total it sits under:
        the row with the same `on` values whose `levels` are the left row's with the
        deepest filled level emptied (the nearest such total that matches `right`, when an
        intermediate total is not stated). A waarvan line is paired with its total this
        way: "waarvan ICT" under instrument "Materiele uitgaven" is compared with the
        instrument line. With `value`, each left figure is compared with that number. The
        left `column` must satisfy `left op partner`; only left rows can fail. A
        `tolerance` widens the relation by its bound (`<=` holds when left - partner <=
        bound; `==` when the difference is within it; `!=` when it is beyond it). How a
        missing figure (`pm`, an empty cell) or a left row without a partner counts is
        the `missing` mode (below).

    Why:
        Most relations in a budget are inequalities, not sums: a waarvan line is at most
        its total, ontvangsten are not negative, verplichtingen are at least the uitgaven
        of the same year where a rule says so.
    """

    KIND = "compare"

    left: Where
    op: str
    right: Where | None = None
    value: float | None = None
    on: tuple[str, ...] = ()
    partner: str = "key"
    levels: tuple[str, ...] = LEVELS
    column: str = "bedrag"
    tolerance: Tolerance = field(default_factory=Tolerance)
    missing: str = DEFAULT_MISSING

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise ValueError(f"compare rule {self.id!r}: op {self.op!r} is not one of {OPS}")
        if (self.right is None) == (self.value is None):
            raise ValueError(f"compare rule {self.id!r}: give right or value, not both")
        if self.partner not in PARTNERS:
            raise ValueError(f"compare rule {self.id!r}: partner {self.partner!r}")
        if self.missing not in MISSING_MODES:
            raise ValueError(f"compare rule {self.id!r}: missing {self.missing!r}")
