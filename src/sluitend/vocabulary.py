"""The shared vocabulary of every layer: dataset kinds, their columns and allowed codes.

Pure Python on purpose: `rules/` checks rule files against these names without importing
pandas, and `sluitend --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

#: Budget phases (begrotingsfase), in the order a budget goes through them.
FASES: Final = ("OWB", "VB", "O1", "O2", "JV", "SW")
#: Verplichtingen, uitgaven, ontvangsten.
VUOS: Final = ("V", "U", "O")
VUO_NAMES: Final = {"V": "Verplichtingen", "U": "Uitgaven", "O": "Ontvangsten"}

#: The levels below an article, top-down. `omschrijving` is the "nadere omschrijving" that
#: the Ministry's budget-table CSVs use as a fourth level under a regeling.
LEVELS: Final = ("onderdeel", "instrument", "regeling", "omschrijving")

#: The canonical budget frame ("long" form, one row per figure): column -> logical dtype.
BUDGET_COLUMNS: Final = {
    "begrotingsjaar": "int",
    "fase": "category",
    "hoofdstuk": "string",
    "begroting": "string",
    "artikel": "string",
    "onderdeel": "string",
    "instrument": "string",
    "regeling": "string",
    "omschrijving": "string",
    "waarvan": "bool",
    "vuo": "category",
    "jaar": "int",
    "bedrag": "Int64",
    "afronding": "int",
    "label": "string",
    "bron": "string",
}

#: Columns a reader may leave out, with the value they then take. `begroting` names the
#: budget within a chapter where one chapter prints several budgets with the same article
#: numbers (chapter III: Algemene Zaken, Kabinet der Koning, CvTIVD, each an article 1);
#: "" everywhere else. `afronding` is the step `bedrag` was rounded to, in the dataset's
#: unit: 1 for whole units, 100 for a block printed in € million with one decimal in a
#: table of thousands; the rounding bound of a sum is half the steps of its figures.
BUDGET_DEFAULTS: Final = {"begroting": "", "afronding": 1}

#: The columns that identify one figure: two rows with the same key are the same figure.
BUDGET_KEY: Final = (
    "begrotingsjaar",
    "fase",
    "hoofdstuk",
    "begroting",
    "artikel",
    *LEVELS,
    "waarvan",
    "vuo",
    "jaar",
)

#: The percentages juridisch verplicht; `categorie` is "" for the article as a whole.
JURIDISCH_VERPLICHT_COLUMNS: Final = {
    "begrotingsjaar": "int",
    "fase": "category",
    "hoofdstuk": "string",
    "artikel": "string",
    "categorie": "string",
    "percentage": "float",
    "label": "string",
    "bron": "string",
}
JURIDISCH_VERPLICHT_KEY: Final = ("begrotingsjaar", "fase", "hoofdstuk", "artikel", "categorie")

#: Dataset kinds: what a rule's `dataset = "..."` may name, and the columns each kind has.
#: A begrotingsstaat (the legal budget statement) has the budget frame's columns, with only
#: article rows and the chapter total (artikel "") in them.
DATASET_KINDS: Final = {
    "begrotingstabel": BUDGET_COLUMNS,
    "begrotingsstaat": BUDGET_COLUMNS,
    "juridisch_verplicht": JURIDISCH_VERPLICHT_COLUMNS,
}
DATASET_KEYS: Final = {
    "begrotingstabel": BUDGET_KEY,
    "begrotingsstaat": BUDGET_KEY,
    "juridisch_verplicht": JURIDISCH_VERPLICHT_KEY,
}
#: The codes each category column of a dataset kind allows, in their order: what the
#: engine's column schema holds a categorical to, without knowing what a fase or a vuo is.
#: A kind registered with category columns registers their codes with them.
#: The budget frame's category columns and their codes (what its readers hold them to).
BUDGET_CODES: Final = {"fase": FASES, "vuo": VUOS}
DATASET_CODES: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "begrotingstabel": BUDGET_CODES,
    "begrotingsstaat": BUDGET_CODES,
    "juridisch_verplicht": {"fase": FASES},
}
#: The columns that name one budget (one chapter) of a dataset kind: the unit the report's
#: coverage says "no total of it was checked" of. A kind without them (the percentages) is
#: accounted for as a whole.
BUDGET_CHAPTER: Final = ("begrotingsjaar", "fase", "hoofdstuk", "begroting")
DATASET_CHAPTERS: Final = {
    "begrotingstabel": BUDGET_CHAPTER,
    "begrotingsstaat": BUDGET_CHAPTER,
    "juridisch_verplicht": (),
}


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
        year: the column of years a diff with `align` cuts to the years both versions have.
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

    def table_columns(self, key: tuple[str, ...]) -> list[str]:
        """The columns of `key` that name one table, in the key's order."""
        if self.table is not None:
            return [c for c in key if c in self.table]
        inside = {*self.levels, *self.series, "waarvan"}
        return [c for c in key if c not in inside]


#: A budget table's layout: where a figure sits (hoofdstuk › artikel › the levels, then its
#: vuo and year), its article total, and how `diff --align jaar` pairs next year's document.
BUDGET_LAYOUT: Final = Layout(
    where=("begrotingsjaar", "fase", "hoofdstuk", "begroting", "artikel", *LEVELS, "vuo", "jaar"),
    when_set=("begroting",),
    levels=LEVELS,
    series=("vuo", "jaar"),
    across="vuo",
    value="bedrag",
    summary=("hoofdstuk", "artikel", "vuo", "jaar"),
    alignments={"jaar": ("begrotingsjaar", "fase")},
    year="jaar",
)
JURIDISCH_VERPLICHT_LAYOUT: Final = Layout(
    where=("begrotingsjaar", "fase", "hoofdstuk", "artikel", "categorie"),
    value="percentage",
    summary=("hoofdstuk", "artikel"),
    alignments={"jaar": ("begrotingsjaar", "fase")},
)
#: Each dataset kind's layout; a kind registered without one has `Layout()`: its key read
#: in order, no levels, not diffed.
DATASET_LAYOUTS: Final[dict[str, Layout]] = {
    "begrotingstabel": BUDGET_LAYOUT,
    "begrotingsstaat": BUDGET_LAYOUT,
    "juridisch_verplicht": JURIDISCH_VERPLICHT_LAYOUT,
}


def layout_of(kind: str) -> Layout:
    """The layout of a dataset kind (`Layout()` for a kind that declares none)."""
    return DATASET_LAYOUTS.get(kind, _NO_LAYOUT)


_NO_LAYOUT: Final = Layout()

SEVERITIES: Final = ("error", "warning", "info")
SEVERITY_RANK: Final = {"info": 1, "warning": 2, "error": 3}
