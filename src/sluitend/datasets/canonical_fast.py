"""The canonical CSV read by Arrow: parsed in C++, typed and checked column by column.

`read_fast` takes a file Python's csv module would read the same way and the lines of which
are known without it: every physical line after the header is one record (no blank line,
no value over several lines). Then the row at position i sits on line `first + i`, and a
bad value is reported at its line and column with the very message the csv path gives
(that column is checked again by `canonical.parse_column`, which builds the message).

Anything else (a bad byte, a value Python's csv would refuse, a wrong number of fields,
blank lines, a header Arrow cannot take) returns None, and `read_canonical_csv` reads the
file with Python's csv module instead, which names the exact place of every problem. So
the fast path never decides an error; it only skips work on a good file.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.canonical_arrow import (
    FIELD_LIMIT,
    FLOAT_RE,
    all_true,
    arrow_table,
    blank_lines,
    csv_head,
    lines_match,
    longest,
    whole_numbers,
)
from sluitend.datasets.frame import TEXT_DTYPE, Dataset
from sluitend.domains.rijk.vocabulary import BUDGET_CODES
from sluitend.errors import InputError

#: More distinct values than this in a code column: checked per row (`parse_column`).
_MOST_CODES = 1 << 16


def read_fast(path: Path, raw: Any, kind: str | None) -> Dataset | None:
    """The dataset of canonical CSV bytes `raw` (bytes, or the mapped file of `file_bytes`),
    or None when the csv path must read it."""
    from sluitend.datasets import canonical as c

    head = csv_head(raw)
    if head is None:
        return None
    meta_line, header_line, header, start = head
    table = arrow_table(raw, start, header)
    if table is None or table.num_rows == 0:
        return None
    if not lines_match(raw, start, table.num_rows) or blank_lines(table):
        return None
    try:
        meta = c.parse_meta(path, meta_line) if meta_line is not None else {}
    except InputError:  # the csv path raises it, in its order of checks
        return None
    kind, columns = c.header_columns(path, header, header_line, kind, meta)
    table = table.rename_columns(header)
    for name in header:
        if columns[name] == "string" and longest(table.column(name)) > FIELD_LIMIT:
            return None
    first = header_line + 1
    lines = _Lines(first, table.num_rows)
    rows = table.num_rows
    frame: dict[str, Any] = {}
    for col, logical in columns.items():
        if col == "bron":
            given = table.column(col) if col in header else None
            frame[col] = _bron(given, f"{path}:", first, rows)
        elif col in header:
            frame[col] = _column(path, table.column(col), col, logical, lines)
        else:  # left out: every row holds the default (checked once)
            frame[col] = left_out(path, col, logical, first, rows)
        if col in header:  # let go of the parsed text once its column is made
            table = table.drop_columns([col])
    # copy=False: the columns are new, and pandas would otherwise copy them into blocks.
    return c.csv_dataset(path, pd.DataFrame(frame, copy=False), kind, meta)


def left_out(path: Path, col: str, logical: str, first: int, rows: int) -> Any:
    """A column a canonical file leaves out: its default, checked once, on every row
    (`first` is the line or row an error would name)."""
    import pyarrow as pa

    from sluitend.datasets import canonical as c

    one = pd.Series([c.OPTIONAL[col]], dtype=TEXT_DTYPE)
    value = c.parse_column(path, one, pd.Series([first]), col, logical)
    if logical == "string":  # one Arrow array of the same text, without a per-row take
        return _text(pa.repeat(pa.scalar(str(value.iloc[0]), pa.large_string()), rows))
    return value.repeat(rows).reset_index(drop=True)


class _Lines:
    """Each row's line, made only when an error needs it."""

    def __init__(self, first: int, rows: int) -> None:
        self.first, self.rows = first, rows

    def series(self) -> pd.Series:
        return pd.Series(np.arange(self.first, self.first + self.rows))


def _column(path: Path, text: Any, col: str, logical: str, lines: _Lines) -> Any:
    """One Arrow text column as its pandas array, checked like `canonical.parse_column`;
    a column with any value that needs more than the plain form (spaces around a number,
    `PM`, a bad value) goes through `parse_column` itself, for its exact result or error."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from sluitend.datasets.canonical import parse_column

    def slow() -> Any:
        plain = text.cast(pa.string()) if pa.types.is_dictionary(text.type) else text
        series = pd.Series(pd.arrays.ArrowStringArray(plain))
        return parse_column(path, series, lines.series(), col, logical)

    if logical in ("int", "bool", "category"):
        return _coded(text, col, logical, slow)
    if logical == "Int64":
        pm = pc.equal(text, "pm")  # "PM" and " pm" fail the cast: parse_column takes them
        known = pc.if_else(pm, pa.scalar(None, pa.string()), text) if pc.any(pm).as_py() else text
        values = whole_numbers(known)
        if values is None:
            return slow()
        return pd.array(values.to_pandas(types_mapper=lambda _: pd.Int64Dtype()), dtype="Int64")
    if logical == "float":
        if not all_true(pc.match_substring_regex(text, FLOAT_RE)):
            return slow()
        return pc.cast(text, pa.float64()).to_numpy()
    return _text(text)


def _coded(text: Any, col: str, logical: str, slow: Any) -> Any:
    """A column of few distinct values (years, waarvan, fase, vuo), read by Arrow as a
    dictionary: each distinct text is checked once, the way the csv path checks it
    (`canonical.parse_column`), not once per row."""
    import pyarrow as pa

    from sluitend.datasets.canonical_arrow import BOOLS, INT

    encoded = text if pa.types.is_dictionary(text.type) else text.dictionary_encode()
    encoded = encoded.unify_dictionaries()
    if encoded.num_chunks == 0:
        return slow()
    dictionary = encoded.chunk(0).dictionary
    if len(dictionary) > _MOST_CODES:
        return slow()
    values = [str(v).strip() for v in dictionary.to_pylist()]
    lookup: np.ndarray
    if logical == "int":
        if not all(re.fullmatch(INT, v) for v in values):
            return slow()
        lookup = np.array([int(v) for v in values], dtype=np.int64)
    elif logical == "bool":
        if not all(v.lower() in BOOLS for v in values):
            return slow()
        lookup = np.array([BOOLS[v.lower()] for v in values], dtype=bool)
    else:
        codes = BUDGET_CODES[col]
        if not all(v in codes for v in values):
            return slow()
        lookup = np.array([codes.index(v) for v in values], dtype=np.int8)
    indices = pa.chunked_array(
        [chunk.indices for chunk in encoded.chunks], type=encoded.type.index_type
    ).to_numpy()
    mapped = lookup[indices]
    if logical == "category":
        return pd.Categorical.from_codes(mapped, categories=list(codes))
    return mapped


def _bron(given: Any, prefix: str, first: int, rows: int) -> Any:
    """The `bron` column: each empty one (all, when the column is left out) is
    `<file>:<line>`, as a `bron.BronArray` (no text made per row)."""
    import pyarrow.compute as pc

    from sluitend.datasets.bron import BronArray, numbered

    if given is None or all_true(pc.equal(given, "")):  # the usual case: no row names its own
        return numbered(prefix, first, rows)
    lines = np.arange(first, first + rows, dtype=np.int64)
    return BronArray.from_texts(given).numbered_where_empty(prefix, lines)


def _text(column: Any) -> Any:
    """A text column as one contiguous Arrow array in pandas: the engine takes rows from it
    hundreds of times, and Arrow's take over a column of many chunks joins them each time."""
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray) and column.num_chunks > 1:
        if column.type == pa.string():
            column = column.cast(pa.large_string())  # joined beyond 2 GB of text
        with contextlib.suppress(pa.ArrowInvalid, pa.ArrowException):
            column = column.combine_chunks()
    if isinstance(column, pa.Array):
        column = pa.chunked_array([column])
    return pd.arrays.ArrowStringArray(column)
