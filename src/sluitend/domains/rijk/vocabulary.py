"""The Rijksbegroting's vocabulary: its dataset kinds, their columns, keys, codes and layouts.

The budget tables and begrotingsstaten of the Ministry of Finance (one "long" frame, one row
per figure) and the percentages juridisch verplicht. `sluitend.domains.rijk` registers the
kinds with `sluitend.datasets.registry`; the generic layers ask the registry
(`sluitend.vocabulary`) and never import these names. Pure Python, like the registry.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from sluitend.vocabulary import Layout

#: The dataset kinds of this domain: what a rule's `dataset = "..."` names.
BEGROTINGSTABEL: Final = "begrotingstabel"
#: A begrotingsstaat (the legal budget statement) has the budget frame's columns, with only
#: article rows and the chapter total (artikel "") in them.
BEGROTINGSSTAAT: Final = "begrotingsstaat"
JURIDISCH_VERPLICHT: Final = "juridisch_verplicht"

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
#: The value columns that hold percentages (a finding writes "95,2%", not an amount).
PERCENTAGE_COLUMNS: Final = ("percentage",)

#: The budget frame's category columns and their codes (what its readers hold them to).
BUDGET_CODES: Final = {"fase": FASES, "vuo": VUOS}
#: A begrotingsstaat has only article rows and the chapter total: every level is "".
STAAT_CODES: Final = {**BUDGET_CODES, **{level: ("",) for level in LEVELS}}

#: What a budget frame's reader may leave out, with the value it then takes: the levels
#: below an article ("" is the total of the level above), the memo flag, and the
#: `BUDGET_DEFAULTS` (what `datasets.frame.budget_frame` fills in).
BUDGET_FILL: Final = {**{level: "" for level in LEVELS}, "waarvan": False, **BUDGET_DEFAULTS}

#: The columns that name one budget (one chapter): the unit the report's coverage says
#: "no total of it was checked" of. The percentages are accounted for as a whole.
BUDGET_CHAPTER: Final = ("begrotingsjaar", "fase", "hoofdstuk", "begroting")

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
    phase="fase",
    base_year="begrotingsjaar",
    printed=("begrotingsjaar", "fase", "hoofdstuk", "begroting", "artikel"),
)
#: A begrotingsstaat prints one table per budget, its phases side by side.
STAAT_LAYOUT: Final = replace(BUDGET_LAYOUT, printed=("begrotingsjaar", "hoofdstuk", "begroting"))
JURIDISCH_VERPLICHT_LAYOUT: Final = Layout(
    where=("begrotingsjaar", "fase", "hoofdstuk", "artikel", "categorie"),
    value="percentage",
    summary=("hoofdstuk", "artikel"),
    alignments={"jaar": ("begrotingsjaar", "fase")},
    phase="fase",
    base_year="begrotingsjaar",
    printed=("begrotingsjaar", "fase", "hoofdstuk"),
)
