"""`bron.BronArray`: a table of texts and a number per row, read as the texts themselves."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sluitend.datasets.bron import BRON_DTYPE, BronArray, as_bron, cite_as, numbered
from sluitend.datasets.canonical import read_parquet, write_parquet
from sluitend.datasets.frame import Dataset
from sluitend.errors import InputError

PREFIX = "map/owb.csv:"
#: Texts that split in every way: a number after a non-digit, leading zeros, digits only,
#: empty, a separator at the end, a number too long for an int32, spreadsheet cells.
TRICKY = [
    "owb.csv:12",
    "owb.csv:012",
    "owb.csv:0",
    "owb.csv:",
    "",
    "7",
    "x.xlsx!Blad1!B12",
    "blz. 12",
    "a:12345678901",
    "ü:3",
    "owb.csv:12 ",
]


def _pair(rows: int = 50, first: int = 2) -> tuple[pd.Series, pd.Series]:
    """The bron column and the same texts as a plain string column."""
    bron = pd.Series(numbered(PREFIX, first, rows))
    texts = pd.Series([f"{PREFIX}{n}" for n in range(first, first + rows)], dtype="string")
    return bron, texts


def test_numbered_rows_read_as_their_texts() -> None:
    bron, texts = _pair()
    assert bron.dtype == BRON_DTYPE
    assert bron.tolist() == texts.tolist()
    assert bron.iat[0] == f"{PREFIX}2" and bron.iloc[-1] == f"{PREFIX}51"
    assert not bron.hasnans


@pytest.mark.parametrize(
    ("first", "kind"), [(2, np.int32), (2**31 - 3, np.int32), (2**31 - 2, np.int64)]
)
def test_numbered_keeps_its_numbers_in_the_smallest_type_that_holds_them(
    first: int, kind: type
) -> None:
    bron = numbered(PREFIX, first, 3)
    _, lines = bron.parts()
    assert lines.dtype == kind
    assert bron.tolist() == [f"{PREFIX}{n}" for n in range(first, first + 3)]


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
def test_rows_taken_are_the_texts_taken(select: object) -> None:
    bron, texts = _pair()
    taken = select(bron)  # type: ignore[operator]
    assert isinstance(taken.array, BronArray)
    assert taken.tolist() == select(texts).tolist()  # type: ignore[operator]


def test_the_column_holds_no_text_per_row() -> None:
    bron, texts = _pair(rows=100_000)
    assert bron.array.table == (PREFIX,)
    assert bron.memory_usage(deep=True, index=False) < 6 * len(bron)  # a byte code, an int32
    assert texts.memory_usage(deep=True, index=False) > 15 * len(bron)


def test_any_text_splits_and_joins_back() -> None:
    bron = BronArray.from_texts([*TRICKY, None])
    assert bron.tolist()[:-1] == TRICKY
    assert bron.tolist()[-1] is pd.NA and bron.isna().tolist() == [False] * len(TRICKY) + [True]
    assert "owb.csv:" in bron.table and "owb.csv:012" in bron.table  # "012" is no number


@given(st.lists(st.text(max_size=12) | st.from_regex(r"\A[a-z.]{0,4}[:!#]?[0-9]{0,11}\Z")))
def test_from_texts_is_lossless(texts: list[str]) -> None:
    assert BronArray.from_texts(texts).tolist() == texts


@pytest.mark.parametrize("wanted", [["owb.csv:12"], ["7", ""], ["owb.csv:012", "nothing"], []])
def test_isin_and_equality_as_on_the_texts(wanted: list[str]) -> None:
    texts = pd.Series(TRICKY * 3, dtype="string")
    bron = as_bron(texts)
    assert bron.isin(wanted).tolist() == texts.isin(wanted).tolist()
    for one in wanted:
        assert (bron == one).tolist() == (texts == one).tolist()
        assert (bron != one).tolist() == (texts != one).tolist()


def test_texts_of_a_finding_rows_as_of_the_whole() -> None:
    bron = as_bron(pd.Series(TRICKY * 20, dtype="string")).array
    rows = np.array([3, 0, 200, 7, 7])
    assert bron.texts(rows) == [bron.texts()[r] for r in rows]
    many = np.arange(len(bron))[::-1]  # the Arrow path (more than a few rows)
    assert bron.texts(many) == bron.texts()[::-1]


def test_concat_merge_and_setitem_keep_the_texts() -> None:
    a, b = pd.Series(numbered("a.csv:", 2, 3)), as_bron(pd.Series(TRICKY[:4], dtype="string"))
    joined = pd.concat([a, b], ignore_index=True)
    assert joined.dtype == BRON_DTYPE
    assert joined.tolist() == [*a.tolist(), *b.tolist()]
    frame = pd.DataFrame({"k": [1, 2, 3], "bron": a})
    merged = frame.merge(pd.DataFrame({"k": [2, 9]}), on="k", how="outer")
    assert merged["bron"].tolist()[:3] == ["a.csv:2", "a.csv:3", "a.csv:4"]
    assert merged["bron"].isna().tolist() == [False, False, False, True]
    frame.loc[frame["k"] == 2, "bron"] = "new"
    assert frame["bron"].tolist() == ["a.csv:2", "new", "a.csv:4"]
    assert a.tolist() == ["a.csv:2", "a.csv:3", "a.csv:4"]  # copy-on-write: a is unchanged
    assert a.where(a != "a.csv:3", "z").tolist() == ["a.csv:2", "z", "a.csv:4"]


def test_pickles_and_becomes_text_on_request() -> None:
    bron, texts = _pair()
    assert pickle.loads(pickle.dumps(bron)).tolist() == texts.tolist()
    assert bron.astype("string").tolist() == texts.tolist()
    assert bron.astype("string").str.startswith(PREFIX + "1").sum() == 10  # 10..19


def test_cite_as_renames_the_table_once() -> None:
    frame = pd.DataFrame(
        {"bron": BronArray.from_texts(["owb.csv:3", "./owb.csv:4", "other:5", "owb.csv!B!C2"])}
    )
    ds = Dataset(frame, "begrotingstabel", "t")  # a Dataset holds any frame
    (cited,) = cite_as([ds], "data/owb.csv")
    assert cited.frame["bron"].tolist() == [
        "data/owb.csv:3",
        "./owb.csv:4",
        "other:5",
        "data/owb.csv!B!C2",
    ]


def test_two_spellings_of_one_file_become_one_text() -> None:
    bron = BronArray.from_texts(["x/a.csv:3", "y/a.csv:4"])
    same = bron.replaced("x/", "").replaced("y/", "")
    assert same.table == ("a.csv:",) and same.tolist() == ["a.csv:3", "a.csv:4"]
    assert same.isin(["a.csv:4"]).tolist() == [False, True]


def _budget(bron: list[str]) -> Dataset:
    from sluitend.datasets.from_pandas import dataset_from_pandas

    rows = len(bron)
    frame = pd.DataFrame(
        {
            "begrotingsjaar": [2017] * rows,
            "fase": ["OWB"] * rows,
            "hoofdstuk": ["VII"] * rows,
            "artikel": [str(i + 1) for i in range(rows)],
            "vuo": ["U"] * rows,
            "jaar": [2017] * rows,
            "bedrag": list(range(rows)),
            "bron": bron,
        }
    )
    return dataset_from_pandas(frame)


def test_parquet_keeps_the_table_and_the_numbers(tmp_path: Path) -> None:
    ds = _budget(["owb.csv:4", "", "blz. 12", "owb.csv:5"])
    target = tmp_path / "t.parquet"
    write_parquet(ds, target)
    stored = pq.read_table(target)
    assert pa.types.is_dictionary(stored.column("bron").type)
    assert stored.column("bron").unique().to_pylist() == ["owb.csv:", "DataFrame#", "blz. "]
    assert stored.column("bron_regel").to_pylist() == [4, 1, 12, 5]  # DataFrame#1
    back = read_parquet(target)
    assert back.frame["bron"].tolist() == ["owb.csv:4", "DataFrame#1", "blz. 12", "owb.csv:5"]


def test_parquet_with_bron_as_plain_text_still_reads(tmp_path: Path) -> None:
    ds = _budget(["owb.csv:4", "", "blz. 12"])
    target = tmp_path / "old.parquet"
    table = pa.Table.from_pandas(ds.frame.assign(bron=["owb.csv:4", "", "blz. 12"]))
    assert table.column("bron").type in (pa.string(), pa.large_string())
    pq.write_table(table, target)
    back = read_parquet(target)
    assert back.frame["bron"].tolist() == ["owb.csv:4", f"{target}#2", "blz. 12"]


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ({"bron_regel": pa.array([1, 2], pa.int32())}, "without a 'bron' column"),
        ({"bron": ["a:", "b:"], "bron_regel": pa.array([-1, 2], pa.int32())}, "negative"),
        ({"bron": ["a1", "b:"], "bron_regel": pa.array([1, 2], pa.int32())}, "ending in a digit"),
        ({"bron": ["a:", "b:"], "bron_regel": ["1", "2"]}, "expected integers"),
    ],
)
def test_a_bad_bron_regel_is_an_input_error(
    tmp_path: Path, columns: dict[str, object], expected: str
) -> None:
    ds = _budget(["", ""])
    table = pa.Table.from_pandas(ds.frame.drop(columns=["bron"]), preserve_index=False)
    for name, values in columns.items():
        table = table.append_column(name, pa.array(values))
    target = tmp_path / "bad.parquet"
    pq.write_table(table, target)
    with pytest.raises(InputError, match=expected):
        read_parquet(target)
