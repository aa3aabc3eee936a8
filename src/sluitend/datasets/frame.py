"""The canonical frames and the `Dataset` that carries one.

Every reader ends in `budget_frame(...)` or `juridisch_verplicht_frame(...)`, so that
whatever the source, the engine sees the same columns with the same pandas dtypes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sluitend.vocabulary import DATASET_CODES, DATASET_DEFAULTS, DATASET_KINDS

#: The dtype of every text column: Arrow-backed strings. Compared with Python string objects
#: they take a third of the memory, compare and factorize in C++ (3-10x faster on a
#: national budget), and come out of a Parquet file without converting every cell.
TEXT_DTYPE = pd.StringDtype("pyarrow")


def _dtype(codes: dict[str, tuple[str, ...]], column: str, logical: str) -> Any:
    if column == "bron":  # a table and a number per row (`sluitend.datasets.bron`)
        from sluitend.datasets.bron import BRON_DTYPE

        return BRON_DTYPE
    if logical == "int":
        return "int64"
    if logical == "Int64":
        return "Int64"
    if logical == "float":
        return "float64"
    if logical == "bool":
        return "bool"
    if logical == "category":
        return pd.CategoricalDtype(list(codes[column]))
    return TEXT_DTYPE


def pandas_dtypes(kind: str) -> dict[str, Any]:
    """The pandas dtype of every column of a dataset kind's frame."""
    codes = DATASET_CODES[kind]
    return {c: _dtype(codes, c, t) for c, t in DATASET_KINDS[kind].items()}


def _conform(frame: pd.DataFrame, columns: dict[str, str], kind: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks columns {missing} of kind {kind!r}")
    # A new frame of the columns (never the caller's): columns already of their dtype are
    # not copied again, which matters for three million rows read from Parquet. Copy-on-
    # write keeps the caller's frame and this one apart; copy=False also spares copying
    # the columns into pandas' two-dimensional blocks.
    dtypes = pandas_dtypes(kind)
    return pd.DataFrame(
        {c: _as_dtype(frame[c], t, dtypes[c]) for c, t in columns.items()}, copy=False
    )


def _as_dtype(column: pd.Series, logical: str, dtype: Any) -> pd.Series:
    """A column as its canonical dtype, with a fresh default index; text without <NA>."""
    if logical == "string" and column.hasnans:
        column = column.fillna("")
    if column.dtype != dtype:
        column = column.astype(dtype)
    return column.reset_index(drop=True)


def budget_frame(frame: pd.DataFrame, kind: str = "begrotingstabel") -> pd.DataFrame:
    """Return `frame` as the canonical budget frame: its columns, in order, with their dtypes.

    Missing columns are filled with the kind's defaults (`vocabulary.DATASET_DEFAULTS`: for
    a budget, "" for a level, a total of the level above; False for `waarvan`; `begroting`
    "" and `afronding` 1). Raises ValueError for any other missing column (a reader bug).
    """
    return conform(frame, kind)


def juridisch_verplicht_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` as the canonical frame of percentages juridisch verplicht."""
    return conform(frame, "juridisch_verplicht")


def conform(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Return `frame` as the canonical frame of `kind`: its columns, in order, with their
    dtypes; a column the kind has a default for is filled in when missing."""
    defaults = DATASET_DEFAULTS[kind]
    missing = {c: v for c, v in defaults.items() if c not in frame.columns}
    if missing:
        frame = frame.assign(**missing)
    return _conform(frame, DATASET_KINDS[kind], kind)


def empty_frame(kind: str) -> pd.DataFrame:
    """An empty frame of a dataset kind, with the right dtypes."""
    cols = DATASET_KINDS[kind]
    dtypes = pandas_dtypes(kind)
    return pd.DataFrame({c: pd.Series([], dtype=dtypes[c]) for c in cols})


@dataclass(frozen=True)
class Dataset:
    """One frame with what a report needs to say about it.

    Attributes:
        frame: the canonical frame of `kind`.
        kind: "begrotingstabel", "begrotingsstaat" or "juridisch_verplicht".
        name: how reports name it (a bundled name, or the file's stem plus a suffix).
        unit: the unit of `bedrag` in euros (1000 for "x € 1.000"); 1 for percentages.
        source: the file (or bundled resource) it was read from, as reports cite it.
        notes: what the reader could not know and left unknown, said in every report.
    """

    frame: pd.DataFrame = field(repr=False, compare=False)
    kind: str
    name: str
    unit: int = 1000
    source: str = ""
    #: What the reader had to leave unknown or assume (an unknown chapter), for the report.
    notes: tuple[str, ...] = field(default=(), compare=False)
    #: The places (`bron`) of figures whose cell could not be read (the reader's read notes).
    unreadable: frozenset[str] = field(default=frozenset(), compare=False)
    #: How many read notes the reader made for the file this dataset was read from.
    read_notes: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in DATASET_KINDS:
            raise ValueError(f"unknown dataset kind {self.kind!r}")

    @property
    def rows(self) -> int:
        """How many figures the dataset holds."""
        return len(self.frame)
