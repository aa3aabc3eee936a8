"""Column codes and group numbers: the same grouping pandas' groupby makes, whichever path
(bitmap or hash, fresh or extended from a cached numbering) computes it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend.engine.checks.keys import FrameKeys, densify, first_rows, keys_for


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
