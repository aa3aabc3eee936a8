"""What python-calamine does not hand over: a cell's alignment indent, and formula cells
without a cached value, read from the workbook's XML (.xlsx and .ods).

The printed-table layout (`printed.py`) takes a label's level from its indentation, which a
ministry sets with the cell's alignment ("Inspringen"), not with spaces; calamine gives
values only. A formula whose workbook was saved without computing it has no value, and
calamine shows it as an empty cell; it must be read as unknown, with its address, not as
an empty cell.

Only called after `xlsx_guard` has checked the archive (sizes, ratio, no DTD or entity),
so the XML parsed here is bounded and has no entities to expand. The work is regular
expressions over each member's bytes (the regex engine's loop), then a small Python loop
over the cells they found: styled cells and formula cells, not every cell.

- xlsx: `xl/styles.xml` `<cellXfs>` gives each style index its `<alignment indent="n">`;
  a sheet's `<c r="A7" s="3">` names its style; `<c r="D7"><f>…</f></c>` without `<v>` is a
  formula without a value.
- ods: `content.xml` names automatic cell styles whose paragraph properties set
  `fo:margin-left`; cells take a style by `table:style-name` (rows and cells may repeat,
  `table:number-rows-repeated` / `table:number-columns-repeated`); a cell with
  `table:formula` and no `office:value` nor text is a formula without a value. A margin is
  turned into indent steps of LibreOffice's 0,353 cm (10 pt, one Excel indent step).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*?)(/>|>(.*?)</(?:\w+:)?xf>)", re.DOTALL)
_INDENT = re.compile(rb'<(?:\w+:)?alignment\b[^>]*\bindent="(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,9})"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_NAME = re.compile(rb'\bname="([^"]*)"')
_RID = re.compile(rb'\br:id="([^"]*)"|\b\w+:id="([^"]*)"')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ID = re.compile(rb'\bId="([^"]*)"')
_TARGET = re.compile(rb'\bTarget="([^"]*)"')


@dataclass
class CellDetails:
    """Per sheet: the alignment indent of cells that have one, formula cells without value.

    Keys are 0-based (row, column)."""

    indents: dict[tuple[int, int], int] = field(default_factory=dict)
    no_value: set[tuple[int, int]] = field(default_factory=set)


def _column(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + (byte - 64)
    return number - 1


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def _xlsx_sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = archive.read("xl/workbook.xml")
    try:
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for attrs in _REL.findall(rels):
        rid, target = _ID.search(attrs), _TARGET.search(attrs)
        if rid and target:
            path = _unescape(target.group(1))
            path = path.lstrip("/") if path.startswith("/") else posixpath.join("xl", path)
            targets[rid.group(1)] = posixpath.normpath(path)
    members = {}
    for attrs in _SHEET.findall(workbook):
        name, rid = _NAME.search(attrs), _RID.search(attrs)
        if name and rid:
            key = rid.group(1) or rid.group(2)
            if key in targets:
                members[_unescape(name.group(1))] = targets[key]
    return members


def _xlsx_indents(archive: zipfile.ZipFile) -> dict[int, int]:
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return {}
    start = styles.find(b"cellXfs")
    end = styles.find(b"cellXfs", start + 7)
    if start < 0 or end < 0:
        return {}
    indents = {}
    for index, (_, _, inner) in enumerate(_XF.findall(styles[start:end])):
        match = _INDENT.search(inner or b"")
        if match and int(match.group(1)):
            indents[index] = int(match.group(1))
    return indents


def xlsx_details(path: Path) -> dict[str, CellDetails]:
    """CellDetails of every sheet of an .xlsx workbook, by sheet name (see the docstring)."""
    out: dict[str, CellDetails] = {}
    with zipfile.ZipFile(path) as archive:
        members = _xlsx_sheet_members(archive)
        indents = _xlsx_indents(archive)
        names = set(archive.namelist())
        for sheet, member in members.items():
            if member not in names:
                continue
            data = archive.read(member)
            details = CellDetails()
            if indents or b"<f" in data:
                for attrs, inner in _CELL.findall(data):
                    style = _STYLE.search(attrs)
                    has_indent = style is not None and int(style.group(1)) in indents
                    no_value = b"<f" in (inner or b"") and not _VALUE.search(inner or b"")
                    if not (has_indent or no_value):
                        continue
                    ref = _REF.search(attrs)
                    if ref is None:
                        continue
                    at = (int(ref.group(2)) - 1, _column(ref.group(1)))
                    if has_indent and style is not None:
                        details.indents[at] = indents[int(style.group(1))]
                    if no_value:
                        details.no_value.add(at)
            out[sheet] = details
    return out


# --- ods ------------------------------------------------------------------------------------

_ODS_STYLE = re.compile(
    rb'<style:style\b[^>]*?style:name="([^"]*)"[^>]*>(.*?)</style:style>', re.DOTALL
)
_MARGIN = re.compile(rb'fo:margin-left="([0-9.]+)(cm|mm|in|pt)"')
_TABLE = re.compile(rb"<table:table\b([^>]*)>(.*?)</table:table>", re.DOTALL)
_TABLE_NAME = re.compile(rb'\btable:name="([^"]*)"')
_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.DOTALL)
_ODS_CELL = re.compile(
    rb"<table:(?:covered-)?table-cell\b([^>]*?)(?:/>|>(.*?)</table:(?:covered-)?table-cell>)",
    re.DOTALL,
)
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')
_CELL_STYLE = re.compile(rb'table:style-name="([^"]*)"')
_STEP_CM = 0.3528  # 10 pt
_TO_CM = {b"cm": 1.0, b"mm": 0.1, b"in": 2.54, b"pt": 2.54 / 72}


def ods_details(path: Path) -> dict[str, CellDetails]:
    """CellDetails of every sheet of an .ods spreadsheet, by sheet name."""
    out: dict[str, CellDetails] = {}
    with zipfile.ZipFile(path) as archive:
        data = archive.read("content.xml")
    indents: dict[bytes, int] = {}
    for name, body in _ODS_STYLE.findall(data):
        margin = _MARGIN.search(body)
        if margin:
            steps = round(float(margin.group(1)) * _TO_CM[margin.group(2)] / _STEP_CM)
            if steps > 0:
                indents[name] = steps
    for attrs, body in _TABLE.findall(data):
        name = _TABLE_NAME.search(attrs)
        if name is None:
            continue
        details = CellDetails()
        row = 0
        for row_attrs, row_body in _ROW.findall(body):
            repeat = _ROWS_REPEATED.search(row_attrs)
            rows = int(repeat.group(1)) if repeat else 1
            if row_body and (indents or b"table:formula" in row_body):
                column = 0
                for cell_attrs, cell_body in _ODS_CELL.findall(row_body):
                    more = _COLUMNS_REPEATED.search(cell_attrs)
                    count = int(more.group(1)) if more else 1
                    style = _CELL_STYLE.search(cell_attrs)
                    step = indents.get(style.group(1), 0) if style else 0
                    empty_formula = (
                        b"table:formula" in cell_attrs
                        and b"office:value=" not in cell_attrs
                        and b"<text:p" not in (cell_body or b"")
                    )
                    if (step or empty_formula) and count < 1024:  # not a filler run
                        for r in range(row, row + min(rows, 1024)):
                            for c in range(column, column + count):
                                if step and cell_body:
                                    details.indents[(r, c)] = step
                                if empty_formula:
                                    details.no_value.add((r, c))
                    column += count
            row += rows
        out[_unescape(name.group(1))] = details
    return out
