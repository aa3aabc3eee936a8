"""The generic vocabulary every layer shares: the registry of dataset kinds, their layouts.

It names no domain: each domain (`sluitend.domains.rijk`, `sluitend.domains.iv3`) registers
its kinds here through `sluitend.datasets.registry.register_kind` when `sluitend` is
imported, with its columns, key, codes and `Layout`, and the engine, the rules and the
reports ask these tables instead of naming a domain's columns.

Pure Python on purpose: `rules/` checks rule files against these names without importing
pandas, and `sluitend --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

#: Dataset kinds: what a rule's `dataset = "..."` may name, and the columns each kind has
#: (column -> logical dtype: "int", "Int64", "float", "bool", "string", "category").
DATASET_KINDS: Final[dict[str, dict[str, str]]] = {}
#: The columns that identify one figure of each kind: two rows with the same key are the
#: same figure.
DATASET_KEYS: Final[dict[str, tuple[str, ...]]] = {}
#: The values a column of a dataset kind may hold, where the kind fixes them: the codes of
#: each category column, in their order (what the engine's column schema holds a
#: categorical to, without knowing what the codes mean; a kind registered with category
#: columns registers their codes with them), and the one value of a text column that only
#: ever has one (a begrotingsstaat's levels, all ""), which `rules lint` reasons with.
DATASET_CODES: Final[dict[str, dict[str, tuple[str, ...]]]] = {}
#: The columns that name one budget (one chapter) of a dataset kind: the unit the report's
#: coverage says "no total of it was checked" of. A kind without them is accounted for as
#: a whole.
DATASET_CHAPTERS: Final[dict[str, tuple[str, ...]]] = {}
#: The columns a reader of a kind may leave out, with the value they then take
#: (`datasets.frame.budget_frame` fills them in).
DATASET_DEFAULTS: Final[dict[str, dict[str, Any]]] = {}


@dataclass(frozen=True)
class Layout:
    """How the figures of a dataset kind are laid out: what the generic engine asks of a kind
    instead of naming its columns (the engine knows `bedrag`, `waarvan`, `label` and `bron`,
    the columns every kind of amounts shares, and nothing of a domain).

    Attributes:
        where: the columns that say where a figure sits, in the order a person reads them;
            key columns not named here follow in the key's order.
        when_set: where-columns a finding names only when they are set (not their default
            ""), so that findings and fingerprints of every table that leaves them empty
            read as they did before the column existed.
        levels: the hierarchy below one table, top-down: a row with every level "" (and
            not a memo line) is the table's total. (): the kind has no totals by level.
        table: the key columns that name one table (an article of one budget); None: the
            key without its levels, memo flag and `series`.
        series: the key columns a table's figures spread over besides the levels (its
            columns: vuo and jaar); not part of `table`.
        across: the key column a comparison pairs figures across (V with U): a failing
            comparison may involve the same cell under another value of it.
        value: the column `sluitend diff` compares; None: such datasets are not diffed.
        summary: the columns a diff's summary counts by (those of them in the key).
        alignments: `diff --align` choices: the key columns each leaves out of the match.
        year: the column of years a diff with `align` cuts to the years both versions have,
            and a reconcile side's `jaar` selects.
        phase: the column of a figure's phase (fase) that a reconcile side's `fase` selects;
            None: a side's `fase` selects nothing of this kind.
        base_year: the column of the budget year a reconcile side's `jaar` counts from
            (`jaar = -2`: the year two before it); None, or no `year`: a side's `jaar`
            selects nothing of this kind.
        printed: the key columns whose values make one printed table of the kind, as its
            publisher prints it (a section of the html, xlsx and printed views; its other
            key columns are the table's rows and columns); (): the kind is not printed as
            tables.
    """

    where: tuple[str, ...] = ()
    when_set: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    table: tuple[str, ...] | None = None
    series: tuple[str, ...] = ()
    across: str | None = None
    value: str | None = None
    summary: tuple[str, ...] = ()
    alignments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    year: str | None = None
    phase: str | None = None
    base_year: str | None = None
    printed: tuple[str, ...] = ()

    def phases_side_by_side(self) -> bool:
        """Whether one printed table holds several phases (its columns), so that a finding
        must say its phase: true when the kind has a phase column outside `printed`."""
        return bool(self.printed) and self.phase is not None and self.phase not in self.printed

    def table_columns(self, key: tuple[str, ...]) -> list[str]:
        """The columns of `key` that name one table, in the key's order."""
        if self.table is not None:
            return [c for c in key if c in self.table]
        inside = {*self.levels, *self.series, "waarvan"}
        return [c for c in key if c not in inside]


#: Each dataset kind's layout; a kind registered without one has `Layout()`: its key read
#: in order, no levels, not diffed.
DATASET_LAYOUTS: Final[dict[str, Layout]] = {}


def layout_of(kind: str) -> Layout:
    """The layout of a dataset kind (`Layout()` for a kind that declares none)."""
    return DATASET_LAYOUTS.get(kind, _NO_LAYOUT)


_NO_LAYOUT: Final = Layout()


#: How a sentence names a figure (`sluitend.dutch`): the levels, top-down, whose deepest
#: value that is set names a figure without a label, the names of the codes of its `vuo`
#: column ("U" -> "Uitgaven"), and the value columns that hold percentages (written
#: "95,2%", not as an amount). One naming for every kind, because a finding's place does
#: not say its kind; a domain sets it with `datasets.registry.register_naming`.
FIGURE_LEVELS: Final[list[str]] = []
CODE_NAMES: Final[dict[str, str]] = {}
PERCENT_COLUMNS: Final[set[str]] = set()

SEVERITIES: Final = ("error", "warning", "info")
SEVERITY_RANK: Final = {"info": 1, "warning": 2, "error": 3}
