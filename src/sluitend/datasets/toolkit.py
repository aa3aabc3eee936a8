"""What every reader shares: the notes it takes, and the CSV records it reads them from.

A reader never refuses a whole file for one cell it cannot read as printed, and never hides
that cell either: it records a :class:`ReadNote` and hands the notes to its caller as data,
in the ``notes`` list the caller passes (`report_notes`). Three kinds of note:

- ``defect``: a place that could not be read as printed (an ``o`` in an amount cell, a
  shifted row): what ``strict=True`` refuses as an InputError;
- ``read as``: how a readable block was read where the file leaves it open (its rounding
  step, say): worth saying, never a reason to refuse the file;
- ``choice``: what the reader chose for lack of information in the file (which boekjaar a
  file without one is checked against).

Only a caller that passes no list (someone calling a reader from Python) gets the notes as
warnings, one category per kind: :class:`ReadWarning`, :class:`ReadInfo`, :class:`DataNote`.

The CSV helpers (`read_text`, `read_records`, `check_widths`) are the structural checks every
CSV reader makes before it looks at a cell: a file that fails them is always an InputError.
"""

from __future__ import annotations

import csv
import io
import itertools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sluitend.errors import InputError

#: The kind of a :class:`ReadNote` on a place that could not be read as printed.
DEFECT: Final = "defect"
#: The kind of a :class:`ReadNote` that says how a readable block was read.
READ_AS: Final = "read as"
#: The kind of a :class:`ReadNote` on a choice made for what the file does not say.
CHOICE: Final = "choice"


@dataclass(frozen=True)
class ReadNote:
    """A place in an input file that could not be read as printed, and what was done.

    `kind` is :data:`DEFECT` (what `strict` refuses), :data:`READ_AS` or :data:`CHOICE`
    (see the module docstring).
    """

    source: str
    line: int | None
    column: str
    text: str
    problem: str
    kind: str = DEFECT

    def __str__(self) -> str:
        place = self.source if self.line is None else f"{self.source}:{self.line}"
        column = f" ({self.column})" if self.column else ""
        return f"{place}{column}: {self.problem}"

    def to_error(self) -> InputError:
        """The same note as an InputError (for strict reading)."""
        return InputError(self.source, self.problem, line=self.line, cell=self.column or None)


class ReadWarning(UserWarning):
    """A defect :class:`ReadNote` issued as a warning when the caller collects no notes."""


class ReadInfo(ReadWarning):
    """A "read as" :class:`ReadNote` issued as a warning (not a defect: never strict)."""


class DataNote(UserWarning):
    """A "choice" :class:`ReadNote` issued as a warning when the caller collects no notes."""


_CATEGORY: Final[dict[str, type[UserWarning]]] = {
    DEFECT: ReadWarning,
    READ_AS: ReadInfo,
    CHOICE: DataNote,
}


def report_notes(notes: list[ReadNote], sink: list[ReadNote] | None, *, strict: bool) -> None:
    """Hand `notes` to the caller: raise the first defect (strict), extend `sink`, or warn."""
    defects = [n for n in notes if n.kind == DEFECT]
    if strict and defects:
        raise defects[0].to_error()
    if sink is not None:
        sink.extend(notes)
        return
    for note in notes:
        warnings.warn(str(note), _CATEGORY[note.kind], stacklevel=3)


# --- reading the bytes --------------------------------------------------------------------


#: The UTF-8 byte order mark a spreadsheet may write before the text.
_BOM = b"\xef\xbb\xbf"


def read_text(path: Path, *, encoding: str = "utf-8", fallback: str | None = None) -> str:
    """The file's text, or an InputError for an empty, binary or wrongly encoded file.

    `fallback` is the encoding to read a file in that is not `encoding` (the begrotingsstaten
    are published in Latin-1, where every byte is a character), instead of refusing it.
    """
    data = path.read_bytes()
    if not data.removeprefix(_BOM).strip():  # a BOM alone (a spreadsheet's) is empty too
        raise InputError(str(path), "the file is empty; expected a CSV header line", line=1)
    if b"\x00" in data[:4096]:
        raise InputError(str(path), "this is a binary file, not a CSV text file")
    try:
        return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as err:
        if fallback is not None:
            return data.decode(fallback)
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise InputError(
            str(path),
            f"byte 0x{data[err.start]:02x} at column {column} is not {encoding.upper()}; "
            f"expected a {encoding.upper()} text file (saved in another encoding?)",
            line=line,
        ) from None


def read_records(path: Path, text: str, delimiter: str) -> tuple[list[list[str]], np.ndarray]:
    """CSV records and the physical line each starts on (1-based)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        if "\r" not in text:
            # As many records as lines: each on a line of its own, record i on line i + 1,
            # and the parser's own loop runs in C. Else read again, counting lines.
            records = list(reader)
            if len(records) == text.count("\n") + (not text.endswith("\n")):
                return records, np.arange(1, len(records) + 1, dtype="int64")
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        records = []
        ends: list[int] = []
        for record in reader:  # the CSV parser's own loop: this is reading, not frame work
            records.append(record)
            ends.append(reader.line_num)
    except csv.Error as err:
        raise InputError(
            str(path), f"not a readable CSV: {err}", line=reader.line_num + 1
        ) from None
    starts = np.concatenate([[1], np.asarray(ends[:-1], dtype="int64") + 1]).astype("int64")
    return records, starts[: len(records)]


def check_widths(path: Path, records: list[list[str]], lines: np.ndarray) -> None:
    """Every record has as many fields as the header (a truncated row is an error)."""
    widths = np.fromiter((len(r) for r in records), dtype="int64", count=len(records))
    bad = np.flatnonzero(widths != widths[0])
    if bad.size:
        i = int(bad[0])
        raise InputError(
            str(path),
            f"expected {widths[0]} fields like the header, got {widths[i]} "
            "(a truncated or broken row?)",
            line=int(lines[i]),
        )


def read_table(
    path: Path, delimiter: str, *, fallback: str | None = None
) -> tuple[list[list[str]], np.ndarray]:
    """A CSV file's records, each as wide as the header, and the line each starts on: the
    text (`read_text`, with its `fallback` encoding), split (`read_records`) and checked
    (`check_widths`); an InputError naming the place where one of these fails."""
    records, lines = read_records(path, read_text(path, fallback=fallback), delimiter)
    check_widths(path, records, lines)
    return records, lines


def per_distinct(column: pd.Series, op: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`op(column)` for an operation that maps each cell on its own (a regex test, a
    casefold), computed once per distinct cell and spread back to every row.

    pandas runs a pattern with `\\d`, `\\w` or `\\b` (on non-ASCII text), `\\s`, flags
    or a lookahead through Python's `re`, one cell at a time (Arrow's RE2 would match
    otherwise); a file's text columns repeat their cells many times, so this runs that
    loop over the few distinct ones. The result is the same Series as `op(column)`.
    """
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    result = op(pd.Series(distinct, dtype=column.dtype))
    return result.take(codes).set_axis(column.index)


def row_keys(*columns: pd.Series) -> pd.Series:
    """Each row's values of `columns` numbered as one integer (equal values, equal number):
    a key compared and grouped as integers, not as text joined per row (`row_codes`, with
    the first column's index)."""
    return pd.Series(row_codes(*columns), index=columns[0].index)


#: Bound of a combined key before it is renumbered (well inside int64).
_KEY_BOUND: Final = 2**62


def row_codes(*columns: pd.Series | np.ndarray) -> np.ndarray:
    """`row_keys` as an array, of Series or arrays (of one length): the rows numbered
    0, 1, ... in the order their combination of values first appears. A missing value is
    a value of its own (the readers' text columns hold none: a blank is "").

    Each column's codes are folded into one integer (key * distinct + code), renumbered
    only when that could overflow, and once at the end."""
    key = np.zeros(len(columns[0]), dtype="int64")
    bound = 1
    for column in columns:  # loop over the key's columns
        codes, distinct = pd.factorize(column, use_na_sentinel=False)
        width = max(len(distinct), 1)
        if bound * width >= _KEY_BOUND:
            key, _ = pd.factorize(key)
            bound = int(key.max(initial=0)) + 1
        key = key * width + codes
        bound *= width
    dense, _ = pd.factorize(key)
    return np.asarray(dense, dtype="int64")


def text_cells(rows: list[list[str]]) -> pa.Array:
    """The fields of `rows` (all as wide as the first) as one Arrow string array, column
    after column: made from the records at once and transposed by one take, so that an
    operation on every cell (a strip) is one call, not one per column."""
    if not rows:
        return pa.array([], pa.string())
    flat = pa.array(list(itertools.chain.from_iterable(rows)), pa.string())
    n, width = len(rows), len(rows[0])
    return flat.take(pa.array(np.arange(n * width).reshape(n, width).T.ravel()))


def split_columns(cells: pa.Array, n: int) -> list[pa.Array]:
    """`cells` laid out column after column (`text_cells`), as its columns of `n` rows
    (slices: no cell is copied)."""
    return [cells.slice(start, n) for start in range(0, len(cells), n)] if n else []


def text_columns(rows: list[list[str]]) -> list[pa.Array]:
    """The fields of `rows` (all as wide as the first) as one Arrow string array per
    column (`text_cells`, split)."""
    return split_columns(text_cells(rows), len(rows))


def filled(column: pa.Array) -> np.ndarray:
    """Whether each cell of a stripped text column holds anything."""
    return pc.not_equal(column, "").to_numpy(zero_copy_only=False)


def text_series(column: pa.Array | pa.ChunkedArray, index: pd.Index) -> pd.Series:
    """An Arrow string array as the frame's text dtype, without copying its cells."""
    return pd.Series(pd.arrays.ArrowStringArray(column), index=index, copy=False)
