"""`common.rounding_steps`: each row's step, a missing one 1, one float for one step."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sluitend.engine.checks import common


def _frame(afronding: object) -> pd.DataFrame:
    return pd.DataFrame({"bedrag": [1, 2, 3, 4], "afronding": afronding})


@pytest.mark.parametrize(
    ("afronding", "expected"),
    [
        ([100, 100, 100, 100], [100.0] * 4),
        ([1, 10, 100, 1000], [1.0, 10.0, 100.0, 1000.0]),
        (pd.array([100, None, 100, 100], dtype="Int64"), [100.0, 1.0, 100.0, 100.0]),
        (pd.array([None] * 4, dtype="Int64"), [1.0] * 4),
        ([0.5, np.nan, 0.5, 0.5], [0.5, 1.0, 0.5, 0.5]),
    ],
)
def test_each_rows_step_and_a_missing_one_is_1(afronding: object, expected: list[float]) -> None:
    steps = common.rounding_steps(_frame(afronding))
    assert steps.dtype == np.float64 and steps.tolist() == expected
    assert not steps.flags.writeable  # the rules share it


def test_a_frame_without_the_column_has_steps_of_1() -> None:
    steps = common.rounding_steps(pd.DataFrame({"bedrag": [1, 2, 3]}))
    assert steps.dtype == np.float64 and steps.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    "afronding",
    [[1000] * 4, pd.array([1, 1, None, 1], dtype="Int64")],  # missing: 1
)
def test_one_step_for_every_row_holds_one_float_not_one_per_row(afronding: object) -> None:
    steps = common.rounding_steps(_frame(afronding))
    assert steps.strides == (0,) and len(steps) == 4  # a view of one value


def test_steps_that_differ_are_a_row_each() -> None:
    steps = common.rounding_steps(_frame([1, 1, 1, 2]))
    assert steps.strides == (8,)


def test_the_frames_own_float_column_is_never_written() -> None:
    frame = _frame([0.5, np.nan, 0.5, 0.5])
    common.rounding_steps(frame)
    assert np.isnan(frame["afronding"].iloc[1])
    assert len(common.rounding_steps(frame.iloc[:0])) == 0
