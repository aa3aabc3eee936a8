"""Spreadsheets (.xlsx, also .xlsm/.xls/.ods): every sheet that holds a known table layout.

Read with python-calamine, a Rust reader: it is many times faster than openpyxl on large
workbooks and hands over each sheet as plain Python rows in one call, instead of building a
Python object per cell (openpyxl's `Cell`), which is where openpyxl spends its time and
memory. openpyxl is only a test dependency (to write fixtures).

Layouts, recognised by a sheet's first non-empty row:

- canonical: a header with the canonical column names (as in `canonical.py`). Numeric cells
  are taken as numbers (a year or an amount must be whole); text cells of `bedrag` are read
  as Dutch amounts (`39.149`, `pm`, `nihil`, `-`) by `numbers.parse_amounts(style="nl")`,
  text cells of `percentage` by `numbers.parse_percentages` (a numeric cell is taken as the
  percentage itself: type 95.2, not a cell formatted as 95,2% which holds 0.952).
  Numeric cells in text columns (`artikel` 7) become their shortest text ("7", "7.1"); type
  an onderdeel like 7.10 as text.
- budget table: the columns of the Ministry of Finance's budget-table CSV ("dataset 4a"),
  read by `datasets.minfin` (the sheet is handed over as CSV rows, so both formats share
  one mapping). Amounts typed as text with Dutch thousands (`7.914`) are 7914, as in the
  canonical layout (English thousands, `12,997`, are the Ministry's own style); a sheet
  holding both styles is ambiguous and each such cell is a read note (figure unknown).

A formula cell saved without its value (as openpyxl and many generators write it) is an
unreadable cell, never an empty one: in an amount column its figure is unknown with a read
note naming the cell (what `strict` refuses); in a canonical key column an InputError.

`bron` is `<file>!<sheet>!<cell>`: the cell of the figure itself (its `bedrag` or
`percentage` cell; for the budget-table layout, the year's amount cell), unless the sheet
has a non-empty `bron` column. Errors name the cell (`file.xlsx (Tabel!C12): ...`). A
sheet in no known layout is skipped when another sheet is readable, and an InputError
listing every sheet and why otherwise.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.canonical import (
    OPTIONAL,
    PM,
    _resolve_kind,
    kind_of_columns,
    parse_columns,
)
from sluitend.datasets.frame import Dataset, budget_frame, juridisch_verplicht_frame
from sluitend.datasets.numbers import parse_amounts, parse_percentages
from sluitend.errors import InputError
from sluitend.vocabulary import DATASET_KINDS


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based column index: 0 -> A, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    from sluitend.datasets.xlsx_guard import check_xlsx

    check_xlsx(path)  # sizes, ratio, DTDs and sheet ranges before calamine allocates them
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InputError(str(path), f"not a readable spreadsheet: {exc}") from None
    except BaseException as exc:  # a Rust panic (pyo3's PanicException) is no Exception
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise InputError(str(path), f"not a readable spreadsheet: {exc}") from None


def _sheet_rows(path: Path, workbook: Any, sheet: str) -> list[list[Any]]:
    """A sheet's rows; calamine's errors (and panics) on a damaged sheet as InputError."""
    try:
        rows: list[list[Any]] = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:
        raise InputError(str(path), f"sheet {sheet!r} cannot be read: {exc}") from None
    except BaseException as exc:  # pyo3's PanicException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise InputError(str(path), f"sheet {sheet!r} cannot be read: {exc}") from None
    return rows


def _first_row(rows: list[list[Any]]) -> int | None:
    for index, row in enumerate(rows):
        if any(cell not in ("", None) for cell in row):  # a loop over rows until the header
            return index
    return None


def _cell_text(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Split cells into (is_text, stripped text, numbers); per column, not per cell."""
    values = values.astype(object)
    # The .str accessor needs at least one text cell; it gives NaN for every other cell.
    has_text = pd.api.types.infer_dtype(values, skipna=True) in ("string", "mixed", "empty")
    text = values.str.strip() if has_text else pd.Series(np.nan, index=values.index, dtype=object)
    is_text = text.notna()
    numbers = pd.to_numeric(values.where(~is_text), errors="coerce")
    if numbers.dtype == bool:  # a column of Excel booleans only (waarvan TRUE/FALSE)
        numbers = numbers.astype("float64")
    return is_text, text.fillna(""), numbers


def _as_text(values: pd.Series) -> pd.Series:
    """Numbers as their shortest text (7.0 -> "7"), booleans as true/false, text as is."""
    is_text, text, numbers = _cell_text(values)
    shown = values.astype(str)  # True / 1.0 / 2021-01-01 00:00:00, per column in one call
    # calamine hands booleans over as bool, and to_numeric would make them 1.0: tell apart.
    is_bool = ~is_text & shown.isin(["True", "False"])
    numbers = numbers.where(~is_bool)
    whole = numbers.notna() & (numbers == np.floor(numbers))
    as_number = numbers.astype("string").where(
        ~whole, numbers.where(whole).astype("Int64").astype("string")
    )
    out = text.where(is_text, as_number)
    out = out.where(~is_bool, shown.str.lower())
    # dates, errors (#N/A) and the like: show them so the column check can name them
    return out.fillna(shown).astype("string")


#: Whole amounts typed as text with thousands grouped: Dutch (`7.914`, `-1.234.567`,
#: `7.914,0`) and English (`12,997`). Which one a text cell is decides its value (7914 or a
#: fraction), so a sheet is read in one style, never cell by cell by guess.
_SIGN = r"[-\u2013\u2014\u2212]?\s*"
_DUTCH_THOUSANDS = _SIGN + r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,0+)?"
_ENGLISH_THOUSANDS = _SIGN + r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.0+)?"
#: The note of a formula cell that holds no value (see `sheet_styles`).
NO_VALUE = (
    "a formula without a cached value (the workbook was saved without computing it; open "
    "and save it in a spreadsheet program)"
)


def _place(cell: str | None, row: Any) -> dict[str, Any]:
    """Where an error points: a cell `Sheet!J4` (cell = "Sheet!J"), or a CSV line."""
    return {"line": int(row)} if cell is None else {"cell": f"{cell}{row}"}


def cells_as_text(values: pd.Series) -> pd.Series:
    """A column of sheet cells as text: numbers as their shortest text (7.0 -> "7"),
    booleans as true/false, text stripped (for readers of other layouts, e.g. a domain's)."""
    return _as_text(values)


def first_filled_row(rows: list[list[Any]]) -> int | None:
    """The index of a sheet's first row with a non-empty cell (None for an empty sheet)."""
    return _first_row(rows)


def _amounts(path: Path, values: pd.Series, rows: pd.Series, cell: str | None) -> pd.Series:
    """`bedrag` cells as canonical text: a whole number or "pm"."""
    is_text, text, numbers = _cell_text(values)
    parsed = parse_amounts(text.where(is_text, "0"), style="nl")
    bad = (is_text & (parsed.invalid | parsed.blank)) | (
        ~is_text & (numbers.isna() | (numbers != np.floor(numbers)))
    )
    if bool(bad.any()):
        first = int(np.flatnonzero(bad.to_numpy())[0])
        reason = str(parsed.reason.iloc[first]) or (
            f"expected a whole amount or pm, got {values.iloc[first]!r}"
        )
        raise InputError(str(path), f"column 'bedrag': {reason}", **_place(cell, rows.iloc[first]))
    from_text = parsed.values.astype("string").fillna(PM)
    from_numbers = numbers.round().astype("Int64").astype("string")
    return from_text.where(is_text, from_numbers)


def _percentages(path: Path, values: pd.Series, rows: pd.Series, cell: str | None) -> pd.Series:
    is_text, text, numbers = _cell_text(values)
    parsed = parse_percentages(text.where(is_text, "0%"))
    bad = (is_text & (parsed.invalid | parsed.blank | parsed.not_applicable)) | (
        ~is_text & numbers.isna()
    )
    if bool(bad.any()):
        first = int(np.flatnonzero(bad.to_numpy())[0])
        reason = str(parsed.reason.iloc[first]) or (
            f"expected a percentage, got {values.iloc[first]!r}"
        )
        raise InputError(
            str(path), f"column 'percentage': {reason}", **_place(cell, rows.iloc[first])
        )
    value = parsed.values.where(is_text, numbers).astype("float64")
    return value.map(repr).astype("string")


def _canonical_sheet(
    path: Path,
    sheet: str | None,
    rows: list[list[Any]],
    top: int,
    kind: str | None,
    lines: np.ndarray | None = None,
    no_value: set[tuple[int, int]] | None = None,
    found: list[Any] | None = None,
) -> Dataset:
    """A sheet in the canonical layout. `sheet` None: the rows of a `;` CSV, whose physical
    line numbers are `lines` (bron and errors then name lines, not cells).

    `no_value`: the (row, column) of formula cells without a cached value. One in `bedrag`
    is an unknown figure and a read note in `found` (what `strict` refuses); one in any
    other column would misplace its figure, and is an InputError naming the cell."""
    header = [str(h).strip() for h in rows[top]]
    while header and header[-1] == "":
        header.pop()
    header_kind = kind_of_columns(header)
    assert header_kind is not None
    kind = _resolve_kind(path, header_kind, kind)
    columns = DATASET_KINDS[kind]
    unknown = [h for h in header if h not in columns]
    missing = [c for c in columns if c not in header and c not in OPTIONAL]
    if unknown or missing or len(set(header)) != len(header):
        raise InputError(
            str(path),
            f"header: unknown {unknown}, missing {missing} or repeated columns; expected the "
            f"canonical columns {', '.join(columns)}",
            **_where(sheet, lines, top),
        )
    body = pd.DataFrame(
        [(r + [""] * len(header))[: len(header)] for r in rows[top + 1 :]],
        columns=header,
        dtype=object,
    )
    numbers = np.arange(top + 2, top + 2 + len(body))
    if lines is not None:
        numbers = np.asarray(lines, dtype="int64")[top + 1 : top + 1 + len(body)]
    row_numbers = pd.Series(numbers)
    filled = (body.notna() & (body != "")).any(axis=1)
    body, row_numbers = body[filled].reset_index(drop=True), row_numbers[filled.to_numpy()]
    row_numbers = row_numbers.reset_index(drop=True)
    if body.empty:
        raise InputError(
            str(path), "header only; expected rows of figures", **_where(sheet, lines, top)
        )
    cells = {c: f"{sheet}!{column_letter(i)}" for i, c in enumerate(header)}
    prefix = (lambda c: None) if sheet is None else cells.get
    if no_value and sheet is not None:
        body = _no_value_cells(path, sheet, header, body, row_numbers, no_value, found)
    text = pd.DataFrame(index=body.index)
    for column in header:
        if column == "bedrag":
            text[column] = _amounts(path, body[column], row_numbers, prefix(column))
        elif column == "percentage":
            text[column] = _percentages(path, body[column], row_numbers, prefix(column))
        else:
            text[column] = _as_text(body[column])
    for column, default in OPTIONAL.items():
        if column in columns and column not in text.columns:
            text[column] = default
    frame = parse_columns(path, text, row_numbers, columns, None if sheet is None else cells)
    figure = "bedrag" if "bedrag" in columns else "percentage"
    own = (
        f"{path.name}:" if sheet is None else f"{path.name}!{cells[figure]}"
    ) + row_numbers.astype(str)
    frame["bron"] = frame["bron"].mask(frame["bron"] == "", own)
    frame = (
        juridisch_verplicht_frame(frame)
        if kind == "juridisch_verplicht"
        else budget_frame(frame, kind)
    )
    unit = 1 if kind == "juridisch_verplicht" else 1000
    if sheet is None:
        return Dataset(frame, kind, path.stem, unit=unit, source=str(path))
    name = f"{path.stem}-{sheet}"
    return Dataset(frame, kind, name, unit=unit, source=f"{path}!{sheet}")


def _no_value_cells(
    path: Path,
    sheet: str,
    header: list[str],
    body: pd.DataFrame,
    row_numbers: pd.Series,
    no_value: set[tuple[int, int]],
    found: list[Any] | None,
) -> pd.DataFrame:
    """The canonical body with formula cells without a value in `bedrag` read as unknown
    (pm), each a read note; such a cell in another column is an InputError (see above)."""
    from sluitend.datasets.toolkit import ReadNote

    sheet_rows = row_numbers.to_numpy() - 1  # 0-based sheet rows of the body's rows
    wanted = set(sheet_rows.tolist())
    hits = sorted((r, c) for r, c in no_value if r in wanted and c < len(header))
    body = body.copy()
    at = {r: i for i, r in enumerate(sheet_rows.tolist())}
    for r, c in hits:  # loop over the formula cells without value (few)
        cell = f"{sheet}!{column_letter(c)}{r + 1}"
        if header[c] != "bedrag":
            raise InputError(str(path), f"column {header[c]!r}: {NO_VALUE}", cell=cell)
        body.iat[at[r], c] = PM
        if found is not None:
            found.append(ReadNote(path.name, None, cell, "", f"{NO_VALUE}: figure read as unknown"))
    return body


def _where(sheet: str | None, lines: np.ndarray | None, row: int) -> dict[str, Any]:
    """The first cell of 0-based `row`: `Sheet!A4`, or the CSV line it is on."""
    if sheet is None:
        return {"line": int(lines[row]) if lines is not None else row + 1}
    return {"cell": f"{sheet}!A{row + 1}"}


def _looks_like_budget_table(header: list[Any]) -> bool:
    """True for a header row the budget-table CSV reader recognises."""
    from sluitend.datasets.minfin import looks_like_budget_table_csv

    line = io.StringIO()
    csv.writer(line).writerow(header)
    return bool(looks_like_budget_table_csv(line.getvalue().encode()))


def _amount_columns(header: pd.Series) -> list[int]:
    """The 0-based columns of a budget-table header that hold amounts: 'Bedrag t-2' …
    'Bedrag t+4', and the unnamed column after them (where an article prints an eighth)."""
    names = header.astype(str).str.strip().str.lower()
    found = np.flatnonzero(names.str.fullmatch(r"bedrag\s*t\s*(?:[-+]\s*[0-9])?").to_numpy())
    columns = [int(c) for c in found]
    if columns and columns[-1] + 1 < len(names) and names.iloc[columns[-1] + 1] == "":
        columns.append(columns[-1] + 1)
    return columns


def _grouped_text(
    grid: pd.DataFrame, text: pd.DataFrame, columns: list[int]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(read, refused): masks over `text` of amount cells typed as text with thousands
    grouped that are read as Dutch thousands here, and of those whose style cannot be told.

    Dutch thousands (`7.914`) are read as such, as the canonical layout reads them: 7914,
    never 7.914 rounded to 8. English thousands (`12,997`, the Ministry's own style) are
    left to the budget-table reader. A sheet (or `;` CSV) holding both is ambiguous: every
    grouped cell of it is refused. Header row excluded; one regex per column.
    """
    read = pd.DataFrame(False, index=text.index, columns=text.columns)
    english = read.copy()
    body = pd.Series(text.index > 0, index=text.index)
    for c in columns:  # loop over the (up to eight) amount columns
        typed = _cell_text(grid[c])[0] & body
        read[c] = typed & text[c].str.fullmatch(_DUTCH_THOUSANDS).fillna(False)
        english[c] = typed & text[c].str.fullmatch(_ENGLISH_THOUSANDS).fillna(False)
    if bool(read.to_numpy().any()) and bool(english.to_numpy().any()):
        return read & False, read | english
    return read, english & False


def _cell_notes(
    path: Path,
    sheet: str | None,
    text: pd.DataFrame,
    top: int,
    row_of: Any,
    mask: pd.DataFrame,
    problem: str,
) -> list[Any]:
    """One defect note per cell of `mask` (few), with its address (`Tabel!T4`) or line."""
    from sluitend.datasets.toolkit import ReadNote

    rows, columns = np.nonzero(mask.to_numpy())
    out = []
    for r, c in zip(rows.tolist(), columns.tolist(), strict=True):  # the cells noted (few)
        cell = str(text.iat[r, c])
        if sheet is None:
            out.append(ReadNote(path.name, row_of(r + 1), f"column {c + 1}", cell, problem))
        else:
            where = f"{sheet}!{column_letter(c)}{top + r + 1}"
            out.append(
                ReadNote(path.name, None, where, cell, f"{cell!r}: {problem}" if cell else problem)
            )
    return out


def _read_text_cells(
    path: Path,
    sheet: str | None,
    grid: pd.DataFrame,
    text: pd.DataFrame,
    top: int,
    row_of: Any,
    no_value: set[tuple[int, int]],
) -> tuple[pd.DataFrame, list[Any]]:
    """The text handed to the budget-table reader, with grouped text amounts read in the
    sheet's style (`_grouped_text`), and formula cells without value unknown; the notes."""
    from sluitend.datasets.toolkit import READ_AS, ReadNote

    columns = _amount_columns(grid.iloc[0])
    read, refused = _grouped_text(grid, text, columns)
    text = text.copy()
    notes: list[Any] = []
    if bool(read.to_numpy().any()):
        for c in columns:  # loop over the amount columns
            digits = text[c].str.replace(r"[.\s]|,0+$", "", regex=True)
            text[c] = text[c].where(~read[c], digits)
        r, c = (int(v[0]) for v in np.nonzero(read.to_numpy()))
        first = f"{sheet}!{column_letter(c)}{top + r + 1}" if sheet else f"line {row_of(r + 1)}"
        notes.append(
            ReadNote(
                path.name,
                None,
                sheet or "",
                "",
                f"{int(read.to_numpy().sum())} amounts typed as text with Dutch thousands "
                f"(the first at {first}) read as whole units: 7.914 is 7914",
                READ_AS,
            )
        )
    if bool(refused.to_numpy().any()):
        notes += _cell_notes(
            path,
            sheet,
            text,
            top,
            row_of,
            refused,
            "Dutch (7.914) and English (7,914) thousands in one sheet: each may be 7914 or a "
            "fraction; figure read as unknown",
        )
        text = text.where(~refused, "pm")
    if no_value and sheet is not None:
        formula = pd.DataFrame(False, index=text.index, columns=text.columns)
        for r, c in no_value:  # the formula cells without value (few)
            if 0 < r - top < len(text) and c < text.shape[1]:
                formula.iat[r - top, c] = True
        amount = formula.copy()
        amount.loc[:, [c for c in amount.columns if c not in columns]] = False
        notes += _cell_notes(
            path, sheet, text, top, row_of, amount, f"{NO_VALUE}: figure read as unknown"
        )
        notes += _cell_notes(
            path, sheet, text, top, row_of, formula & ~amount, f"{NO_VALUE}: read as an empty cell"
        )
        text = text.where(~amount, "pm")
    return text, notes


def _budget_table_sheet(
    path: Path,
    sheet: str | None,
    rows: list[list[Any]],
    top: int,
    strict: bool,
    notes: list[Any] | None,
    lines: np.ndarray | None = None,
    no_value: set[tuple[int, int]] | None = None,
) -> list[Dataset]:
    """Hand the sheet to the budget-table CSV reader, then point `bron` back at its cells.

    Line k of the CSV handed over (header = line 1) is row `top + k` of the sheet. `sheet`
    None: the rows of a `;` CSV whose physical lines are `lines` (bron `file:line`). Amounts
    typed as text with thousands grouped are read in the sheet's style first, and formula
    cells without a value (`no_value`) are unknown, each with a read note naming its cell.
    A figure's `bron` is its own cell (`file.xlsx!Tabel!V7`), a CSV figure's its line.
    """
    from sluitend.datasets.minfin import read_budget_table_csv
    from sluitend.datasets.toolkit import ReadNote, report_notes

    width = max(len(r) for r in rows[top:])
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows[top:]], dtype=object)
    if sheet is None:  # a CSV's cells are all text: stripped at once, not column by column
        flat = pd.Series(grid.to_numpy().ravel(), dtype=object).str.strip()
        text = pd.DataFrame(flat.to_numpy().reshape(grid.shape), dtype="string")
    else:
        text = grid.apply(_as_text).fillna("")
    name = path.stem if sheet is None else f"{path.stem}-{sheet}"
    physical = (
        np.asarray(lines, dtype="int64")
        if lines is not None
        else np.arange(1, len(rows) + 1, dtype="int64")
    )

    def row_of(line: int) -> int:
        """The sheet row (or CSV line) of line `line` of the CSV handed over."""
        return int(physical[min(line + top - 1, len(physical) - 1)])

    text, own_notes = _read_text_cells(path, sheet, grid, text, top, row_of, no_value or set())
    found: list[ReadNote] = []
    cells: list[np.ndarray] = []
    with tempfile.TemporaryDirectory() as tmp:
        temp = Path(tmp) / f"{name}.csv"
        text.to_csv(temp, header=False, index=False)
        try:
            datasets = read_budget_table_csv(temp, notes=found, name=name, cells=cells)
        except InputError as exc:
            if sheet is None:
                raise InputError(
                    str(path), exc.detail, line=row_of(exc.line) if exc.line else None
                ) from None
            where = f"{sheet}!A{exc.line + top}" if exc.line else sheet
            raise InputError(str(path), exc.detail, cell=where) from None
    report_notes(
        own_notes
        + [
            ReadNote(
                path.name,
                row_of(n.line) if sheet is None and n.line else None,
                n.column
                if sheet is None
                else f"{sheet} row {(n.line or 0) + top} {n.column}".strip(),
                n.text,
                n.problem,
                n.kind,
            )
            for n in found
        ],
        notes,
        strict=strict,
    )
    pattern = rf"^{re.escape(temp.name)}:(\d+)$"
    letters = np.asarray([column_letter(i) for i in range(width)], dtype=object)
    out = []
    for dataset, columns in zip(datasets, cells, strict=True):
        frame = dataset.frame.copy()
        line = frame["bron"].astype("string").str.extract(pattern)[0]
        number = pd.to_numeric(line.fillna("1")).astype("int64") + top - 1
        row = pd.Series(physical[number.clip(0, len(physical) - 1).to_numpy()]).astype(str)
        if sheet is None:
            own = f"{path.name}:" + row
        else:  # the figure's own cell: its column, its row
            letter = pd.Series(letters[np.clip(columns, 0, width - 1)], dtype="string")
            own = f"{path.name}!{sheet}!" + letter + row.astype("string")
        frame["bron"] = frame["bron"].where(line.isna(), own.to_numpy())
        source = str(path) if sheet is None else f"{path}!{sheet}"
        out.append(Dataset(frame, dataset.kind, dataset.name, unit=dataset.unit, source=source))
    return out


def _printed_sheet(
    path: Path,
    sheet: str,
    rows: list[list[Any]],
    details: Any,
    context: list[str],
    hoofdstuk: str | None,
) -> tuple[Dataset, list[Any]]:
    """Read a sheet laid out as the printed table (`printed.py`); bron is the figure's cell."""
    from sluitend.datasets.printed import Grid, read_printed_table

    def place(row: int, column: int) -> dict[str, Any]:
        return {"cell": f"{sheet}!{column_letter(column)}{row + 1}"}

    letters = [column_letter(i) for i in range(max((len(r) for r in rows), default=0))]

    def bron(r: np.ndarray, c: np.ndarray) -> pd.Series:
        column = pd.Series(np.asarray(letters, dtype=object)[c], dtype="string")
        return f"{path.name}!{sheet}!" + column + pd.Series(r + 1).astype("string")

    mine = details.get(sheet) if details else None
    grid = Grid(
        source=str(path),
        cells=rows,
        place=place,
        bron=bron,
        name=f"{path.stem}-{sheet}",
        indents=mine.indents if mine else {},
        no_value=mine.no_value if mine else set(),
        context=context,
    )
    dataset, found = read_printed_table(grid, hoofdstuk=hoofdstuk)
    return Dataset(
        dataset.frame, dataset.kind, dataset.name, unit=dataset.unit, source=f"{path}!{sheet}"
    ), found


def _domain_layout(sheet: str, rows: list[list[Any]]) -> Any:
    """The first registered (domain) sheet layout that recognises the sheet, or None."""
    from sluitend.datasets.registry import sheet_layouts

    for layout in sheet_layouts():
        if layout.sniff(sheet, rows):
            return layout
    return None


def _cell_details(path: Path) -> Any:
    """Alignment indents and formulas without values (`sheet_styles`), or None if unreadable."""
    from sluitend.datasets.sheet_styles import ods_details, xlsx_details

    try:
        return ods_details(path) if is_ods(path) else xlsx_details(path)
    except (KeyError, OSError, ValueError, zipfile.BadZipFile):
        return None  # calamine read the values; without the styles, levels come from text


def is_ods(path: Path) -> bool:
    """True for an OpenDocument spreadsheet (its zip holds content.xml, no xl/workbook.xml)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return "content.xml" in names and "xl/workbook.xml" not in names


def read_xlsx(
    path: str | Path,
    kind: str | None = None,
    *,
    strict: bool = False,
    notes: list[Any] | None = None,
    hoofdstuk: str | None = None,
    **options: Any,
) -> list[Dataset]:
    """Read every sheet of a workbook (.xlsx or .ods) that holds a known layout.

    Layouts: canonical, budget table (module docstring) and the printed table
    (`datasets.printed`). Each readable sheet gives one dataset (the budget-table layout
    gives two: figures and percentages), named `<file stem>-<sheet>`. `strict` and `notes`
    go to the budget-table reader (its notes on defective cells, with the sheet row in place
    of a CSV line); a sheet without a table beside readable ones is skipped with a "read as"
    note. `hoofdstuk` is the chapter of a printed table whose workbook does not name it.
    Sheets in none of these layouts are offered to the layouts domains register
    (`registry.register_sheet_layout`), with `options` (an Iv3 `boekjaar`, say).
    Raises InputError when no sheet is readable, listing each sheet and why, or naming the
    cell of the first bad value.
    """
    from sluitend.datasets.printed import looks_like_printed_table
    from sluitend.datasets.toolkit import DEFECT, READ_AS, ReadNote, report_notes

    path = Path(path)
    workbook = _workbook(path)
    datasets: list[Dataset] = []
    skipped: list[str] = []
    printed: list[tuple[str, list[list[Any]]]] = []
    context: list[str] = []
    found: list[ReadNote] = []
    book = {sheet: _sheet_rows(path, workbook, sheet) for sheet in workbook.sheet_names}
    details: Any = None  # read once, for the first sheet in a layout that needs it

    def no_value(sheet: str) -> set[tuple[int, int]]:
        """The formula cells without a cached value of `sheet` (`sheet_styles`)."""
        nonlocal details
        if details is None:
            details = _cell_details(path) or {}
        mine = details.get(sheet)
        return mine.no_value if mine else set()

    for sheet, rows in book.items():
        top = _first_row(rows)
        if top is None:
            skipped.append(f"{sheet!r} is empty")
            continue
        header = [str(h).strip() for h in rows[top]]
        if kind_of_columns(header) is not None:
            datasets.append(
                _canonical_sheet(
                    path, sheet, rows, top, kind, no_value=no_value(sheet), found=found
                )
            )
        elif _looks_like_budget_table(rows[top]):
            datasets.extend(
                _budget_table_sheet(path, sheet, rows, top, strict, notes, no_value=no_value(sheet))
            )
        elif kind in (None, "begrotingstabel") and looks_like_printed_table(rows):
            printed.append((sheet, rows))
        elif (layout := _domain_layout(sheet, rows)) is not None:
            datasets.extend(layout.read(path, sheet, rows, book, notes=found, **options))
        else:
            shown = ", ".join(h for h in header[:4] if h) or "nothing"
            skipped.append(f"{sheet!r} starts with {shown} (row {top + 1})")
            # a notes sheet may name the chapter of a printed table
            context.extend(str(v) for r in rows[:50] for v in r[:10] if isinstance(v, str))
    if printed:
        if details is None:
            details = _cell_details(path)
        for sheet, rows in printed:
            dataset, read = _printed_sheet(path, sheet, rows, details, context, hoofdstuk)
            datasets.append(dataset)
            found.extend(
                ReadNote(
                    path.name,
                    None,
                    sheet
                    if n.row is None
                    else f"{sheet}!{column_letter(n.column or 0)}{n.row + 1}",
                    n.text,
                    n.problem,
                    kind=DEFECT if n.defect else READ_AS,
                )
                for n in read
            )
    if not datasets:
        from sluitend.datasets.registry import sheet_layouts

        more = "".join(f", {layout.expected}" for layout in sheet_layouts() if layout.expected)
        raise InputError(
            str(path),
            "no sheet holds a known table; expected a header row with the canonical columns "
            "(begrotingsjaar, fase, …, bedrag), the budget-table columns (Begrotingsjaar, "
            "Begroting, …, Bedrag t+4), a printed table (a title 'Budgettaire gevolgen van "
            f"beleid', a row of years, row labels){more}. Sheets: {'; '.join(skipped)}",
        )
    found.extend(
        ReadNote(path.name, None, "", "", f"sheet {why}: no table in it, skipped", kind=READ_AS)
        for why in skipped
    )
    report_notes(found, notes, strict=strict)
    return datasets
