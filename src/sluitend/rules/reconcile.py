"""The `reconcile` rule kind: the same figure, stated in two datasets, agrees.

Its options, an example rule and a passing and a failing table: `kinds/reconcile.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from sluitend.rules.base import Rule, Tolerance
from sluitend.rules.where import Where

#: The keys a side table may have (`dataset` only on the right side).
SIDE_KEYS = ("dataset", "where", "fase", "jaar", "rename")
RENAME_KEYS = ("column", "where", "map")


@dataclass(frozen=True)
class Rename:
    """Key values one side writes differently: in `column`, each `map` key becomes its value,
    on the rows that match `where` (all rows of the side without it)."""

    column: str
    map: tuple[tuple[str, str], ...]
    where: Where | None = None

    def to_toml(self) -> dict[str, Any]:
        """The value as a rule file writes it."""
        out: dict[str, Any] = {"column": self.column}
        if self.where is not None:
            out["where"] = self.where
        out["map"] = dict(self.map)
        return out


@dataclass(frozen=True)
class Side:
    """Which rows of which dataset kind one side of a reconciliation takes, and how they are
    aligned with the other side.

    Attributes:
        dataset: the dataset kind ("" on the left side: the rule's own `dataset`).
        where: the rows of the side (every row without it).
        fase: only rows of this phase (OWB, VB, O1, O2, JV, SW).
        jaar: only rows whose `jaar` is begrotingsjaar + this (0: the budget year itself,
            -2: the realisation column "t-2").
        rename: key values this side writes differently, mapped before pairing.
    """

    dataset: str = ""
    where: Where | None = None
    fase: str | None = None
    jaar: int | None = None
    rename: tuple[Rename, ...] = ()

    def to_toml(self) -> dict[str, Any]:
        """The value as a rule file writes it (keys at their default left out)."""
        out: dict[str, Any] = {}
        if self.dataset:
            out["dataset"] = self.dataset
        if self.where is not None:
            out["where"] = self.where
        if self.fase is not None:
            out["fase"] = self.fase
        if self.jaar is not None:
            out["jaar"] = self.jaar
        if self.rename:
            out["rename"] = [r.to_toml() for r in self.rename]
        return out


@dataclass(frozen=True, kw_only=True)
class ReconcileRule(Rule):
    """Each figure of one dataset equals the same figure as another dataset states it.

    What it checks:
        The `left` side takes rows of the rule's `dataset` kind, the `right` side rows of
        its own `dataset` kind (the same kind from another file, or another kind). Each
        side is aligned first: `fase` and `jaar` (a year relative to begrotingsjaar) select
        the phase and column that state the figure, `rename` maps key values a side writes
        differently (an article renumbered, a chapter code written otherwise). The sides
        are then paired on the `on` columns (an outer join) and each pair's `column` must
        agree within `tolerance`, counted in the coarser side's unit. The rule runs on every
        pair of datasets of the two kinds that share a year (`scope`). A figure that has no
        counterpart on the other side is reported (info, "no counterpart"), never passed;
        so is a pair with an unknown (`pm`) figure. A finding names both figures, both
        values and both `bron`s.

    Why:
        A budget figure is stated many times: the ontwerpbegroting's table, the
        begrotingsstaat of the same year, next year's table ("t-1"), the realisation two
        years later ("t-2"). Auditors reconcile exactly these; a single table cannot show
        that two documents disagree.
    """

    KIND = "reconcile"
    #: Runs on a pair of datasets, never on one (the runner pairs them).
    CROSS_DATASET: ClassVar[bool] = True

    left: Side = field(default_factory=Side)
    right: Side
    on: tuple[str, ...] = ("hoofdstuk", "artikel", "vuo", "jaar")
    scope: tuple[str, ...] = ("jaar",)
    column: str = "bedrag"
    tolerance: Tolerance = field(default_factory=Tolerance)

    @property
    def right_dataset(self) -> str:
        """The dataset kind of the right side."""
        return self.right.dataset or self.dataset
