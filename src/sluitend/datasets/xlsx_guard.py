"""Checks on a workbook BEFORE python-calamine reads it: a bad .xlsx must be an input error.

python-calamine allocates a sheet's whole range at once: a 5 KB file whose one cell sits
at `XFD1048576` asked for 512 GiB and aborted the process (exit 134, no Python error to
catch), and a zip bomb inflated to 8 GB. So before calamine sees a workbook:

- the zip archive must be whole (a truncated file says "truncated", not "no workbook");
- every member's declared uncompressed size must stay under
  `SLUITEND_MAX_XLSX_MEMBER_BYTES` and, for members over 1 MiB, its compression ratio
  under `SLUITEND_MAX_XLSX_RATIO` (the sizes are read from the zip directory, and the
  reading below stops at the limit, so a lying directory does not help);
- each worksheet is streamed once (never held whole): its `<dimension ref="A1:XFD1048576">`
  and every cell reference `r="B12"` (also `r='B12'`, `r = "b12"`) bound the range
  calamine will allocate, and so do the rows and cells without a reference (calamine puts
  each after the one before); it must stay under `SLUITEND_MAX_SHEET_CELLS` cells;
- no XML member may declare a DTD or an entity (`<!DOCTYPE`, `<!ENTITY`): a workbook has
  none, and entity expansion is the other classic bomb.

An .ods (OpenDocument) spreadsheet gets the same checks: member sizes and ratios, no DTD or
entity in any XML member, and a range bound per sheet of `content.xml`. An .ods declares no
dimension and repeats rows and cells (`table:number-rows-repeated="1048576"`,
`table:number-columns-repeated="16384"`), which calamine expands: the range is the last row
times the last column that a cell with content reaches, counting the repeats (empty
fillers at the end of rows and sheets, which LibreOffice always writes, do not count).

Limits and how to raise them: `sluitend.limits`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from sluitend.errors import InputError
from sluitend.limits import limit

_CHUNK = 1 << 20
_OVERLAP = 256  # a tag cut by a chunk boundary is seen whole in the next window
#: The row number of every cell reference and row element: `r="B12"`, `<row r="12"`.
#: The patterns start with the literal `r="` (no `\b`), which lets the regex engine skip
#: to each candidate: three to ten times faster on a 60 MB sheet. An attribute whose name
#: merely ends in `r` is matched too; that can only make the bound larger, never smaller.
_ROWS = re.compile(rb'r="[A-Z]{0,3}([0-9]+)"')
#: Column letters of cell references, longest first (bytes of one length sort as numbers);
#: three letters or more in one (calamine reads `ZZZZZZ1` too, beyond XFD).
_COLUMNS = [re.compile(rb'r="([A-Z]{%s})[0-9]' % n) for n in (b"3,", b"2", b"1")]
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"'](?:[A-Za-z]*[0-9]*:)?([A-Za-z]+)([0-9]+)[\"']"
)
#: A reference written as XML also allows and calamine also reads: in single quotes, with
#: white space around the `=`, in lower case (`r='XFD1048576'`, `r = "xfd1048576"`). Only
#: a window holding such a spelling (`_ODD_SPELLING`, found by byte search) is searched so.
_ANY_REF = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]*)([0-9]+)[\"']")
_ODD_SPELLING = (b"r='", b" =", b"= ", b"\t=", b"=\t", b"\n=", b"=\n", b"\r=", b"=\r")
_LOWER_REF = re.compile(rb'r="[a-z]')
#: A cell or row element without an `r` attribute: calamine places it one after the cell
#: (row) before it, so its place is bounded by how many such elements follow a reference.
_UNREFERENCED = re.compile(rb"<(?:\w+:)?(c|row)(?=[\s/>])(?![^>]*\br\s*=)")
_ROW_START = re.compile(rb"<(?:\w+:)?row(?=[\s/>])")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _n(number: int) -> str:
    """A count as the Dutch write it: 1.073.741.824."""
    return f"{number:,}".replace(",", ".")


def _column(letters: bytes) -> int:
    """1-based column number of `letters` (A -> 1, XFD -> 16384)."""
    number = 0
    for byte in letters:
        number = number * 26 + (byte - 64)
    return number


def _last_cell(window: bytes) -> tuple[int, int]:
    """(largest row, largest column) that the references in `window` name; the work is
    done by the regex engine and `max`, not by a Python loop per cell."""
    rows = _ROWS.findall(window)
    row = max(map(int, rows)) if rows else 0
    column = 0
    for pattern in _COLUMNS:
        found = pattern.findall(window)
        if found:
            column = _column(max(found, key=lambda letters: (len(letters), letters)))
            break
    if any(odd in window for odd in _ODD_SPELLING) or _LOWER_REF.search(window):
        for letters, number in _ANY_REF.findall(window):
            row = max(row, int(number))
            if letters:
                column = max(column, _column(letters.upper()))
    return row, column


def _unreferenced(chunk: bytes, open_row: int) -> tuple[int, int, int]:
    """(rows, most cells in one row, cells of the row still open at its end) without an `r`
    attribute in `chunk`, the row open before it holding `open_row` such cells. A loop over
    the chunk's rows, only where a cell or row without `r` is found at all."""
    # Every writer puts `r` first: a chunk whose cell and row tags all start `<c r="`,
    # `<row r="` (and none has a namespace prefix) needs no search.
    plain = (
        chunk.count(b"<c ") == chunk.count(b'<c r="')
        and chunk.count(b"<row ") == chunk.count(b'<row r="')
        and not any(tag in chunk for tag in (b"<c>", b"<c/>", b"<row>", b"<row/>", b":c", b":row"))
    )
    found = [] if plain else _UNREFERENCED.findall(chunk)
    if not found:
        return 0, open_row, open_row if b"row" not in chunk else 0
    rows = found.count(b"row")
    cells = [
        sum(1 for tag in _UNREFERENCED.findall(part) if tag == b"c")
        for part in _ROW_START.split(chunk)
    ]
    cells[0] += open_row
    return rows, max(cells), cells[-1]


def check_xlsx(path: str | Path) -> None:
    """Raise InputError when the workbook at `path` is damaged, a bomb, or larger than the
    limits allow (see the module docstring); return quietly for a sound workbook."""
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, NotImplementedError, RuntimeError) as exc:
        raise InputError(
            name, f"not a readable spreadsheet: a damaged or truncated zip archive ({exc})"
        ) from None
    except OSError as exc:
        raise InputError(name, f"cannot read the file: {exc.strerror or exc}") from None
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        ods = "xl/workbook.xml" not in names and "content.xml" in names
        if "xl/workbook.xml" not in names and not ods:
            raise InputError(
                name,
                "a zip archive that is not a spreadsheet (no xl/workbook.xml of an .xlsx, no "
                "content.xml of an .ods in it)",
            )
        size_limit = limit("SLUITEND_MAX_XLSX_MEMBER_BYTES")
        ratio_limit = limit("SLUITEND_MAX_XLSX_RATIO")
        for member in members:
            _check_sizes(name, member, size_limit.value, ratio_limit.value)
        for member in members:
            if (
                member.filename.endswith((".xml", ".rels", ".vml"))
                or "worksheets/" in member.filename
            ):
                _scan(name, archive, member, size_limit.value)
        if ods:
            _scan_ods_range(name, archive, archive.getinfo("content.xml"))


def _check_sizes(name: str, member: zipfile.ZipInfo, most: int, ratio: int) -> None:
    if member.flag_bits & 0x1:
        raise InputError(
            name, f"member {member.filename} is encrypted; save the workbook without a password"
        )
    if member.file_size > most:
        raise InputError(
            name,
            f"member {member.filename} unpacks to {_n(member.file_size)} bytes, more than a "
            f"budget workbook holds; {limit('SLUITEND_MAX_XLSX_MEMBER_BYTES').hint()}",
        )
    packed = max(member.compress_size, 1)
    if member.file_size > (1 << 20) and member.file_size / packed > ratio:
        raise InputError(
            name,
            f"member {member.filename} is compressed {member.file_size // packed}:1 (a zip "
            f"bomb?); {limit('SLUITEND_MAX_XLSX_RATIO').hint()}",
        )


def _scan(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, most: int) -> None:
    """Stream one member: no DTD or entity, at most `most` bytes whatever the directory
    says, and for a worksheet a range within SLUITEND_MAX_SHEET_CELLS."""
    sheet = "worksheets/" in member.filename
    last_row = last_column = declared = loose_rows = loose_cells = open_row = 0
    read = 0
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > most:
                    raise InputError(
                        name,
                        f"member {member.filename} unpacks to more than {_n(most)} bytes; "
                        f"{limit('SLUITEND_MAX_XLSX_MEMBER_BYTES').hint()}",
                    )
                window = tail + chunk
                if _DTD.search(window):
                    raise InputError(
                        name,
                        f"member {member.filename} declares a DTD or an entity "
                        "(<!DOCTYPE/<!ENTITY); a workbook has none, and sluitend does not "
                        "expand them",
                    )
                if sheet:
                    declared = max(declared, _dimension(window))
                    row, column = _last_cell(window)
                    last_row, last_column = max(last_row, row), max(last_column, column)
                    rows, cells, open_row = _unreferenced(chunk, open_row)
                    loose_rows, loose_cells = loose_rows + rows, max(loose_cells, cells)
                tail = window[-_OVERLAP:]
    except (
        zipfile.BadZipFile,
        EOFError,
        zlib_error(),
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise InputError(
            name,
            f"a damaged or truncated workbook: member {member.filename} cannot be read ({exc})",
        ) from None
    if sheet:
        # calamine fills a sheet from A1 to its last cell (skip_empty_area=False); a row or
        # cell without a reference may lie beyond the last one referenced
        rows, columns = last_row + loose_rows, last_column + loose_cells
        cells = max(declared, rows * max(columns, 1))
        most_cells = limit("SLUITEND_MAX_SHEET_CELLS")
        if cells > most_cells.value:
            raise InputError(
                name,
                f"sheet {member.filename} spans {_n(cells)} cells (rows x columns up to its "
                f"last cell); a budget table is far smaller; {most_cells.hint()}",
            )


def _dimension(window: bytes) -> int:
    """Cells of the largest `<dimension ref=...>` in `window` (0 if none)."""
    best = 0
    for column, row in _DIMENSION.findall(window):
        best = max(best, _column(column.upper()) * int(row))
    return best


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


_ODS_TOKEN = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="([0-9]{1,9})"')
_ODS_COLUMNS = re.compile(rb'table:number-columns-repeated="([0-9]{1,9})"')
_ODS_NAME = re.compile(rb'table:name="([^"]{0,100})')


def _scan_ods_range(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Bound the range calamine will allocate for each sheet of `content.xml` (see the
    module docstring). Streams the member; a loop over its row and cell tags."""
    most = limit("SLUITEND_MAX_SHEET_CELLS")
    sheet = b""
    row = column = repeat = last_row = last_column = 0
    carry = b""

    def check() -> None:
        cells = last_row * last_column
        if cells > most.value:
            shown = sheet.decode("utf-8", errors="replace")
            raise InputError(
                name,
                f"sheet {shown!r} of content.xml spans {_n(cells)} cells (rows x columns up "
                f"to its last cell, repeats counted); a budget table is far smaller; "
                f"{most.hint()}",
            )

    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                window = carry + chunk
                cut = window.rfind(b">") + 1
                window, carry = window[:cut], window[cut:]
                if len(carry) > _CHUNK:  # one tag longer than a chunk: no spreadsheet
                    raise InputError(name, "content.xml holds a tag over 1 MiB long")
                for closing, tag, attrs, empty in _ODS_TOKEN.findall(window):
                    if tag == b"table":
                        if closing:
                            check()
                        else:
                            found = _ODS_NAME.search(attrs)
                            sheet = found.group(1) if found else b""
                            row = last_row = last_column = 0
                    elif tag == b"table-row" and not closing:
                        found = _ODS_ROWS.search(attrs)
                        repeat = int(found.group(1)) if found else 1
                        column = 0
                        if empty:
                            row += repeat
                    elif tag == b"table-row":
                        row += repeat
                    elif not closing:
                        found = _ODS_COLUMNS.search(attrs)
                        count = int(found.group(1)) if found else 1
                        column += count
                        # a cell with a value or text: calamine fills the range up to it
                        if b"office:value-type" in attrs or not empty:
                            last_column = max(last_column, column)
                            last_row = max(last_row, row + repeat)
                            check()
    except (zipfile.BadZipFile, EOFError, zlib_error(), OSError, ValueError) as exc:
        raise InputError(
            name, f"a damaged or truncated spreadsheet: content.xml cannot be read ({exc})"
        ) from None
    check()
