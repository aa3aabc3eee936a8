"""The text columns' pandera dtype: one verdict for a column of exactly its dtype, and
pandera's own check (verdict, failure cases, message) for any other column."""

from __future__ import annotations

import pandas as pd
import pytest

from sluitend.datasets.frame import TEXT_DTYPE
from sluitend.engine.compile import _TEXT
from sluitend.engine.pandera_lib import pa, pandas_engine


def test_a_column_of_the_text_dtype_is_one_true() -> None:
    column = pd.Series(["a", "", None], dtype=TEXT_DTYPE)
    assert _TEXT.check(pandas_engine.Engine.dtype(column.dtype), column) is True
    assert str(_TEXT) == str(pandas_engine.Engine.dtype(TEXT_DTYPE))


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([1, 2, 3], dtype="int64"),
        pd.Series(["a", 2, None], dtype=object),
        pd.Series(["a", "b"], dtype=pd.StringDtype("python")),
        pd.Series(["a", "b"], dtype="category"),
    ],
)
def test_another_column_fails_as_pandera_fails_it(column: pd.Series) -> None:
    frame = pd.DataFrame({"label": column})

    def failures(dtype: object) -> pd.DataFrame | None:
        schema = pa.DataFrameSchema({"label": pa.Column(dtype, nullable=True)})
        try:
            schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as error:
            return error.failure_cases
        return None

    ours, pandera_own = failures(_TEXT), failures(TEXT_DTYPE)
    assert (ours is None) == (pandera_own is None)
    if ours is not None:
        pd.testing.assert_frame_equal(ours, pandera_own)
