"""`where` on rows with unknown (pm) figures and on plain (non-categorical) text columns.

Kleene's three-valued logic: a comparison with a missing value is unknown, `unknown and
false` is false, `unknown or true` is true, `not unknown` stays unknown, and only rows known
to match are selected. The budget frames keep text as categoricals, so the plain-column
path of `in` / `not in` needs a frame of its own.
"""

from __future__ import annotations

import pandas as pd
import pytest

from sluitend.engine.selection import evaluate
from sluitend.rules.where import parse_where


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            # row:         0      1      2      3     4
            "onderdeel": ["", "7.1", "7.2", None, "7.1"],
            "vuo": ["U", "U", "V", "U", "V"],
            "bedrag": [100, None, None, 60, 10],
        }
    ).astype({"onderdeel": "string", "vuo": "string", "bedrag": "Int64"})


def rows(where: str, frame: pd.DataFrame) -> list[int]:
    return [int(i) for i in frame.index[evaluate(parse_where(where), frame)]]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        # row 1 (pm, U): unknown and true = unknown; not unknown: not selected.
        # row 2 (pm, V): unknown and false = false; not false: selected.
        ("not (bedrag > 50 and vuo == 'U')", [2, 4]),
        ("bedrag > 50 and vuo == 'U'", [0, 3]),
        ("vuo == 'U' and bedrag > 50", [0, 3]),
        # row 2 (pm, V): unknown or true = true: selected; row 1 (pm, U): unknown or false.
        ("bedrag > 50 or vuo == 'V'", [0, 2, 3, 4]),
        ("vuo == 'V' or bedrag > 50", [0, 2, 3, 4]),
        ("not (bedrag > 50 or vuo == 'V')", []),
        ("not (bedrag < 50 or vuo == 'V')", [0, 3]),
        ("not (bedrag < 50 or vuo == 'U')", []),
        ("not not (bedrag > 50)", [0, 3]),
        ("not (bedrag > 50)", [4]),
    ],
)
def test_and_or_not_are_three_valued(frame: pd.DataFrame, where: str, expected: list[int]) -> None:
    assert rows(where, frame) == expected


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("onderdeel in ['7.1']", [1, 4]),
        ("onderdeel in ['7.1', '']", [0, 1, 4]),
        ("onderdeel in ['9.9']", []),
        # row 3's onderdeel is missing: unknown, so neither `in` nor `not in` selects it.
        ("onderdeel not in ['7.1']", [0, 2]),
        ("onderdeel not in ['9.9']", [0, 1, 2, 4]),
        ("vuo in ['V']", [2, 4]),
        ("bedrag in [60, 10]", [3, 4]),
        ("bedrag not in [60]", [0, 4]),
    ],
)
def test_in_and_not_in_on_plain_columns(
    frame: pd.DataFrame, where: str, expected: list[int]
) -> None:
    assert not isinstance(frame["onderdeel"].dtype, pd.CategoricalDtype)
    assert rows(where, frame) == expected


def test_plain_and_categorical_columns_agree(frame: pd.DataFrame) -> None:
    categorical = frame.astype({"onderdeel": "category", "vuo": "category"})
    for where in ("onderdeel in ['7.1']", "onderdeel not in ['7.1']", "vuo == 'U'"):
        assert rows(where, categorical) == rows(where, frame), where
