"""The readers' shared helpers: `per_distinct`."""

from __future__ import annotations

import pandas as pd
import pytest

from sluitend.datasets.toolkit import per_distinct

_CELLS = pd.Series(
    ["waarvan x", "", "Subsidies", " 12 ", "waarvan x", None, "Ë123", "", None, "Subsidies"],
    dtype="string",
    index=range(100, 110),
)


@pytest.mark.parametrize(
    "op",
    [
        lambda c: c.str.contains(r"(?i)^\s*waarvan\b", regex=True),
        lambda c: c.str.fullmatch(r"\s*\d+\s*"),
        lambda c: c.str.casefold().str.replace(r"\s+", " ", regex=True).str.strip(),
    ],
)
def test_per_distinct_is_the_operation_on_every_row(op) -> None:
    seen: list[int] = []

    def counted(cells: pd.Series) -> pd.Series:
        seen.append(len(cells))
        return op(cells)

    got = per_distinct(_CELLS, counted)
    pd.testing.assert_series_equal(got, op(_CELLS))
    assert seen == [6]  # each distinct cell (NA is one) once


def test_row_keys_number_rows_alike_exactly_when_their_values_are() -> None:
    from sluitend.datasets.toolkit import row_keys

    text = pd.Series(["x", "y", "x", "", "y", "x", None], dtype="string", index=range(10, 17))
    number = pd.Series([1, 1, 1, 2, 2, 3, 1], index=text.index)
    key = row_keys(text, number)
    assert key.index.equals(text.index)
    rows = list(zip(text.tolist(), number.tolist(), strict=True))
    for i, a in enumerate(rows):
        for j, b in enumerate(rows):
            assert (key.iat[i] == key.iat[j]) == (str(a) == str(b)), (a, b)


def test_row_codes_stay_exact_when_the_combined_key_must_be_renumbered() -> None:
    # Eight columns of about 1,200 distinct values each: their product exceeds int64, so
    # the folded key is renumbered on the way; rows must still be numbered alike exactly
    # when equal, in the order their combination first appears.
    import numpy as np

    from sluitend.datasets.toolkit import row_codes

    rng = np.random.default_rng(12)
    base = rng.integers(0, 2000, size=(8, 1500))
    columns = [np.concatenate([c, c[:500]]) for c in base]  # the first 500 rows repeat
    columns[0][:2000] = np.arange(2000)  # every value of the first column occurs
    columns[0][1500:] = columns[0][:500]
    assert np.prod([float(len(set(c.tolist()))) for c in columns]) > 2.0**63
    codes = row_codes(*columns)
    rows = list(zip(*(c.tolist() for c in columns), strict=True))
    first: dict[tuple[int, ...], int] = {}
    for row in rows:
        first.setdefault(row, len(first))
    assert codes.tolist() == [first[row] for row in rows]
