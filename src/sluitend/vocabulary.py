"""The shared vocabulary of every layer: dataset kinds, their columns and allowed codes.

Pure Python on purpose: `rules/` checks rule files against these names without importing
pandas, and `sluitend --help` stays fast.
"""

from __future__ import annotations

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
DATASET_CODES: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "begrotingstabel": {"fase": FASES, "vuo": VUOS},
    "begrotingsstaat": {"fase": FASES, "vuo": VUOS},
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

#: Columns that describe where a figure sits, in the order a person reads them.
WHERE_COLUMNS: Final = ("hoofdstuk", "begroting", "artikel", *LEVELS, "vuo", "jaar")
#: Where-columns a finding names only when they are set (not their default "").
WHERE_WHEN_SET: Final = ("begroting",)

SEVERITIES: Final = ("error", "warning", "info")
SEVERITY_RANK: Final = {"info": 1, "warning": 2, "error": 3}
