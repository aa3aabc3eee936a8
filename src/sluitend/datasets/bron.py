"""A figure's `bron` names its file by the path the user gave, not by the file's name.

The readers write `bron` as "<file>:<line>" or "<file>!<Sheet>!<Cell>", most of them with
the file's name only. Two files of the same name in different folders would then be
indistinguishable, and a CI annotation could not find the file. `cite_as` replaces that
file part, once per dataset and vectorized, by the path exactly as given on the command
line ("begroting/owb2017.csv:2543", "./x.csv:4", "/abs/x.xlsx!Blad1!B12"); the machine
reports then write it relative to the repository root (`sluitend.report.paths`).

Canonical CSV and Parquet files carry the bron of the file they were converted from, which
is kept as it is. Where they leave it empty, each row is named by its own line or row: a
`LazyBron`, the file's name once and an integer per row, whose texts are made only for
the rows a report shows (or all at once, in Arrow, when something reads the whole column).
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
    return _joined(prefix, np.arange(first, first + rows, dtype=np.int64))


class LazyBron(pd.arrays.ArrowStringArray):
    """A `bron` column of `<prefix><line>` texts kept as one prefix and an integer per row.

    Three million "owb.csv:2543" texts take 200 MB and a second to make, and a run reads a
    few thousand of them (its findings, the figures it could not check). So the texts are
    made only for the rows taken (`take`, a slice, a mask: again a `LazyBron`, of fewer
    lines; one row: its text), and for the whole column only when something needs all of
    it (`.str`, a comparison, writing it out): then once, and kept. To everything else it
    is the ordinary Arrow string column it stands for, with the same dtype and values.
    """

    # Unset on an array pandas makes from a result (`_from_pyarrow_array`): then `_made`.
    _prefix: str = ""
    _lines: np.ndarray | None = None
    _made: Any = None

    @classmethod
    def of(cls, prefix: str, lines: np.ndarray) -> LazyBron:
        """The texts `prefix` + each of `lines` (whole numbers), made when read."""
        from sluitend.datasets.frame import TEXT_DTYPE

        out = cls.__new__(cls)
        out._prefix, out._lines = prefix, np.asarray(lines, dtype=np.int64)
        out._lines.setflags(write=False)  # shared by every array taken from it
        out._dtype = TEXT_DTYPE
        out._cache = {}
        return out

    def _again(self, lines: np.ndarray) -> LazyBron:
        return LazyBron.of(self._prefix, lines)

    @property
    def _pa_array(self) -> Any:
        if self._made is None and self._lines is not None:
            import pyarrow as pa

            self._made = pa.chunked_array([_joined(self._prefix, self._lines)])
        return self._made

    @_pa_array.setter
    def _pa_array(self, value: Any) -> None:
        self._made, self._lines = value, None  # changed in place: the lines no longer hold

    def __len__(self) -> int:
        return len(self._pa_array) if self._lines is None else len(self._lines)

    def __getitem__(self, item: Any) -> Any:
        lines = self._lines
        if lines is None or isinstance(item, tuple) or item is Ellipsis:
            return super().__getitem__(item)
        if pd.api.types.is_integer(item):
            return self._prefix + str(int(lines[item]))
        if isinstance(item, slice):  # a view, as pandas makes it
            out = self._again(lines[item])
            out._readonly = self._readonly
            return out
        return self._again(lines[pd.api.indexers.check_array_indexer(self, item)])

    def take(self, indices: Any, allow_fill: bool = False, fill_value: Any = None) -> Any:
        """The rows at `indices` (negative ones from the end, or missing with allow_fill)."""
        positions = np.asarray(indices, dtype=np.intp)
        if self._lines is None or (allow_fill and bool((positions < 0).any())):
            return super().take(indices, allow_fill=allow_fill, fill_value=fill_value)
        return self._again(self._lines.take(positions))

    def isna(self) -> np.ndarray:
        """No row is missing: each has its line."""
        if self._lines is None:
            return super().isna()
        return np.zeros(len(self._lines), dtype=bool)

    @property
    def _hasna(self) -> bool:
        return False if self._lines is not None else bool(super()._hasna)

    def view(self, dtype: Any = None) -> Any:
        """The same rows (what pandas hands out for a shallow copy)."""
        if self._lines is None or dtype is not None:
            return super().view(dtype)
        out = self._again(self._lines)
        out._readonly = self._readonly
        return out

    def copy(self) -> Any:
        """A copy (the lines are never changed in place, so they are shared)."""
        return super().copy() if self._lines is None else self._again(self._lines)

    @property
    def nbytes(self) -> int:
        """The bytes held: the lines, until the texts are made."""
        if self._lines is None or self._made is not None:
            return int(super().nbytes)
        return int(self._lines.nbytes)

    @classmethod
    def _concat_same_type(cls, to_concat: Any) -> Any:
        parts = list(to_concat)
        prefixes = {p._prefix if isinstance(p, LazyBron) and p._lines is not None else None
                    for p in parts}  # fmt: skip
        if len(prefixes) == 1 and None not in prefixes:
            return parts[0]._again(np.concatenate([p._lines for p in parts]))
        return pd.arrays.ArrowStringArray._concat_same_type(parts)


def numbered_lazily(prefix: str, first: int, rows: int) -> LazyBron:
    """`prefix` followed by first, first + 1, ... as a `LazyBron` (texts made when read)."""
    return LazyBron.of(prefix, np.arange(first, first + rows, dtype=np.int64))


def _joined(prefix: str, lines: np.ndarray) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    numbers = pc.cast(pa.array(lines), pa.large_string())
    text = pa.large_string()
    return pc.binary_join_element_wise(pa.scalar(prefix, text), numbers, pa.scalar("", text))
