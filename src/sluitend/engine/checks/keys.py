"""Integer codes of a frame's columns and dense group numbers of column sets, computed once.

Several rules group the same frame by overlapping column sets: the hierarchy by its `by`
columns and levels, `equal` by its `on` columns, `unique` by the whole key. Hashing a text
column is the expensive step, so each column is factorized once per validation (`codes`),
and a set of columns is numbered from those codes (`groups`):

- a budget table's columns come in *runs* (a chapter, an article, a level holds its value
  over many consecutive rows), so a column is kept as its runs: the first row of each run
  and its code (`runs`), hashed once per run, not per row;
- the columns of a set that come in runs are numbered per run of the set (`partition`: the
  union of their runs' first rows, found in a bitmap of the rows), their codes combined
  into one mixed-radix integer per run (`key = key * radix + code`, exact, never hashed
  text), made dense with a bitmap and a cumulative sum when its range is at most a few times
  the number of keys (no hashing at all), with one integer hash (`pd.factorize`) otherwise;
- a column that changes on (nearly) every row, a line's years, is added to that per-run
  number within the range its codes span in each group (`with_fast`): the key of a row is
  its group's offset plus its code, so the bitmap is as long as the rows, not groups x codes;
- a column set that extends one already numbered starts from that numbering, so the
  `unique` key on top of the hierarchy's nodes costs one bitmap pass.

Group numbers are arbitrary but dense (0 .. count-1); nothing depends on their order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
import pandas as pd

#: A mixed-radix key stays below this bound (int64 with headroom).
_KEY_LIMIT = 2**62
#: Dense numbering by bitmap when the key's range is at most this many times the rows.
_BITMAP_FACTOR = 8
#: ... and always below this range (a small bitmap costs nothing).
_BITMAP_SLACK = 1024
#: `factorize` looks at this many first rows to see whether a column comes in runs.
_RUN_SAMPLE = 65536


def _fits_bitmap(bound: int, size: int) -> bool:
    """Whether `size` keys in [0, bound) are numbered with a bitmap (no hash, no sort)."""
    return bound <= _BITMAP_FACTOR * size + _BITMAP_SLACK


def densify(key: np.ndarray, bound: int, size: int | None = None) -> tuple[np.ndarray, int]:
    """Dense numbers 0 .. count-1 for the integer keys in [0, bound): equal keys, equal
    numbers. A bitmap and a cumulative sum when `bound` is small for `size` keys (default
    `len(key)`; the numbers then follow the keys' order), an integer hash otherwise (the
    numbers then follow the keys' first appearance)."""
    n = len(key)
    if n == 0:
        return np.zeros(0, dtype=np.int64), 0
    size = n if size is None else size
    if _fits_bitmap(bound, size):
        keys = KeySet(bound, size)
        keys.add(key)
        return keys.rank(key), keys.count()
    ids, uniques = pd.factorize(key)
    return ids.astype(np.int64, copy=False), len(uniques)


class KeySet:
    """A set of integer keys in [0, bound), filled in steps: its members in a range, in
    order, and each member's rank (its position among all members, in key order).

    A bitmap when `bound` is at most a few times `size` (the keys expected: no hash, no
    sort), sorted arrays otherwise. Ranks are asked for once every key is added.
    """

    def __init__(self, bound: int, size: int) -> None:
        self._bitmap = np.zeros(bound, dtype=bool) if _fits_bitmap(bound, size) else None
        self._parts: list[np.ndarray] = []
        self._ranks: np.ndarray | None = None

    def add(self, keys: np.ndarray) -> None:
        """Put `keys` in the set."""
        if self._bitmap is not None:
            self._bitmap[keys] = True
        else:
            self._parts.append(np.unique(keys))

    def members(self, low: int, high: int) -> np.ndarray:
        """The members in [low, high), ascending."""
        if self._bitmap is not None:
            return np.flatnonzero(self._bitmap[low:high]) + low
        cut = [p[np.searchsorted(p, low) : np.searchsorted(p, high)] for p in self._parts]
        return np.unique(np.concatenate(cut)) if cut else np.zeros(0, dtype=np.int64)

    def _ranked(self) -> np.ndarray:
        if self._ranks is None:
            if self._bitmap is not None:
                # int32 where it holds every rank: the sum runs over the whole range, which
                # may be several times the keys, so half its bytes count more than a cast.
                wide = len(self._bitmap) >= 2**31
                self._ranks = np.cumsum(self._bitmap, dtype=np.int64 if wide else np.int32)
            else:
                parts = self._parts or [np.zeros(0, dtype=np.int64)]
                self._ranks = np.unique(np.concatenate(parts))
        return self._ranks

    def rank(self, keys: np.ndarray) -> np.ndarray:
        """The rank (0 .. count-1) of each of `keys`, which must be members."""
        ranks = self._ranked()
        if self._bitmap is not None:
            out = np.take(ranks, keys).astype(np.int64, copy=False)
            out -= 1
            return out
        return np.searchsorted(ranks, keys).astype(np.int64, copy=False)

    def below(self, key: int) -> int:
        """How many members are smaller than `key`."""
        ranks = self._ranked()
        if self._bitmap is not None:
            return int(ranks[min(key, len(ranks)) - 1]) if key > 0 and len(ranks) else 0
        return int(np.searchsorted(ranks, key))

    def count(self) -> int:
        """How many members the set has."""
        return self.below(2**62)


def factorize(series: pd.Series) -> tuple[np.ndarray, Any]:
    """`pd.factorize(series)` (codes in order of first appearance, -1 where missing, and
    the values), cheaper on a column whose values come in runs of equal rows (a budget
    table's chapter, article and levels): only the first row of each run is hashed, and
    its code repeated over the run. The same codes and values either way."""
    heads, codes, uniques = factorize_runs(series)
    if heads is None:
        return codes, uniques
    return np.repeat(codes, np.diff(np.append(heads, len(series)))), uniques


def factorize_runs(series: pd.Series) -> tuple[np.ndarray | None, np.ndarray, Any]:
    """`factorize`, kept in runs: (the first row of each run, the code of each run, the
    values) for a column that comes in runs, (None, the code of each row, the values) for
    one that does not (fewer than two rows per run)."""
    n = len(series)
    starts = _run_starts(series, 0, min(n, _RUN_SAMPLE))
    if starts is None or 2 * int(starts.sum()) > len(starts):
        return None, *pd.factorize(series, use_na_sentinel=True)  # few runs: hash every row
    starts = _run_starts(series, 0, n)
    assert starts is not None
    heads = np.flatnonzero(starts)
    if 2 * len(heads) > n:
        return None, *pd.factorize(series, use_na_sentinel=True)
    codes, uniques = pd.factorize(series.take(heads), use_na_sentinel=True)
    return heads, codes, uniques


def _run_starts(series: pd.Series, start: int, stop: int) -> np.ndarray | None:
    """For rows start .. stop - 1, whether each begins a run (differs from the row before;
    a missing value always does); None for a column kept as Python objects."""
    if stop - start < 2:
        return None
    array = series.array
    if hasattr(array, "_pa_array"):  # Arrow-backed text: compared in Arrow
        import pyarrow.compute as pc

        # On the chunked array itself: Arrow lines up the chunks of the two slices, so the
        # strings are never copied into one chunk first.
        part = array._pa_array.slice(start, stop - start)
        changed = pc.fill_null(pc.not_equal(part.slice(1), part.slice(0, len(part) - 1)), True)
        rest = changed.to_numpy()
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


class _Column:
    """One column's codes: per run (`heads` the first row of each run) or per row (`heads`
    None), its radix and its values."""

    __slots__ = ("codes", "heads", "radix", "rows", "uniques")

    def __init__(self, heads: np.ndarray | None, codes: np.ndarray, radix: int, uniques: Any):
        self.heads = heads
        self.codes = codes
        self.radix = radix
        self.uniques = uniques
        self.rows: np.ndarray | None = None if heads is not None else codes


class FrameKeys:
    """Column codes and group numbers of one frame, cached for one validation.

    Build it with `keys_for(frame, cache)`, so that every rule of a validation shares one.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._columns: dict[str, _Column] = {}
        self._groups: dict[frozenset[str], tuple[np.ndarray, int]] = {}
        # Group numbers of column sets that come in runs, kept per run: (first rows, number
        # of each run, count); spread over the rows when asked for (`groups`).
        self._run_groups: dict[frozenset[str], tuple[np.ndarray, np.ndarray, int]] = {}
        self._floats: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._missing: dict[str, int] = {}
        self._derived: dict[str, np.ndarray] = {}
        self._kept: dict[str, dict[Any, Any]] = {}

    def codes(self, column: str) -> tuple[np.ndarray, int]:
        """Per row a code in 0 .. radix-1 for the column's value (a missing value has a code
        of its own), and the radix.

        A column kept in runs is spread over its rows for each call, not kept: eight bytes
        a row for the rest of the validation (25 MB at 3M figures), where a repeat of its
        runs costs a few milliseconds from pages already in use."""
        entry = self._column(column)
        if entry.rows is None:
            assert entry.heads is not None
            return _spread(entry.heads, entry.codes, len(self.frame)), entry.radix
        return entry.rows, entry.radix

    def _narrow_codes(self, column: str) -> tuple[np.ndarray, int]:
        """`codes`, spread from runs in the smallest type that holds the radix (`combine`
        adds them to its int64 key: a byte a row where the column has few values)."""
        entry = self._column(column)
        if entry.rows is not None:
            return entry.rows, entry.radix
        assert entry.heads is not None
        narrow = entry.codes.astype(np.min_scalar_type(entry.radix))
        return _spread(entry.heads, narrow, len(self.frame)), entry.radix

    def radix(self, column: str) -> int:
        """How many codes the column has (a missing value's included)."""
        return self._column(column).radix

    def runs(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """The column as runs of equal codes: the first row of each run (ascending, the
        first is 0) and its code. Kept from `factorize_runs` where the column comes in runs,
        found from the codes of its rows otherwise."""
        entry = self._column(column)
        if entry.heads is None:
            rows = entry.codes
            heads = np.flatnonzero(rows[1:] != rows[:-1]) + 1
            entry.heads = np.concatenate([np.zeros(min(len(rows), 1), np.int64), heads])
            entry.codes = rows[entry.heads]
        return entry.heads, entry.codes

    def in_runs(self, column: str) -> bool:
        """Whether the column comes in runs of at least two rows on average."""
        entry = self._column(column)
        return entry.heads is not None and 2 * len(entry.heads) <= len(self.frame)

    def changes(self, column: str) -> int:
        """On how many row boundaries the column's code changes."""
        entry = self._column(column)
        codes = entry.codes  # per run or per row: equal neighbours are no change either way
        return int(np.count_nonzero(codes[1:] != codes[:-1]))

    def code_of(self, column: str, value: Any) -> int | None:
        """The code of one value of the column, or None when no row holds it."""
        uniques = self._column(column).uniques
        hits = np.flatnonzero(np.asarray(pd.Index(uniques) == value, dtype=bool))
        return int(hits[0]) if len(hits) else None

    def missing_code(self, column: str) -> int | None:
        """The code of a missing value in the column, or None when no value is missing."""
        self._column(column)
        return self._missing.get(column)

    def has(self, column: str) -> bool:
        """Whether the column's codes are already made (asking for them would hash it)."""
        return column in self._columns

    def derived(self, name: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        """An array computed from the frame once per validation (`make()`), read-only, so
        that the rules sharing it cannot change it under each other."""
        if name not in self._derived:
            array = make()
            array.flags.writeable = False
            self._derived[name] = array
        return self._derived[name]

    def kept(self, name: str) -> dict[Any, Any]:
        """A dict kept under `name` for one validation of the frame, for results that are
        not one array (`selection.py` keeps the truth of the parts of where expressions)."""
        return self._kept.setdefault(name, {})

    def floats(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """The column as float64 (NaN where missing) and its missing mask."""
        if column not in self._floats:
            series = self.frame[column]
            na = series.isna().to_numpy()
            self._floats[column] = (series.to_numpy(dtype=np.float64, na_value=np.nan), na)
        return self._floats[column]

    def _column(self, column: str) -> _Column:
        if column not in self._columns:
            series = self.frame[column]
            if isinstance(series.dtype, pd.CategoricalDtype):
                self._columns[column] = self._categorical(column, series)
                return self._columns[column]
            heads, codes, uniques = factorize_runs(series)
            codes = codes.astype(np.int64, copy=False)
            radix = len(uniques)
            if (codes < 0).any():  # missing values get the code after the last value
                codes = np.where(codes < 0, radix, codes)
                self._missing[column] = radix
                radix += 1
            self._columns[column] = _Column(heads, codes, max(radix, 1), uniques)
            changes = int(np.count_nonzero(codes[1:] != codes[:-1])) if heads is None else 0
            if heads is None and 2 * (changes + 1) <= len(codes):
                self.runs(column)  # in runs after all, past the rows `factorize_runs` sampled
        return self._columns[column]

    def _categorical(self, column: str, series: pd.Series) -> _Column:
        """A categorical column's codes are its own (pandas' small integers); in runs (a
        table's fase, vuo) they are kept per run, found from the small integers, so no
        full-length int64 array is made unless `codes` asks for one."""
        codes = series.cat.codes.to_numpy()
        uniques: Any = series.cat.categories
        radix = len(uniques)
        if (codes < 0).any():  # missing values get the code after the last value
            codes = np.where(codes < 0, radix, codes.astype(np.int64))
            self._missing[column] = radix
            radix += 1
        changed = np.flatnonzero(codes[1:] != codes[:-1]) + 1
        if len(codes) and 2 * (len(changed) + 1) <= len(codes):
            heads = np.concatenate([np.zeros(1, np.int64), changed])
            return _Column(heads, codes[heads].astype(np.int64), max(radix, 1), uniques)
        return _Column(None, codes.astype(np.int64, copy=False), max(radix, 1), uniques)

    def partition(self, columns: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """The runs of a set of columns: the first row of each run (a row where any of them
        changes; ascending, the first is 0), and per column its code on each run. Found
        from the columns' own runs, in a bitmap of the rows: no row's value is looked at."""
        n = len(self.frame)
        runs = [self.runs(c) for c in columns]
        if not runs:
            return np.zeros(min(n, 1), dtype=np.int64), []
        starts = np.zeros(n, dtype=bool)
        for heads, _ in runs:
            starts[heads] = True
        union = np.flatnonzero(starts)
        out = []
        for heads, codes in runs:
            if len(heads) == len(union):  # the same runs
                out.append(codes)
                continue
            starts[:] = False
            starts[heads] = True
            out.append(codes[np.cumsum(starts[union]) - 1])  # the run each one lies in
        return union, out

    def groups(self, columns: Iterable[str]) -> tuple[np.ndarray, int]:
        """A dense group number per row for the combination of `columns`, and the count."""
        wanted = frozenset(columns)
        n = len(self.frame)
        if wanted in self._groups:
            return self._groups[wanted]
        if wanted in self._run_groups:
            heads, ids, count = self._run_groups[wanted]
            return _spread(heads, ids, n), count
        if not wanted:
            return np.zeros(n, dtype=np.int64), 1 if n else 0
        # Start from the largest numbered subset; add the remaining columns' codes.
        numbered = [*self._groups, *self._run_groups]
        start = max((s for s in numbered if s < wanted), key=len, default=frozenset())
        rest = [c for c in self.frame.columns if c in wanted - start]  # frame order: stable
        if start and all(self.in_runs(c) for c in wanted):
            key, bound = self.groups(start)
            self._run_groups[wanted] = self._extended_by_runs(start, rest, key, bound)
            return self.groups(wanted)
        if start:
            key, bound = self.groups(start)
            result = self.combine(key, bound, [self._narrow_codes(c) for c in rest])
        elif all(self.in_runs(c) for c in rest):
            self._run_groups[wanted] = self._slow_groups(rest)
            return self.groups(wanted)
        else:
            result = self._fresh_groups(rest)
        self._groups[wanted] = result
        return result

    def _extended_by_runs(
        self, start: frozenset[str], rest: list[str], key: np.ndarray, bound: int
    ) -> tuple[np.ndarray, np.ndarray, int]:
        """`combine(key, bound, codes of rest)` (the numbering of `start` extended by the
        columns `rest`) once per run of all those columns instead of once per row, when
        every one of them comes in runs (a chapter's columns): on a run, `start`'s number
        and each column's code are those of its every row. The same numbers as per row:
        the same keys are made, in the same order of first appearance, and `densify`
        chooses between bitmap and hash for the rows' count (`size`), as it did per row.
        Kept per run: (the first row of each run, its number, the count)."""
        n = len(self.frame)
        columns = [c for c in self.frame.columns if c in start or c in rest]
        heads, codes = self.partition(columns)
        on_runs = dict(zip(columns, codes, strict=True))
        parts = [(on_runs[c], self.radix(c)) for c in rest]
        ids, count = self.combine(key[heads], bound, parts, size=n)
        return heads, ids, count

    def _slow_groups(self, slow: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
        """The numbers of the runs of columns that come in runs (`partition`), numbered per
        run of the set: (the first row of each run, its number, the count)."""
        heads, codes = self.partition(slow)
        radices = [self.radix(c) for c in slow]
        start = np.zeros(len(heads), dtype=np.int64)
        group, count = self.combine(start, 1, list(zip(codes, radices, strict=True)))
        return heads, group, count

    def _fresh_groups(self, columns: list[str]) -> tuple[np.ndarray, int]:
        """`groups` from nothing numbered, where some of `columns` do not come in runs: the
        columns that do numbered per run of the set (`_slow_groups`), then the first of the
        others (a line's years) added within each group's range, then any further one by
        its codes."""
        n = len(self.frame)
        slow = [c for c in columns if self.in_runs(c)]
        fast = [c for c in columns if c not in slow]
        if not slow:
            return self.combine(np.zeros(n, dtype=np.int64), 1, [self.codes(c) for c in fast])
        heads, group, count = self._slow_groups(slow)
        lengths = np.diff(np.append(heads, n))
        key, bound = with_fast(group, count, heads, lengths, self.codes(fast[0])[0])
        if len(fast) == 1:
            return densify(key, bound)
        return self.combine(*densify(key, bound), [self.codes(c) for c in fast[1:]])

    def run_groups(self, columns: Iterable[str]) -> tuple[np.ndarray, np.ndarray, int] | None:
        """`groups(columns)` kept per run, where every one of `columns` comes in runs: (the
        first row of each run, the group number of each run, the count); None otherwise
        (then ask `groups`). A caller that counts rows per group counts them per run."""
        wanted = frozenset(columns)
        if wanted and wanted not in self._groups and all(self.in_runs(c) for c in wanted):
            self.groups(wanted)  # numbered per run (`groups` keeps such a set per run)
        return self._run_groups.get(wanted)

    def grouped(self, columns: Iterable[str]) -> Groups:
        """`groups(columns)` as a `Groups`: per run where every column comes in runs."""
        columns = list(columns)
        runs = self.run_groups(columns)
        if runs is None:
            return Groups(len(self.frame), None, *self.groups(columns))
        return Groups(len(self.frame), *runs)

    def remember(self, columns: Iterable[str], ids: np.ndarray, count: int) -> None:
        """Record a numbering of `columns` computed elsewhere (the hierarchy's nodes), so
        that a larger column set can start from it."""
        if frozenset(columns) not in self._run_groups:
            self._groups.setdefault(frozenset(columns), (ids, count))

    @staticmethod
    def combine(
        key: np.ndarray,
        bound: int,
        parts: Sequence[tuple[np.ndarray, int]],
        size: int | None = None,
    ) -> tuple[np.ndarray, int]:
        """Dense numbers for (key, codes_1, ..., codes_k): mixed radix, densified before the
        number could overflow and once at the end (`size`: as `densify`'s)."""
        key = key.astype(np.int64, copy=True)
        for codes, radix in parts:
            if bound * radix >= _KEY_LIMIT:
                key, bound = densify(key, bound, size)
            key *= radix
            key += codes
            bound *= radix
        return densify(key, bound, size)


class Groups:
    """A numbering of a frame's `n` rows into `count` groups, kept per run of rows where it
    comes in runs (`heads` the first row of each run, `group` the number of each run; a
    table's chapters and articles: thousands of runs, not millions of rows) or per row
    (`heads` None, `group` the number of each row). The rows of a group are counted per
    run, and a number per row is made only where a caller asks for one (`spread`)."""

    def __init__(self, n: int, heads: np.ndarray | None, group: np.ndarray, count: int):
        self.n, self.heads, self.group, self.count = n, heads, group, count

    def present(self, rows: np.ndarray) -> np.ndarray:
        """Per group, whether any row marked in `rows` (a mask over the rows) is in it."""
        out = np.zeros(self.count, dtype=bool)
        if self.heads is None:
            out[self.group[rows]] = True
        elif self.n:
            out[self.group[np.logical_or.reduceat(rows, self.heads)]] = True
        return out

    def tally(self, rows: np.ndarray) -> np.ndarray:
        """Per group, how many rows marked in `rows` (a mask over the rows) it holds."""
        if self.heads is None:
            return np.bincount(self.group[rows], minlength=self.count)
        if not self.n:
            return np.zeros(self.count, dtype=np.int64)
        per_run = np.add.reduceat(rows, self.heads, dtype=np.int64)
        counts = np.bincount(self.group, weights=per_run, minlength=self.count)
        return counts.astype(np.int64)  # exact: whole counts below 2**53

    def of(self, rows: np.ndarray) -> np.ndarray:
        """The group of each of `rows` (frame positions)."""
        if self.heads is None:
            return self.group[rows]
        return self.group[np.searchsorted(self.heads, rows, side="right") - 1]

    def spread(self, values: np.ndarray) -> np.ndarray:
        """Per row, the value of its group (`values` one per group)."""
        if self.heads is None:
            return values[self.group]
        return _spread(self.heads, values[self.group], self.n)

    def first_rows(self) -> np.ndarray:
        """Per group, its first row (-1 for a group without rows)."""
        first = first_rows(self.group, self.count, np.arange(len(self.group)))
        if self.heads is None:
            return first
        return np.where(first >= 0, self.heads[first], -1)


def _spread(heads: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per row of `n`, the value of its run (`heads` the first row of each run)."""
    return np.repeat(values, np.diff(np.append(heads, n)))


def run_ranges(heads: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The lowest and highest of `codes` (one per row) on each run (`heads`, its first
    rows): one sequential pass."""
    if not len(heads):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.minimum.reduceat(codes, heads), np.maximum.reduceat(codes, heads)


def code_ranges(
    group: np.ndarray, count: int, low: np.ndarray, high: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per group, the lowest and highest code of its runs (`group[r]` the group of run r,
    `low[r]` and `high[r]` its range, from `run_ranges`); 0, -1 for a group without runs,
    so that its width (high - low + 1) is 0."""
    lowest = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
    highest = np.full(count, -1, dtype=np.int64)
    np.minimum.at(lowest, group, low)
    np.maximum.at(highest, group, high)
    lowest[highest < 0] = 0
    return lowest, highest


def with_fast(
    group: np.ndarray, count: int, heads: np.ndarray, lengths: np.ndarray, codes: np.ndarray
) -> tuple[np.ndarray, int]:
    """An integer key per row for (the group of its run, its code), in [0, bound), in the
    order of (group, code): a group's keys start where the one before it ends, and span
    only the codes its rows hold (a budget line's seven years, not every year of the
    file), so that `densify` can number them with a bitmap as long as the rows."""
    low, high = code_ranges(group, count, *run_ranges(heads, codes))
    width = high - low + 1
    offset = np.cumsum(width) - width
    key = np.repeat((offset - low)[group], lengths)
    key += codes
    return key, int(width.sum())


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


def shared_for(frame: pd.DataFrame) -> FrameKeys | None:
    """The `FrameKeys` of `frame` shared inside `shared_keys` if one is made already, else
    None (never a new one: the caller then does without)."""
    shared = _SHARED.get()
    entry = shared.get(("keys", id(frame))) if shared is not None else None
    return entry if entry is not None and entry.frame is frame else None


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


__all__ = [
    "FrameKeys",
    "Groups",
    "KeySet",
    "code_ranges",
    "densify",
    "factorize",
    "factorize_runs",
    "first_rows",
    "keys_for",
    "run_ranges",
    "shared_for",
    "shared_keys",
    "with_fast",
]
