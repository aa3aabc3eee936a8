"""`markdown`: a summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

A headline, a table per dataset (rules, errors, warnings, info), then per failing rule a
table of its findings with Dutch amounts, and hints as bullets under the table, numbered
after the rows they explain. Long lists end in "… and N more".
"""

from __future__ import annotations

from typing import Any, ClassVar

from sluitend.engine.findings import Finding, Report
from sluitend.report import escape
from sluitend.report.base import Reporter
from sluitend.report.common import (
    RuleSection,
    coverage_line,
    dataset_names,
    sections,
    totals_line,
)
from sluitend.report.dutch import amount, place

ICONS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def cell(text: str) -> str:
    """Text safe inside a table cell or a heading: HTML-escaped, Markdown's own characters
    (pipes too) as character references, line breaks as spaces (`escape.markdown`)."""
    return escape.markdown(str(text))


def code(text: str) -> str:
    """Inline code (a file name, a bron), HTML-escaped: a backtick span would show the
    character references literally, so this is a `<code>` element."""
    return f"<code>{escape.markdown(str(text))}</code>"


def _counts(report: Report, dataset: str) -> list[int]:
    mine = [f for f in report.all_findings() if f.dataset == dataset]
    return [sum(1 for f in mine if f.severity == s) for s in ("error", "warning", "info")]


def _rows(findings: tuple[Finding, ...]) -> list[tuple[str, Finding, str]]:
    """(number, finding, prefix) per table row: causes numbered 1, 2, …; consequences 1.1."""
    rows: list[tuple[str, Finding, str]] = []
    for i, f in enumerate(findings, 1):
        rows.append((str(i), f, ""))
        rows += [(f"{i}.{j}", c, f"↳ {c.rule}: ") for j, c in enumerate(f.consequences, 1)]
    return rows


class MarkdownReporter(Reporter):
    """GitHub-flavoured Markdown.

    Options:
        max_rows: findings shown per rule before "… and N more" (default 20).
    """

    name = "markdown"
    extension = "md"
    OPTIONS: ClassVar[dict[str, Any]] = {"max_rows": 20}

    def _section(self, s: RuleSection) -> list[str]:
        rows = _rows(s.findings)
        severity = s.result.severity if s.result else s.findings[0].severity
        out = [
            f"### {ICONS.get(severity, '')} {cell(s.rule)} {cell(s.title)} ({cell(s.dataset)})"
            .replace("  ", " "),
            "",
            "| # | sev | figure | place | expected | actual | difference | bron |",
            "|---|---|---|---|---:|---:|---:|---|",
        ]
        shown = rows[: self.options["max_rows"]]
        for number, f, prefix in shown:
            bron = code(f.bron)
            if f.counterpart is not None:  # a rule over two datasets: both brons
                bron += " ↔ " + code(str(f.counterpart.get("bron", "")))
            out.append(
                f"| {number} | {f.severity} | {cell(prefix + f.label)} | {cell(place(f.where))} "
                f"| {amount(f.expected)} | {amount(f.actual)} "
                f"| {amount(f.difference, signed=True)} | {bron} |"
            )
        if len(rows) > len(shown):
            out.append(f"\n… and {len(rows) - len(shown)} more")
        hints = [(number, h) for number, f, _ in shown for h in f.hints]
        if hints:
            out.append("")
            for number, h in hints:
                suggested = "" if h.suggested is None else f" Suggested: **{amount(h.suggested)}**."
                out.append(
                    f"- #{number} {cell(h.kind)}: {cell(h.explanation)}{suggested} "
                    f"({code(h.bron)})"
                )
        out.append("")
        return out

    def render(self, report: Report) -> str:
        """The Markdown text, ending in a newline."""
        icon = "❌" if report.count("error") else "⚠️" if report.count("warning") else "✅"
        ruleset = f" ({cell(report.ruleset)})" if report.ruleset else ""
        out = [f"## {icon} sluitend{ruleset}: {totals_line(report)}", ""]
        out += [
            "| dataset | rows | rules | errors | warnings | info |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        rows = {d.name: d.rows for d in report.datasets}
        names = dataset_names(report)
        for name in names:
            n_rules = len({r.rule for r in report.results if r.dataset == name})
            e, w, i = _counts(report, name)
            out.append(f"| {cell(name)} | {amount(rows.get(name))} | {n_rules} | {e} | {w} | {i} |")
        out.append("")
        summaries = {d.name: d for d in report.datasets}
        lines = [
            f"- {cell(name)}: {cell(coverage_line(summaries[name]))}"
            for name in names
            if name in summaries and coverage_line(summaries[name])
        ]
        lines += [
            f"- {cell(d.name)}: note: {cell(note)}" for d in report.datasets for note in d.notes
        ]
        if lines:
            out += [*lines, ""]
        if report.truncated:
            out += [f"{report.truncated} more findings were left out (--max-findings).", ""]
        baseline = report.extra.get("baseline")
        if baseline:
            out += [
                f"Baseline {code(str(baseline.get('path', '')))}: "
                f"{baseline.get('suppressed', 0)} known findings suppressed, "
                f"{baseline.get('disappeared', 0)} disappeared.",
                "",
            ]
        for name in names:
            for s in sections(report, name):
                if s.findings:
                    out += self._section(s)
        return "\n".join(out).rstrip("\n") + "\n"
