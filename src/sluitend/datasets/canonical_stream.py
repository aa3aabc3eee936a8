"""`sluitend convert` of a canonical CSV to Parquet in record batches, never the whole frame.

A good canonical budget CSV (the kind `canonical_fast` reads) is parsed by Arrow in small
blocks, gathered into groups of a few hundred thousand rows; each group's columns are
checked and typed in Arrow exactly as `canonical_fast` checks them, and written as they
are to the Parquet file as one row group, with the schema `write_parquet` gives the same
frame. Nothing goes through pandas, and only one group is in memory. (A thread parsing
the next group while one is written cost more CPU than it saved in wall time on the
loaded 2-core machine: 2,3-2,9 against 2,2-2,5 s, 3 rounds alternating.)

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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sluitend.datasets import canonical_arrow as ca
from sluitend.domains.rijk.vocabulary import BUDGET_CODES, BUDGET_DEFAULTS

#: Bytes of CSV Arrow parses at a time, in a core's cache (a whole read takes larger
#: blocks, `canonical_arrow.block_size_for`): streamed, its batches parsed one after the
#: other, 2 MB blocks cost the least (Arrow's parse of three million figures 0,95-1,0 s of
#: CPU, against 1,0-1,16 s in 4 MB blocks and 1,37-1,54 s in 16 MB), and only one group is
#: held at a time.
_BLOCK = 1 << 21
#: Rows gathered from the blocks before they are checked and written as one row group (a
#: few hundred thousand: what blocks of 16 MB gave before, so the file is as large).
_GROUP = 1 << 18
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
    with pq.ParquetWriter(str(temp), schema, **ca.parquet_options(schema)) as out:
        for group in _groups(raw, start, header):
            if ca.blank_lines(group):
                raise _Refused
            arrays = []
            for col in written:
                if col == "bron":
                    arrays += _bron(path, group, first + rows)
                else:
                    arrays.append(_array(group, col, columns[col]))
            table = pa.Table.from_arrays(arrays, schema=schema)
            out.write_table(table, row_group_size=max(1, table.num_rows))  # one row group
            rows += group.num_rows
    if rows == 0 or not ca.lines_match(raw, start, rows):  # values over several lines
        raise _Refused
    return kind, rows


def _groups(raw: Any, start: int, header: list[str]) -> Iterator[Any]:
    """The data rows as tables of text columns named as in the header, of about `_GROUP`
    rows each (the batches of `_BLOCK` bytes Arrow parses, gathered); the code columns as
    dictionaries (what `canonical_arrow.arrow_table` reads, group by group)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    try:
        reader = pcsv.open_csv(
            pa.BufferReader(pa.py_buffer(raw)[start:]),
            **ca.arrow_csv_options(raw, header, block_size=_BLOCK),
        )
        gathered: list[Any] = []
        count = 0
        for batch in reader:
            gathered.append(batch)
            count += batch.num_rows
            if count >= _GROUP:
                yield _named(gathered, header)
                gathered, count = [], 0
        if gathered:
            yield _named(gathered, header)
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        raise _Refused from None


def _named(batches: list[Any], header: list[str]) -> Any:
    """Record batches of columns f0.. as one table with the header's names."""
    import pyarrow as pa

    return pa.Table.from_batches(batches).rename_columns(header)


def _array(group: Any, col: str, logical: str) -> Any:
    """One column of a group, checked and typed as the whole reader would (or _Refused)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if col not in group.schema.names:  # left out: its default on every row
        return pa.repeat(ca.scalar(_default(col, logical), ca.arrow_type(logical)), group.num_rows)
    text = group.column(col)
    if logical == "string":
        if ca.longest(text) > ca.FIELD_LIMIT:
            raise _Refused
        return text
    if logical == "Int64":
        pm = pc.equal(text, ca.scalar(ca.PM, pa.string()))
        if pc.any(pm).as_py():  # "PM" and " pm" fail the cast below: the stream stops
            text = pc.if_else(pm, ca.scalar(None, pa.large_string()), text)
        values = ca.whole_numbers(text)
        if values is None:
            raise _Refused
        return values
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
    encoded = encoded.unify_dictionaries()  # one dictionary for every batch of the group
    if encoded.num_chunks == 0 or len(encoded.chunk(0).dictionary) > _MOST_CODES:
        raise _Refused
    values = [str(v).strip() for v in encoded.chunk(0).dictionary.to_pylist()]
    if logical == "int" and all(re.fullmatch(ca.INT, v) for v in values):
        return _by_code(ca.values([int(v) for v in values], pa.int64()), encoded)
    if logical == "bool" and all(v.lower() in ca.BOOLS for v in values):
        return _by_code(ca.values([ca.BOOLS[v.lower()] for v in values], pa.bool_()), encoded)
    if logical == "category" and all(v in BUDGET_CODES[col] for v in values):
        codes = BUDGET_CODES[col]
        positions = ca.values([codes.index(v) for v in values], pa.int8())
        texts = ca.values(list(codes), pa.large_string())
        return pa.chunked_array(
            [
                pa.DictionaryArray.from_arrays(positions.take(c.indices), texts)
                for c in encoded.chunks
            ]
        )
    raise _Refused


def _by_code(lookup: Any, encoded: Any) -> Any:
    """Each row's value in `lookup`, by its code in the chunked dictionary `encoded`."""
    import pyarrow as pa

    return pa.chunked_array([lookup.take(c.indices) for c in encoded.chunks], type=lookup.type)


def _bron(path: Path, group: Any, line: int) -> list[Any]:
    """A group's `bron` as its two Parquet columns (`bron.parquet_arrays`): each empty one
    (all, when the column is left out) `<file>:<line>`, `line` the group's first."""
    import pyarrow as pa
    import pyarrow.compute as pc

    given = group.column("bron") if "bron" in group.schema.names else None
    if given is not None and ca.longest(given) > ca.FIELD_LIMIT:
        raise _Refused
    rows = group.num_rows
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
