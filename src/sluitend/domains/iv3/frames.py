"""The canonical Iv3 frames: every reader ends here, so the engine sees one set of dtypes."""

from __future__ import annotations

import pandas as pd

from sluitend.datasets.bron import as_bron
from sluitend.datasets.frame import TEXT_DTYPE
from sluitend.domains.iv3.vocabulary import AMOUNT_COLUMNS, INDICATOR_COLUMNS, STRUCTURE_COLUMNS

_DTYPES = {"int": "int64", "float": "float64", "bool": "bool", "string": TEXT_DTYPE}


def _conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks columns {missing}")  # a reader bug
    out = {}
    for name, logical in columns.items():
        column = frame[name]
        if logical == "string":
            column = column.astype(TEXT_DTYPE).fillna("")
        column = column.astype(_DTYPES[logical]).reset_index(drop=True)
        out[name] = as_bron(column) if name == "bron" else column  # as every reader's bron
    return pd.DataFrame(out)


def amount_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as the canonical `iv3` frame (its columns, in order, with their dtypes)."""
    return _conform(frame, AMOUNT_COLUMNS)


def indicator_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as the canonical `iv3_kengetallen` frame."""
    return _conform(frame, INDICATOR_COLUMNS)


def structure_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as the canonical `iv3_structuur` frame."""
    return _conform(frame, STRUCTURE_COLUMNS)
