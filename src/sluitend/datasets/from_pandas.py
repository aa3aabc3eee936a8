"""A plain `pandas.DataFrame` from a user's own code as a canonical `Dataset`.

The frame must hold the canonical columns of one dataset kind
(`domains.rijk.vocabulary.BUDGET_COLUMNS` or `JURIDISCH_VERPLICHT_COLUMNS`); `label`,
`bron`, `omschrijving`, `waarvan`, the levels below the article, `begroting` and
`afronding` may be left out (they take their defaults,
`domains.rijk.vocabulary.BUDGET_DEFAULTS`). Each column is checked and converted once,
over the whole column (never cell by cell): a frame whose dtypes are not the canonical
ones would otherwise reach pandera, which then tests every cell for coercibility (seconds
at a national budget's size) and reports a dtype failure instead of the row at fault.

What each column may hold:

| column type | accepted as |
|---|---|
| `begrotingsjaar`, `jaar` | integers, floats that are whole, text of a whole number |
| `bedrag` | the same, and missing values (NaN, None, `<NA>`, text `pm`): the amount is unknown |
| `percentage` | numbers, or text of a number |
| `waarvan` | booleans, or text `true`/`false`/`1`/`0` |
| `fase`, `vuo` | text or a categorical of the codes in `domains.rijk.vocabulary.FASES` / `VUOS` |
| text | text (missing values are ""), or integers (`artikel` 7 is "7") |

Anything else (a float in a text column, a date in a year column, a code that does not
exist) is one `InputError` naming the column, its dtype, the first bad row and how many
more there are. Nothing is guessed: `7.0` is not taken for the article "7".
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from sluitend.datasets.canonical import kind_of_columns
from sluitend.datasets.frame import TEXT_DTYPE, Dataset, budget_frame, juridisch_verplicht_frame
from sluitend.domains.rijk.vocabulary import (
    BUDGET_CODES,
    BUDGET_COLUMNS,
    BUDGET_DEFAULTS,
    JURIDISCH_VERPLICHT_COLUMNS,
    LEVELS,
)
from sluitend.errors import InputError
from sluitend.vocabulary import DATASET_KINDS

#: How a frame is named in messages, and in the `bron` of rows that bring none.
SOURCE = "DataFrame"
#: Columns a frame may leave out (the levels are filled in by `budget_frame`).
OPTIONAL = frozenset({"label", "bron", "omschrijving", "waarvan", *LEVELS, *BUDGET_DEFAULTS})
_BOOLS = {"true": True, "false": False, "1": True, "0": False}
_PM = "pm"

_AS_TEXT = (
    "; the column was read as numbers: read it as text, e.g. "
    "pd.read_csv(..., dtype={{{name!r}: str}})"
)
_EXPECTED = {
    "int": "a whole number",
    "Int64": "a whole number, or a missing value for an unknown amount (pm)",
    "float": "a number",
    "bool": "true or false",
    "string": "text",
}


class _Column:
    """One column of the user's frame, and how to say what is wrong with it."""

    def __init__(self, frame: pd.DataFrame, name: str) -> None:
        self.name = name
        self.series: pd.Series = frame[name]
        self.index = frame.index

    def fail(self, bad: Any, expected: str, why: str = "") -> None:
        """Raise for the first True in `bad`, if any (`why`: a last sentence on the fix)."""
        mask = np.asarray(bad, dtype=bool)
        if not mask.any():
            return
        first = int(np.flatnonzero(mask)[0])
        more = int(mask.sum()) - 1
        tail = f" (and {more} more row{'s' if more != 1 else ''})" if more else ""
        value = self.series.iloc[first]
        if isinstance(value, np.generic):  # np.float64(7.1) -> 7.1
            value = value.item()
        raise InputError(
            SOURCE,
            f"column {self.name!r} ({self.series.dtype}), {_row(self.index, first)}: "
            f"expected {expected}, got {value!r}{tail}{why}",
        )

    def fail_all(self, expected: str) -> None:
        """The whole column is of a type that cannot hold these values."""
        self.fail(np.ones(len(self.series), dtype=bool), expected)


def _row(index: pd.Index, position: int) -> str:
    """`row 3` on a default index, else also the index label (`.loc` finds it by that)."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return f"row {position}"
    return f"row {position} (index {index[position]!r})"


def _plain_number_dtype(series: pd.Series) -> bool:
    """A real number dtype (int, float, nullable int), not bool, date or complex."""
    dtype = series.dtype
    return bool(
        (ptypes.is_integer_dtype(dtype) or ptypes.is_float_dtype(dtype))
        and not ptypes.is_bool_dtype(dtype)
    )


def _textual(series: pd.Series) -> bool:
    """Object or string dtype: values that may be text (checked per column, not per cell)."""
    return bool(ptypes.is_object_dtype(series.dtype) or ptypes.is_string_dtype(series.dtype))


def _numbers(col: _Column, expected: str, missing: pd.Series | None = None) -> pd.Series:
    """The column as float64 (NaN where missing), failing on what is no number."""
    series = col.series
    if _plain_number_dtype(series):
        return series.astype("float64")
    if not _textual(series):
        col.fail_all(expected)
    numbers = pd.to_numeric(
        series.where(~missing) if missing is not None else series, errors="coerce"
    )
    if ptypes.is_bool_dtype(numbers.dtype) or not _plain_number_dtype(numbers):
        col.fail_all(expected)
    numbers = numbers.astype("float64")
    allowed_missing = series.isna() if missing is None else (series.isna() | missing)
    col.fail(numbers.isna() & ~allowed_missing, expected)
    return numbers


def _whole(col: _Column, logical: str) -> pd.Series:
    """`int` (no missing value) or `Int64` (missing is unknown: pm)."""
    expected = _EXPECTED[logical]
    series = col.series
    if ptypes.is_integer_dtype(series.dtype) and not ptypes.is_bool_dtype(series.dtype):
        if logical == "int":
            col.fail(series.isna(), expected)
            return series.astype("int64")
        return series.astype("Int64")
    pm = None
    if logical == "Int64" and _textual(series):
        pm = (series.astype(TEXT_DTYPE).str.strip().str.lower() == _PM).fillna(False)
    values = _numbers(col, expected, pm).to_numpy()
    finite = np.isfinite(values)
    bad = ~finite & ~np.isnan(values)  # inf
    bad |= finite & (values != np.floor(np.where(finite, values, 0)))
    if logical == "int":
        bad |= np.isnan(values)
    col.fail(bad, expected)
    if logical == "int":
        return pd.Series(values.astype(np.int64))
    return pd.Series(values).astype("Int64")


def _float(col: _Column) -> pd.Series:
    values = _numbers(col, _EXPECTED["float"]).to_numpy()
    col.fail(~np.isfinite(values), _EXPECTED["float"])
    return pd.Series(values)


def _bool(col: _Column) -> pd.Series:
    series = col.series
    if ptypes.is_bool_dtype(series.dtype):
        col.fail(series.isna(), _EXPECTED["bool"])
        return series.astype(bool)
    if not (_textual(series) or ptypes.is_integer_dtype(series.dtype)):
        col.fail_all(_EXPECTED["bool"])
    text = series.astype(TEXT_DTYPE).str.strip().str.lower()
    col.fail(~text.isin(list(_BOOLS)).fillna(False), _EXPECTED["bool"])
    return text.map(_BOOLS).astype(bool)


def _code(col: _Column) -> pd.Series:
    codes = BUDGET_CODES[col.name]
    expected = f"one of {', '.join(codes)}"
    series = col.series
    if isinstance(series.dtype, pd.CategoricalDtype):
        # Through the categories: each distinct value is looked at once.
        known = series.cat.categories.isin(codes)
        bad = series.isna().to_numpy() | ~known[series.cat.codes.to_numpy()]
        col.fail(bad, expected)
        return series.cat.set_categories(list(codes))
    if not _textual(series):
        col.fail_all(expected)
    text = series.astype(TEXT_DTYPE)
    col.fail(~text.isin(codes).fillna(False) | series.isna(), expected)
    return text


def _text(col: _Column) -> pd.Series:
    series = col.series
    expected = _EXPECTED["string"]
    if ptypes.is_string_dtype(series.dtype) and not ptypes.is_object_dtype(series.dtype):
        return series.astype(TEXT_DTYPE).fillna("")
    if ptypes.is_integer_dtype(series.dtype) and not ptypes.is_bool_dtype(series.dtype):
        return series.astype(TEXT_DTYPE).fillna("")
    if ptypes.is_float_dtype(series.dtype):
        # An empty column read by read_csv is all NaN; numbers are not taken for text
        # ("7.10" read as 7.1 cannot be told from "7.1").
        col.fail(series.notna(), expected, _AS_TEXT.format(name=col.name))
        return pd.Series("", index=series.index, dtype=TEXT_DTYPE)
    if not ptypes.is_object_dtype(series.dtype):
        col.fail_all(expected)
    inferred = ptypes.infer_dtype(series, skipna=True)
    if inferred in ("string", "empty", "integer"):
        return series.astype(TEXT_DTYPE).fillna("")
    # Mixed values: the rows that hold something other than text (or nothing).
    is_text = series.str.len().notna() if inferred in ("mixed", "mixed-integer") else False
    col.fail(series.notna() & ~is_text, expected)
    return series.astype(TEXT_DTYPE).fillna("")


def _convert(frame: pd.DataFrame, name: str, logical: str) -> pd.Series:
    col = _Column(frame, name)
    if logical in ("int", "Int64"):
        out = _whole(col, logical)
    elif logical == "float":
        out = _float(col)
    elif logical == "bool":
        out = _bool(col)
    elif logical == "category":
        out = _code(col)
    else:
        out = _text(col)
    return out.reset_index(drop=True)


def _check_columns(frame: pd.DataFrame, kind: str | None) -> str:
    """The dataset kind of the frame; InputError for missing, unknown or doubled columns."""
    names = [str(c) for c in frame.columns]
    header_kind = kind_of_columns(names)
    if header_kind is None:
        raise InputError(
            SOURCE,
            "not the canonical columns; expected the columns "
            f"{', '.join(BUDGET_COLUMNS)} (amounts) or "
            f"{', '.join(JURIDISCH_VERPLICHT_COLUMNS)} (percentages juridisch verplicht), "
            f"got {', '.join(names) or 'no columns'}",
        )
    if kind is not None and kind not in DATASET_KINDS:
        raise InputError(
            SOURCE, f"unknown dataset kind {kind!r}; known: {', '.join(DATASET_KINDS)}"
        )
    if kind is not None and (kind == "juridisch_verplicht") != (
        header_kind == "juridisch_verplicht"
    ):
        raise InputError(
            SOURCE, f"kind {kind!r} asked for, but the frame has the columns of {header_kind!r}"
        )
    kind = kind or header_kind
    columns = DATASET_KINDS[kind]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise InputError(SOURCE, f"column {doubled[0]!r} appears more than once")
    unknown = [n for n in names if n not in columns]
    if unknown:
        raise InputError(
            SOURCE,
            f"unknown column{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(map(repr, unknown))}; expected the canonical columns "
            f"{', '.join(columns)} (select them first: frame[[...]])",
        )
    missing = [c for c in columns if c not in names and c not in OPTIONAL]
    if missing:
        raise InputError(
            SOURCE,
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}; "
            f"expected the canonical columns {', '.join(columns)}",
        )
    return kind


def dataset_from_pandas(
    frame: pd.DataFrame,
    *,
    kind: str | None = None,
    name: str | None = None,
    unit: int | None = None,
) -> Dataset:
    """Check and convert a plain DataFrame in the canonical columns into a `Dataset`.

    Args:
        frame: the user's frame; never changed (the dataset holds converted copies).
        kind: the dataset kind; by default taken from the columns (`bedrag`: a
            begrotingstabel, `percentage`: juridisch_verplicht). "begrotingsstaat" must
            be asked for.
        name: how reports name the dataset (default "DataFrame").
        unit: the unit of `bedrag` in euros (default 1000, "x € 1.000"; 1 for percentages).

    A row without a `bron` gets `DataFrame#<index label>`, so a finding leads back to it.
    Raises InputError naming the column, the first bad row and what was expected.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(frame).__name__}")
    kind = _check_columns(frame, kind)
    if frame.empty:
        raise InputError(SOURCE, "no rows; expected at least one row of figures")
    columns = DATASET_KINDS[kind]
    converted = {c: _convert(frame, c, t) for c, t in columns.items() if c in frame.columns}
    out = pd.DataFrame(converted)
    if "bron" not in out:
        out["bron"] = ""
    empty = (out["bron"] == "").to_numpy(dtype=bool)
    if empty.any():  # only rows that bring no bron get one
        labels = pd.Series(frame.index.astype(str), dtype=TEXT_DTYPE)
        out["bron"] = out["bron"].mask(pd.Series(empty), (SOURCE + "#") + labels)
    for column in ("label", "omschrijving"):
        if column in columns and column not in out:
            out[column] = ""
    if kind == "juridisch_verplicht":
        canonical = juridisch_verplicht_frame(out)
    else:
        canonical = budget_frame(out, kind)
    default_unit = 1 if kind == "juridisch_verplicht" else 1000
    return Dataset(
        canonical, kind, name or SOURCE, unit=default_unit if unit is None else unit, source=SOURCE
    )
