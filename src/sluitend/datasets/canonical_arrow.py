"""The canonical CSV's plain parts, without pandas: its header and metadata line, and the
Arrow steps that read and check its text columns.

`sluitend convert` of a canonical CSV to Parquet (`canonical_stream`) needs only these and
pyarrow; importing pandas (with numpy, 0,7 s) would be most of its start-up. So this module
imports only the standard library and pyarrow (lazily), never pandas, pandera or numpy (an
import-linter contract says so); `canonical` and `canonical_fast`, which build the frames,
take these from here.
"""

from __future__ import annotations

import csv
import json
import mmap
import os
import re
import shlex
import stat
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from sluitend.domains.rijk.vocabulary import (
    BUDGET_COLUMNS,
    BUDGET_DEFAULTS,
    JURIDISCH_VERPLICHT_COLUMNS,
)
from sluitend.errors import InputError
from sluitend.vocabulary import DATASET_CODES, DATASET_KINDS

META_PREFIX = "# sluitend:"
META_KEYS = ("name", "unit", "kind")
#: Columns a canonical file may leave out, with the value they take.
OPTIONAL = {
    "label": "",
    "bron": "",
    "omschrijving": "",
    "waarvan": "false",
    **{c: str(v) for c, v in BUDGET_DEFAULTS.items()},
}
PM = "pm"

# ASCII digits only (`\d` would take Arabic-Indic and full-width digits), and bounded: a
# whole number has at most 15 digits (amounts stay below 10**15, sluitend.limits), so a
# 10.000-digit "amount" is a clear error, not Python's int-conversion limit.
INT = r"-?[0-9]{1,15}"
FLOAT = r"-?[0-9]{1,15}(?:\.[0-9]{1,17})?"
BOOLS = {"true": True, "false": False, "1": True, "0": False}

#: Formats whose bron points into the file itself (the canonical ones cite their origin).
CITING_FORMATS = ("xlsx", "ods", "sheet-csv", "minfin-csv", "staten-csv", "page-text")
#: The Parquet column that holds the numbers of `bron` (see `sluitend.datasets.bron`).
LINE_COLUMN = "bron_regel"

#: Python's csv module refuses a field longer than this (csv.field_size_limit()); the fast
#: path leaves such a file to it, so that the error stays the same.
FIELD_LIMIT = 131072
_BOM = b"\xef\xbb\xbf"
_META = META_PREFIX.encode()
#: Columns of few distinct values, read as dictionaries (`canonical_fast._coded`).
CODED = frozenset({"begrotingsjaar", "jaar", "afronding", "waarvan", "fase", "vuo"})
#: The most bytes of CSV Arrow parses as one block, all of a file's (`block_size_for`).
MOST_BLOCK = 1 << 29
#: Bytes of CSV Arrow parses at a time in a larger file: a block and the columns parsed from
#: it stay in a core's cache (on this 2-core machine, 4 MB of L2, Arrow's parse of three
#: million figures costs about 1,1-1,3 s of CPU in 4 MB blocks, 1,5-1,7 s in one block).
BLOCK = 1 << 22
#: Bytes looked at in one step when newlines are counted in a mapped file (`_lines_after`).
_COUNT_STEP = 1 << 24
# The same patterns as INT/FLOAT, anchored for RE2 (Arrow's regex engine).
INT_RE = r"^-?[0-9]{1,15}$"
FLOAT_RE = r"^-?[0-9]{1,15}(?:\.[0-9]{1,17})?$"


# --------------------------------------------------------------------------- the header


def kind_of_columns(columns: Iterable[str]) -> str | None:
    """The dataset kind a canonical header describes, or None if it is not canonical."""
    cols = set(columns)
    if {"bedrag", "vuo", "jaar"} <= cols:
        return "begrotingstabel"
    if {"percentage", "categorie"} <= cols:
        return "juridisch_verplicht"
    return None


def missing_canonical_columns(head: bytes) -> list[str]:
    """The required columns a header lacks when it is otherwise plainly a canonical budget
    header (at least half the columns named); [] when it is not one at all."""
    text = head.decode("utf-8-sig", errors="replace")
    lines = [line for line in text.splitlines() if not line.startswith(META_PREFIX)]
    if not lines:
        return []
    header = {h.strip() for h in next(csv.reader([lines[0]]), [])}
    required = [c for c in BUDGET_COLUMNS if c not in OPTIONAL]
    if len(header & set(BUDGET_COLUMNS)) * 2 < len(BUDGET_COLUMNS):
        return []
    return [c for c in required if c not in header]


def looks_like_canonical_csv(head: bytes) -> bool:
    """True when the first bytes of a file look like a canonical CSV header."""
    text = head.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if lines and lines[0].startswith(META_PREFIX):
        lines = lines[1:]
    if not lines:
        return False
    header = next(csv.reader([lines[0]]), [])
    return kind_of_columns([h.strip() for h in header]) is not None


def parse_meta(path: str | Path, line: str) -> dict[str, str]:
    """The keys of a `# sluitend:` line (checked: known keys, a positive unit, a kind)."""
    try:
        tokens = shlex.split(line[len(META_PREFIX) :])
    except ValueError as exc:
        raise InputError(str(path), f"metadata line: {exc}", line=1) from None
    meta: dict[str, str] = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        if not sep or key not in META_KEYS:
            raise InputError(
                str(path),
                f"metadata line: expected key=value with a key among {', '.join(META_KEYS)}, "
                f"got {token!r}",
                line=1,
            )
        meta[key] = value
    unit = meta.get("unit")
    if unit is not None and (not re.fullmatch(r"[0-9]{1,15}", unit) or int(unit) == 0):
        raise InputError(
            str(path),
            f"metadata line: unit must be a positive whole number (1000 for x € 1.000), got "
            f"{meta['unit']!r}",
            line=1,
        )
    if "kind" in meta and meta["kind"] not in DATASET_KINDS:
        raise InputError(
            str(path),
            f"metadata line: kind must be one of {', '.join(DATASET_KINDS)}, got {meta['kind']!r}",
            line=1,
        )
    return meta


def _resolve_kind(path: str | Path, header_kind: str, *asked: str | None) -> str:
    for kind in asked:
        if kind is None:
            continue
        if kind not in DATASET_KINDS:
            raise InputError(str(path), f"unknown dataset kind {kind!r}")
        same_family = (kind == "juridisch_verplicht") == (header_kind == "juridisch_verplicht")
        if not same_family:
            raise InputError(
                str(path),
                f"kind {kind!r} asked for, but the header has the columns of {header_kind!r}",
                line=None,
            )
        return kind
    return header_kind


def _check_header(path: Path, header: list[str], header_line: int, columns: dict[str, str]) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputError(
                str(path), f"column {name!r} appears twice in the header", line=header_line
            )
        seen.add(name)
        if name not in columns:
            raise InputError(
                str(path),
                f"unknown column {name!r}; expected the canonical columns {', '.join(columns)}",
                line=header_line,
            )
    missing = [c for c in columns if c not in seen and c not in OPTIONAL]
    if missing:
        raise InputError(
            str(path),
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}; "
            f"expected the canonical columns {', '.join(columns)}",
            line=header_line,
        )


def header_columns(
    path: Path, header: list[str], header_line: int, kind: str | None, meta: dict[str, str]
) -> tuple[str, dict[str, str]]:
    """The dataset kind and its columns for a CSV header (checked: no unknown, missing or
    repeated column)."""
    header_kind = kind_of_columns(header)
    if header_kind is None:
        raise InputError(
            str(path),
            "not a canonical CSV header; expected the columns "
            f"{', '.join(BUDGET_COLUMNS)} (amounts) or {', '.join(JURIDISCH_VERPLICHT_COLUMNS)} "
            "(percentages juridisch verplicht)",
            line=header_line,
        )
    kind = _resolve_kind(path, header_kind, kind, meta.get("kind"))
    columns = DATASET_KINDS[kind]
    _check_header(path, header, header_line, columns)
    return kind, columns


# --------------------------------------------------------------------------- Parquet


def parquet_options(schema: Any) -> dict[str, Any]:
    """How a canonical Parquet file of this Arrow schema is written.

    - `bron_regel` (distinct, mostly one more than the row before) and a whole-number
      `bedrag` (mostly distinct: a dictionary of them is given up after its first page)
      delta-encoded; every other column as a dictionary.
    - Min/max statistics for the columns of numbers and booleans only: of text they cost
      a quarter of the time Parquet takes to write (0,2 s for three million figures), and
      in row groups that each span every chapter they say nothing a reader could use.
    """
    import pyarrow as pa

    delta = [
        f.name for f in schema if f.name in (LINE_COLUMN, "bedrag") and pa.types.is_integer(f.type)
    ]
    plain = [
        f.name
        for f in schema
        if not (pa.types.is_dictionary(f.type) or pa.types.is_string(f.type))
        and not pa.types.is_large_string(f.type)
    ]
    return {
        "use_dictionary": [f.name for f in schema if f.name not in delta],
        "column_encoding": dict.fromkeys(delta, "DELTA_BINARY_PACKED") or None,
        "write_statistics": plain,
    }


def parquet_fields() -> list[Any]:
    """The two Parquet columns a bron is written as (see `sluitend.datasets.bron`)."""
    import pyarrow as pa

    return [
        pa.field("bron", pa.dictionary(pa.int32(), pa.large_string()), nullable=False),
        pa.field(LINE_COLUMN, pa.int32()),
    ]


#: Each logical type's Arrow type and its entries in pandas' metadata (pandas_type,
#: numpy_type), as `pyarrow.Schema.from_pandas` gives them for the frame's dtypes
#: (`frame.pandas_dtypes`); a category is a dictionary of int8 codes.
_PANDAS_TYPES = {
    "int": ("int64", "int64"),
    "Int64": ("int64", "Int64"),
    "float": ("float64", "float64"),
    "bool": ("bool", "bool"),
    "category": ("categorical", "int8"),
    "string": ("object", "string"),
}


def arrow_type(logical: str) -> Any:
    """The Arrow type a column of this logical type is written as."""
    import pyarrow as pa

    if logical == "category":
        return pa.dictionary(pa.int8(), pa.large_string())
    types = {"int": pa.int64(), "Int64": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return types.get(logical, pa.large_string())


def frame_schema(kind: str, columns: list[str]) -> Any:
    """The schema `pyarrow.Schema.from_pandas` gives an empty frame of this kind's dtypes
    (`frame.empty_frame(kind)`) with these columns (not `bron`): the fields and pandas'
    own metadata, made without pandas (a test compares the two for every kind)."""
    import pyarrow as pa

    logical = DATASET_KINDS[kind]
    fields, described = [], []
    for name in columns:
        pandas_type, numpy_type = _PANDAS_TYPES[logical[name]]
        extra = None
        if logical[name] == "category":
            extra = {"num_categories": len(DATASET_CODES[kind][name]), "ordered": False}
        fields.append(pa.field(name, arrow_type(logical[name])))
        described.append(
            {
                "name": name,
                "field_name": name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": extra,
            }
        )
    pandas_meta = {
        "index_columns": [],
        "column_indexes": [],
        "columns": described,
        "attributes": {},
        "creator": {"library": "pyarrow", "version": pa.__version__},
        "pandas_version": metadata.version("pandas"),
    }
    return pa.schema(fields, metadata={b"pandas": json.dumps(pandas_meta).encode()})


# --------------------------------------------------------------------------- values

#: The `array` module's codes for Arrow's whole-number types (native byte order, as Arrow).
_WIDTHS = {"int8": "b", "int32": "i", "int64": "q"}


def values(items: list[Any], kind: Any) -> Any:
    """An Arrow array of Python values (whole numbers, bools or texts) of type `kind`, made
    from their bytes: `pyarrow.array` and `pyarrow.scalar` import pandas to look at what
    they are given (half a second, the start-up `sluitend convert` must not pay)."""
    import array

    import pyarrow as pa

    if str(kind) in _WIDTHS:
        data = array.array(_WIDTHS[str(kind)], items).tobytes()
        return pa.Array.from_buffers(kind, len(items), [None, pa.py_buffer(data)])
    if kind == pa.bool_():
        bits = sum(1 << i for i, item in enumerate(items) if item)
        data = bits.to_bytes(max(1, (len(items) + 7) // 8), "little")
        return pa.Array.from_buffers(kind, len(items), [None, pa.py_buffer(data)])
    if kind in (pa.string(), pa.large_string()):
        texts = [str(item).encode() for item in items]
        ends = [0]
        for text in texts:
            ends.append(ends[-1] + len(text))
        offsets = array.array("q" if kind == pa.large_string() else "i", ends).tobytes()
        buffers = [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(texts))]
        return pa.Array.from_buffers(kind, len(items), buffers)
    raise TypeError(f"no Arrow values of type {kind} made here")


def scalar(item: Any, kind: Any) -> Any:
    """One Arrow scalar of type `kind` (see `values`); None a null one."""
    import pyarrow as pa

    return pa.nulls(1, kind)[0] if item is None else values([item], kind)[0]


# --------------------------------------------------------------------------- the bytes


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


def _lines_after(raw: Any, start: int) -> int:
    """The physical lines from `start` on (a last line without a newline counts)."""
    if isinstance(raw, bytes):
        newlines = raw.count(b"\n", start)
    else:  # a mapped file: counted a slice at a time, not copied whole
        newlines = sum(
            raw[at : at + _COUNT_STEP].count(b"\n") for at in range(start, len(raw), _COUNT_STEP)
        )
    ends_open = len(raw) > start and raw[len(raw) - 1 :] != b"\n"
    return newlines + (1 if ends_open else 0)


def blank_lines(table: Any) -> bool:
    """Whether a record of `table` holds nothing but empty fields: a blank line, as Arrow
    reads one with `ignore_empty_lines=False` (or a row of commas). Python's csv skips a
    blank line but counts it, so the csv path must read such a file. Column by column, and
    only as long as some record is empty in all the columns so far: on a good file one
    comparison."""
    import pyarrow as pa
    import pyarrow.compute as pc

    nothing = scalar("", pa.string())
    empty = None
    for column in table.columns:
        if not _may_be_empty(column):
            return False
        here = pc.equal(column, nothing)
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
    nothing = scalar("", pa.string())
    return any(pc.any(pc.equal(chunk.dictionary, nothing)).as_py() for chunk in chunks)


def csv_head(raw: Any) -> tuple[str | None, int, list[str], int] | None:
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
    try:
        header = [h.strip() for h in next(csv.reader([text]))]
    except csv.Error:  # a field over the csv module's limit: the csv path says where
        return None
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


def arrow_table(raw: Any, start: int, header: list[str]) -> Any:
    """The data rows as an Arrow table of text columns f0.., or None if Arrow refuses them.
    The code columns come as dictionaries (few distinct values: read once each)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    try:
        return pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(raw)[start:]),
            **arrow_csv_options(raw, header, block_size_for(len(raw) - start)),
        )
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        return None  # bad UTF-8, a wrong number of fields...: the csv path says where


def block_size_for(data: int) -> int:
    """The block size in which Arrow reads `data` bytes of CSV whole: all of them in one
    block up to `MOST_BLOCK`, else blocks of `BLOCK` bytes.

    A file in one block is one chunk per column: its text columns are the frame's as they
    are (`canonical_fast._text` joins chunks into one array, a copy of every text), and
    what the parse frees lies in pieces as large as a column, which the checks' arrays of
    the same length reuse. In blocks of 4 MB the parse frees hundreds of pieces of a few MB,
    smaller than a full-length array, and the checks fault in fresh pages instead: `validate`
    of 3M figures (250 MB) from CSV, three alternating runs with one heap for all threads
    (`cli._keep_freed_memory`): peak 1,91-1,95 -> 1,50-1,54 GB, system CPU 1,5-1,8 ->
    0,9-1,6 s, user CPU 3,95-4,04 -> 4,00-4,24 s (the parse in one thread, out of cache).
    Not so at 30M figures (2,5 GB) in three blocks of 840 MB: user CPU 35 -> 43 s in one
    run each, so a larger file keeps small blocks."""
    return data + 1 if data <= MOST_BLOCK else BLOCK


def arrow_csv_options(raw: Any, header: list[str], block_size: int) -> dict[str, Any]:
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
    types = {n: coded if h in CODED else text for n, h in zip(names, header, strict=True)}
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


def longest(column: Any) -> int:
    import pyarrow.compute as pc

    if len(column) == 0:
        return 0
    longest = pc.max(pc.binary_length(column)).as_py()
    return int(longest or 0)


def all_true(mask: Any) -> bool:
    import pyarrow.compute as pc

    return bool(pc.all(mask).as_py() is not False)


def whole_numbers(text: Any) -> Any:
    """The column as int64 when every (non-null) value is a plain whole number of at most 15
    digits (`INT`), else None. Arrow's cast checks the digits; it also takes hex
    (only as `0x10` or `0X10`: "-0x1" and " 0x1" fail it), and leading zeros beyond 15
    digits, which the length and a `0x` at the start rule out."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(text) == 0:
        return None
    if longest(text) > 15:  # "-" and 15 digits, or too long: the pattern decides
        if not all_true(pc.match_substring_regex(text, INT_RE)):
            return None
    elif any(pc.any(pc.starts_with(text, x)).as_py() for x in ("0x", "0X")):
        return None  # (2x faster than looking for an x anywhere, 8x than ignore_case)
    try:
        return pc.cast(text, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
