"""Texts made in Arrow for many findings equal the one-at-a-time Python texts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend import dutch
from sluitend.datasets.frame import budget_frame
from sluitend.engine import messages, texts
from sluitend.engine.checks.outcome import EXCEEDED, NOT_CHECKABLE, ROUNDING
from sluitend.vocabulary import LEVELS

AMOUNTS = st.one_of(
    st.integers(min_value=-(10**16), max_value=10**16).map(float),
    st.integers(min_value=-999_999, max_value=999_999).map(float),
    st.sampled_from([0.0, -0.0, 0.5, 1.5, -2.25, 999.0, 1000.0, -1000.0, math.nan, 10.0**15]),
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
)


@given(st.lists(AMOUNTS, max_size=40))
def test_amounts_are_dutch_amount(values: list[float]) -> None:
    want = [dutch.amount(int(v) if v.is_integer() else v) for v in values]
    assert texts.amounts(np.array(values, dtype=np.float64)).to_pylist() == want


def test_amounts_examples() -> None:
    got = texts.amounts(np.array([39149, -2734, 1.5, np.nan, 0, 1_000_000, -999])).to_pylist()
    assert got == ["39.149", "-2.734", "1,50", "pm", "0", "1.000.000", "-999"]


NAMES = st.sampled_from(["", "7.1", "Subsidies", "Regeling A", "Uitgaven", "Verplichtingen"])


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(NAMES, NAMES, NAMES, NAMES, NAMES, st.sampled_from(["V", "U", "O"])),
        min_size=1,
        max_size=12,
    )
)
def test_places_are_place(rows: list[tuple[str, ...]]) -> None:
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
    got = texts.places(frame, order)
    assert got is not None
    want = [
        messages.place(
            {c: frame[c].iloc[r] for c in [*LEVELS, "vuo", "jaar"]}, str(frame["label"].iloc[r])
        )
        for r in order
    ]
    assert got.to_pylist() == want


def test_sum_messages_per_status() -> None:
    got = messages.sum_messages(
        "hierarchy",
        ["Subsidies (uitgaven) 2022"] * 3,
        [EXCEEDED, ROUNDING, NOT_CHECKABLE],
        [181678.0, 100.0, np.nan],
        [226678.0, 101.0, 5.0],
        [2.0, 1.5, 1.0],
        [3, 2, 1],
    )
    assert got == [
        "Subsidies (uitgaven) 2022: stated 226.678, its lines add up to 181.678 "
        "(difference 45.000)",
        "Subsidies (uitgaven) 2022: stated 101, its lines add up to 100 (difference 1); "
        "afrondingsverschil within the rounding bound of 1,50 for 2 figures",
        "Subsidies (uitgaven) 2022: not checkable, an unknown (pm) figure takes part in the sum",
    ]
