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
  one mapping).

`bron` is `<file>!<sheet>!<cell>`: the cell of the figure itself (its `bedrag` or
`percentage` cell; for the budget-table layout, the row's first cell), unless the sheet
has a non-empty `bron` column. Errors name the cell (`file.xlsx (Tabel!C12): ...`). A
sheet in no known layout is skipped when another sheet is readable, and an InputError
listing every sheet and why otherwise.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
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
        rows: list[list[Any]] = workbook.get_sheet_by_name(sheet).to_python(
            skip_empty_area=False
        )
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


def _amounts(path: Path, values: pd.Series, rows: pd.Series, cell: str) -> pd.Series:
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
        raise InputError(str(path), f"column 'bedrag': {reason}", cell=f"{cell}{rows.iloc[first]}")
    from_text = parsed.values.astype("string").fillna(PM)
    from_numbers = numbers.round().astype("Int64").astype("string")
    return from_text.where(is_text, from_numbers)


def _percentages(path: Path, values: pd.Series, rows: pd.Series, cell: str) -> pd.Series:
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
            str(path), f"column 'percentage': {reason}", cell=f"{cell}{rows.iloc[first]}"
        )
    value = parsed.values.where(is_text, numbers).astype("float64")
    return value.map(repr).astype("string")


def _canonical_sheet(
    path: Path, sheet: str, rows: list[list[Any]], top: int, kind: str | None
) -> Dataset:
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
            cell=f"{sheet}!A{top + 1}",
        )
    body = pd.DataFrame([r[: len(header)] for r in rows[top + 1 :]], columns=header, dtype=object)
    row_numbers = pd.Series(np.arange(top + 2, top + 2 + len(body)))
    filled = (body.notna() & (body != "")).any(axis=1)
    body, row_numbers = body[filled].reset_index(drop=True), row_numbers[filled.to_numpy()]
    row_numbers = row_numbers.reset_index(drop=True)
    if body.empty:
        raise InputError(
            str(path), "header only; expected rows of figures", cell=f"{sheet}!A{top + 1}"
        )
    cells = {c: f"{sheet}!{column_letter(i)}" for i, c in enumerate(header)}
    text = pd.DataFrame(index=body.index)
    for column in header:
        if column == "bedrag":
            text[column] = _amounts(path, body[column], row_numbers, cells[column])
        elif column == "percentage":
            text[column] = _percentages(path, body[column], row_numbers, cells[column])
        else:
            text[column] = _as_text(body[column])
    for column, default in OPTIONAL.items():
        if column in columns and column not in text.columns:
            text[column] = default
    frame = parse_columns(path, text, row_numbers, columns, cells)
    figure = "bedrag" if "bedrag" in columns else "percentage"
    own = f"{path.name}!{cells[figure]}" + row_numbers.astype(str)
    frame["bron"] = frame["bron"].mask(frame["bron"] == "", own)
    frame = (
        juridisch_verplicht_frame(frame)
        if kind == "juridisch_verplicht"
        else budget_frame(frame, kind)
    )
    unit = 1 if kind == "juridisch_verplicht" else 1000
    name = f"{path.stem}-{sheet}"
    return Dataset(frame, kind, name, unit=unit, source=f"{path}!{sheet}")


def _looks_like_budget_table(header: list[Any]) -> bool:
    try:
        from sluitend.datasets.minfin import looks_like_budget_table_csv
    except ImportError:  # the budget-table reader is not installed in this build
        return False
    line = io.StringIO()
    csv.writer(line).writerow(header)
    return bool(looks_like_budget_table_csv(line.getvalue().encode()))


def _budget_table_sheet(
    path: Path, sheet: str, rows: list[list[Any]], top: int, strict: bool, notes: list[Any] | None
) -> list[Dataset]:
    """Hand the sheet to the budget-table CSV reader, then point `bron` back at its cells.

    Line k of the CSV handed over (header = line 1) is row `top + k` of the sheet.
    """
    from sluitend.datasets.minfin import ReadNote, read_budget_table_csv, report_notes

    width = max(len(r) for r in rows[top:])
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows[top:]], dtype=object)
    text = grid.apply(_as_text).fillna("")
    name = f"{path.stem}-{sheet}"
    found: list[ReadNote] = []
    with tempfile.TemporaryDirectory() as tmp:
        temp = Path(tmp) / f"{name}.csv"
        text.to_csv(temp, header=False, index=False)
        try:
            datasets = read_budget_table_csv(temp, notes=found, name=name)
        except InputError as exc:
            where = f"{sheet}!A{exc.line + top}" if exc.line else sheet
            raise InputError(str(path), exc.detail, cell=where) from None
    report_notes(
        [
            ReadNote(
                path.name,
                None,
                f"{sheet} row {(n.line or 0) + top} {n.column}".strip(),
                n.text,
                n.problem,
            )
            for n in found
        ],
        notes,
        strict=strict,
    )
    pattern = rf"^{re.escape(temp.name)}:(\d+)$"
    out = []
    for dataset in datasets:
        frame = dataset.frame.copy()
        line = frame["bron"].str.extract(pattern)[0]
        row = (pd.to_numeric(line.fillna("0")) + top).astype(str)
        frame["bron"] = frame["bron"].where(line.isna(), f"{path.name}!{sheet}!A" + row)
        out.append(
            Dataset(frame, dataset.kind, dataset.name, unit=dataset.unit, source=f"{path}!{sheet}")
        )
    return out


def read_xlsx(
    path: str | Path,
    kind: str | None = None,
    *,
    strict: bool = False,
    notes: list[Any] | None = None,
) -> list[Dataset]:
    """Read every sheet of a workbook that holds a canonical or budget-table layout.

    Each readable sheet gives one dataset (the budget-table layout gives two: figures and
    percentages), named `<file stem>-<sheet>`. `strict` and `notes` go to the budget-table
    reader (its notes on defective cells, with the sheet row in place of a CSV line).
    Raises InputError when no sheet is readable, listing each sheet and why, or naming the
    cell of the first bad value.
    """
    path = Path(path)
    workbook = _workbook(path)
    datasets: list[Dataset] = []
    skipped: list[str] = []
    for sheet in workbook.sheet_names:
        rows = _sheet_rows(path, workbook, sheet)
        top = _first_row(rows)
        if top is None:
            skipped.append(f"{sheet!r} is empty")
            continue
        header = [str(h).strip() for h in rows[top]]
        if kind_of_columns(header) is not None:
            datasets.append(_canonical_sheet(path, sheet, rows, top, kind))
        elif _looks_like_budget_table(rows[top]):
            datasets.extend(_budget_table_sheet(path, sheet, rows, top, strict, notes))
        else:
            shown = ", ".join(h for h in header[:4] if h) or "nothing"
            skipped.append(f"{sheet!r} starts with {shown} (row {top + 1})")
    if not datasets:
        raise InputError(
            str(path),
            "no sheet holds a known table; expected a header row with the canonical columns "
            "(begrotingsjaar, fase, …, bedrag) or the budget-table columns (Begrotingsjaar, "
            f"Begroting, …, Bedrag t+4). Sheets: {'; '.join(skipped)}",
        )
    return datasets
