"""The Iv3 vocabulary: dataset kinds, their columns and keys, and the parts of a delivery.

Pure Python (no pandas), registered with `sluitend.datasets.registry` on import.

One kind holds every amount of a delivery (`iv3`): lasten and baten per taakveld x
categorie, balans mutaties (balans_lasten, balans_baten) per balanscode x categorie, and
balans standen per balanscode x standper, told apart by `onderdeel`. CBS's plausibility
checks cross these parts (PF001 sets taakvelden against the balance, PF003 standen against
mutaties), so keeping them in one frame keeps every check within one rule's reach. Columns a
part does not use are "" (a stand has no categorie). Kengetallen and beleidsindicatoren are
text values (`iv3_kengetallen`); structure faults found by the JSON Schema are rows of
`iv3_structuur`, so that they are reported by rules like every other finding.
"""

from __future__ import annotations

from typing import Final

from sluitend.vocabulary import Layout

#: The kind of every amount of a delivery.
AMOUNTS: Final = "iv3"
#: Kengetallen and beleidsindicatoren (text values per verslagperiode).
INDICATORS: Final = "iv3_kengetallen"
#: One row per structure fault (SF code) of a JSON delivery.
STRUCTURE: Final = "iv3_structuur"

#: The parts ("onderdelen") of a delivery's `data` that hold amounts.
AMOUNT_PARTS: Final = ("lasten", "baten", "balans_lasten", "balans_baten", "balans_standen")
INDICATOR_PARTS: Final = ("kengetallen", "beleidsindicatoren")

#: One delivery (who, for which boekjaar and periode) and the part of it a row is in: the
#: first columns, and the first key columns, of the amounts and the indicators.
_DELIVERY_PART: Final = {
    "overheid": "string",
    "overheidsnummer": "string",
    "boekjaar": "int",
    "periode": "int",
    "onderdeel": "string",
}
#: Where a row was read, as every kind ends.
_READ_FROM: Final = {"label": "string", "bron": "string"}

AMOUNT_COLUMNS: Final = {
    **_DELIVERY_PART,
    "taakveld": "string",
    "balanscode": "string",
    "categorie": "string",
    "standper": "string",
    # A breakdown of the figure before it (the CSV's salarissen within a taakveld's lasten):
    # checked for its codes, never added into a total.
    "waarvan": "bool",
    "bedrag": "float",
    **_READ_FROM,
}
AMOUNT_KEY: Final = (*_DELIVERY_PART, "taakveld", "balanscode", "categorie", "standper", "waarvan")
#: One delivery of one government: what the report's coverage accounts for as one budget.
AMOUNT_CHAPTER: Final = ("overheid", "overheidsnummer", "boekjaar", "periode")
#: A finding names the part first (lasten, baten, balans_standen), then the rest of the key.
AMOUNT_LAYOUT: Final = Layout(where=("onderdeel",))

INDICATOR_COLUMNS: Final = {
    **_DELIVERY_PART,
    "verslagperiode": "string",
    "code": "string",
    "waarde": "string",
    **_READ_FROM,
}
INDICATOR_KEY: Final = (*_DELIVERY_PART, "verslagperiode", "code")
INDICATOR_LAYOUT: Final = Layout(where=("onderdeel",))

STRUCTURE_COLUMNS: Final = {
    "overheid": "string",
    "foutcode": "string",
    "onderdeel": "string",
    "fout": "string",
    "goed": "string",
    "extra": "string",
    **_READ_FROM,
}
STRUCTURE_KEY: Final = ("overheid", "foutcode", "bron")
