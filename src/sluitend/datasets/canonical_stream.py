"""`sluitend convert` of a canonical CSV to Parquet in record batches, never the whole frame.

A good canonical budget CSV (the kind `canonical_fast` reads) is read by Arrow batch by
batch; each batch's columns are checked and typed in Arrow exactly as `canonical_fast`
checks them, and written as they are to the Parquet file, with the schema `write_parquet`
gives the same frame. Nothing goes through pandas, and only one batch is in memory.

Anything the fast reader would leave to the csv module or to `canonical.parse_column` (a
bad byte, blank lines, spaces around a number, `PM`, any bad value), and the columns
`begroting` and `afronding` (written only when some row differs from the default, which
only the whole file tells), stop the stream: the temporary file is removed and `convert`
reads the file as every command does, which names the exact place of any problem. So the
stream never decides an error; a file it writes reads back as the same frame.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from sluitend.datasets import canonical_fast as fast
from sluitend.domains.rijk.vocabulary import BUDGET_CODES, BUDGET_DEFAULTS

#: Rows per batch Arrow reads (its block size in bytes): a few hundred thousand rows.
_BLOCK = 1 << 24


class _Refused(Exception):
    """The stream cannot take this file; the whole reader must."""


def stream_to_parquet(path: Path, target: Path) -> tuple[str, int] | None:
    """Write the canonical CSV `path` as Parquet at `target`: (kind, rows), or None (and
    nothing written) when the file must be read whole (see the module docstring)."""
    from sluitend.errors import InputError
    from sluitend.output import writing

    try:
        raw = fast.file_bytes(path)
    except OSError:
        return None
    if raw.find(b"\x00") >= 0:
        return None
    try:
        with writing(target) as temp:
            return _stream(path, raw, temp)
    except (_Refused, InputError):
        return None


def _stream(path: Path, raw: Any, temp: Path) -> tuple[str, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sluitend.datasets import canonical as c

    head = fast._head(raw)
    if head is None:
        raise _Refused
    meta_line, header_line, header, start = head
    meta = c.parse_meta(path, meta_line) if meta_line is not None else {}
    kind, columns = c.header_columns(path, header, header_line, None, meta)
    if kind == "juridisch_verplicht" or set(BUDGET_DEFAULTS) & set(header):
        raise _Refused
    written = [col for col in columns if col not in BUDGET_DEFAULTS]
    schema = _schema(kind, written, meta, path)
    first, rows = header_line + 1, 0
    with pq.ParquetWriter(str(temp), schema, **c.parquet_options(schema.names)) as out:
        for batch in _batches(raw, start, header):
            if fast.blank_lines(batch):
                raise _Refused
            arrays = []
            for col in written:
                if col == "bron":
                    arrays += _bron(path, batch, first + rows)
                else:
                    arrays.append(_array(path, batch, col, columns[col], first + rows))
            out.write_table(pa.Table.from_arrays(arrays, schema=schema))
            rows += batch.num_rows
    if rows == 0 or not fast.lines_match(raw, start, rows):  # values over several lines
        raise _Refused
    return kind, rows


def _batches(raw: Any, start: int, header: list[str]) -> Any:
    """The data rows in record batches of text columns named as in the header; the code
    columns as dictionaries (what `canonical_fast._arrow_table` reads, batch by batch)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    try:
        reader = pcsv.open_csv(
            pa.BufferReader(pa.py_buffer(raw)[start:]),
            **fast.arrow_csv_options(raw, header, block_size=_BLOCK),
        )
        for batch in reader:
            yield pa.RecordBatch.from_arrays(batch.columns, names=header)
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        raise _Refused from None


def _array(path: Path, batch: Any, col: str, logical: str, line: int) -> Any:
    """One column of a batch, checked and typed as the whole reader would (or _Refused)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = batch.num_rows
    if col not in batch.schema.names:  # left out: its default on every row
        default = fast.left_out(path, col, logical, line, 1)
        return pa.repeat(pa.scalar(_first(default), _arrow_type(logical)), rows)
    text = batch.column(col)
    if logical == "string":
        if fast._longest(text) > fast._FIELD_LIMIT:
            raise _Refused
        return text
    if logical == "Int64":
        pm = pc.equal(text, "pm")
        if pc.any(pm).as_py():  # "PM" and " pm" fail the cast below: the stream stops
            text = pc.if_else(pm, pa.scalar(None, pa.large_string()), text)
        values = fast._whole(pa.chunked_array([text]))
        if values is None:
            raise _Refused
        return values.combine_chunks()
    if logical == "float":
        if not fast._all(pc.match_substring_regex(text, fast._FLOAT_RE)):
            raise _Refused
        return pc.cast(text, pa.float64())

    def refuse() -> Any:
        raise _Refused

    values = fast._coded(pa.chunked_array([text]), col, logical, refuse)
    if logical == "category":
        codes = BUDGET_CODES[col]
        return pa.DictionaryArray.from_arrays(
            pa.array(np.asarray(values.codes, dtype=np.int8)), pa.array(list(codes))
        )
    return pa.array(values)


def _bron(path: Path, batch: Any, line: int) -> list[Any]:
    """A batch's `bron` as its two Parquet columns (`bron.parquet_arrays`): each empty one
    (all, when the column is left out) `<file>:<line>`, `line` the batch's first."""
    from sluitend.datasets.bron import parquet_arrays

    given = batch.column("bron") if "bron" in batch.schema.names else None
    if given is not None and fast._longest(given) > fast._FIELD_LIMIT:
        raise _Refused
    return parquet_arrays(fast._bron(given, f"{path}:", line, batch.num_rows))


def _first(values: Any) -> Any:
    """The one value of a left-out column's default, as Python."""
    first = values.iloc[0] if hasattr(values, "iloc") else values[0]
    return first.item() if hasattr(first, "item") else str(first)


def _arrow_type(logical: str) -> Any:
    import pyarrow as pa

    return {"int": pa.int64(), "Int64": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}.get(
        logical, pa.large_string()
    )


def _schema(kind: str, written: list[str], meta: dict[str, str], path: Path) -> Any:
    """The schema `write_parquet` writes for this kind's frame: pandas' own metadata (its
    dtypes), `bron` as its two columns, and sluitend's metadata (name, unit, kind)."""
    import pyarrow as pa

    from sluitend.datasets.bron import parquet_fields
    from sluitend.datasets.frame import empty_frame

    others = [c for c in written if c != "bron"]
    schema = pa.Schema.from_pandas(empty_frame(kind).loc[:, others], preserve_index=False)
    if "bron" in written:
        at = written.index("bron")
        for i, field in enumerate(parquet_fields()):
            schema = schema.insert(at + i, field)
    unit = int(meta.get("unit", 1000))
    sluitend = {"name": meta.get("name", path.stem), "unit": unit, "kind": kind}
    schema_meta = dict(schema.metadata or {})
    schema_meta[b"sluitend"] = json.dumps(sluitend).encode()
    return schema.with_metadata(schema_meta)
