"""`bron.LazyBron`: lines whose texts are made when read behave as the texts themselves."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from sluitend.datasets.bron import LazyBron, numbered, numbered_lazily
from sluitend.datasets.frame import TEXT_DTYPE

PREFIX = "map/owb.csv:"


def _pair(rows: int = 50, first: int = 2) -> tuple[pd.Series, pd.Series]:
    """The lazy column and the same texts made at once, as two Series."""
    lazy = pd.Series(numbered_lazily(PREFIX, first, rows))
    made = pd.Series(pd.arrays.ArrowStringArray(numbered(PREFIX, first, rows)))
    return lazy, made


def _unmade(series: pd.Series) -> bool:
    """Whether the texts of a lazy Series are still unmade."""
    array = series.array
    return isinstance(array, LazyBron) and array._made is None and array._lines is not None


def test_same_dtype_and_values() -> None:
    lazy, made = _pair()
    assert lazy.dtype == TEXT_DTYPE == made.dtype
    assert lazy.tolist() == made.tolist() == [f"{PREFIX}{n}" for n in range(2, 52)]


@pytest.mark.parametrize(
    "select",
    [
        lambda s: s.take([3, 0, -1, 3]),
        lambda s: s.iloc[5:20:3],
        lambda s: s[s.index % 7 == 1],
        lambda s: s.iloc[np.array([49, 1])],
        lambda s: s.reset_index(drop=True).copy(),
    ],
)
def test_rows_taken_stay_lazy_and_equal(select: object) -> None:
    lazy, made = _pair()
    taken = select(lazy)  # type: ignore[operator]
    assert _unmade(taken)
    assert taken.tolist() == select(made).tolist()  # type: ignore[operator]
    assert _unmade(lazy)  # taking rows made no text of the whole column


def test_one_row_is_its_text() -> None:
    lazy, _ = _pair(first=10)
    assert lazy.iat[0] == f"{PREFIX}10"
    assert lazy.iloc[-1] == f"{PREFIX}59"
    assert _unmade(lazy)


def test_no_row_is_missing_without_making_the_texts() -> None:
    lazy, _ = _pair()
    assert not lazy.hasnans
    assert not lazy.isna().any()
    assert _unmade(lazy)


def test_whole_column_operations_make_the_texts_once() -> None:
    lazy, made = _pair()
    assert (lazy == made).all()
    assert lazy.str.startswith(PREFIX + "1").tolist() == made.str.startswith(PREFIX + "1").tolist()
    assert lazy.isin([f"{PREFIX}7", "x"]).tolist() == made.isin([f"{PREFIX}7", "x"]).tolist()
    assert lazy.array._made is not None  # made, and kept


def test_frame_in_and_out_of_pandas() -> None:
    lazy, made = _pair(rows=20)
    frame = pd.DataFrame({"bron": lazy, "n": np.arange(20)}, copy=False)
    sub = frame[frame["n"] > 14].reset_index(drop=True)
    assert _unmade(sub["bron"])
    assert sub["bron"].tolist() == made[made.index > 14].tolist()
    both = pd.concat([frame, frame], ignore_index=True)
    assert both["bron"].tolist() == made.tolist() * 2
    mixed = pd.concat([lazy, made.iloc[:2]], ignore_index=True)
    assert mixed.tolist() == made.tolist() + made.iloc[:2].tolist()


def test_set_in_place_forgets_the_lines() -> None:
    lazy, made = _pair(rows=5)
    array = lazy.array.copy()
    array[1] = "elsewhere"
    expected = made.tolist()
    expected[1] = "elsewhere"
    assert list(array) == expected
    assert array.take([1]).tolist() == ["elsewhere"]


def test_pickles_as_its_texts() -> None:
    lazy, made = _pair(rows=7)
    assert pickle.loads(pickle.dumps(lazy)).tolist() == made.tolist()


def test_nbytes_counts_the_lines_until_made() -> None:
    lazy, made = _pair(rows=1000)
    assert lazy.array.nbytes == 8 * 1000 < made.array.nbytes
