"""A figure's `bron` names its file by the path the user gave, not by the file's name.

The readers write `bron` as "<file>:<line>" or "<file>!<Sheet>!<Cell>", most of them with
the file's name only. Two files of the same name in different folders would then be
indistinguishable, and a CI annotation could not find the file. `cite_as` replaces that
file part, once per dataset and vectorized, by the path exactly as given on the command
line ("begroting/owb2017.csv:2543", "./x.csv:4", "/abs/x.xlsx!Blad1!B12"); the machine
reports then write it relative to the repository root (`sluitend.report.paths`).

Canonical CSV and Parquet files carry the bron of the file they were converted from, which
is kept as it is. Where they leave it empty, each row is named by its own line or row,
made in Arrow by `numbered` (no Python string per row).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset

#: Formats whose bron points into the file itself (the canonical ones cite their origin).
CITING_FORMATS = ("xlsx", "ods", "sheet-csv", "minfin-csv", "staten-csv", "page-text")
_SEPARATORS = (":", "!")


def cite_as(datasets: list[Dataset], path: str | os.PathLike[str]) -> list[Dataset]:
    """`datasets` read from `path`, each bron's file part replaced by `path` as given.

    A bron whose file part is the file's name or its normalised path (what the readers
    write) is rewritten; any other bron (a cell without a place) is kept.
    """
    given = os.fspath(path)
    readers_spell = sorted({Path(given).name, str(Path(given))} - {given}, key=len, reverse=True)
    if not readers_spell:
        return datasets
    out = []
    for ds in datasets:
        bron = ds.frame["bron"]
        cited, done = bron, pd.Series(False, index=bron.index)
        for spelling in readers_spell:
            for sep in _SEPARATORS:
                prefix = spelling + sep
                hit = bron.str.startswith(prefix).fillna(False).astype(bool) & ~done
                if hit.any():
                    cited = cited.mask(hit, (given + sep) + bron.str.slice(len(prefix)))
                    done |= hit
        frame = ds.frame.assign(bron=cited.astype(bron.dtype)) if done.any() else ds.frame
        out.append(dataclasses.replace(ds, frame=frame, source=given))
    return out


def numbered(prefix: str, first: int, rows: int) -> Any:
    """`prefix` followed by first, first + 1, ...: one Arrow array of `rows` texts, built
    as pandas keeps them (large_string), so that nothing converts them again."""
    import pyarrow as pa
    import pyarrow.compute as pc

    numbers = pc.cast(pa.array(np.arange(first, first + rows)), pa.large_string())
    text = pa.large_string()
    return pc.binary_join_element_wise(pa.scalar(prefix, text), numbers, pa.scalar("", text))
