"""Make the printed-table fixtures of Tabel 18 (BZK ontwerpbegroting 2022, artikel 7).

Source: the bundled seed page text `src/sluitend/datasets/bundled/bzk-2022-art7.page.txt`
(a verbatim copy of `001_231eb4eefb8547ab.txt`), lines 109-672: the title, the seven years,
then each row label followed by its seven values. This script reads those lines with plain
Python (none of sluitend's code) and lays the table out as a ministry does in Excel:

- `tabel18.xlsx` (openpyxl): sheet "Tabel 18" with the title in A1 (merged A1:H1), an empty
  row, the header row 3 (A3 "(bedragen x € 1.000)", the years as numbers in B3:H3), the
  labels in column A indented by the cell's alignment (Verplichtingen/Uitgaven/Ontvangsten
  0, the onderdelen 1, the instrument headings 2, the regelingen 3), the figures as numbers
  with a thousands format, an empty row before each onderdeel and before Ontvangsten; a
  sheet "Toelichting" of notes (no table) that names the chapter (hoofdstuk VII).
- `tabel18-spaces.xlsx`: the same with the levels as leading spaces (two per level)
  instead of the alignment indent.
- `tabel18-columns.xlsx`: the same with one label column per level (A-D), the years from E,
  and the header's unit cell merged over the label columns (A3:D3).
- `tabel18.csv`, `tabel18.ods`: what LibreOffice Calc (Dutch locale) writes when the sheet
  "Tabel 18" of `tabel18.xlsx` is saved as CSV (field separator `;`, cp1252, the figures as
  shown: `39.149`) and the workbook as .ods, made by `soffice --headless --convert-to`; see
  README.md for the commands. The CSV loses the alignment indent (a CSV holds values only).

Run from the repository root: `python tests/data/printed/make_fixtures.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
PAGE = HERE.parents[2] / "src" / "sluitend" / "datasets" / "bundled" / "bzk-2022-art7.page.txt"
VALUE = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})*$")


def table_rows() -> tuple[str, list[int], list[tuple[str, list[int]]]]:
    """(title, years, [(label, values)]) of Tabel 18, read from lines 109-672."""
    lines = [line.strip() for line in PAGE.read_text(encoding="utf-8").split("\n")]
    block = [t for t in lines[108:672] if t]
    title, years = block[0], [int(t) for t in block[1:8]]
    rows: list[tuple[str, list[int]]] = []
    for text in block[8:]:
        if VALUE.match(text):
            rows[-1][1].append(int(text.replace(".", "")))
        else:
            rows.append((text, []))
    assert all(len(v) in (0, 7) for _, v in rows), rows
    return title, years, rows


def depths(rows: list[tuple[str, list[int]]]) -> list[int]:
    """The indentation a ministry gives each row (see the module docstring)."""
    out, heading = [], False
    for label, values in rows:
        if label in ("Verplichtingen", "Uitgaven", "Ontvangsten"):
            out.append(0)
            heading = False
        elif re.match(r"7\.\d+ ", label):
            out.append(1)
            heading = False
        elif not values:
            out.append(2)
            heading = True
        else:
            out.append(3 if heading else 2)
    return out


def workbook(style: str) -> Workbook:
    title, years, rows = table_rows()
    book = Workbook()
    sheet = book.active
    sheet.title = "Tabel 18"
    label_columns = 4 if style == "columns" else 1
    first = label_columns + 1
    last = first + len(years) - 1
    sheet.cell(1, 1, title).font = Font(bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    sheet.cell(3, 1, "(bedragen x € 1.000)")
    if style == "columns":
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=label_columns)
    for i, year in enumerate(years):
        sheet.cell(3, first + i, year).font = Font(bold=True)
    r = 4
    for (label, values), depth in zip(rows, depths(rows), strict=True):
        if depth == 1 or label == "Ontvangsten":
            r += 1  # an empty row between blocks
        if style == "spaces":
            sheet.cell(r, 1, "  " * depth + label)
        elif style == "columns":
            sheet.cell(r, 1 + depth, label)
        else:
            sheet.cell(r, 1, label).alignment = Alignment(indent=depth)
        for i, value in enumerate(values):
            sheet.cell(r, first + i, value).number_format = "#,##0"
        r += 1
    notes = book.create_sheet("Toelichting")
    notes["A1"] = (
        "Bron: Ontwerpbegroting 2022, hoofdstuk VII Binnenlandse Zaken en Koninkrijksrelaties"
    )
    notes["A2"] = "Tabel 18 overgenomen van rijksfinancien.nl; bedragen x € 1.000."
    return book


def main() -> None:
    for style, name in (
        ("indent", "tabel18"),
        ("spaces", "tabel18-spaces"),
        ("columns", "tabel18-columns"),
    ):
        workbook(style).save(HERE / f"{name}.xlsx")


if __name__ == "__main__":
    main()
