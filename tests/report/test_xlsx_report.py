"""`--format xlsx`: the findings sheet, the tables as printed, and what data cannot do.

Read back with openpyxl here; opened by LibreOffice in `test_xlsx_libreoffice.py`.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from report_sample import sample_report
from tests.api.test_validate import mistyped_table

import sluitend
from sluitend.cli import main
from sluitend.report.base import get_reporter
from sluitend.report.xlsx_report import (
    COLUMNS,
    FILLS,
    FINDINGS_SHEET,
    OVERVIEW_SHEET,
    sheet_title,
)

HEADINGS = [heading for heading, _width in COLUMNS]


def workbook(report: Any) -> Any:
    data = get_reporter("xlsx").render_bytes(report)
    return openpyxl.load_workbook(io.BytesIO(data))


def rows_of(sheet: Any) -> list[dict[str, Any]]:
    values = list(sheet.iter_rows(values_only=True))
    head = list(values[0])
    return [dict(zip(head, row, strict=True)) for row in values[1:] if any(row)]


@pytest.fixture(scope="module")
def vii() -> tuple[Any, dict[str, Any]]:
    report = sluitend.validate(sluitend.read(bundled="minfin-2017-vii"))
    return workbook(report), json.loads(get_reporter("json").render(report))


def test_the_findings_sheet_is_first_filterable_and_frozen(vii: Any) -> None:
    book, doc = vii
    sheet = book.worksheets[0]
    assert sheet.title == FINDINGS_SHEET
    assert [c.value for c in sheet[1]] == HEADINGS
    assert sheet.freeze_panes == "A2"
    flat = [f for top in doc["findings"] for f in [top, *top.get("consequences", [])]]
    assert sheet.auto_filter.ref == f"A1:O{len(flat) + 1}"


def test_the_overview_sheet_holds_the_json_overview(vii: Any) -> None:
    book, doc = vii
    assert book.sheetnames[1] == OVERVIEW_SHEET
    rows = rows_of(book[OVERVIEW_SHEET])
    expected = []
    for data in doc["overview"]:
        for chapter in data["chapters"]:
            areas = [(chapter["hoofdstuk"], chapter)] + [
                (f"{chapter['hoofdstuk']} art. {a['artikel']}", a) for a in chapter["articles"]
            ]
            for name, a in areas:
                counts = (a["error"], a["warning"], a["info"], a["largest_difference"])
                expected.append((data["dataset"], name, *counts))
    got = [
        (
            r["dataset"],
            r["chapter or article"],
            r["errors"],
            r["warnings"],
            r["info"],
            r["largest difference"],
        )
        for r in rows
    ]
    assert got == expected
    assert (
        sum(r["errors"] for r in rows if " art. " not in r["chapter or article"])
        == (doc["summary"]["error"])
    )


def test_the_findings_sheet_holds_the_json_findings(vii: Any) -> None:
    book, doc = vii
    rows = rows_of(book[FINDINGS_SHEET])
    flat = [f for top in doc["findings"] for f in [top, *top.get("consequences", [])]]
    assert len(rows) == len(flat)
    for row, f in zip(rows, flat, strict=True):
        assert (row["rule"], row["severity"], row["bron"]) == (f["rule"], f["severity"], f["bron"])
        assert row["year"] == f["where"].get("jaar")
        assert (row["stated"], row["computed"], row["difference"]) == (
            f["actual"],
            f["expected"],
            f["difference"],
        )
        assert row["chapter"] == f["where"].get("hoofdstuk")
        assert len((row["hint"] or "").splitlines()) == len(f["hints"])
        for hint in f["hints"]:
            assert hint["explanation"] in row["hint"]


def test_each_dataset_has_its_table_with_the_failing_cells_coloured(tmp_path: Path) -> None:
    report = sluitend.validate(mistyped_table(tmp_path))
    book = workbook(report)
    assert book.sheetnames == [FINDINGS_SHEET, OVERVIEW_SHEET, "bzk-2022-art7"]
    sheet = book["bzk-2022-art7"]
    assert sheet.freeze_panes == "D3"
    heads = [c.value for c in sheet[2]]
    assert heads[:3] == ["chapter", "article", "label"] and "2023" in heads
    year = heads.index("2023") + 1
    marked = {}
    for row in sheet.iter_rows(min_row=3):
        cell = row[year - 1]
        if cell.comment is not None:
            marked[row[2].value] = cell
    stated = marked["7.1 Werkgevers- en bedrijfsvoeringsbeleid"]
    assert stated.value == 181678
    assert stated.fill.fgColor.rgb.endswith(FILLS["error"])
    assert "stated 181.678, computed 226.678" in stated.comment.text
    assert "digits swapped" in stated.comment.text
    suspect = marked["Informatiehuishouding"]
    assert suspect.value == 194000
    assert suspect.fill.fgColor.rgb.endswith(FILLS["suspect"])
    assert "Suggested: 149.000" in suspect.comment.text
    by_label = {row[2].value: row[year - 1] for row in sheet.iter_rows(min_row=3)}
    # Uitgaven still matches 7.1 + 7.2 as stated: checked (green); Verplichtingen is in no
    # sum: not checked (grey); neither has a comment
    assert by_label["Uitgaven"].fill.fgColor.rgb.endswith(FILLS["checked"])
    assert by_label["Verplichtingen"].fill.fgColor.rgb.endswith(FILLS["unchecked"])
    assert by_label["Uitgaven"].comment is None and by_label["Verplichtingen"].comment is None


def test_a_label_is_never_a_formula_and_controls_are_shown() -> None:
    report = sample_report()
    evil = dataclasses.replace(
        report.findings[0], label='=HYPERLINK("http://x","click")', message="a\x00b\x1bc"
    )
    book = workbook(dataclasses.replace(report, findings=(evil, *report.findings[1:])))
    sheet = book[FINDINGS_SHEET]
    label = sheet.cell(row=2, column=HEADINGS.index("label") + 1)
    assert label.value == '=HYPERLINK("http://x","click")' and label.data_type == "s"
    message = sheet.cell(row=2, column=HEADINGS.index("message") + 1)
    assert message.value == "a\\x00b\\x1bc"


def test_sheet_titles_are_what_excel_takes() -> None:
    taken = {FINDINGS_SHEET.lower()}
    first = sheet_title("a/b:c*d?e[f]" + "x" * 40, taken)
    assert len(first) == 31 and not set("/:*?[]") & set(first)
    second = sheet_title("a/b:c*d?e[f]" + "x" * 40, taken)
    assert second != first and len(second) <= 31 and second.endswith("(2)")
    assert sheet_title("bevindingen", taken) == "bevindingen (2)"


def test_the_cli_refuses_a_workbook_on_stdout_before_reading(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["validate", str(tmp_path / "missing.csv"), "--format", "xlsx"]
    )
    assert result.exit_code == 2
    assert "--format xlsx writes a binary file" in result.output
    assert "missing.csv" not in result.output  # refused before anything was read


def test_the_cli_writes_the_workbook_and_never_onto_an_input(tmp_path: Path) -> None:
    data = mistyped_table(tmp_path)
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(main, ["validate", str(data), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert out.read_bytes()[:2] == b"PK"
    assert not list(tmp_path.glob(".*.tmp"))
    before = data.read_bytes()
    result = CliRunner().invoke(main, ["validate", str(data), "--format", "xlsx", "-o", str(data)])
    assert result.exit_code == 2 and "refusing to write onto an input file" in result.output
    assert data.read_bytes() == before


def test_report_write_picks_the_format_from_the_suffix(tmp_path: Path) -> None:
    report = sluitend.validate(mistyped_table(tmp_path))
    written = report.write(tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(written)
    assert book.sheetnames[0] == FINDINGS_SHEET
    assert report.write(tmp_path / "out.html").read_text("utf-8").startswith("<!DOCTYPE html>")
