"""`html`: one self-contained page for a person: the tables as printed, the failing cells
marked, the findings under each table, an overview with links, a filter box.

The page needs nothing but itself: the CSS and the few lines of JavaScript are inline, it
loads no font, image or script (its Content-Security-Policy forbids any), so it opens from
a mail attachment or an audit dossier years later, and prints (print CSS: no filter box,
colours kept, every finding listed under its table). Without JavaScript everything is shown
and the hint of a cell still shows on hover and focus (CSS); the script only adds the
filter.

Every text from the data (labels, bron, messages, hints, dataset and rule names) goes
through `escape.html`, attribute values too; no data is put inside the script.

What a cell's colour means, said in the page's legend: red an error on that figure, amber a
warning, blue info (not checkable, an ambiguous layout, a rounding difference), an orange
dashed border a figure a hint suspects, grey a figure no sum rule checked (the reason on the
cell), green a figure a sum rule checked and found correct; a white cell is a figure the
report has no coverage for (say so rather than colour it green).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from typing import IO, Any, ClassVar

from sluitend import __version__
from sluitend.engine.findings import Finding, Report
from sluitend.report import escape, printed
from sluitend.report.base import Reporter
from sluitend.report.common import REASON_WORDS, plural, short_bron, totals_line
from sluitend.report.dutch import amount, place, unit_label
from sluitend.report.overview import Area, Counts, anchor, overview
from sluitend.report.printed import Cell, Layout, Section, cell_state, hint_words, layout

e = escape.html

#: The one-letter class of each cell state (kept short: a whole budget has 20.000 cells).
STATE_CLASS = {
    printed.ERROR: "e",
    printed.WARNING: "w",
    printed.INFO: "i",
    printed.SUSPECT: "s",
    printed.UNCHECKED: "u",
    printed.CHECKED: "c",
    printed.PLAIN: "",
}


def _asset(name: str) -> str:
    """A file beside this module, inlined into every page (the page loads nothing)."""
    return resources.files("sluitend.report").joinpath(name).read_text("utf-8")


class HtmlReporter(Reporter):
    """The self-contained HTML report (no options)."""

    name = "html"
    extension = "html"
    OPTIONS: ClassVar[dict[str, Any]] = {}

    def render_to(self, report: Report, out: IO[str]) -> None:
        """The whole page, ending in a newline, written a printed table at a time."""
        for i, part in enumerate(self._parts(report)):
            out.write("\n" + part if i else part)

    def _parts(self, report: Report) -> Iterator[str]:
        plan = layout(report)
        units = {d.name: unit_label(d.unit, d.kind) for d in report.datasets}
        yield _head(report)
        yield _header(report)
        yield "<main>"
        yield _datasets(report, plan)
        yield _overview(report, plan)
        yield _rules(report)
        yield '<h2 id="tables">The tables as printed</h2>'
        yield _legend()
        for section in plan.sections:
            yield _section(section, plan, units.get(section.dataset, ""))
        yield _other(plan)
        yield "</main>"
        yield (
            f'<footer><p class="mute">sluitend {e(__version__)} · '
            f"{e(_seconds(report.seconds))}</p></footer>"
        )
        yield f"<script>{_asset('html_report.js')}</script>\n</body>\n</html>\n"


def _seconds(seconds: float) -> str:
    return f"checked in {seconds:.2f} s".replace(".", ",")


def _head(report: Report) -> str:
    title = f"sluitend · {report.ruleset} · {totals_line(report)}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        # Nothing may load from anywhere: the page is the whole report.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{_asset('html_report.css')}</style>\n</head>\n<body>"
    )


def _header(report: Report) -> str:
    counts = " · ".join(
        f'<b class="{cls}">{e(plural(report.count(s), s))}</b>'
        for s, cls in (("error", "e"), ("warning", "w"), ("info", "i"))
    )
    mark = '<span class="ok">✔</span>' if report.count("error") == 0 else "✘"
    truncated = ""
    if report.truncated:
        truncated = (
            f'<p class="mute">{e(amount(report.truncated))} findings left out by '
            "--max-findings (they still count above)</p>"
        )
    return (
        f"<header><h1>sluitend · {e(report.ruleset)}</h1>"
        f'<p class="totals">{mark} · {counts}</p>{truncated}'
        '<p class="noprint"><input id="filter" type="search" autocomplete="off" '
        'placeholder="Filter: chapter, article, label, rule, figure…" '
        'aria-label="Filter the tables"> '
        '<label><input type="checkbox" id="only"> only tables with findings</label> '
        '<span id="shown" class="mute"></span> · <a href="#overview">overview</a> · '
        '<a href="#tables">tables</a></p></header>'
    )


def _datasets(report: Report, plan: Layout) -> str:
    rows = []
    for d in report.datasets:
        notes = []
        coverage = getattr(d, "coverage", None)
        if coverage is not None:
            notes.append(
                f"{amount(coverage.checked)} of {amount(coverage.figures)} figures checked by "
                f"a sum rule"
            )
            for reason, n in coverage.reasons.items():
                if n:
                    notes.append(f"{amount(n)} not checked: {REASON_WORDS[reason]}")
            if coverage.read_notes:
                notes.append(f"{amount(coverage.read_notes)} places could not be read as printed")
        else:
            notes.append("coverage not known: a white cell was read, not necessarily checked")
        notes.extend(str(n) for n in getattr(d, "notes", ()))
        if d.name in plan.left_out:
            notes.append(
                f"{amount(plan.left_out[d.name])} figures of tables without findings not laid "
                "out (SLUITEND_MAX_TABLE_FIGURES)"
            )
        if d.name in plan.without_frame:
            notes.append("its figures are not in this report; only its findings are listed")
        rows.append(
            f"<tr><td>{e(d.name)}</td><td>{e(d.kind)}</td><td>{e(d.source)}</td>"
            f'<td class="n">{e(amount(d.rows))}</td><td>{e(unit_label(d.unit, d.kind))}</td>'
            f"<td>{'<br>'.join(e(n) for n in notes)}</td></tr>"
        )
    return (
        '<h2 id="datasets">What was read</h2><table><thead><tr><th>dataset</th><th>kind</th>'
        "<th>source</th><th>figures</th><th>unit</th><th>notes</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _section_name(section: Section) -> str:
    """ "VII art. 7" (a chapter's table: "VII"), with the budget and year where they vary."""
    key = section.key
    parts = [str(key.get("hoofdstuk") or "")]
    if key.get("begroting"):
        parts.append(str(key["begroting"]))
    if key.get("artikel"):
        parts.append(f"art. {key['artikel']}")
    name = " ".join(p for p in parts if p) or section.dataset
    return name


def _counts(section: Section, plan: Layout) -> tuple[dict[str, int], Any]:
    counts = {"error": 0, "warning": 0, "info": 0}
    largest: Any = None
    for index in section.checks(plan.findings, plan.children):
        finding = plan.findings[index]
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
        diff = finding.difference
        if diff is not None and (largest is None or abs(diff) > abs(largest)):
            largest = diff
    return counts, largest


def _overview(report: Report, plan: Layout) -> str:
    """Per dataset, chapter and article (`report.overview`, the counts every format shows):
    the failed checks, the likely causes, the largest difference; each linked to its table
    and its largest difference to that finding. The tables without findings are named after."""
    summary = overview(report)
    tables: dict[tuple[str, str, str, str], Section] = {}
    for section in plan.sections:
        key = section.key
        place = (
            section.dataset,
            str(key.get("hoofdstuk") or ""),
            str(key.get("begroting") or ""),
        )
        tables.setdefault((*place, str(key.get("artikel") or "")), section)
        tables.setdefault((*place, "*"), section)  # the chapter's first table
    rows = []
    for dataset in summary.datasets:
        rows.append(
            f'<tr class="ds"><th colspan="7">{e(dataset.dataset)} · '
            f"{e(_counts_text(dataset.counts))}</th></tr>"
        )
        for chapter in dataset.chapters:
            for area in (chapter.chapter, *chapter.articles):
                rows.append(_area_row(area, tables))
    clean = [s for s in plan.sections if not s.findings]
    after = ""
    if clean:
        links = ", ".join(f'<a href="#{s.anchor}">{e(_section_name(s))}</a>' for s in clean)
        after = f'<p class="clean">{len(clean)} tables without findings: {links}</p>'
    return (
        '<h2 id="overview">Overview</h2><table class="overview"><thead><tr><th>table</th>'
        "<th>title</th><th>errors</th><th>warnings</th><th>info</th><th>likely causes</th>"
        "<th>largest difference</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + after
    )


def _counts_text(counts: Counts) -> str:
    text = ", ".join(plural(counts.of(s), s) for s in ("error", "warning", "info"))
    if counts.likely_causes:
        text += f" ({plural(counts.likely_causes, 'likely cause')})"
    return text


def _area_row(area: Area, tables: Mapping[tuple[str, str, str, str], Section]) -> str:
    key = (area.dataset, area.hoofdstuk, area.begroting, area.artikel or "")
    table = tables.get(key) or tables.get((*key[:3], "*"))
    name = e(area.name)
    link = f'<a href="#{table.anchor}">{name}</a>' if table else name
    # an article's row follows its table in the filter (`o-` + the table's id)
    row_id = f' id="o-{table.anchor}"' if table and area.artikel else ""
    title = table.title if table and area.artikel else ""
    cls = "art" if area.artikel else "ch"
    largest = e(amount(area.largest, signed=True))
    if area.largest_ref is not None and largest:
        largest = f'<a href="#{anchor(area.largest_ref)}">{largest}</a>'
    counts = area.counts
    return (
        f'<tr class="{cls}"{row_id}><td>{link}</td><td>{e(title)}</td>'
        + "".join(f'<td class="n">{counts.of(s) or ""}</td>' for s in ("error", "warning", "info"))
        + f'<td class="n">{counts.likely_causes or ""}</td><td class="n">{largest}</td></tr>'
    )


def _rules(report: Report) -> str:
    rows = []
    for r in report.results:
        state = "✔" if r.passed else "✘"
        rows.append(
            f"<tr><td>{state}</td><td>{e(r.rule)}</td><td>{e(r.title)}</td><td>{e(r.dataset)}"
            f'</td><td class="n">{e(amount(r.checked))}</td><td class="n">'
            f'{e(amount(r.failed))}</td><td class="n">{e(amount(r.not_checkable))}</td></tr>'
        )
    return (
        '<h2 id="rules">Rules</h2><table><thead><tr><th></th><th>rule</th><th>title</th>'
        "<th>dataset</th><th>checked</th><th>failed</th><th>not checkable</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


def _legend() -> str:
    return (
        '<p class="legend"><span class="e">✘ error</span><span class="w">! warning</span>'
        '<span class="i">i info</span><span class="s">? a hint suspects this figure</span>'
        '<span class="c">checked, correct</span><span class="u">not checked</span>'
        "<span>white: read; coverage not known</span> "
        '<small class="noprint">hover, click or tab to a marked figure for its finding and '
        "hint</small></p>"
    )


def _cell_id(section: Section, row: int, col: int) -> str:
    return f"{section.anchor}r{row}c{col}"


def _section(section: Section, plan: Layout, unit: str) -> str:
    counts, _largest = _counts(section, plan)
    n = sum(counts.values())
    heading = _section_name(section)
    if section.title:
        heading = f"{heading} · {section.title}"
    extra = " · ".join(
        str(v) for k, v in section.key.items() if k in ("begrotingsjaar", "fase") and v
    )
    parts = [
        f'<section class="table" id="{section.anchor}" data-n="{n}">',
        f"<h3>{e(heading)} <small>{e(section.dataset)}"
        f"{' · ' + e(extra) if extra else ''} · {e(unit)}</small></h3>",
        '<table class="printed"><thead><tr><th scope="col"></th>',
    ]
    parts.extend(f'<th scope="col">{e(c)}</th>' for c in section.columns)
    parts.append("</tr></thead><tbody>")
    for r, row in enumerate(section.rows):
        classes = f"l{min(row.level, 4)}" + (" m" if row.waarvan else "")
        cells = []
        for c, cell in enumerate(row.cells):
            cells.append(_cell(cell, plan, _cell_id(section, r, c)))
        parts.append(
            f'<tr class="{classes}"><th scope="row">{e(row.label)}</th>{"".join(cells)}</tr>'
        )
    parts.append("</tbody></table>")
    if section.findings:
        parts.append(_findings_table(section.findings, plan, _cell_ids(section)))
    parts.append("</section>")
    return "\n".join(parts)


def _cell_ids(section: Section) -> dict[str, str]:
    """bron + year of each marked cell -> its id (for the findings' links)."""
    ids: dict[str, str] = {}
    for r, row in enumerate(section.rows):
        for c, cell in enumerate(row.cells):
            if cell is not None and cell.marks:
                ids.setdefault(f"{cell.bron}|{section.columns[c]}", _cell_id(section, r, c))
    return ids


def _cell(cell: Cell | None, plan: Layout, cell_id: str) -> str:
    if cell is None:
        return "<td></td>"
    state = cell_state(cell, plan.findings)
    cls = STATE_CLASS[state]
    attr = f' class="{cls}"' if cls else ""
    text = e(cell.text)
    if not cell.marks:
        if cell.unchecked:
            return f'<td{attr} title="{e("not checked: " + cell.unchecked)}">{text}</td>'
        return f"<td{attr}>{text}</td>"
    parts = [p for m in cell.marks for p in _mark_parts(plan.findings[m.finding], m.role, m.hint)]
    title = e("\n".join(text for _cls, text in parts))
    tip = "".join(f'<p class="{cls}">{e(text)}</p>' for cls, text in parts)
    return (
        f'<td{attr} id="{cell_id}" tabindex="0" title="{title}">{text}'
        f'<span class="tip" role="tooltip">{tip}</span></td>'
    )


def _figures(finding: Finding) -> str:
    if finding.actual is None and finding.expected is None:
        return ""
    return (
        f"stated {amount(finding.actual)}, computed {amount(finding.expected)}, "
        f"difference {amount(finding.difference, signed=True)}"
    )


def _hint_text(kind: str, explanation: str, suggested: Any) -> str:
    text = f"↳ {hint_words(kind)}: {explanation}"
    if suggested is not None:
        text += f" Suggested: {amount(suggested)}."
    return text


def _mark_parts(finding: Finding, role: str, hint_index: int) -> list[tuple[str, str]]:
    """What a marked cell says of one finding, as (class, text) paragraphs: the finding and
    its figures, its message, each hint; for a suspect, the hint that suspects it."""
    jaar = finding.where.get("jaar")
    year = f" {jaar}" if jaar is not None else ""
    if role == "suspect":
        hint = finding.hints[hint_index]
        return [
            ("head", f"? suspected by {finding.rule}{year} ({finding.label or finding.rule})"),
            ("hint", _hint_text(hint.kind, hint.explanation, hint.suggested)),
        ]
    head = finding.severity if finding.kind == "check" else finding.kind
    parts = [("head", f"{head} {finding.rule}{year}")]
    figures = _figures(finding)
    if figures:
        parts.append(("fig", figures))
    parts.append(("msg", finding.message))
    parts.extend(("hint", _hint_text(h.kind, h.explanation, h.suggested)) for h in finding.hints)
    return parts


def _findings_table(indices: Sequence[int], plan: Layout, ids: Mapping[str, str]) -> str:
    rows: list[str] = []
    for index in indices:
        rows.append(_finding_row(index, plan.findings[index], ids, grouped=False))
        for kid in plan.children.get(index, ()):
            rows.append(_finding_row(kid, plan.findings[kid], ids, grouped=True))
    return (
        '<table class="findings"><thead><tr><th>severity</th><th>rule</th><th>figure</th>'
        "<th>year</th><th>stated</th><th>computed</th><th>difference</th><th>bron</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _finding_row(ref: int, finding: Finding, ids: Mapping[str, str], *, grouped: bool) -> str:
    jaar = finding.where.get("jaar")
    year = "" if jaar is None else str(jaar)
    severity = finding.severity if finding.kind == "check" else finding.kind
    classes = f"finding sev-{finding.severity}" + (" grouped" if grouped else "")
    if finding.kind != "check":
        classes += " cause"
    target = ids.get(f"{finding.bron}|{year}") or ids.get(
        f"{finding.bron}|{finding.where.get('fase', '')} {year}"
    )
    figure = f"<b>{e(finding.label or finding.rule)}</b>"
    where = place(finding.where, with_year=False)
    if where:
        figure += f" <small>{e(where)}</small>"
    figure += f'<div class="msg">{e(finding.message)}</div>'
    for hint in finding.hints:
        suggested = (
            f" Suggested: {e(amount(hint.suggested))}." if hint.suggested is not None else ""
        )
        figure += (
            f'<div class="hint">↳ <b>{e(hint_words(hint.kind))}</b>: {e(hint.explanation)}'
            f"{suggested} <small>{e(short_bron(hint.bron))}</small></div>"
        )
    link = (
        f' <a class="to-cell noprint" href="#{target}" title="show the figure in the table">↑</a>'
        if target
        else ""
    )
    return (
        f'<tr id="{anchor(ref)}" class="{classes}" data-rule="{e(finding.rule)}" '
        f'data-severity="{e(finding.severity)}" data-kind="{e(finding.kind)}" '
        f'data-bron="{e(finding.bron)}" data-jaar="{e(year)}">'
        f'<td class="sev">{e(severity)}</td><td>{e(finding.rule)}</td><td>{figure}</td>'
        f'<td class="n">{e(year)}</td><td class="n">{e(amount(finding.actual))}</td>'
        f'<td class="n">{e(amount(finding.expected))}</td>'
        f'<td class="n">{e(amount(finding.difference, signed=True))}</td>'
        f'<td title="{e(finding.bron)}">{e(short_bron(finding.bron))}{link}</td></tr>'
    )


def _other(plan: Layout) -> str:
    if not plan.unplaced:
        return ""
    return (
        '<section id="other"><h2>Findings in no table of this report</h2>'
        + _findings_table(plan.unplaced, plan, {})
        + "</section>"
    )
