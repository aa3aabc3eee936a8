"""What several formats share: reading a `bron`, and walking a report per dataset and rule."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sluitend.engine.findings import DatasetSummary, Finding, Report, RuleResult
from sluitend.report.dutch import amount

_LINE = re.compile(r"^(?P<path>.+):(?P<line>[1-9]\d*)$")

#: Why a figure was not checked, in the words every format prints, per reason code
#: (`sluitend.engine.coverage.REASON_CODES`, which the engine decides).
REASON_WORDS: Mapping[str, str] = {
    "unreadable": "unreadable (read note)",
    "pm": "unknown (pm)",
    "waarvan": "memo lines",
    "duplicate": "duplicates",
    "not_checkable": "in a sum with an unknown figure",
    "outside_where": "outside every rule's where",
    "no_sum": "in no sum (no lines, no total above)",
    "no_sum_rule": "no sum rule applies",
}


@dataclass(frozen=True)
class Bron:
    """A finding's `bron` taken apart.

    Attributes:
        path: the data file ("" when the bron names none).
        line: the 1-based line in a text file, or None (spreadsheets, bundled resources).
        cell: "Sheet!B12" for a spreadsheet cell, else "".
    """

    path: str
    line: int | None = None
    cell: str = ""


def parse_bron(bron: str) -> Bron:
    """Split "data/x.csv:12" into path and line, and "x.xlsx!Blad1!B12" into path and cell.

    A spreadsheet row is not a line of the file, so a cell never yields a line number.
    """
    bron = bron.strip()
    if "!" in bron:
        path, _, cell = bron.partition("!")
        return Bron(path, None, cell)
    match = _LINE.match(bron)
    if match:
        return Bron(match["path"], int(match["line"]))
    return Bron(bron)


def short_bron(bron: str) -> str:
    """The bron as a person scans it in a table: the file's name without its folders,
    then the line or cell ("…/data/x.csv:12" -> "x.csv:12"). Machine formats keep it whole."""
    parsed = parse_bron(bron)
    name = parsed.path.replace("\\", "/").rsplit("/", 1)[-1]
    if parsed.cell:
        return f"{name}!{parsed.cell}"
    return f"{name}:{parsed.line}" if parsed.line is not None else name


@dataclass(frozen=True)
class RuleSection:
    """One rule on one dataset: its result (None if the report lacks it) and its findings
    (top level only; their consequences hang under them)."""

    rule: str
    dataset: str
    result: RuleResult | None
    findings: tuple[Finding, ...]

    @property
    def title(self) -> str:
        """The rule's title, or "" when unknown."""
        return self.result.title if self.result else ""


def sections(report: Report, dataset: str, *, flat: bool = False) -> list[RuleSection]:
    """Every rule run on `dataset`, in the order run, each with its findings; then any rule
    that has findings but no result (kept, never dropped).

    By default a section holds the top-level findings of its rule, consequences hanging
    under their cause (which may belong to another rule). With `flat`, every finding,
    consequences included, sits in the section of its own rule.
    """
    pool = report.all_findings() if flat else list(report.findings)
    mine = [f for f in pool if f.dataset == dataset]
    order = [r.rule for r in report.results if r.dataset == dataset] + [f.rule for f in mine]
    results = {r.rule: r for r in report.results if r.dataset == dataset}
    return [
        RuleSection(rule, dataset, results.get(rule), tuple(f for f in mine if f.rule == rule))
        for rule in dict.fromkeys(order)
    ]


def causes(report: Report) -> dict[int, Finding]:
    """id(consequence) -> the finding it is grouped under."""
    return {id(c): f for f in report.findings for c in f.consequences}


def dataset_names(report: Report) -> list[str]:
    """The datasets in report order, plus any that only findings or results name."""
    names = [d.name for d in report.datasets]
    for name in [r.dataset for r in report.results] + [f.dataset for f in report.findings]:
        if name not in names:
            names.append(name)
    return names


def plural(n: int, word: str, words: str | None = None) -> str:
    """ "1 error", "2 errors", "0 info", "1.245 rows" (Dutch thousands)."""
    if words is None:
        words = word if word == "info" else f"{word}s"
    return f"{amount(n)} {word if n == 1 else words}"


def totals_line(report: Report) -> str:
    """ "1 error, 2 warnings, 0 info" over every finding, consequences included."""
    return ", ".join(plural(report.count(s), s) for s in ("error", "warning", "info"))


def rule_titles(report: Report) -> dict[str, str]:
    """Rule id -> title, from the results."""
    return {r.rule: r.title for r in report.results}


def coverage_line(summary: DatasetSummary) -> str:
    """One line on what the sum rules checked of a dataset, or "" when it was not computed:
    "coverage: 224 figures, 180 checked by a sum rule; not checked: 44 in no sum (...)"."""
    c = summary.coverage
    if c is None:
        return ""
    line = f"coverage: {amount(c.figures)} figures, {amount(c.checked)} checked by a sum rule"
    if c.reasons:
        parts = [f"{amount(n)} {REASON_WORDS[k]}" for k, n in c.reasons.items()]
        line += "; not checked: " + ", ".join(parts)
    if c.read_notes:
        line += f"; {amount(c.read_notes)} read notes"
    if c.chapters_unchecked:
        line += f"; {plural(len(c.chapters_unchecked), 'chapter')} with no total checked"
    return line
