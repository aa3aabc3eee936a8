"""`xlsx`: a workbook for a controller: the findings as a sheet to filter, and each checked
table as printed with its failing cells coloured and the finding as a cell comment.

- **Bevindingen** (the first sheet): one row per finding, a likely cause followed by the
  checks it groups; the header frozen, an autofilter on every column; amounts as numbers
  (so they sum and sort), in the dataset's unit.
- **Overzicht** (the second sheet): per dataset, chapter and article the failed checks by
  severity, the likely causes and the largest difference (`report.overview`), chapters in
  the order of the source table; the first place a controller looks.
- One sheet per dataset: its tables as printed (`report.printed`), one block per article
  (or chapter) under a bold heading, the lines indented by level, one column per year (per
  phase and year where phases vary); a cell a check failed on is red (error), amber
  (warning) or blue (info), a figure a hint suspects orange, each with a comment giving the
  finding, both figures and the hint. Where the report knows what the sum rules checked,
  checked figures are green and unchecked ones grey.

Data never steers the workbook: every text from the data is written as a string (a label
`=HYPERLINK(...)` stays text, never a formula), with the characters XML forbids shown as
visible escapes (`escape.xml`). Binary: the command line writes it only to `--output`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import IO, Any, ClassVar

from sluitend.engine.findings import Finding, Report
from sluitend.report import escape, printed
from sluitend.report.base import BinaryReporter
from sluitend.report.common import short_bron
from sluitend.report.dutch import amount, place, unit_label
from sluitend.report.printed import Cell, Layout, Section, cell_state, hint_words, layout

FINDINGS_SHEET = "Bevindingen"
OVERVIEW_SHEET = "Overzicht"
OVERVIEW_COLUMNS = (
    ("dataset", 28),
    ("chapter or article", 28),
    ("errors", 9),
    ("warnings", 10),
    ("info", 7),
    ("likely causes", 13),
    ("largest difference", 18),
)
#: The findings sheet's columns: (heading, width).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("rule", 8),
    ("severity", 9),
    ("kind", 11),
    ("dataset", 24),
    ("chapter", 8),
    ("article", 8),
    ("label", 40),
    ("place", 40),
    ("year", 7),
    ("stated", 13),
    ("computed", 13),
    ("difference", 13),
    ("hint", 60),
    ("bron", 40),
    ("message", 60),
)
FILLS = {
    printed.ERROR: "FFD5D2",
    printed.WARNING: "FFF0BF",
    printed.INFO: "DBE9FF",
    printed.SUSPECT: "FFD8B0",
    printed.CHECKED: "E6F4EA",
    printed.UNCHECKED: "E4E4E4",
}
NUMBER_FORMAT = "#,##0"
#: Excel refuses these in a sheet's name; and a name has at most 31 characters.
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _safe(text: Any) -> str:
    """Any text from the data, as a cell can hold it."""
    return escape.xml(str(text))


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name for dataset `name`: Excel's forbidden characters replaced, at most 31
    characters, unique in the workbook (case-insensitively, as Excel compares)."""
    base = _SHEET_CHARS.sub("_", _safe(name)).strip("'") or "table"
    title = base[:31]
    n = 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


class XlsxReporter(BinaryReporter):
    """The Excel workbook (no options); openpyxl writes it."""

    name = "xlsx"
    extension = "xlsx"
    OPTIONS: ClassVar[dict[str, Any]] = {}

    def render_bytes_to(self, report: Report, out: IO[bytes]) -> None:
        """The .xlsx file, saved into `out`."""
        from openpyxl import Workbook

        plan = layout(report)
        book = Workbook()
        sheet = book.active
        sheet.title = FINDINGS_SHEET
        _findings_sheet(sheet, plan, report)
        _overview_sheet(book.create_sheet(OVERVIEW_SHEET), report)
        taken = {FINDINGS_SHEET.lower(), OVERVIEW_SHEET.lower()}
        units = {d.name: (d.unit, d.kind) for d in report.datasets}
        for dataset in dict.fromkeys(s.dataset for s in plan.sections):
            mine = [s for s in plan.sections if s.dataset == dataset]
            unit, kind = units.get(dataset, (1000, ""))
            table = book.create_sheet(sheet_title(dataset, taken))
            _table_sheet(table, dataset, mine, plan, unit_label(unit, kind), plan.left_out)
        book.properties.creator = "sluitend"
        book.save(out)


def _overview_sheet(sheet: Any, report: Report) -> None:
    """One row per chapter, then its articles indented under it (see the module doc)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from sluitend.report.overview import overview

    bold = Font(bold=True)
    _heading_row(sheet, OVERVIEW_COLUMNS, bold)
    r = 1
    for data in overview(report).datasets:
        for chapter in data.chapters:
            for area, level in ((chapter.chapter, 0), *((a, 1) for a in chapter.articles)):
                r += 1
                counts = area.counts
                figures = (counts.error, counts.warning, counts.info, counts.likely_causes)
                _put_row(sheet, r, (area.dataset, area.name, *figures, area.largest))
                sheet.cell(row=r, column=2).alignment = Alignment(indent=2 * level)
                if level == 0:
                    sheet.cell(row=r, column=2).font = bold
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(OVERVIEW_COLUMNS))}{max(r, 1)}"


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write one value: a number as a number, anything else as a string (never a
    formula), escaped."""
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return cell
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        cell.value = _safe(value)
        cell.data_type = "s"  # `=...` in a label is text, not a formula
    else:
        cell.value = value
        cell.number_format = NUMBER_FORMAT
    return cell


def _put_row(sheet: Any, row: int, values: Sequence[Any]) -> list[Any]:
    """Write `values` into `row`, from the first column on (`_put`); the cells written."""
    return [_put(sheet, row, c, value) for c, value in enumerate(values, start=1)]


def _heading_row(sheet: Any, columns: Sequence[tuple[str, int]], font: Any) -> None:
    """The first row: each column's heading in `font`, the column as wide as given."""
    from openpyxl.utils import get_column_letter

    for c, (heading, width) in enumerate(columns, start=1):
        _put(sheet, 1, c, heading).font = font
        sheet.column_dimensions[get_column_letter(c)].width = width


def _hint_text(finding: Finding) -> str:
    lines = []
    for hint in finding.hints:
        line = f"{hint_words(hint.kind)}: {hint.explanation}"
        if hint.suggested is not None:
            line += f" Suggested: {amount(hint.suggested)}."
        lines.append(f"{line} ({hint.bron})")
    return "\n".join(lines)


def _findings_sheet(sheet: Any, plan: Layout, report: Report) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    _heading_row(sheet, COLUMNS, Font(bold=True))
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, finding in enumerate(plan.findings, start=2):
        where = finding.where
        values = (
            finding.rule,
            finding.severity,
            finding.kind,
            finding.dataset,
            where.get("hoofdstuk", ""),
            where.get("artikel", ""),
            finding.label,
            place(where, with_year=False),
            where.get("jaar"),
            finding.actual,
            finding.expected,
            finding.difference,
            _hint_text(finding),
            finding.bron,
            finding.message,
        )
        cells = _put_row(sheet, r, values)
        for c in (13, 15):  # the hint and the message
            cells[c - 1].alignment = wrap
        year = sheet.cell(row=r, column=9)
        year.number_format = "0"
        colour = FILLS.get(finding.severity)
        if colour:
            sheet.cell(row=r, column=2).fill = PatternFill("solid", fgColor=colour)
    last = len(plan.findings) + 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    if report.truncated:
        note = sheet.cell(row=last + 2, column=1)
        note.value = f"{report.truncated} findings left out by --max-findings (they still count)"


def _comment_text(cell: Cell, plan: Layout) -> str:
    lines = []
    for mark in cell.marks:
        finding = plan.findings[mark.finding]
        if mark.role == "suspect":
            hint = finding.hints[mark.hint]
            line = f"? {hint_words(hint.kind)} (a hint of {finding.rule}): {hint.explanation}"
            if hint.suggested is not None:
                line += f" Suggested: {amount(hint.suggested)}."
        else:
            head = finding.severity if finding.kind == "check" else finding.kind
            line = f"{head} {finding.rule}: "
            if finding.actual is not None or finding.expected is not None:
                line += (
                    f"stated {amount(finding.actual)}, computed {amount(finding.expected)}, "
                    f"difference {amount(finding.difference, signed=True)}. "
                )
            line += finding.message
            for hint in finding.hints:
                line += f"\n↳ {hint_words(hint.kind)}: {hint.explanation}"
                if hint.suggested is not None:
                    line += f" Suggested: {amount(hint.suggested)}."
        lines.append(line)
    return _safe("\n".join(lines))


def _table_sheet(
    sheet: Any,
    dataset: str,
    sections: Sequence[Section],
    plan: Layout,
    unit: str,
    left_out: Any,
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = _all_columns(sections)
    first = 4  # A chapter, B article, C label; the figures from D
    bold = Font(bold=True)
    _put(sheet, 1, 1, f"{dataset} · {unit}").font = bold
    if dataset in left_out:
        _put(sheet, 1, first, f"{left_out[dataset]} figures of tables without findings left out")
    for c, heading in enumerate(("chapter", "article", "label", *columns, "bron"), start=1):
        _put(sheet, 2, c, heading).font = bold
    widths = {1: 8, 2: 8, 3: 60, len(columns) + first: 40}
    for c in range(1, len(columns) + first + 1):
        sheet.column_dimensions[get_column_letter(c)].width = widths.get(c, 12)
    fills = {state: PatternFill("solid", fgColor=colour) for state, colour in FILLS.items()}
    # Excel and LibreOffice indent only left-aligned text
    indents = [Alignment(horizontal="left", indent=level * 2) for level in range(5)]
    r = 3
    for section in sections:
        heading = (
            " · ".join(str(v) for v in (section.key.get("hoofdstuk"), section.title) if v)
            or dataset
        )
        if section.key.get("artikel"):
            heading = f"art. {section.key['artikel']} · {heading}"
        _put(sheet, r, 3, heading).font = bold
        r += 1
        where = [columns.index(c) + first for c in section.columns]
        for row in section.rows:
            _put(sheet, r, 1, section.key.get("hoofdstuk", ""))
            _put(sheet, r, 2, section.key.get("artikel", ""))
            label = _put(sheet, r, 3, row.label)
            label.alignment = indents[min(row.level, 4)]
            if row.level == 0:
                label.font = bold
            bron = ""
            for column, cell in zip(where, row.cells, strict=True):
                if cell is None:
                    continue
                bron = bron or cell.bron
                target = _put(sheet, r, column, cell.value)
                state = cell_state(cell, plan.findings)
                if state in fills:
                    target.fill = fills[state]
                if cell.marks:
                    comment = Comment(_comment_text(cell, plan), "sluitend")
                    comment.width, comment.height = 420, 200
                    target.comment = comment
            _put(sheet, r, first + len(columns), short_bron(bron) if bron else "")
            r += 1
        r += 1  # an empty row between tables, as printed
    sheet.freeze_panes = sheet.cell(row=3, column=first)


def _all_columns(sections: Sequence[Section]) -> list[str]:
    """Every column heading of the sections, years ascending (phases in file order)."""
    seen: dict[str, int] = {}
    for section in sections:
        for heading in section.columns:
            seen.setdefault(heading, len(seen))

    def year(heading: str) -> str:
        return heading.rsplit(" ", 1)[-1].zfill(8)

    return sorted(seen, key=lambda h: (year(h), seen[h]))
