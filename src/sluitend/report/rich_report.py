"""`rich`: the report a person reads in a terminal.

Per dataset: a header (name, kind, source, rows, unit), a checklist of every rule run, then
per failing rule a table of its findings with their place in the budget, expected, actual,
difference and bron; hints and grouped consequences sit under the finding they belong to.
Without colour (not a terminal, or NO_COLOR) the same layout is plain text. Output is
rendered into a string at a fixed width, so it is identical on every machine.
"""

from __future__ import annotations

import dataclasses
from io import StringIO
from typing import Any, ClassVar

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from sluitend.engine.findings import NOTHING_CHECKED, DatasetSummary, Finding, Report
from sluitend.engine.reconcile import PAIR_SEPARATOR
from sluitend.limits import limit
from sluitend.report import escape
from sluitend.report.base import Reporter
from sluitend.report.common import (
    RuleSection,
    coverage_line,
    dataset_names,
    plural,
    sections,
    short_bron,
    totals_line,
)
from sluitend.report.dutch import amount, place, unit_label

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_SHORT = {"error": "error", "warning": "warn", "info": "info"}


def _checklist(rule_sections: list[RuleSection]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(width=1)
    table.add_column(no_wrap=True)
    table.add_column()
    for column in ("checked", "failed", "not checkable"):
        table.add_column(justify="right", no_wrap=True, header=column)
    for s in rule_sections:
        r = s.result
        idle = [f for f in s.findings if f.label == NOTHING_CHECKED]
        failed = r.failed if r else len(s.findings) - len(idle)
        if failed:
            mark = Text("✘", style=SEVERITY_STYLE.get(r.severity if r else "error", ""))
        elif idle or (r is not None and r.checked == 0):
            # 0 checked proves nothing: never a green tick.
            mark = Text("!", style=SEVERITY_STYLE["warning"])
        else:
            mark = Text("✔", style="green")
        table.add_row(
            mark,
            Text(s.rule, style="bold"),
            s.title,
            f"{amount(r.checked)} checked" if r else "",
            f"{amount(failed)} failed" if failed else "",
            f"{amount(r.not_checkable)} not checkable" if r and r.not_checkable else "",
        )
        for finding in idle:
            reason = finding.message.removeprefix(f"{finding.rule} ")
            table.add_row("", "", Text(reason, style=SEVERITY_STYLE["warning"]), "", "", "")
    return table


def _figure(finding: Finding, consequence: bool) -> Text:
    """The label (bold) over the figure's place in the budget (dim)."""
    text = Text()
    if consequence:
        text.append(f"└ {finding.rule} ", style="bold")
    text.append(finding.label or "(no label)", style="bold")
    text.append("\n")
    if consequence:
        text.append("  ")
    text.append(place(finding.where), style="dim")
    return text


def _finding_rows(table: Table, finding: Finding, *, consequence: bool = False) -> None:
    sev = Text(
        SEVERITY_SHORT.get(finding.severity, finding.severity),
        style=SEVERITY_STYLE.get(finding.severity, ""),
    )
    table.add_row(
        sev,
        _figure(finding, consequence),
        amount(finding.expected),
        amount(finding.actual),
        amount(finding.difference, signed=True),
        short_bron(finding.bron),
    )
    indent = "  " if consequence else ""
    other = finding.counterpart
    if other is not None:
        # A rule over two datasets: the other figure, with its own value and bron.
        text = Text(f"{indent}↔ {other.get('dataset', '')}: ", style="italic")
        text.append(f"{other.get('label') or '(no label)'} states {amount(other.get('value'))}")
        table.add_row("", text, "", "", "", short_bron(str(other.get("bron", ""))))
    for hint in finding.hints:
        text = Text(f"{indent}↳ {hint.kind}: ", style="italic")
        text.append(hint.explanation)
        if hint.suggested is not None:
            text.append(f" Suggested: {amount(hint.suggested)}.")
        table.add_row("", text, "", "", "", short_bron(hint.bron))
    for c in finding.consequences:
        _finding_rows(table, c, consequence=True)


def _findings_table(section: RuleSection) -> RenderableType:
    n = sum(1 + len(f.consequences) for f in section.findings)
    severity = section.result.severity if section.result else section.findings[0].severity
    title = Text.assemble(
        (f"{section.rule} ", "bold"),
        section.title,
        " · ",
        (severity, SEVERITY_STYLE.get(severity, "")),
        f" · {plural(n, 'finding')}",
    )
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, expand=True)
    table.add_column("", no_wrap=True, width=5)
    table.add_column("figure", ratio=1)
    table.add_column("expected", justify="right", no_wrap=True)
    table.add_column("actual", justify="right", no_wrap=True)
    table.add_column("difference", justify="right", no_wrap=True)
    table.add_column("bron", overflow="fold", min_width=12)
    for f in section.findings:
        _finding_rows(table, f)
    return Group(title, table)


def _dataset(report: Report, name: str, summary: DatasetSummary | None) -> RenderableType:
    head = Text(name, style="bold underline")
    if summary is not None:
        head.append(f" ({summary.kind})")
        facts = Text(
            f"source {summary.source} · {plural(summary.rows, 'row')}"
            f" · {unit_label(summary.unit, summary.kind)}",
            style="dim",
        )
    elif PAIR_SEPARATOR in name:
        facts = Text("rules over two datasets: each figure against its counterpart", style="dim")
    else:
        facts = Text("")
    rule_sections = sections(report, name)
    parts: list[RenderableType] = [head, facts]
    if summary is not None:
        for note in summary.notes:
            parts.append(Text(f"note: {note}", style=SEVERITY_STYLE["warning"]))
        line = coverage_line(summary)
        if line:
            parts.append(Text(line, style="dim"))
    parts.append(Text(""))
    if rule_sections:
        parts.append(Padding(_checklist(rule_sections), (0, 0, 0, 2)))
    else:
        parts.append(Text("  no rules apply to this dataset", style="dim"))
    for s in rule_sections:
        shown = tuple(f for f in s.findings if f.label != NOTHING_CHECKED)
        if shown:
            section = RuleSection(s.rule, s.dataset, s.result, shown)
            parts += [Text(""), Padding(_findings_table(section), (0, 0, 0, 2))]
    return Group(*parts)


def _footer(report: Report, show_timing: bool) -> Text:
    worst = "error" if report.count("error") else "warning" if report.count("warning") else ""
    line = Text(totals_line(report), style=SEVERITY_STYLE.get(worst, "green"))
    rules = len({r.rule for r in report.results})
    line.append(
        f" · {plural(len(report.datasets), 'dataset')}, "
        f"{plural(sum(d.rows for d in report.datasets), 'row')}, {plural(rules, 'rule')}"
    )
    if show_timing:
        line.append(f" · {amount(round(report.seconds, 2))} s")
    if report.truncated:
        line.append(f"\n{plural(report.truncated, 'more finding')} not shown (--max-findings)")
    cut = int(report.extra.get("rich_not_drawn", 0))
    if cut:
        line.append(
            f"\n… and {amount(cut)} more findings not drawn here (they count above): "
            "use --format json for all of them"
        )
    baseline = report.extra.get("baseline")
    if baseline:
        line.append(
            f"\nbaseline {baseline.get('path', '')}: "
            f"{plural(int(baseline.get('suppressed', 0)), 'known finding')} suppressed, "
            f"{int(baseline.get('disappeared', 0))} disappeared"
        )
        for was, now in baseline.get("renamed", {}).items():
            line.append(f"\nbaseline dataset {was} matched to {now} (same kind, renamed file)")
    return line


def make_console(color: bool, width: int) -> tuple[Console, StringIO]:
    """A console writing into a string: ANSI only with `color`, at a fixed width, with no
    markup, highlighting or emoji codes interpreted (labels are data, not markup)."""
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    return console, buffer


class RichReporter(Reporter):
    """The terminal report.

    Options:
        color: emit ANSI colour (default False: plain text; see `base.use_color`).
        width: the line width (default 120).
        show_timing: print the engine time in the last line (default True).
    """

    name = "rich"
    extension = "txt"
    OPTIONS: ClassVar[dict[str, Any]] = {"color": False, "width": 120, "show_timing": True}

    def render(self, report: Report) -> str:
        """The report as text (with ANSI codes when `color`).

        At most `SLUITEND_MAX_SHOWN` finding rows are drawn (a terminal is no place for a
        million; drawing them took minutes), then a line says how many more there are.
        Every text from the data is escaped for the terminal (`escape.terminal`).
        """
        report = escape.escape_report(drawn(report), escape.terminal)
        console, buffer = make_console(self.options["color"], self.options["width"])
        summaries = {d.name: d for d in report.datasets}
        title = f"sluitend · {report.ruleset}" if report.ruleset else "sluitend"
        console.print(Text(title, style="bold"))
        for name in dataset_names(report):
            console.print()
            console.print(_dataset(report, name, summaries.get(name)))
        console.print()
        console.print(_footer(report, self.options["show_timing"]))
        # Rich pads every line to the width; trailing blanks only make golden files brittle.
        return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def drawn(report: Report, most: int | None = None) -> Report:
    """The report with only its first findings, up to `most` rows (a finding and its
    consequences; default `SLUITEND_MAX_SHOWN`). The counts stay those of the whole
    report; `extra["rich_not_drawn"]` says how many findings were left out."""
    most = limit("SLUITEND_MAX_SHOWN").value if most is None else most
    kept: list[Finding] = []
    rows = 0
    total = len(report.findings)
    for finding in report.findings:
        rows += 1 + len(finding.consequences)
        if rows > most and kept:
            break
        kept.append(finding)
    if len(kept) == total:
        return report
    severities = ("error", "warning", "info")
    whole = {s: report.count(s) for s in severities}
    part = dataclasses.replace(report, findings=tuple(kept), truncated_counts={})
    counts = {s: whole[s] - part.count(s) for s in severities}
    return dataclasses.replace(
        part,
        truncated_counts=counts,
        extra={**report.extra, "rich_not_drawn": total - len(kept)},
    )
