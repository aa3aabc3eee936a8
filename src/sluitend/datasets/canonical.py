"""The canonical frame on disk: a strict CSV and Parquet, both lossless.

Canonical CSV
    UTF-8, comma-separated, one header row with the column names of the kind's frame
    (`domains.rijk.vocabulary.BUDGET_COLUMNS` or `JURIDISCH_VERPLICHT_COLUMNS`), in any
    order. The kind follows from the header: `bedrag` means a budget frame, `percentage`
    the percentages juridisch verplicht. Columns `label`, `bron`, `omschrijving` and
    `waarvan` may be left out (they default to "", "", "" and false); every other column
    is required, and an unknown column is an error.

    Values: years and `bedrag` are whole numbers written plainly (`39149`, `-12`; no
    thousands separator, because a canonical file must not depend on a locale). `bedrag`
    is `pm` where the amount is not known, read as `<NA>`; `nihil` is written as 0.
    `percentage` uses a decimal point (`95.2`). `waarvan` is `true` or `false`. `fase` and
    `vuo` must be one of the codes in `domains.rijk.vocabulary.FASES` / `VUOS`.

    `bron`: where a figure came from. A row whose `bron` is empty gets `<file>:<line>`, the
    row's own line in this file, so a finding on it can be annotated in CI; a non-empty
    `bron` (say the page a figure was transcribed from) is kept as written.

    Metadata: an optional first line `# sluitend: name=bzk-2022-art7 unit=1000
    kind=begrotingstabel` (shell-style quoting for names with spaces). Without it the name
    is the file's stem, the unit 1000 for amounts and 1 for percentages, and the kind is
    taken from the header (`begrotingsstaat` must be asked for, by metadata or `kind=`).

Parquet
    The same columns with their pandas dtypes; name, unit and kind ride in the schema's
    key-value metadata under `sluitend`. An empty `bron` becomes `<file>#<row>` (1-based),
    since a Parquet file has no lines.

Every problem is an `InputError` naming the file, the line and column, and what was
expected; checks run per column over the whole frame, and report the first bad row and how
many more there are.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shlex
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.bron import BronArray, as_bron, parquet_arrays
from sluitend.datasets.canonical_arrow import (
    BOOLS,
    FLOAT,
    INT,
    LINE_COLUMN,
    META_PREFIX,
    OPTIONAL,
    PM,
    _check_header,
    _resolve_kind,
    header_columns,
    kind_of_columns,
    parquet_fields,
    parquet_options,
    parse_meta,
)
from sluitend.datasets.frame import TEXT_DTYPE, Dataset, budget_frame, juridisch_verplicht_frame
from sluitend.domains.rijk.vocabulary import (
    BUDGET_CODES,
    BUDGET_COLUMNS,
    BUDGET_DEFAULTS,
)
from sluitend.errors import InputError
from sluitend.vocabulary import DATASET_KINDS

_BOUND = 10**15  # whole numbers stay below it (sluitend.limits.AMOUNT_DIGITS)


# --------------------------------------------------------------------------- helpers


def fail_first(
    path: str | Path,
    bad: pd.Series,
    lines: pd.Series,
    column: str,
    expected: str,
    values: pd.Series,
    cells: dict[str, str] | None = None,
) -> None:
    """Raise an InputError for the first True in `bad` (if any), at its line.

    `lines` holds each row's line number (a spreadsheet's row number when `cells` maps each
    column to its `Sheet!B` prefix: the error then names the cell); the message names the
    column, what was expected, the value found and how many more rows fail the same way.
    """
    if not bool(bad.any()):
        return
    first = int(np.flatnonzero(bad.to_numpy())[0])
    more = int(bad.sum()) - 1
    tail = f" (and {more} more row{'s' if more != 1 else ''})" if more else ""
    message = f"column {column!r}: expected {expected}, got {values.iloc[first]!r}{tail}"
    if cells is not None:
        raise InputError(str(path), message, cell=f"{cells[column]}{int(lines.iloc[first])}")
    raise InputError(str(path), message, line=int(lines.iloc[first]))


# --------------------------------------------------------------------------- CSV


def _read_rows(
    path: Path, raw: bytes
) -> tuple[dict[str, str], int, list[str], list[list[str]], list[int]]:
    """Metadata, header line number, header, data rows and each row's first line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            str(path), "not valid UTF-8 text; expected a UTF-8 CSV", line=line
        ) from None
    meta: dict[str, str] = {}
    offset = 0
    if text.startswith(META_PREFIX):
        first, _, text = text.partition("\n")
        meta = parse_meta(path, first.rstrip("\r"))
        offset = 1
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line = 0
    rows: list[list[str]] = []
    lines: list[int] = []
    end = 0  # the physical line the previous record ended on
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            if not record:
                continue  # a blank line
            if header is None:
                header, header_line = [h.strip() for h in record], start + offset
                continue
            rows.append(record)
            lines.append(start + offset)
    except csv.Error as exc:
        raise InputError(
            str(path), f"not valid CSV: {exc}", line=reader.line_num + offset
        ) from None
    if header is None:
        raise InputError(str(path), "empty file; expected a canonical CSV header and rows")
    return meta, header_line, header, rows, lines


def parse_columns(
    path: Path,
    df: pd.DataFrame,
    lines: pd.Series,
    columns: dict[str, str],
    cells: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Check and convert every column of the all-text frame `df` (one pass per column)."""
    out = pd.DataFrame(index=df.index)
    for col, logical in columns.items():
        out[col] = parse_column(path, df[col], lines, col, logical, cells)
    return out


def parse_column(
    path: Path,
    text: pd.Series,
    lines: pd.Series,
    col: str,
    logical: str,
    cells: dict[str, str] | None = None,
) -> Any:
    """One text column checked and converted to its logical type; raises an InputError at
    the first bad row's line (or cell)."""
    if logical in ("int", "Int64", "float", "bool", "category"):
        text = text.str.strip()
    if logical == "int":
        fail_first(path, ~text.str.fullmatch(INT), lines, col, "a whole number", text, cells)
        return text.astype("int64")
    if logical == "Int64":
        bad = ~(text.str.fullmatch(INT) | (text.str.lower() == PM))
        fail_first(path, bad, lines, col, "a whole number or 'pm'", text, cells)
        return pd.to_numeric(text.where(text.str.lower() != PM), errors="raise").astype("Int64")
    if logical == "float":
        fail_first(
            path, ~text.str.fullmatch(FLOAT), lines, col, "a number with a decimal point", text,
            cells,
        )  # fmt: skip
        return text.astype("float64")
    if logical == "bool":
        low = text.str.lower()
        fail_first(path, ~low.isin(list(BOOLS)), lines, col, "true or false", text, cells)
        return low.map(BOOLS).astype(bool)
    if logical == "category":
        codes = BUDGET_CODES[col]
        fail_first(path, ~text.isin(codes), lines, col, f"one of {', '.join(codes)}", text, cells)
        return text
    return text


def read_canonical_csv(path: str | Path, kind: str | None = None) -> Dataset:
    """Read a canonical CSV (see the module docstring) into a `Dataset`.

    `kind` overrides the kind the header implies, within the same family (a budget header
    may be read as "begrotingsstaat"). Raises InputError naming file, line and column.

    The file is parsed and checked by Arrow (`canonical_fast`); a file Arrow cannot take as
    it is (a value over several lines, blank lines, a bad byte, a wrong number of fields)
    is read again by Python's csv module, which finds the exact line of any problem.
    """
    from sluitend.datasets.canonical_arrow import file_bytes
    from sluitend.datasets.canonical_fast import read_fast

    path = Path(path)
    raw = file_bytes(path)  # mapped, not copied: Arrow reads it in place
    if raw.find(b"\x00") >= 0:  # anywhere: a NUL after the first 64 KB is no text either
        raise InputError(str(path), "not a text file (it holds NUL bytes); expected a UTF-8 CSV")
    fast = read_fast(path, raw, kind)
    if fast is not None:
        return fast
    meta, header_line, header, rows, line_list = _read_rows(path, bytes(raw))
    kind, columns = header_columns(path, header, header_line, kind, meta)
    if not rows:
        raise InputError(
            str(path), "header only; expected at least one row of figures", line=header_line
        )
    lines = pd.Series(line_list)
    widths = np.array([len(r) for r in rows])
    if (widths != len(header)).any():
        first = int(np.flatnonzero(widths != len(header))[0])
        raise InputError(
            str(path),
            f"expected {len(header)} fields (as in the header), got {widths[first]}",
            line=line_list[first],
        )
    df = pd.DataFrame(rows, columns=header, dtype=pd.StringDtype("python"))
    for col, default in OPTIONAL.items():
        if col in columns and col not in df.columns:
            df[col] = default
    frame = parse_columns(path, df, lines, columns)
    frame["bron"] = as_bron(frame["bron"]).array.numbered_where_empty(f"{path}:", lines.to_numpy())
    return csv_dataset(path, frame, kind, meta)


def csv_dataset(path: Path, frame: pd.DataFrame, kind: str, meta: dict[str, str]) -> Dataset:
    """The dataset of a checked frame read from a canonical CSV."""
    frame = (
        juridisch_verplicht_frame(frame)
        if kind == "juridisch_verplicht"
        else budget_frame(frame, kind)
    )
    unit = int(meta.get("unit", 1 if kind == "juridisch_verplicht" else 1000))
    return Dataset(frame, kind, meta.get("name", path.stem), unit=unit, source=str(path))


def meta_line(dataset: Dataset) -> str:
    """The `# sluitend:` line that carries a dataset's name, unit and kind."""
    parts = [f"name={dataset.name}", f"unit={dataset.unit}", f"kind={dataset.kind}"]
    return META_PREFIX + " " + " ".join(shlex.quote(p) for p in parts)


def written_columns(frame: pd.DataFrame, kind: str) -> list[str]:
    """The kind's columns a canonical file holds: all of them, except `begroting` and
    `afronding` where every row holds the default (see the module docstring)."""
    return [
        c
        for c in DATASET_KINDS[kind]
        if c not in BUDGET_DEFAULTS or bool((frame[c] != BUDGET_DEFAULTS[c]).any())
    ]


def to_canonical_text(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The frame with every column as the text a canonical CSV holds."""
    out = frame.loc[:, written_columns(frame, kind)].astype(object)
    if "bedrag" in out:
        bedrag = frame["bedrag"]
        out["bedrag"] = bedrag.astype("string").fillna(PM)
    if "waarvan" in out:
        out["waarvan"] = frame["waarvan"].map({True: "true", False: "false"})
    if "percentage" in out:
        out["percentage"] = frame["percentage"].map(repr)
    return out


def write_canonical_csv(dataset: Dataset, path: str | Path) -> None:
    """Write a dataset as a canonical CSV with its metadata line (read back losslessly)."""
    from sluitend.output import write_text

    body = to_canonical_text(dataset.frame, dataset.kind).to_csv(index=False, lineterminator="\n")
    write_text(path, meta_line(dataset) + "\n" + body)  # all or nothing


# --------------------------------------------------------------------------- Parquet


def write_parquet(dataset: Dataset, path: str | Path) -> None:
    """Write a dataset's frame to Parquet, with name, unit and kind in the file's metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = dataset.frame.loc[:, written_columns(dataset.frame, dataset.kind)]
    table = pa.Table.from_pandas(
        frame.drop(columns=["bron"], errors="ignore"), preserve_index=False
    )
    if "bron" in frame:  # its table of texts and its numbers (`canonical_arrow.parquet_fields`)
        at = list(frame.columns).index("bron")
        arrays = parquet_arrays(as_bron(frame["bron"]).array)
        for i, (field, array) in enumerate(zip(parquet_fields(), arrays, strict=True)):
            table = table.add_column(at + i, field, array)
    meta = {"name": dataset.name, "unit": dataset.unit, "kind": dataset.kind}
    schema_meta = dict(table.schema.metadata or {})
    schema_meta[b"sluitend"] = json.dumps(meta).encode()
    from sluitend.output import writing

    with writing(path) as temp:  # all or nothing
        pq.write_table(
            table.replace_schema_metadata(schema_meta),
            str(temp),
            **parquet_options(table.schema),
        )


def _check_rows(path: Path) -> Any:
    """Refuse, from the file's footer and before reading it, more rows than
    SLUITEND_MAX_ROWS: a few kilobytes of dictionary-encoded Parquet can unpack to ten
    million identical rows and exhaust the memory (a C++ abort, not a Python error).
    Returns the footer (`pyarrow.parquet.FileMetaData`)."""
    import pyarrow.parquet as pq

    from sluitend.limits import limit

    try:
        footer = pq.read_metadata(str(path))
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(str(path), f"not a readable Parquet file: {exc}") from None
    rows = footer.num_rows
    most = limit("SLUITEND_MAX_ROWS")
    if rows > most.value:
        shown = f"{rows:,}".replace(",", ".")
        raise InputError(
            str(path), f"{shown} rows, more than a budget holds in one file; {most.hint()}"
        )
    return footer


def _parquet_schema(path: Path) -> Any:
    import pyarrow.parquet as pq

    try:
        return pq.read_schema(str(path))
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(str(path), f"not a readable Parquet file: {exc}") from None


def _parquet_meta(path: Path, schema: Any) -> dict[str, Any]:
    raw = (schema.metadata or {}).get(b"sluitend")
    if not raw:
        return {}
    where = "schema metadata 'sluitend'"
    try:
        meta = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise InputError(str(path), f"{where}: not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise InputError(str(path), f"{where}: expected a JSON object, got {type(meta).__name__}")
    unit = meta.get("unit", 1)
    if isinstance(unit, bool) or not isinstance(unit, int) or not 0 < unit < 10**15:
        raise InputError(str(path), f"{where}: unit must be a positive whole number, got {unit!r}")
    for key in ("name", "kind"):
        if key in meta and not isinstance(meta[key], str):
            raise InputError(str(path), f"{where}: {key} must be text, got {meta[key]!r}")
    return meta


def read_parquet(path: str | Path, kind: str | None = None) -> Dataset:
    """Read a Parquet file written by `write_parquet` (or any with the canonical columns).

    A column already stored with its canonical type (the usual case) is taken as it is,
    after the same checks the CSV reader makes (codes, whole numbers, no missing value where
    none may be), column by column in Arrow. Only a column of another type (a hand-made
    file) goes the CSV reader's way, as text. Rows are named `<file>#<row>`.
    """
    import pyarrow.parquet as pq

    path = Path(path)
    schema = _parquet_schema(path)
    meta = _parquet_meta(path, schema)
    footer = _check_rows(path)
    try:
        opened = pq.ParquetFile(str(path), read_dictionary=_as_dictionaries(schema, footer))
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(str(path), f"not a readable Parquet file: {exc}") from None
    stored = _ParquetColumns(path, opened, footer.num_rows)
    bron = _parquet_bron(path, stored)
    names = stored.names()
    header_kind = kind_of_columns(names)
    if header_kind is None:
        raise InputError(
            str(path),
            f"Parquet file without the canonical columns; expected {', '.join(BUDGET_COLUMNS)}",
        )
    kind = _resolve_kind(path, header_kind, kind, meta.get("kind"))
    columns = DATASET_KINDS[kind]
    _check_header(path, names, 0, columns)
    if stored.rows == 0:
        raise InputError(str(path), "no rows; expected at least one row of figures")
    rows = pd.Series(np.arange(1, stored.rows + 1))
    if bron is not None or "bron" not in names:
        columns = {c: t for c, t in columns.items() if c != "bron"}
    try:
        typed, parsed = _parquet_columns(path, stored, columns, rows)
    except InputError as exc:  # rows, not lines: say so
        if exc.line is None:
            raise
        raise InputError(str(path), f"row {exc.line}: {exc.detail}") from None
    # copy=False: the columns are new, and pandas would otherwise copy them into blocks.
    frame = pd.DataFrame({c: typed[c] if c in typed else parsed[c] for c in columns}, copy=False)
    given = as_bron(frame["bron"]).array if "bron" in frame else bron
    frame["bron"] = (
        _row_names(given, f"{path}#")
        if given is not None
        else BronArray.numbered(f"{path}#", rows.to_numpy())
    )
    frame = (
        juridisch_verplicht_frame(frame)
        if kind == "juridisch_verplicht"
        else budget_frame(frame, kind)
    )
    unit = int(meta.get("unit", 1 if kind == "juridisch_verplicht" else 1000))
    return Dataset(frame, kind, str(meta.get("name", path.stem)), unit=unit, source=str(path))


#: Columns of text in every kind's frame (`bron` included): read from Parquet as Arrow
#: dictionaries when the file stores them so (`_as_dictionaries`).
_TEXT_COLUMNS = frozenset(
    c
    for columns in DATASET_KINDS.values()
    for c, t in columns.items()
    if t in ("string", "category")
)


def _as_dictionaries(schema: Any, footer: Any) -> list[str] | None:
    """The text columns to read as Arrow dictionaries: those Parquet stores as a dictionary
    in every row group (what `write_parquet`, `convert` and pandas write). Read so, a column
    is its few distinct texts and an index per row; materialized from them once, in one
    piece (`_one_text_array`), it costs about half of reading its three million strings
    one page at a time and joining the pieces. (`bron` is taken as a dictionary as it is:
    `BronArray.from_parts`.)"""
    import pyarrow as pa

    names = [f.name for f in schema]
    wanted = {
        f.name
        for f in schema
        if f.name in _TEXT_COLUMNS
        and names.count(f.name) == 1
        and _is_text(f.type)
        and not pa.types.is_dictionary(f.type)
    }
    for group in range(footer.num_row_groups):
        chunks = footer.row_group(group)
        for at in range(chunks.num_columns):
            chunk = chunks.column(at)
            if chunk.path_in_schema in wanted and not chunk.has_dictionary_page:
                wanted.discard(chunk.path_in_schema)
    return sorted(wanted) or None


class _ParquetColumns:
    """A Parquet file's columns by name, each read from the file when it is taken (`pop`).

    One column's Arrow data at a time, made into its frame column and let go before the
    next is read: that memory then serves the next column, where a whole table read first
    stays until the last column is made and every column after it takes memory touched for
    the first time. The seven text columns alone: 32M figures resident 4,81-4,83 ->
    4,06-4,32 GB, 3M 0,61-0,63 -> 0,50-0,51 GB. `validate` of 32M figures: peak 10,50-10,57
    -> 9,58-9,64 GB (wall the same within the machine's noise, user CPU about 1 s more:
    forty row groups read per column); of 3M: 1,08-1,10 -> 1,08-1,09 GB, wall 3,32-3,66 ->
    3,31-3,73 s on a loaded machine."""

    def __init__(self, path: Path, opened: Any, rows: int) -> None:
        self._path, self._file, self.rows = path, opened, rows
        self._left = [str(name) for name in opened.schema_arrow.names]
        seen: set[str] = set()
        for name in self._left:  # a name read twice is ambiguous to Arrow: refuse it here
            if name in seen:
                raise InputError(str(path), f"column {name!r} appears twice; expected it once")
            seen.add(name)

    def names(self) -> list[str]:
        """The columns not yet taken, in the file's order."""
        return list(self._left)

    def __contains__(self, name: object) -> bool:
        return name in self._left

    def __len__(self) -> int:
        return len(self._left)

    def type(self, name: str) -> Any:
        """The Arrow type a column is read as (a dictionary where `read_dictionary` asks)."""
        return self._file.schema_arrow.field(name).type

    def pop(self, name: str) -> Any:
        """Read one column (a ChunkedArray) and forget it here."""
        self._left.remove(name)
        try:
            return self._file.read(columns=[name]).column(0)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise InputError(str(self._path), f"not a readable Parquet file: {exc}") from None


def _parquet_bron(path: Path, stored: _ParquetColumns) -> BronArray | None:
    """The bron that the `bron` and `bron_regel` columns hold (`bron.BronArray.from_parts`;
    both taken from `stored`), when `bron` is stored as text; else None, `stored` as it was
    (no bron, or one of another type: read the CSV reader's way, as text)."""
    import pyarrow as pa

    if LINE_COLUMN in stored and "bron" not in stored:
        raise InputError(str(path), f"column {LINE_COLUMN!r} without a 'bron' column")
    if "bron" not in stored or not _is_text(stored.type("bron")):
        if LINE_COLUMN in stored:
            raise InputError(str(path), f"column {LINE_COLUMN!r} beside a 'bron' not of text")
        return None
    kind = stored.type(LINE_COLUMN) if LINE_COLUMN in stored else pa.int32()
    if not pa.types.is_integer(kind):
        raise InputError(
            str(path), f"column {LINE_COLUMN!r} is stored as {kind}; expected integers"
        )
    lines = stored.pop(LINE_COLUMN) if LINE_COLUMN in stored else pa.nulls(stored.rows, kind)
    try:
        bron = BronArray.from_parts(stored.pop("bron"), lines)
    except ValueError as exc:
        raise InputError(str(path), f"column {LINE_COLUMN!r}: {exc}") from None
    if bron.isna().any():
        bron[bron.isna()] = ""
    return bron


def _row_names(bron: Any, prefix: str) -> pd.Series:
    """`bron` (a `BronArray`) with each empty one set to `<file>#<row>` (1-based)."""
    rows = np.arange(1, len(bron) + 1, dtype=np.int64)
    return pd.Series(bron.numbered_where_empty(prefix, rows))


def _parquet_columns(
    path: Path, stored: _ParquetColumns, columns: dict[str, str], rows: pd.Series
) -> tuple[dict[str, Any], pd.DataFrame]:
    """The columns stored with their canonical type, and the others parsed from text;
    each read from `stored` as it is made (`_ParquetColumns`), so that what Arrow holds of
    one is freed before the next is read."""
    typed: dict[str, Any] = {}
    text: dict[str, pd.Series] = {}
    for col in columns:
        if col not in stored:  # left out: every row holds the default (checked once)
            from sluitend.datasets.canonical_fast import left_out

            typed[col] = left_out(path, col, columns[col], 1, len(rows))
            continue
        column = stored.pop(col)
        values = _typed_column(path, column, col, columns[col], rows)
        if values is None:  # not stored with its canonical type: check it as text
            raw = column.to_pandas()
            text[col] = raw.astype(TEXT_DTYPE).fillna(PM if col == "bedrag" else "")
            if col == "waarvan":
                text[col] = text[col].str.lower()
        else:
            typed[col] = values
    parsed = (
        parse_columns(path, pd.DataFrame(text), rows, {c: columns[c] for c in text})
        if text
        else pd.DataFrame(index=rows.index)
    )
    return typed, parsed


def _typed_column(path: Path, column: Any, name: str, logical: str, rows: pd.Series) -> Any:
    """The column as its canonical pandas array when Parquet stored it with that type
    (checked like the CSV reader checks text), or None when it must be read as text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if logical == "category" and _is_text(kind):
        return _categorical(path, column, name, rows)
    if logical == "string" and pa.types.is_dictionary(kind) and _is_text(kind):
        column = _one_text_array(column)
        kind = column.type
    if pa.types.is_dictionary(kind):
        column, kind = column.cast(kind.value_type), kind.value_type
    nulls = column.null_count > 0

    def fail(bad: Any, expected: str) -> None:
        mask = np.asarray(pc.fill_null(bad, True).to_numpy(zero_copy_only=False), dtype=bool)
        text = pd.Series(column.to_pandas()).astype(TEXT_DTYPE).fillna("")
        fail_first(path, pd.Series(mask), rows, name, expected, text, None)

    if pa.types.is_nested(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        raise InputError(  # a struct or list cannot be a figure's column: never read as text
            str(path),
            f"column {name!r} is stored as {kind}; expected "
            + {"int": "integers", "Int64": "integers", "float": "floating-point numbers"}.get(
                logical, "booleans" if logical == "bool" else "text"
            ),
        )
    if logical in ("int", "Int64"):
        if pa.types.is_floating(kind):
            return _whole_floats(path, column, name, logical, rows)
        if not pa.types.is_integer(kind):
            return None
        if _beyond_bound(column):  # uint64 or 20 digits: more than an amount or a year
            values = pc.fill_null(column, 0).to_numpy()
            big = values >= _BOUND
            if values.dtype.kind != "u":  # (abs() would keep -2**63 negative)
                big |= values <= -_BOUND
            text = pd.Series(column.to_pandas()).astype(TEXT_DTYPE).fillna("")
            fail_first(path, pd.Series(big), rows, name, "a whole number below 10**15", text)
        if logical == "int":
            if nulls:
                fail(pc.is_null(column), "a whole number")
            return column.to_numpy().astype(np.int64, copy=False)
        return pd.array(column.to_pandas(types_mapper=lambda _: pd.Int64Dtype()), dtype="Int64")
    if logical == "float":
        if not pa.types.is_floating(kind) or nulls:
            return None
        return column.to_numpy().astype(np.float64, copy=False)
    if logical == "bool":
        if not pa.types.is_boolean(kind):
            return None
        if nulls:
            fail(pc.is_null(column), "true or false")
        return column.to_numpy(zero_copy_only=False).astype(bool)
    if not _is_text(kind) or logical != "string":
        return None
    if column.num_chunks > 1:  # one array: the engine takes rows from it many times
        with contextlib.suppress(pa.ArrowInvalid, pa.ArrowException):  # over 2 GB of text
            column = pa.chunked_array([column.combine_chunks()])
    strings = pd.array(column.to_pandas(types_mapper=lambda _: TEXT_DTYPE), dtype=TEXT_DTYPE)
    return pd.Series(strings).fillna("").array if nulls else strings


def _beyond_bound(column: Any) -> bool:
    """Whether an integer column holds a value of 10**15 or more, either sign (one pass in
    Arrow, no copy; nulls ignored)."""
    import pyarrow.compute as pc

    if len(column) == 0:
        return False
    extremes = pc.min_max(column)
    low, high = extremes["min"].as_py(), extremes["max"].as_py()
    return (high is not None and high >= _BOUND) or (low is not None and low <= -_BOUND)


def _one_text_array(column: Any) -> Any:
    """A chunked dictionary of texts as one large_string array (in a chunked array): each
    distinct text once, then taken by the indices, no piece joined to the next."""
    import pyarrow as pa

    encoded = column.combine_chunks()  # the chunks' dictionaries unified: indices only
    texts = encoded.dictionary.cast(pa.large_string()).take(encoded.indices)
    return pa.chunked_array([texts])


def _whole_floats(path: Path, column: Any, name: str, logical: str, rows: pd.Series) -> Any:
    """An int column that Parquet stored as floating point (what pandas writes for a column
    of whole amounts with a NaN for pm): read when every value is whole, as the integers
    they are, a null or NaN as pm (`Int64`) or an error (`int`); a fraction, an infinity
    or a value beyond 10**15 is an error at its row, as it would be in the CSV."""
    values = column.to_numpy(zero_copy_only=False).astype(np.float64, copy=False)
    missing = np.isnan(values)  # Arrow's nulls come out as NaN too
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(values) & (np.floor(values) == values) & (np.abs(values) < _BOUND)
    expected = "a whole number below 10**15"
    if logical == "Int64":
        expected += " or null (pm)"
    bad = ~whole if logical == "int" else ~(whole | missing)
    if bad.any():
        text = pd.Series(np.where(missing, "null", values.astype(str)))
        fail_first(path, pd.Series(bad), rows, name, expected, text)
    ints = np.where(whole, values, 0).astype(np.int64)
    if logical == "int":
        return ints
    return pd.arrays.IntegerArray(ints, missing)


def _is_text(kind: Any) -> bool:
    """An Arrow string type, or a dictionary of strings."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _categorical(path: Path, column: Any, name: str, rows: pd.Series) -> pd.Categorical:
    """A code column (fase, vuo) as a categorical, through its dictionary: each distinct
    text is looked up once, not once per row."""
    import pyarrow as pa

    codes = BUDGET_CODES[name]
    encoded = column.combine_chunks()
    if not pa.types.is_dictionary(encoded.type):
        encoded = encoded.dictionary_encode()
    known = {code: i for i, code in enumerate(codes)}
    # In the smallest type that holds every code and -1, the dtype of the categorical's own
    # codes: one array per row, not one of int64 converted (at 32M figures, 256 MB each).
    small = np.int8 if len(codes) < 127 else np.int64
    found = [known.get(v, -1) for v in encoded.dictionary.to_pylist()] + [-1]
    lookup = np.array(found, dtype=small)
    indices = encoded.indices.fill_null(len(lookup) - 1).to_numpy(zero_copy_only=False)
    category_codes = lookup[indices]
    bad = category_codes < 0
    if bad.any():
        text = pd.Series(column.to_pandas()).astype(TEXT_DTYPE).fillna("")
        fail_first(path, pd.Series(bad), rows, name, f"one of {', '.join(codes)}", text, None)
    return pd.Categorical.from_codes(category_codes, categories=list(codes))
