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
import csv
import mmap
import os
import re
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import TEXT_DTYPE, Dataset
from sluitend.domains.rijk.vocabulary import BUDGET_CODES
from sluitend.errors import InputError

#: Python's csv module refuses a field longer than this (csv.field_size_limit()); the fast
#: path leaves such a file to it, so that the error stays the same.
_FIELD_LIMIT = 131072
_BOM = b"\xef\xbb\xbf"
_META = b"# sluitend:"
#: Columns of few distinct values, read as dictionaries (`_coded`).
_CODED = frozenset({"begrotingsjaar", "jaar", "afronding", "waarvan", "fase", "vuo"})
#: More distinct values than this in a code column: checked per row (`parse_column`).
_MOST_CODES = 1 << 16
#: Bytes looked at in one step when newlines are counted in a mapped file (`_lines_after`).
_COUNT_STEP = 1 << 24
# The same patterns as canonical._INT/_FLOAT, anchored for RE2 (Arrow's regex engine).
_INT_RE = r"^-?[0-9]{1,15}$"
_FLOAT_RE = r"^-?[0-9]{1,15}(?:\.[0-9]{1,17})?$"


def file_bytes(path: Path) -> Any:
    """A file's bytes without copying them: the file memory-mapped (read-only), or its
    bytes when it cannot be mapped (empty, a pipe). Either answers `find`, slicing and
    `len`, and Arrow reads either in place: reading a 250 MB file into a bytes object
    cost a quarter of a second and its size in memory again."""
    with path.open("rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
            return handle.read()
        try:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # a file system that cannot map: read it
            return handle.read()


def lines_match(raw: Any, start: int, rows: int) -> bool:
    """Whether the `rows` records Arrow read from `start` are the physical lines there
    (else the csv path reads the file, counting every line).

    Arrow reads a blank line as a record (`arrow_csv_options`; `blank_lines` finds it), so
    without quotes (no value over several lines) and without carriage returns (no line
    ending but LF) each line is one record: nothing to count. Otherwise the newlines are
    counted."""
    if raw.find(b'"', start) < 0 and raw.find(b"\r", start) < 0:
        return True
    return _lines_after(raw, start) == rows


def blank_lines(table: Any) -> bool:
    """Whether a record of `table` holds nothing but empty fields: a blank line, as Arrow
    reads one with `ignore_empty_lines=False` (or a row of commas). Python's csv skips a
    blank line but counts it, so the csv path must read such a file. Column by column, and
    only as long as some record is empty in all the columns so far: on a good file one
    comparison."""
    import pyarrow.compute as pc

    empty = None
    for column in table.columns:
        if not _may_be_empty(column):
            return False
        here = pc.equal(column, "")
        empty = here if empty is None else pc.and_(empty, here)
        if not pc.any(empty).as_py():
            return False
    return empty is not None


def _may_be_empty(column: Any) -> bool:
    """False when a dictionary column (the code columns) has no "" among its values: seen
    in its few distinct texts, not in every row (at 30M figures 0,9 s -> nothing)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(column.type):
        return True
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    return any(pc.any(pc.equal(chunk.dictionary, "")).as_py() for chunk in chunks)


def _lines_after(raw: Any, start: int) -> int:
    """The physical lines from `start` on (a last line without a newline counts)."""
    if isinstance(raw, bytes):
        newlines = raw.count(b"\n", start)
    else:
        view = np.frombuffer(raw, dtype=np.uint8)
        newlines = sum(
            int(np.count_nonzero(view[at : at + _COUNT_STEP] == 10))
            for at in range(start, len(view), _COUNT_STEP)
        )
    ends_open = len(raw) > start and raw[len(raw) - 1 :] != b"\n"
    return newlines + (1 if ends_open else 0)


def read_fast(path: Path, raw: Any, kind: str | None) -> Dataset | None:
    """The dataset of canonical CSV bytes `raw` (bytes, or the mapped file of `file_bytes`),
    or None when the csv path must read it."""
    from sluitend.datasets import canonical as c

    head = _head(raw)
    if head is None:
        return None
    meta_line, header_line, header, start = head
    table = _arrow_table(raw, start, header)
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
        if columns[name] == "string" and _longest(table.column(name)) > _FIELD_LIMIT:
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


def _head(raw: Any) -> tuple[str | None, int, list[str], int] | None:
    """The metadata line (if any), the header's line and fields, and where the data start;
    None when the csv path must read the head (blank lines, quotes, bad bytes)."""
    pos = len(_BOM) if raw[: len(_BOM)] == _BOM else 0
    meta_line = None
    line = 1
    if raw[pos : pos + len(_META)] == _META:
        meta = _text_line(raw, pos)
        if meta is None:
            return None
        meta_line, pos = meta
        line = 2
    head = _text_line(raw, pos)
    if head is None:
        return None
    text, start = head
    if not text or text.count('"') % 2 or "\r" in text:
        return None  # an odd quote: a header over several lines
    header = [h.strip() for h in next(csv.reader([text]))]
    return meta_line, line, header, start


def _text_line(raw: Any, pos: int) -> tuple[str, int] | None:
    """The line starting at `pos` as text (without its line end) and where the next one
    starts; None without a newline after it or when it is not UTF-8 (the csv path says
    where)."""
    end = raw.find(b"\n", pos)
    if end < 0:
        return None
    try:
        return raw[pos:end].decode("utf-8").rstrip("\r"), end + 1
    except UnicodeDecodeError:
        return None


def _arrow_table(raw: Any, start: int, header: list[str]) -> Any:
    """The data rows as an Arrow table of text columns f0.., or None if Arrow refuses them.
    The code columns come as dictionaries (few distinct values: read once each)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    try:
        return pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(raw)[start:]), **arrow_csv_options(raw, header)
        )
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        return None  # bad UTF-8, a wrong number of fields...: the csv path says where


def arrow_csv_options(raw: Any, header: list[str], block_size: int = 1 << 24) -> dict[str, Any]:
    """How Arrow reads the data rows of a canonical CSV (whole, or in batches by
    `canonical_stream`): columns f0.. as text, the code columns as dictionaries, no value
    read as null (an empty cell stays "", as Python's csv gives it), a blank line a record
    of empty fields (so that records and lines stay one to one: `lines_match`)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    names = [f"f{i}" for i in range(len(header))]
    coded = pa.dictionary(pa.int32(), pa.string())
    # large_string: what pandas keeps text in (no conversion later, no 2 GB limit).
    text = pa.large_string()
    types = {n: coded if h in _CODED else text for n, h in zip(names, header, strict=True)}
    return {
        "read_options": pcsv.ReadOptions(column_names=names, block_size=block_size),
        # A quoted value may hold a newline only if there are quotes at all; without
        # them Arrow can split the file freely between its threads.
        "parse_options": pcsv.ParseOptions(
            newlines_in_values=raw.find(b'"') >= 0, ignore_empty_lines=False
        ),
        "convert_options": pcsv.ConvertOptions(
            column_types=types,
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    }


def _longest(column: Any) -> int:
    import pyarrow.compute as pc

    if len(column) == 0:
        return 0
    longest = pc.max(pc.binary_length(column)).as_py()
    return int(longest or 0)


def _all(mask: Any) -> bool:
    import pyarrow.compute as pc

    return bool(pc.all(mask).as_py() is not False)


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
        values = _whole(known)
        if values is None:
            return slow()
        return pd.array(values.to_pandas(types_mapper=lambda _: pd.Int64Dtype()), dtype="Int64")
    if logical == "float":
        if not _all(pc.match_substring_regex(text, _FLOAT_RE)):
            return slow()
        return pc.cast(text, pa.float64()).to_numpy()
    return _text(text)


def _whole(text: Any) -> Any:
    """The column as int64 when every (non-null) value is a plain whole number of at most 15
    digits (`canonical._INT`), else None. Arrow's cast checks the digits; it also takes hex
    (only as `0x10` or `0X10`: "-0x1" and " 0x1" fail it), and leading zeros beyond 15
    digits, which the length and a `0x` at the start rule out."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(text) == 0:
        return None
    if _longest(text) > 15:  # "-" and 15 digits, or too long: the pattern decides
        if not _all(pc.match_substring_regex(text, _INT_RE)):
            return None
    elif any(pc.any(pc.starts_with(text, x)).as_py() for x in ("0x", "0X")):
        return None  # (2x faster than looking for an x anywhere, 8x than ignore_case)
    try:
        return pc.cast(text, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowException):
        return None


def _coded(text: Any, col: str, logical: str, slow: Any) -> Any:
    """A column of few distinct values (years, waarvan, fase, vuo), read by Arrow as a
    dictionary: each distinct text is checked once, the way the csv path checks it
    (`canonical.parse_column`), not once per row."""
    import pyarrow as pa

    from sluitend.datasets.canonical import _BOOLS, _INT

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
        if not all(re.fullmatch(_INT, v) for v in values):
            return slow()
        lookup = np.array([int(v) for v in values], dtype=np.int64)
    elif logical == "bool":
        if not all(v.lower() in _BOOLS for v in values):
            return slow()
        lookup = np.array([_BOOLS[v.lower()] for v in values], dtype=bool)
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

    if given is None or _all(pc.equal(given, "")):  # the usual case: no row names its own
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
