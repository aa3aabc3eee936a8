"""Integer codes of a frame's columns and dense group numbers of column sets, computed once.

Several rules group the same frame by overlapping column sets: the hierarchy by its `by`
columns and levels, `equal` by its `on` columns, `unique` by the whole key. Hashing a text
column is the expensive step, so each column is factorized once per validation (`codes`),
and a set of columns is numbered from those codes (`groups`):

- the codes are combined into one mixed-radix integer per row (`key = key * radix + code`),
  exact, never hashed text;
- that integer is made dense with a bitmap and a cumulative sum when its range is at most a
  few times the number of rows (no hashing at all), and with one integer hash
  (`pd.factorize`) otherwise;
- a column set that extends one already numbered starts from that numbering, so the
  `unique` key on top of the hierarchy's nodes costs one bitmap pass.

Group numbers are arbitrary but dense (0 .. count-1); nothing depends on their order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
import pandas as pd

#: A mixed-radix key stays below this bound (int64 with headroom).
_KEY_LIMIT = 2**62
#: Dense numbering by bitmap when the key's range is at most this many times the rows.
_BITMAP_FACTOR = 8
#: `factorize` looks at this many first rows to see whether a column comes in runs.
_RUN_SAMPLE = 65536


def densify(key: np.ndarray, bound: int) -> tuple[np.ndarray, int]:
    """Dense numbers 0 .. count-1 for the integer keys in [0, bound): equal keys, equal
    numbers. A bitmap and a cumulative sum when `bound` is small, an integer hash otherwise."""
    n = len(key)
    if n == 0:
        return np.zeros(0, dtype=np.int64), 0
    if bound <= _BITMAP_FACTOR * n + 1024:
        present = np.zeros(bound, dtype=bool)
        present[key] = True
        rank = np.cumsum(present, dtype=np.int64 if bound >= 2**31 else np.int32)
        ids = rank[key].astype(np.int64) - 1
        return ids, int(rank[-1])
    ids, uniques = pd.factorize(key)
    return ids.astype(np.int64, copy=False), len(uniques)


def factorize(series: pd.Series) -> tuple[np.ndarray, Any]:
    """`pd.factorize(series)` (codes in order of first appearance, -1 where missing, and
    the values), cheaper on a column whose values come in runs of equal rows (a budget
    table's chapter, article and levels): only the first row of each run is hashed, and
    its code repeated over the run. The same codes and values either way."""
    n = len(series)
    starts = _run_starts(series, 0, min(n, _RUN_SAMPLE))
    if starts is None or 2 * int(starts.sum()) > len(starts):
        return pd.factorize(series, use_na_sentinel=True)  # few runs: hash every row
    starts = _run_starts(series, 0, n)
    assert starts is not None
    heads = np.flatnonzero(starts)
    if 2 * len(heads) > n:
        return pd.factorize(series, use_na_sentinel=True)
    codes, uniques = pd.factorize(series.take(heads), use_na_sentinel=True)
    return np.repeat(codes, np.diff(np.append(heads, n))), uniques


def _run_starts(series: pd.Series, start: int, stop: int) -> np.ndarray | None:
    """For rows start .. stop - 1, whether each begins a run (differs from the row before;
    a missing value always does); None for a column kept as Python objects."""
    if stop - start < 2:
        return None
    array = series.array
    if hasattr(array, "_pa_array"):  # Arrow-backed text: compared in Arrow
        import pyarrow.compute as pc

        chunk = array._pa_array.slice(start, stop - start).combine_chunks()
        changed = pc.fill_null(pc.not_equal(chunk.slice(1), chunk.slice(0, len(chunk) - 1)), True)
        rest = changed.to_numpy(zero_copy_only=False)
    elif isinstance(series.dtype, np.dtype) and series.dtype.kind in "biu":
        values = series.to_numpy()[start:stop]
        rest = values[1:] != values[:-1]
    else:
        return None
    out = np.ones(stop - start, dtype=bool)
    out[1:] = rest
    return out


def first_rows(group: np.ndarray, count: int, rows: np.ndarray) -> np.ndarray:
    """Per group number (0 .. count-1), the lowest of `rows` in that group, -1 where none.

    `np.minimum.at` says exactly this; a fancy assignment with repeated indices (`a[g] = r`)
    would need numpy to apply the writes in order, which it does not promise.
    """
    none = np.iinfo(np.int64).max
    first = np.full(count, none, dtype=np.int64)
    np.minimum.at(first, group[rows], rows.astype(np.int64, copy=False))
    first[first == none] = -1
    return first


class FrameKeys:
    """Column codes and group numbers of one frame, cached for one validation.

    Build it with `keys_for(frame, cache)`, so that every rule of a validation shares one.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._codes: dict[str, tuple[np.ndarray, int, Any]] = {}
        self._groups: dict[frozenset[str], tuple[np.ndarray, int]] = {}
        self._floats: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._missing: dict[str, int] = {}

    def codes(self, column: str) -> tuple[np.ndarray, int]:
        """Per row a code in 0 .. radix-1 for the column's value (a missing value has a code
        of its own), and the radix."""
        codes, radix, _ = self._factorized(column)
        return codes, radix

    def code_of(self, column: str, value: Any) -> int | None:
        """The code of one value of the column, or None when no row holds it."""
        _, _, uniques = self._factorized(column)
        hits = np.flatnonzero(np.asarray(pd.Index(uniques) == value, dtype=bool))
        return int(hits[0]) if len(hits) else None

    def missing_code(self, column: str) -> int | None:
        """The code of a missing value in the column, or None when no value is missing."""
        self._factorized(column)
        return self._missing.get(column)

    def floats(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """The column as float64 (NaN where missing) and its missing mask."""
        if column not in self._floats:
            series = self.frame[column]
            na = series.isna().to_numpy()
            self._floats[column] = (series.to_numpy(dtype=np.float64, na_value=np.nan), na)
        return self._floats[column]

    def _factorized(self, column: str) -> tuple[np.ndarray, int, Any]:
        if column not in self._codes:
            series = self.frame[column]
            if isinstance(series.dtype, pd.CategoricalDtype):
                codes = series.cat.codes.to_numpy().astype(np.int64)
                uniques: Any = series.cat.categories
            else:
                codes, uniques = factorize(series)
                codes = codes.astype(np.int64, copy=False)
            radix = len(uniques)
            if (codes < 0).any():  # missing values get the code after the last value
                codes = np.where(codes < 0, radix, codes)
                self._missing[column] = radix
                radix += 1
            self._codes[column] = (codes, max(radix, 1), uniques)
        return self._codes[column]

    def groups(self, columns: Iterable[str]) -> tuple[np.ndarray, int]:
        """A dense group number per row for the combination of `columns`, and the count."""
        wanted = frozenset(columns)
        n = len(self.frame)
        if wanted in self._groups:
            return self._groups[wanted]
        if not wanted:
            return np.zeros(n, dtype=np.int64), 1 if n else 0
        # Start from the largest numbered subset; add the remaining columns' codes.
        start = max((s for s in self._groups if s < wanted), key=len, default=frozenset())
        if start:
            key, bound = self._groups[start]
        else:
            key, bound = np.zeros(n, dtype=np.int64), 1
        rest = [c for c in self.frame.columns if c in wanted - start]  # frame order: stable
        result = self.combine(key, bound, [self.codes(c) for c in rest])
        self._groups[wanted] = result
        return result

    def remember(self, columns: Iterable[str], ids: np.ndarray, count: int) -> None:
        """Record a numbering of `columns` computed elsewhere (the hierarchy's nodes), so
        that a larger column set can start from it."""
        self._groups.setdefault(frozenset(columns), (ids, count))

    @staticmethod
    def combine(
        key: np.ndarray, bound: int, parts: Sequence[tuple[np.ndarray, int]]
    ) -> tuple[np.ndarray, int]:
        """Dense numbers for (key, codes_1, ..., codes_k): mixed radix, densified before the
        number could overflow and once at the end."""
        key = key.astype(np.int64, copy=True)
        for codes, radix in parts:
            if bound * radix >= _KEY_LIMIT:
                key, bound = densify(key, bound)
            key *= radix
            key += codes
            bound *= radix
        return densify(key, bound)


#: The `FrameKeys` of every frame of the validation running now (`shared_keys`), or None.
_SHARED: ContextVar[dict[Any, Any] | None] = ContextVar("sluitend_frame_keys", default=None)


@contextmanager
def shared_keys() -> Iterator[None]:
    """One `FrameKeys` per frame for everything inside: the checks, coverage and error
    localization number the same columns of the same frame, and factorizing a text column
    of three million rows costs about a second each time. Dropped on exit, so no frame
    outlives its validation (and a frame changed between validations is numbered anew)."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def keys_for(frame: pd.DataFrame, cache: dict[Any, Any] | None) -> FrameKeys:
    """The `FrameKeys` of `frame`: the one shared inside `shared_keys`, else the one in
    `cache` (a fresh one without either)."""
    shared = _SHARED.get()
    store = shared if shared is not None else cache
    if store is None:
        return FrameKeys(frame)
    entry = store.get(("keys", id(frame)))
    if entry is None or entry.frame is not frame:
        entry = FrameKeys(frame)
        store[("keys", id(frame))] = entry
    return entry


__all__ = ["FrameKeys", "densify", "factorize", "first_rows", "keys_for", "shared_keys"]
