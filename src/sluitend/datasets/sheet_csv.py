"""A `;`-separated CSV as Dutch Excel or LibreOffice saves a sheet ("CSV (puntkomma)").

Dutch spreadsheet programs write the field separator `;` (the comma is the decimal sign),
the figures as shown (`33.972`, `-1.234`, `92,5%`, `1.234,5`), in UTF-8 with a byte-order
mark (Excel's "CSV UTF-8") or in Windows-1252 (Excel's plain "CSV", LibreOffice's
default). Such a file holds one sheet in any layout the spreadsheet reader knows, and is
read by the same code as that sheet (`datasets.xlsx`, `datasets.printed`):

- the canonical columns (`begrotingsjaar;fase;…;bedrag`): amounts in Dutch style
  (`39.149`, `pm`, `nihil`, `-`), percentages as `95,2%`;
- the Ministry of Finance's budget-table columns (`Begrotingsjaar;Begroting;…`);
- the printed table (a title "Budgettaire gevolgen van beleid", a row of years, row labels);
  a CSV holds no alignment indent, so levels come from leading spaces, several label
  columns, or the labels themselves (see `printed.py`).

`bron` is `<file>:<line>` (the row's line; its year tells the figure in a printed table).
The text is UTF-8 when it decodes as UTF-8, else Windows-1252 (said in a "read as" note);
bytes that are neither are an InputError naming the line.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.errors import InputError

_SNIFF_LINES = 40


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a file's bytes: UTF-8 (a BOM dropped), else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "cp1252"


def _head_rows(head: bytes) -> list[list[str]] | None:
    """The first lines of a `;` CSV as cells, or None when it is not one."""
    try:
        text, _ = _decode(head)
    except UnicodeDecodeError:
        return None
    lines = text.splitlines()[:_SNIFF_LINES]
    if not lines or ";" not in lines[0]:
        return None
    try:
        return list(csv.reader(lines, delimiter=";"))
    except csv.Error:
        return None


def _layout(rows: list[list[Any]]) -> tuple[str, int] | None:
    """("canonical" | "budget-table" | "printed", header row) of a sheet's rows, or None."""
    from sluitend.datasets.canonical import kind_of_columns
    from sluitend.datasets.printed import looks_like_printed_table
    from sluitend.datasets.xlsx import _first_row, _looks_like_budget_table

    top = _first_row(rows)
    if top is None:
        return None
    if kind_of_columns([str(h).strip() for h in rows[top]]) is not None:
        return "canonical", top
    if _looks_like_budget_table(rows[top]):
        return "budget-table", top
    if looks_like_printed_table(rows):
        return "printed", top
    return None


def looks_like_sheet_csv(head: bytes) -> bool:
    """True for a `;` CSV in the canonical, budget-table or printed-table layout."""
    rows = _head_rows(head)
    return rows is not None and _layout(rows) is not None


def read_sheet_csv(
    path: str | Path,
    kind: str | None = None,
    *,
    hoofdstuk: str | None = None,
    strict: bool = False,
    notes: list[Any] | None = None,
) -> list[Dataset]:
    """Read a `;` CSV saved from a spreadsheet (see the module docstring)."""
    from sluitend.datasets.printed import Grid, read_printed_table
    from sluitend.datasets.toolkit import (
        DEFECT,
        READ_AS,
        ReadNote,
        read_records,
        report_notes,
    )
    from sluitend.datasets.xlsx import _budget_table_sheet, _canonical_sheet

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    if b"\x00" in data[:4096]:
        raise InputError(str(path), "this is a binary file, not a CSV text file")
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(
            str(path),
            f"byte 0x{data[err.start]:02x} is neither UTF-8 nor Windows-1252 text",
            line=line,
        ) from None
    records, lines = read_records(path, text, ";")
    rows: list[list[Any]] = [list(r) for r in records]
    layout = _layout(rows)
    if layout is None:
        raise InputError(
            str(path),
            "a ';' CSV in no known layout; expected the canonical columns, the budget-table "
            "columns or a printed table (a title 'Budgettaire gevolgen van beleid', a row of "
            "years, row labels)",
            line=1,
        )
    found: list[ReadNote] = []
    if encoding == "cp1252":
        found.append(
            ReadNote(path.name, None, "", "", "not UTF-8: read as Windows-1252", kind=READ_AS)
        )
    name, top = layout
    if name == "canonical":
        datasets = [_canonical_sheet(path, None, rows, top, kind, lines=lines)]
    elif name == "budget-table":
        datasets = _budget_table_sheet(path, None, rows, top, strict, notes, lines=lines)
    else:
        physical = np.asarray(lines, dtype="int64")

        def place(row: int, column: int) -> dict[str, Any]:
            return {"line": int(physical[row])}

        def bron(r: np.ndarray, c: np.ndarray) -> pd.Series:
            return f"{path.name}:" + pd.Series(physical[r]).astype("string")

        grid = Grid(str(path), rows, place, bron, path.stem)
        dataset, read = read_printed_table(grid, hoofdstuk=hoofdstuk)
        datasets = [dataset]
        found.extend(
            ReadNote(
                path.name,
                None if n.row is None else int(physical[n.row]),
                "",
                n.text,
                n.problem,
                kind=DEFECT if n.defect else READ_AS,
            )
            for n in read
        )
    report_notes(found, notes, strict=strict)
    return datasets
