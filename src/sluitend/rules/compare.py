"""The `compare` rule kind: a figure stands in a relation (<, <=, >, >=, ==, !=) to its partner
figure or to a fixed number."""

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

    Options:
        left (where expression or selector table; required):
            The rows that are checked, e.g. {waarvan = true}.
        op (one of "<", "<=", ">", ">=", "==", "!="; required):
            The relation `left op partner` that must hold.
        right (where expression or selector table; default none):
            The rows a left row is compared with; give `right` or `value`, not both.
        value (number; default none):
            A fixed number every left figure is compared with, e.g. 0.
        on (list of column names; default []):
            The columns a left row and its partner share; required with `right`.
        partner ("key" or "parent"; default "key"):
            With `right`: the row with the same `on` values ("key"), or the total the left
            row sits under in `levels` ("parent").
        levels (list of column names; default ["onderdeel", "instrument", "regeling",
        "omschrijving"]):
            The levels below the group, top-down (used by `partner = "parent"`).
        column (column name; default "bedrag"):
            The number column that is compared.
        tolerance (0, "rounding" or a table such as {absolute = 2}; default 0):
            How far the relation may be missed before the check fails.
        missing (missing-value mode; default "partial_null"):
            One of non_null, non_zero, partial_null, partial_zero, always_null,
            always_zero: what a missing figure counts as and which left rows are
            checked, as VTL's check_hierarchy modes (see "Missing figures" in the
            README). The default checks a left row that has a partner and calls a
            missing figure on either side "not checkable".
        where (where expression or selector table; default every left row):
            Which left rows are checked.
        Common keys: id, kind, dataset, title, severity, description, severity_by_size.

    Example:
        [[rules]]
        id = "BT030"
        kind = "compare"
        dataset = "begrotingstabel"
        title = "A waarvan line is at most its total"
        left = {waarvan = true}
        op = "<="
        right = {waarvan = false}
        partner = "parent"
        on = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "vuo", "jaar"]

    Passing table:
        onderdeel  instrument         regeling      waarvan  vuo  jaar  bedrag
        7.1.2      Materiele uitgaven                false    U    2017  142.384
        7.1.2      Materiele uitgaven waarvan ICT   true     U    2017   41.458

    Failing table:
        onderdeel  instrument         regeling      waarvan  vuo  jaar  bedrag
        7.1.2      Materiele uitgaven                false    U    2017   35.000
        7.1.2      Materiele uitgaven waarvan ICT   true     U    2017   41.458   <- above 35.000
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
