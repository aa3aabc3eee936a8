"""Vectorized evaluation of where expressions against canonical frames."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sluitend.datasets.frame import budget_frame, juridisch_verplicht_frame
from sluitend.engine.selection import WhereEvaluationError, evaluate
from sluitend.errors import SluitendError
from sluitend.rules.where import parse_where, selector_to_where


@pytest.fixture
def frame() -> pd.DataFrame:
    rows = [
        # onderdeel, vuo, jaar, bedrag, waarvan
        ("", "V", 2020, 100, False),
        ("", "U", 2022, 90, False),
        ("7.1", "U", 2022, 60, False),
        ("7.2", "U", 2023, None, False),
        ("7.2", "O", 2024, 5, True),
    ]
    df = pd.DataFrame(rows, columns=["onderdeel", "vuo", "jaar", "bedrag", "waarvan"])
    df["begrotingsjaar"] = 2022
    df["fase"] = "OWB"
    df["hoofdstuk"] = "VII"
    df["artikel"] = "7"
    df["label"] = "x"
    df["bron"] = [f"t.csv:{i}" for i in range(2, 7)]
    out = budget_frame(df)
    out.index = pd.Index([10, 11, 12, 13, 14])  # evaluation must follow the frame's index
    return out


def _rows(where: str, frame: pd.DataFrame) -> list[int]:
    result = evaluate(parse_where(where), frame)
    assert result.dtype == bool
    assert result.index.equals(frame.index)
    return list(frame.index[result])


@pytest.mark.parametrize(
    ("where", "rows"),
    [
        ("vuo == 'U'", [11, 12, 13]),
        ("vuo != 'U'", [10, 14]),
        ("vuo in ['V', 'O']", [10, 14]),
        ("vuo not in ['V', 'O']", [11, 12, 13]),
        ("onderdeel == ''", [10, 11]),
        ("onderdeel != '' and vuo == 'U'", [12, 13]),
        ("jaar >= begrotingsjaar", [11, 12, 13, 14]),
        ("begrotingsjaar < jaar", [13, 14]),
        ("2023 <= jaar", [13, 14]),
        ("jaar > 2022 or vuo == 'V'", [10, 13, 14]),
        ("not (jaar > 2022 or vuo == 'V')", [11, 12]),
        ("waarvan == true", [14]),
        ("waarvan == false and jaar == 2020", [10]),
        ("bedrag > 50", [10, 11, 12]),
        ("bedrag >= 5.5", [10, 11, 12]),
        ("vuo > 'O'", [10, 11, 12, 13]),
        ("fase == 'OWB' and hoofdstuk == 'VII'", [10, 11, 12, 13, 14]),
    ],
)
def test_matches(frame: pd.DataFrame, where: str, rows: list[int]) -> None:
    assert _rows(where, frame) == rows


def test_missing_amount_never_matches(frame: pd.DataFrame) -> None:
    # Row 13 has bedrag <NA> (pm): neither "> 50" nor its negation holds for it.
    assert 13 not in _rows("bedrag > 50", frame)
    assert 13 not in _rows("not bedrag > 50", frame)
    assert 13 not in _rows("bedrag != 60", frame)
    assert 13 not in _rows("bedrag not in [60]", frame)
    assert 13 in _rows("bedrag > 50 or vuo == 'U'", frame)


def test_selector_and_text_agree(frame: pd.DataFrame) -> None:
    a = evaluate(selector_to_where({"vuo": ["V", "U"], "onderdeel": ""}), frame)
    b = evaluate(parse_where("vuo in ['V', 'U'] and onderdeel == ''"), frame)
    assert a.equals(b)
    assert list(frame.index[a]) == [10, 11]


def test_float_column_nan_is_unknown() -> None:
    df = pd.DataFrame(
        {
            "begrotingsjaar": [2022, 2022],
            "fase": ["OWB", "OWB"],
            "hoofdstuk": ["VII", "VII"],
            "artikel": ["1", "2"],
            "categorie": ["", ""],
            "percentage": [95.2, float("nan")],
            "label": ["", ""],
            "bron": ["a", "b"],
        }
    )
    jv = juridisch_verplicht_frame(df)
    assert list(evaluate(parse_where("percentage != 100"), jv)) == [True, False]
    assert list(evaluate(parse_where("percentage <= 95.2"), jv)) == [True, False]


def test_empty_frame(frame: pd.DataFrame) -> None:
    result = evaluate(parse_where("vuo == 'U' and jaar > 1"), frame.iloc[0:0])
    assert result.dtype == bool
    assert len(result) == 0


@pytest.mark.parametrize(
    ("where", "column", "expected", "message"),
    [
        (
            "jaar == '2020'",
            "jaar",
            "number",
            "where \"jaar == '2020'\": column 'jaar' holds numbers; compare it with numbers, "
            "not '2020'",
        ),
        (
            "vuo == 1",
            "vuo",
            "text",
            "where 'vuo == 1': column 'vuo' holds text; compare it with text, not 1",
        ),
        (
            "onderdeel in [1, 2]",
            "onderdeel",
            "text",
            "where 'onderdeel in [1, 2]': column 'onderdeel' holds text; compare it with text, "
            "not 1",
        ),
        (
            "waarvan == 1",
            "waarvan",
            "bool",
            "where 'waarvan == 1': column 'waarvan' holds true/false; compare it with "
            "true/false, not 1",
        ),
        (
            "bedrag < true",
            "bedrag",
            "number",
            "where 'bedrag < true': column 'bedrag' holds numbers; compare it with numbers, "
            "not true",
        ),
        (
            "jaar > artikel",
            "artikel",
            "number",
            "where 'jaar > artikel': column 'jaar' holds numbers and column 'artikel' holds "
            "text; they cannot be compared",
        ),
    ],
)
def test_type_mismatch_names_column_and_type(
    frame: pd.DataFrame, where: str, column: str, expected: str, message: str
) -> None:
    with pytest.raises(WhereEvaluationError) as info:
        evaluate(parse_where(where), frame)
    assert isinstance(info.value, SluitendError)
    assert info.value.column == column
    assert info.value.expected == expected
    assert str(info.value) == message


def test_unknown_column(frame: pd.DataFrame) -> None:
    with pytest.raises(WhereEvaluationError, match="unknown column 'jaartal'") as info:
        evaluate(parse_where("jaartal == 1"), frame)
    assert info.value.column == "jaartal"


def test_does_not_modify_frame(frame: pd.DataFrame) -> None:
    before = frame.copy()
    evaluate(parse_where("vuo > 'O' and bedrag > 1"), frame)
    pd.testing.assert_frame_equal(frame, before)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["", "a", "b", None]), st.integers(2, 6)), max_size=12),
    st.sampled_from(
        [
            "x == ''",
            "x != ''",
            "x == 'a'",
            "not x == 'b'",
            "x in ['a', 'c']",
            "x not in ['', 'a']",
            "x != 'zzz'",
        ]
    ),
)
def test_text_compared_per_run_is_text_compared_per_cell(runs: list, text: str) -> None:
    # Inside a validation a text column the checks already coded is compared once per run
    # of equal rows and spread over them: the same answer, missing values included.
    import numpy as np

    from sluitend.engine.checks import keys as keys_module
    from sluitend.engine.checks.keys import keys_for, shared_keys
    from sluitend.engine.selection import _on_runs, evaluate_array

    values = [v for v, length in runs for _ in range(length)]
    frame = pd.DataFrame({"x": pd.array(values, dtype=pd.StringDtype("pyarrow"))})
    where = parse_where(text)
    cell_by_cell = evaluate_array(where, frame)
    saved = keys_module._RUN_SAMPLE
    keys_module._RUN_SAMPLE = 4  # runs seen from a few rows on
    try:
        with shared_keys():
            keys = keys_for(frame, None)
            keys.codes("x")
            per_run = evaluate_array(where, frame)
            taken = _on_runs(frame, "x", ["a"]) is not None
    finally:
        keys_module._RUN_SAMPLE = saved
    assert np.array_equal(per_run, cell_by_cell)
    assert taken or None in values or len(values) < 4  # the per-run path ran
