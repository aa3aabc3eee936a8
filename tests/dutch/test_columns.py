"""The Arrow paths of `sluitend.dutch.columns` give the strings of the scalar paths.

There is one notation: `notation.amount` and `names.figure_name` say it for one value, and
`columns` says it for many at once (the engine's messages). These properties hold the two
together character for character on arbitrary amounts and names, so that a message and a
report can never print one figure two ways.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend.datasets.frame import budget_frame
from sluitend.domains.rijk.vocabulary import LEVELS, VUO_NAMES
from sluitend.dutch import columns, figure_name
from sluitend.dutch.notation import amount
from sluitend.engine import messages

AMOUNTS = st.one_of(
    st.integers(min_value=-(10**16), max_value=10**16).map(float),
    st.integers(min_value=-999_999, max_value=999_999).map(float),
    st.sampled_from([0.0, -0.0, 0.5, 1.5, -2.25, 999.0, 1000.0, -1000.0, math.nan, 10.0**15]),
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
    st.floats(allow_nan=True, allow_infinity=True),
)


@given(st.lists(AMOUNTS, max_size=40))
def test_amounts_are_amount(values: list[float]) -> None:
    assert columns.amounts(np.array(values, dtype=np.float64)).to_pylist() == [
        amount(v) for v in values
    ]


@given(st.lists(st.integers(min_value=-(10**17), max_value=10**17), max_size=40))
def test_amounts_of_whole_numbers_are_amount_of_ints(values: list[int]) -> None:
    # The engine's amounts are float64; a whole float and its int read the same.
    floats = np.array(values, dtype=np.float64)
    assert columns.amounts(floats).to_pylist() == [amount(int(v)) for v in floats.tolist()]


def test_amounts_examples() -> None:
    got = columns.amounts(np.array([39149, -2734, 1.5, np.nan, 0, 1_000_000, -999])).to_pylist()
    assert got == ["39.149", "-2.734", "1,50", "pm", "0", "1.000.000", "-999"]


TEXT = st.one_of(
    st.sampled_from(["", "7.1", "Subsidies", "Regeling A", "Uitgaven", "Verplichtingen"]),
    st.text(max_size=8),
)
VUO = st.sampled_from([*VUO_NAMES, "", "X"])


@settings(max_examples=80)
@given(
    st.lists(
        st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT, VUO, st.integers(min_value=1900, max_value=2100)),
        min_size=1,
        max_size=12,
    )
)
def test_figure_names_are_figure_name(rows: list[tuple]) -> None:
    values = {
        "label": pa.array([r[0] for r in rows], type=pa.string()),
        **{lv: pa.array([r[1 + k] for r in rows], type=pa.string()) for k, lv in enumerate(LEVELS)},
        "vuo": pa.array([r[5] for r in rows], type=pa.string()),
        "jaar": pa.array([str(r[6]) for r in rows], type=pa.string()),
    }
    got = columns.figure_names(values).to_pylist()
    want = [
        figure_name({**dict(zip(LEVELS, r[1:5], strict=True)), "vuo": r[5], "jaar": r[6]}, r[0])
        for r in rows
    ]
    assert got == want


def test_figure_names_need_every_column() -> None:
    empty = pa.array([], type=pa.string())
    with pytest.raises(ValueError, match=r"needs the columns \['omschrijving'\]"):
        columns.figure_names({c: empty for c in columns.FIGURE_COLUMNS if c != "omschrijving"})


NAMES = st.sampled_from(["", "7.1", "Subsidies", "Regeling A", "Uitgaven", "Verplichtingen"])


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(NAMES, NAMES, NAMES, NAMES, NAMES, st.sampled_from(["V", "U", "O"])),
        min_size=1,
        max_size=12,
    )
)
def test_a_frames_figure_names_are_figure_name(rows: list[tuple[str, ...]]) -> None:
    records = [
        {
            "begrotingsjaar": 2022,
            "fase": "OWB",
            "hoofdstuk": "VII",
            "artikel": "7",
            **dict(zip(LEVELS, row[:4], strict=True)),
            "waarvan": False,
            "vuo": row[5],
            "jaar": 2020 + i,
            "bedrag": i,
            "label": row[4],
            "bron": f"t.csv:{i}",
        }
        for i, row in enumerate(rows)
    ]
    frame = budget_frame(pd.DataFrame(records))
    order = np.arange(len(frame))[::-1]  # any order of rows
    got = messages.figure_names(frame, order)
    assert got is not None
    want = [
        figure_name(
            {c: frame[c].iloc[r] for c in [*LEVELS, "vuo", "jaar"]}, str(frame["label"].iloc[r])
        )
        for r in order
    ]
    assert got.to_pylist() == want
