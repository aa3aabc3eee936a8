"""`where` on the column types a frame may bring: object text columns, categoricals with a
missing value, column against column, and types where cannot compare (CONTRIBUTING.md:
what the mutation run found unpinned)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sluitend.datasets.bron import BronDtype
from sluitend.datasets.frame import TEXT_DTYPE
from sluitend.engine.checks.keys import keys_for, shared_keys
from sluitend.engine.selection import WhereEvaluationError, evaluate, evaluate_array
from sluitend.rules.where import parse_where
from tests.engine.budget import table


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


def test_a_categorical_of_object_text_is_text() -> None:
    # Categories held as Python objects (not pandas' string dtype) are text when every one
    # is a string.
    categories = pd.Index(["U", "V"], dtype=object)
    frame = pd.DataFrame({"vuo": pd.Categorical(["U", "V", "U"], categories=categories)})
    assert frame["vuo"].dtype.categories.dtype == object
    assert rows("vuo == 'U'", frame) == [0, 2]
    assert rows("vuo in ['V']", frame) == [1]


def test_a_categorical_of_mixed_values_is_refused_by_name() -> None:
    frame = pd.DataFrame({"regeling": pd.Series(["a", 1], dtype=object).astype("category")})
    with pytest.raises(WhereEvaluationError) as info:
        evaluate(parse_where("regeling == 'a'"), frame)
    assert info.value.column == "regeling"
    assert str(info.value) == (
        "where \"regeling == 'a'\": column 'regeling' has dtype object, which where cannot compare"
    )


def test_bron_is_compared_as_its_texts() -> None:
    # The canonical frame's bron (file:line) is a BronArray, compared as the texts it holds.
    frame = table([("", "", "", "U", 2022, 1), ("7.1", "", "", "U", 2022, 2)])
    assert isinstance(frame["bron"].dtype, BronDtype)
    assert rows("bron == 't.csv:3'", frame) == [1]
    assert rows("bron < 't.csv:3'", frame) == [0]
    assert rows("bron in ['t.csv:2']", frame) == [0]
    assert rows("bron != label", frame) == [0, 1]


def test_evaluate_array_is_a_numpy_bool_array_for_nullable_columns() -> None:
    # A comparison of a nullable column gives pandas' BooleanArray; evaluate_array still
    # hands back numpy bools (callers index rows and combine masks with it).
    frame = pd.DataFrame({"bedrag": pd.array([5, None, 60], dtype="Int64"), "vuo": ["U"] * 3})
    for text in ("bedrag > 50", "not bedrag > 50", "bedrag == 5 or vuo == 'V'"):
        result = evaluate_array(parse_where(text), frame)
        assert isinstance(result, np.ndarray) and result.dtype == bool, text
    assert evaluate_array(parse_where("not bedrag > 50"), frame).tolist() == [True, False, False]


def test_large_whole_numbers_in_a_categorical_compare_exactly_with_a_column() -> None:
    # 2**53 + 1 has no float64 of its own: the comparison stays in whole numbers.
    big = 2**53
    frame = pd.DataFrame(
        {"code": pd.Categorical([big + 1, big]), "other": pd.Series([big, big], dtype="int64")}
    )
    assert rows("code == other", frame) == [1]
    assert rows("code > other", frame) == [0]


def test_an_ordering_comparison_of_a_text_column_in_runs_inside_a_validation() -> None:
    # Inside a validation a coded text column answers == and != per run of equal rows; < and
    # the like are compared cell by cell, with the same answer as outside.
    frame = pd.DataFrame({"x": pd.array(["a", "a", "b", "b", "c", "c"], dtype=TEXT_DTYPE)})
    outside = {t: rows(t, frame) for t in ("x < 'b'", "x >= 'b'", "x == 'b'", "x != 'b'")}
    assert outside == {
        "x < 'b'": [0, 1],
        "x >= 'b'": [2, 3, 4, 5],
        "x == 'b'": [2, 3],
        "x != 'b'": [0, 1, 4, 5],
    }
    with shared_keys():
        keys_for(frame, None).codes("x")
        assert keys_for(frame, None).in_runs("x")
        assert {t: rows(t, frame) for t in outside} == outside
