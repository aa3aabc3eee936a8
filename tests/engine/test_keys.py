"""Column codes and group numbers: the same grouping pandas' groupby makes, whichever path
(bitmap or hash, fresh or extended from a cached numbering) computes it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend.engine.checks.keys import FrameKeys, densify, factorize_runs, first_rows, keys_for


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Two numberings group the rows the same way."""
    pairs = pd.DataFrame({"a": a, "b": b}).drop_duplicates()
    return bool(pairs["a"].is_unique and pairs["b"].is_unique)


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=60), st.booleans())
def test_densify_numbers_equal_keys_equally(keys: list[int], huge: bool) -> None:
    key = np.array(keys, dtype=np.int64)
    bound = 2**40 if huge else 51  # hash path / bitmap path
    ids, count = densify(key, bound)
    assert count == len(set(keys))
    assert sorted(set(ids.tolist())) == list(range(count))
    assert same_partition(ids, key)


TEXT = st.sampled_from(["", "a", "b", "7.1", None])


@settings(max_examples=80)
@given(
    st.lists(
        st.tuples(TEXT, TEXT, st.integers(0, 3), st.booleans(), st.sampled_from(["V", "U"])),
        min_size=1,
        max_size=30,
    ),
    st.permutations(["s", "t", "n", "w", "c"]),
)
def test_groups_match_pandas(rows: list[tuple], order: list[str]) -> None:
    frame = pd.DataFrame(rows, columns=["s", "t", "n", "w", "c"])
    frame["s"] = frame["s"].astype(pd.StringDtype("pyarrow"))
    frame["t"] = frame["t"].astype(pd.StringDtype("python"))
    frame["c"] = frame["c"].astype(pd.CategoricalDtype(["V", "U", "O"]))
    keys = FrameKeys(frame)
    small = order[:2]
    first, _ = keys.groups(small)  # cached: the larger set below starts from it
    ids, count = keys.groups(order)
    for columns, got in ((small, first), (order, ids)):
        want = frame.groupby(columns, dropna=False, observed=True, sort=False).ngroup()
        assert same_partition(got, want.to_numpy())
    assert count == len(frame.drop_duplicates(subset=order))


def test_missing_values_have_their_own_code() -> None:
    frame = pd.DataFrame({"x": pd.array(["a", None, "", "a"], dtype=pd.StringDtype("pyarrow"))})
    keys = FrameKeys(frame)
    codes, radix = keys.codes("x")
    assert radix == 3
    assert keys.missing_code("x") == codes[1]
    assert keys.code_of("x", "") == codes[2]
    assert codes[0] == codes[3]


def test_one_keys_per_frame_and_validation() -> None:
    frame = pd.DataFrame({"x": [1, 2]})
    cache: dict = {}
    assert keys_for(frame, cache) is keys_for(frame, cache)
    assert keys_for(frame.copy(), cache) is not keys_for(frame, cache)


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=40), st.data())
def test_first_rows_is_the_lowest_row_of_each_group(groups: list[int], data) -> None:
    group = np.array(groups, dtype=np.int64)
    rows = np.array(
        sorted(data.draw(st.sets(st.integers(0, max(len(groups) - 1, 0)))) if groups else []),
        dtype=np.int64,
    )
    first = first_rows(group, 6, rows)
    for g in range(6):
        members = [r for r in rows.tolist() if groups[r] == g]
        assert first[g] == (min(members) if members else -1)


@settings(max_examples=150)
@given(
    st.lists(st.tuples(st.sampled_from(["", "a", "b", None]), st.integers(1, 9)), max_size=25),
    st.sampled_from(["arrow", "python", "int"]),
)
def test_factorize_in_runs_is_pandas_factorize(runs: list, kind: str) -> None:
    # Columns whose values come in runs (a chapter, an article, a level) are factorized
    # from the first row of each run: the same codes and values as pandas gives.
    from sluitend.engine.checks import keys as keys_module

    values = [v for v, length in runs for _ in range(length)]
    if kind == "int":
        series = pd.Series([len(v) if v is not None else 7 for v in values], dtype="int64")
    else:
        series = pd.Series(values, dtype=pd.StringDtype("pyarrow" if kind == "arrow" else "python"))
    saved = keys_module._RUN_SAMPLE
    keys_module._RUN_SAMPLE = 4  # look at runs from a few rows on
    try:
        codes, uniques = keys_module.factorize(series)
    finally:
        keys_module._RUN_SAMPLE = saved
    want_codes, want_uniques = pd.factorize(series, use_na_sentinel=True)
    assert codes.tolist() == want_codes.tolist()
    assert list(uniques) == list(want_uniques)


@settings(max_examples=80)
@given(
    st.lists(st.lists(st.integers(min_value=0, max_value=40), max_size=20), min_size=1, max_size=4),
    st.integers(0, 41),
    st.integers(0, 41),
)
def test_keyset_bitmap_and_sorted_arrays_agree(steps: list[list[int]], low: int, high: int) -> None:
    # A KeySet is a bitmap when its range is small and sorted arrays otherwise: the same
    # members, ranks and counts either way.
    from sluitend.engine.checks import keys as keys_module

    def filled(bitmap: bool) -> keys_module.KeySet:
        saved = keys_module._BITMAP_FACTOR, keys_module._BITMAP_SLACK
        if not bitmap:
            keys_module._BITMAP_FACTOR, keys_module._BITMAP_SLACK = 0, -1
        try:
            out = keys_module.KeySet(41, 1)
        finally:
            keys_module._BITMAP_FACTOR, keys_module._BITMAP_SLACK = saved
        for step in steps:
            out.add(np.array(step, dtype=np.int64))
        return out

    members = sorted({k for step in steps for k in step})
    for keyset in (filled(True), filled(False)):
        assert keyset.members(low, high).tolist() == [k for k in members if low <= k < high]
        assert keyset.rank(np.array(members, dtype=np.int64)).tolist() == list(range(len(members)))
        assert keyset.below(low) == len([k for k in members if k < low])
        assert keyset.count() == len(members)


@settings(max_examples=80)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", None]), st.integers(1, 5), st.integers(0, 9)),
        min_size=1,
        max_size=15,
    )
)
def test_groups_of_runs_and_a_fast_column_match_pandas(lines: list[tuple]) -> None:
    # A column in runs (a line's article) with one that changes on every row (its years):
    # numbered per run, the years added within each group's range.
    from sluitend.engine.checks import keys as keys_module

    rows = [(text, year + k) for text, length, year in lines for k in range(length)]
    frame = pd.DataFrame(rows, columns=["s", "jaar"])
    frame["s"] = frame["s"].astype(pd.StringDtype("pyarrow"))
    saved = keys_module._RUN_SAMPLE
    keys_module._RUN_SAMPLE = 4
    try:
        keys = FrameKeys(frame)
        ids, count = keys.groups(["s", "jaar"])
    finally:
        keys_module._RUN_SAMPLE = saved
    want = frame.groupby(["s", "jaar"], dropna=False, sort=False).ngroup()
    assert same_partition(ids, want.to_numpy())
    assert count == len(frame.drop_duplicates())


@settings(max_examples=80)
@given(
    st.lists(
        st.tuples(st.sampled_from(["V", "U", "O", None]), st.integers(1, 4)),
        min_size=1,
        max_size=12,
    )
)
def test_categorical_codes_in_runs_or_per_row_are_its_own(runs: list[tuple]) -> None:
    """A categorical column keeps pandas' codes (a missing value the code after the last
    category), per run when it comes in runs of two rows or more on average, per row
    otherwise; `codes`, `runs`, `changes` and `missing_code` say the same either way."""
    values = [v for v, length in runs for _ in range(length)]
    series = pd.Series(values, dtype=pd.CategoricalDtype(["V", "U", "O"]))
    keys = FrameKeys(pd.DataFrame({"c": series}))
    codes, radix = keys.codes("c")
    raw = series.cat.codes.to_numpy().astype(np.int64)
    missing = series.isna().to_numpy()
    assert radix == (4 if missing.any() else 3)
    assert keys.missing_code("c") == (3 if missing.any() else None)
    assert codes.tolist() == np.where(missing, 3, raw).tolist()
    heads, run_codes = keys.runs("c")
    starts = [0] + [i for i in range(1, len(values)) if codes[i] != codes[i - 1]]
    assert heads.tolist() == starts
    assert run_codes.tolist() == codes[starts].tolist()
    assert keys.changes("c") == len(starts) - 1
    assert keys.in_runs("c") == (2 * len(starts) <= len(values))


def test_text_in_several_arrow_chunks_is_factorized_across_them() -> None:
    """A run that crosses from one Arrow chunk into the next is one run."""
    import pyarrow as pa

    chunks = [["a", "a", "b"], ["b", "b", "b"], ["c", None, "c"], ["c", "c", "c"]]
    chunked = pa.chunked_array(chunks)
    values = [v for chunk in chunks for v in chunk]
    series = pd.Series(pd.arrays.ArrowStringArray(chunked))
    heads, codes, uniques = factorize_runs(series)
    assert heads is not None
    assert heads.tolist() == [0, 2, 6, 7, 8]  # a missing value is a run of its own
    want, want_uniques = pd.factorize(pd.Series(values, dtype="string"), use_na_sentinel=True)
    assert np.repeat(codes, np.diff(np.append(heads, len(values)))).tolist() == want.tolist()
    assert list(uniques) == list(want_uniques)


@settings(max_examples=120)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "", None]),
            st.sampled_from(["x", "y"]),
            st.integers(0, 2),
            st.integers(1, 4),
        ),
        min_size=1,
        max_size=14,
    ),
    st.booleans(),
)
def test_a_numbering_extended_per_run_is_the_one_extended_per_row(
    runs: list[tuple], huge: bool
) -> None:
    """Columns in runs extend a numbered subset once per run (`_extended_by_runs`): the very
    numbers (not only the same grouping) that extending it row by row gives, on the bitmap
    path and on the hash path (`huge`: a key range too wide for a bitmap)."""
    rows = [(s, t, k) for s, t, k, length in runs for _ in range(length)]
    frame = pd.DataFrame(rows, columns=["s", "t", "k"])
    frame["s"] = frame["s"].astype(pd.StringDtype("pyarrow"))
    frame["t"] = frame["t"].astype(pd.CategoricalDtype(["y", "x"]))
    keys = FrameKeys(frame)
    if not all(keys.in_runs(c) for c in ("s", "t", "k")):
        return  # the per-row path only; nothing to compare
    start = keys.groups(["s"])
    key, bound = start
    if huge:  # the same groups under keys spread far apart: `densify` hashes
        key, bound = key * 2**40, bound * 2**40
    by_rows = FrameKeys.combine(key, bound, [keys.codes("t"), keys.codes("k")])
    heads, on_runs, count = keys._extended_by_runs(frozenset(["s"]), ["t", "k"], key, bound)
    by_runs = np.repeat(on_runs, np.diff(np.append(heads, len(frame)))), count  # per row
    assert by_runs[1] == by_rows[1]
    assert by_runs[0].tolist() == by_rows[0].tolist()
    want = frame.groupby(["s", "t", "k"], dropna=False, observed=True, sort=False).ngroup()
    assert same_partition(by_runs[0], want.to_numpy())
    if not huge:  # and `groups` takes that path by itself
        fresh = FrameKeys(frame)
        fresh.groups(["s"])
        assert fresh.groups(["s", "t", "k"])[0].tolist() == by_rows[0].tolist()


def _runs_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "a": pd.array(["x"] * 4 + ["y"] * 4, dtype=pd.StringDtype("pyarrow")),
            "b": [1, 1, 2, 2, 1, 1, 2, 2],
            "c": [5, 5, 5, 6, 5, 5, 6, 6],
            "j": [0, 1, 0, 1, 0, 1, 0, 1],
        }
    )


def test_groups_of_columns_in_runs_are_kept_per_run_and_spread_anew_for_each_caller() -> None:
    keys = FrameKeys(_runs_frame())
    ids, count = keys.groups(["a", "b"])
    assert count == 4 and ids.tolist() == [0, 0, 1, 1, 2, 2, 3, 3]
    heads, per_run, kept_count = keys._run_groups[frozenset(["a", "b"])]
    assert heads.tolist() == [0, 2, 4, 6] and per_run.tolist() == [0, 1, 2, 3]
    assert kept_count == 4 and frozenset(["a", "b"]) not in keys._groups
    ids[:] = 9  # a caller's array is its own: the kept numbers stay
    assert keys.groups(["b", "a"])[0].tolist() == [0, 0, 1, 1, 2, 2, 3, 3]
    # Extended by another column in runs: per run too, from the numbering of (a, b).
    wider, n_wider = keys.groups(["a", "b", "c"])
    assert n_wider == 5 and wider.tolist() == [0, 0, 1, 2, 3, 3, 4, 4]
    assert frozenset(["a", "b", "c"]) in keys._run_groups
    # A column not in runs (a line's years): per row, as before.
    rows, n_rows = keys.groups(["a", "b", "j"])
    assert n_rows == 8 and sorted(rows.tolist()) == list(range(8))
    assert frozenset(["a", "b", "j"]) in keys._groups


def test_the_codes_of_a_column_in_runs_are_spread_for_each_call_not_kept() -> None:
    keys = FrameKeys(_runs_frame())
    codes, radix = keys.codes("b")
    assert radix == 2 and codes.tolist() == [0, 0, 1, 1, 0, 0, 1, 1]
    codes[:] = 7
    assert keys.codes("b")[0].tolist() == [0, 0, 1, 1, 0, 0, 1, 1]
    assert keys._column("b").rows is None
    assert keys.codes("j")[0] is keys.codes("j")[0]  # a column of rows: its own codes


def test_run_groups_are_the_groups_kept_per_run_and_none_for_a_column_of_rows() -> None:
    keys = FrameKeys(_runs_frame())
    heads, ids, count = keys.run_groups(["a", "c"])
    spread = np.repeat(ids, np.diff(np.append(heads, 8)))
    assert (spread.tolist(), count) == (keys.groups(["a", "c"])[0].tolist(), 4)
    assert keys.run_groups(["a", "j"]) is None  # j changes on every row
    assert keys.run_groups([]) is None


def test_groups_per_run_answer_as_groups_per_row() -> None:
    chapters = ["I", "I", "I", "II", "II", "I", "I", "III"]
    frame = pd.DataFrame({"h": pd.array(chapters, dtype=pd.StringDtype("pyarrow"))})
    marked = np.array([True, False, True, True, False, False, True, False])
    per_run = FrameKeys(frame).grouped(["h"])
    assert per_run.heads is not None and per_run.heads.tolist() == [0, 3, 5, 7]
    assert per_run.tally(marked).tolist() == [3, 1, 0]  # I, II, III in order of appearance
    assert per_run.present(marked).tolist() == [True, True, False]
    assert per_run.first_rows().tolist() == [0, 3, 7]
    assert per_run.of(np.array([7, 0, 4, 5])).tolist() == [2, 0, 1, 0]
    assert per_run.spread(np.array([10, 20, 30])).tolist() == [10, 10, 10, 20, 20, 10, 10, 30]
    # Every other row a chapter of its own: no runs, the same answers per row.
    mixed = pd.DataFrame({"h": pd.array(["I", "II"] * 4, dtype=pd.StringDtype("pyarrow"))})
    per_row = FrameKeys(mixed).grouped(["h"])
    assert per_row.heads is None
    assert per_row.tally(marked).tolist() == [3, 1]  # I at rows 0, 2, 4, 6; II at 1, 3, ...
    assert per_row.present(~marked & (np.arange(8) % 2 == 0)).tolist() == [True, False]
    assert per_row.first_rows().tolist() == [0, 1]
    assert per_row.of(np.array([3, 4])).tolist() == [1, 0]
    assert per_row.spread(np.array([1, 2])).tolist() == [1, 2] * 4
    empty = FrameKeys(frame.iloc[:0]).grouped(["h"])
    assert empty.tally(marked[:0]).tolist() == [] and empty.present(marked[:0]).tolist() == []


def test_a_numbering_extended_by_a_column_in_runs_adds_its_codes_in_a_narrow_type() -> None:
    keys = FrameKeys(_runs_frame())
    codes, radix = keys._narrow_codes("b")
    assert codes.dtype == np.uint8 and radix == 2 and codes.tolist() == keys.codes("b")[0].tolist()
    assert keys._narrow_codes("j")[0] is keys.codes("j")[0]  # a column of rows: as it is
    keys.groups(["a", "j"])  # numbered per row (j changes on every row) ...
    ids, count = keys.groups(["a", "j", "b"])  # ... then extended by b's narrow codes
    assert count == 8 and ids.dtype == np.int64 and sorted(ids.tolist()) == list(range(8))
