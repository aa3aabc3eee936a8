"""`where` on the column types a frame may bring: object text columns, categoricals with a
missing value, column against column, and types where cannot compare (CONTRIBUTING.md:
what the mutation run found unpinned)."""

from __future__ import annotations

import pandas as pd
import pytest

from sluitend.engine.selection import WhereEvaluationError, evaluate
from sluitend.rules.where import parse_where


def rows(where: str, frame: pd.DataFrame) -> list[int]:
    result = evaluate(parse_where(where), frame)
    assert result.dtype == bool and result.index.equals(frame.index)
    return [int(i) for i in frame.index[result]]


def test_object_text_columns_are_text() -> None:
    frame = pd.DataFrame({"onderdeel": ["7.1", None, "7.2"]}, dtype=object)
    assert rows("onderdeel == '7.1'", frame) == [0]
    assert rows("onderdeel != '7.1'", frame) == [2]  # the missing one is unknown
    assert rows("onderdeel in ['7.2', '9']", frame) == [2]
    assert rows("onderdeel < '7.2'", frame) == [0]


def test_an_all_empty_object_column_is_text() -> None:
    frame = pd.DataFrame({"onderdeel": [None, None]}, dtype=object)
    assert rows("onderdeel == ''", frame) == []
    assert rows("not (onderdeel == '')", frame) == []


def test_an_object_column_of_mixed_values_is_refused_by_name() -> None:
    frame = pd.DataFrame({"regeling": ["a", 1]}, dtype=object)
    with pytest.raises(WhereEvaluationError) as info:
        evaluate(parse_where("regeling == 'a'"), frame)
    assert info.value.column == "regeling"
    assert info.value.where == parse_where("regeling == 'a'")
    assert str(info.value) == (
        "where \"regeling == 'a'\": column 'regeling' has dtype object, which where cannot compare"
    )


def test_a_datetime_column_is_refused() -> None:
    frame = pd.DataFrame({"datum": pd.to_datetime(["2024-01-01"])})
    with pytest.raises(WhereEvaluationError, match="column 'datum' has dtype datetime64"):
        evaluate(parse_where("datum == 1"), frame)


def test_an_unknown_column_lists_the_frame_columns() -> None:
    frame = pd.DataFrame({"vuo": ["U"], "jaar": [2022]})
    with pytest.raises(WhereEvaluationError) as info:
        evaluate(parse_where("fase == 'OWB'"), frame)
    assert str(info.value).endswith("unknown column 'fase'; the frame has: vuo, jaar")


def test_a_missing_category_is_unknown() -> None:
    frame = pd.DataFrame({"vuo": pd.Categorical(["U", None, "V"])})
    assert rows("vuo == 'U'", frame) == [0]
    assert rows("vuo != 'U'", frame) == [2]
    assert rows("vuo in ['U', 'V']", frame) == [0, 2]
    assert rows("vuo not in ['U']", frame) == [2]


def test_number_categories_compare_as_numbers() -> None:
    frame = pd.DataFrame({"jaar": pd.Categorical([2022, 2023, 2024])})
    assert rows("jaar > 2022", frame) == [1, 2]
    assert rows("jaar in [2024]", frame) == [2]


def test_categorical_columns_compare_cell_by_cell_across_categories() -> None:
    frame = pd.DataFrame(
        {
            "a": pd.Categorical(["x", "y", None], categories=["x", "y"]),
            "b": pd.Categorical(["x", "z", "x"], categories=["z", "x"]),
            "n": pd.Categorical([1, 2, 3]),
            "m": pd.Series([1, 5, 3]),
        }
    )
    assert rows("a == b", frame) == [0]
    assert rows("a != b", frame) == [1]  # row 2: a is missing, so unknown
    assert rows("n == m", frame) == [0, 2]
    assert rows("n < m", frame) == [1]


def test_a_missing_value_on_either_side_of_a_column_comparison_is_unknown() -> None:
    frame = pd.DataFrame({"a": [1, None, 3], "b": [1, 2, None]}).astype("Int64")
    assert rows("a == b", frame) == [0]
    assert rows("not (a == b)", frame) == []
    assert rows("not (b == a)", frame) == []


def test_a_false_left_side_decides_an_and_with_an_unknown_right_side() -> None:
    frame = pd.DataFrame({"vuo": ["U"], "bedrag": pd.array([None], dtype="Int64")})
    assert rows("not (vuo == 'V' and bedrag > 50)", frame) == [0]
    assert rows("not (bedrag > 50 and vuo == 'V')", frame) == [0]
    assert rows("vuo == 'U' or bedrag > 50", frame) == [0]
    assert rows("bedrag > 50 or vuo == 'U'", frame) == [0]


def test_nan_in_a_float_column_makes_a_column_comparison_unknown() -> None:
    frame = pd.DataFrame({"a": [1.0, float("nan"), 3.0], "b": [1.0, 2.0, float("nan")]})
    assert rows("a == b", frame) == [0]
    assert rows("not (a == b)", frame) == []
    assert rows("a != b", frame) == []
