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

The stream imports neither pandas nor numpy (`canonical_arrow`; a test runs it in a process
of its own and looks): they were 0,9 s of the 3 s `convert` of three million figures took.
Only a file whose `bron` names some rows' own origin brings pandas in (`bron.BronArray`
splits those texts).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sluitend.datasets import canonical_arrow as ca
from sluitend.domains.rijk.vocabulary import BUDGET_CODES, BUDGET_DEFAULTS

#: Rows per batch Arrow reads (its block size in bytes): a few hundred thousand rows.
_BLOCK = 1 << 24
#: More distinct values than this in a code column: the whole reader checks it per row.
_MOST_CODES = 1 << 16


class _Refused(Exception):
    """The stream cannot take this file; the whole reader must."""


def stream_to_parquet(path: Path, target: Path) -> tuple[str, int] | None:
    """Write the canonical CSV `path` as Parquet at `target`: (kind, rows), or None (and
    nothing written) when the file must be read whole (see the module docstring)."""
    from sluitend.errors import InputError
    from sluitend.output import writing

    try:
        raw = ca.file_bytes(path)
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

    head = ca.csv_head(raw)
    if head is None:
        raise _Refused
    meta_line, header_line, header, start = head
    meta = ca.parse_meta(path, meta_line) if meta_line is not None else {}
    kind, columns = ca.header_columns(path, header, header_line, None, meta)
    if kind == "juridisch_verplicht" or set(BUDGET_DEFAULTS) & set(header):
        raise _Refused
    written = [col for col in columns if col not in BUDGET_DEFAULTS]
    schema = _schema(kind, written, meta, path)
    first, rows = header_line + 1, 0
    with pq.ParquetWriter(str(temp), schema, **ca.parquet_options(schema.names)) as out:
        for batch in _batches(raw, start, header):
            if ca.blank_lines(batch):
                raise _Refused
            arrays = []
            for col in written:
                if col == "bron":
                    arrays += _bron(path, batch, first + rows)
                else:
                    arrays.append(_array(batch, col, columns[col]))
            out.write_table(pa.Table.from_arrays(arrays, schema=schema))
            rows += batch.num_rows
    if rows == 0 or not ca.lines_match(raw, start, rows):  # values over several lines
        raise _Refused
    return kind, rows


def _batches(raw: Any, start: int, header: list[str]) -> Any:
    """The data rows in record batches of text columns named as in the header; the code
    columns as dictionaries (what `canonical_arrow.arrow_table` reads, batch by batch)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    try:
        reader = pcsv.open_csv(
            pa.BufferReader(pa.py_buffer(raw)[start:]),
            **ca.arrow_csv_options(raw, header, block_size=_BLOCK),
        )
        for batch in reader:
            yield pa.RecordBatch.from_arrays(batch.columns, names=header)
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        raise _Refused from None


def _array(batch: Any, col: str, logical: str) -> Any:
    """One column of a batch, checked and typed as the whole reader would (or _Refused)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if col not in batch.schema.names:  # left out: its default on every row
        return pa.repeat(ca.scalar(_default(col, logical), ca.arrow_type(logical)), batch.num_rows)
    text = batch.column(col)
    if logical == "string":
        if ca.longest(text) > ca.FIELD_LIMIT:
            raise _Refused
        return text
    if logical == "Int64":
        pm = pc.equal(text, ca.scalar(ca.PM, pa.string()))
        if pc.any(pm).as_py():  # "PM" and " pm" fail the cast below: the stream stops
            text = pc.if_else(pm, ca.scalar(None, pa.large_string()), text)
        values = ca.whole_numbers(pa.chunked_array([text]))
        if values is None:
            raise _Refused
        return values.combine_chunks()
    if logical == "float":
        if not ca.all_true(pc.match_substring_regex(text, ca.FLOAT_RE)):
            raise _Refused
        return pc.cast(text, pa.float64())
    return _coded(text, col, logical)


def _default(col: str, logical: str) -> Any:
    """The value of a column the file leaves out (`canonical_arrow.OPTIONAL`), as the
    whole reader parses it; one it would parse otherwise is left to it."""
    text = ca.OPTIONAL[col]
    if logical == "string":
        return text
    if logical == "bool" and text.lower() in ca.BOOLS:
        return ca.BOOLS[text.lower()]
    if logical == "int" and re.fullmatch(ca.INT, text):
        return int(text)
    raise _Refused


def _coded(text: Any, col: str, logical: str) -> Any:
    """A column of few distinct values (years, waarvan, fase, vuo), read by Arrow as a
    dictionary: each distinct text is checked once, as `canonical_fast._coded` checks it,
    and the rows take their value by code, in Arrow."""
    import pyarrow as pa

    encoded = text if pa.types.is_dictionary(text.type) else text.dictionary_encode()
    if len(encoded.dictionary) > _MOST_CODES:
        raise _Refused
    values = [str(v).strip() for v in encoded.dictionary.to_pylist()]
    if logical == "int" and all(re.fullmatch(ca.INT, v) for v in values):
        return ca.values([int(v) for v in values], pa.int64()).take(encoded.indices)
    if logical == "bool" and all(v.lower() in ca.BOOLS for v in values):
        return ca.values([ca.BOOLS[v.lower()] for v in values], pa.bool_()).take(encoded.indices)
    if logical == "category" and all(v in BUDGET_CODES[col] for v in values):
        codes = BUDGET_CODES[col]
        positions = ca.values([codes.index(v) for v in values], pa.int8())
        return pa.DictionaryArray.from_arrays(
            positions.take(encoded.indices), ca.values(list(codes), pa.large_string())
        )
    raise _Refused


def _bron(path: Path, batch: Any, line: int) -> list[Any]:
    """A batch's `bron` as its two Parquet columns (`bron.parquet_arrays`): each empty one
    (all, when the column is left out) `<file>:<line>`, `line` the batch's first."""
    import pyarrow as pa
    import pyarrow.compute as pc

    given = batch.column("bron") if "bron" in batch.schema.names else None
    if given is not None and ca.longest(given) > ca.FIELD_LIMIT:
        raise _Refused
    rows = batch.num_rows
    # The usual case, no row naming its own origin: made in Arrow.
    if given is None or ca.all_true(pc.equal(given, ca.scalar("", pa.string()))):
        texts = pa.DictionaryArray.from_arrays(
            pa.repeat(ca.scalar(0, pa.int32()), rows), ca.values([f"{path}:"], pa.large_string())
        )
        ones = pa.repeat(ca.scalar(1, pa.int32()), rows)
        return [texts, pc.add(pc.cumulative_sum(ones), ca.scalar(line - 1, pa.int32()))]
    # Some rows name their own origin: split as every reader splits them (pandas comes in).
    from sluitend.datasets import canonical_fast as fast
    from sluitend.datasets.bron import parquet_arrays

    return parquet_arrays(fast._bron(given, f"{path}:", line, rows))


def _schema(kind: str, written: list[str], meta: dict[str, str], path: Path) -> Any:
    """The schema `write_parquet` writes for this kind's frame: pandas' own metadata (its
    dtypes, `canonical_arrow.frame_schema`), `bron` as its two columns, and sluitend's
    metadata (name, unit, kind)."""
    schema = ca.frame_schema(kind, [c for c in written if c != "bron"])
    if "bron" in written:
        at = written.index("bron")
        for i, field in enumerate(ca.parquet_fields()):
            schema = schema.insert(at + i, field)
    unit = int(meta.get("unit", 1000))
    sluitend = {"name": meta.get("name", path.stem), "unit": unit, "kind": kind}
    schema_meta = dict(schema.metadata or {})
    schema_meta[b"sluitend"] = json.dumps(sluitend).encode()
    return schema.with_metadata(schema_meta)
