"""`github`: GitHub Actions workflow commands, one annotation per finding.

`::error file=<path>,line=<n>,title=<RULE> <title>::<message>` (`::warning`, and `::notice`
for info), pointing at the data file's line taken from the finding's bron ("path:line").
Paths are relative to the repository root (`sluitend.report.paths`), so that GitHub attaches
the annotation to the file whatever folder the command ran in, and every path in the
message is written the same way. A spreadsheet bron ("x.xlsx!Blad1!B12") has no line: the
annotation names the file only and the cell goes into the message. Hints and grouped
consequences follow on extra lines of the message. A last plain line sums up (plain lines
are ordinary log output).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from sluitend.engine.findings import Finding, Report
from sluitend.report import escape
from sluitend.report.common import causes, coverage_line, parse_bron, rule_titles, totals_line
from sluitend.report.paths import MachineReporter, RepoPaths, hint_text, repo_paths, sources

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message as the runner expects: %, CR and LF; other control
    characters are shown as visible escapes (the log is shown like a terminal)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape.terminal(text)


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    finding: Finding,
    title: str,
    cause: Finding | None = None,
    paths: RepoPaths | None = None,
    files: Sequence[str] = (),
) -> str:
    """The workflow command for one finding, its paths written by `paths` (default: relative
    to this process's repository root), also where the message cites one of `files`."""
    paths = repo_paths(paths)
    bron = parse_bron(finding.bron)
    props: list[str] = []
    if bron.path:
        props.append(f"file={escape_property(paths.path(bron.path))}")
    if bron.line is not None:
        props.append(f"line={bron.line}")
    props.append(f"title={escape_property(f'{finding.rule} {title}'.strip())}")
    lines = [finding.message]
    if bron.cell:
        lines[0] += f" (cell {bron.cell})"
    lines += [hint_text(hint, paths) for hint in finding.hints]
    if cause is not None:
        lines.append(f"Follows from {cause.rule} at {paths.bron(cause.bron)}.")
    for c in finding.consequences:
        lines.append(f"Explains {c.rule} at {paths.bron(c.bron)}.")
    message = paths.text("\n".join(lines), files)
    return f"::{COMMANDS[finding.severity]} {','.join(props)}::{escape_data(message)}"


class GitHubReporter(MachineReporter):
    """GitHub workflow commands (options: `MachineReporter`'s)."""

    name = "github"
    extension = "txt"

    def render_to(self, report: Report, out: IO[str]) -> None:
        """One annotation line per finding (consequences included), then a summary line;
        each written as it is made."""
        titles = rule_titles(report)
        cause_of = causes(report)
        paths = self.repo_paths()
        files = sources(report)
        for f in report.all_findings():
            out.write(annotation(f, titles.get(f.rule, ""), cause_of.get(id(f)), paths, files))
            out.write("\n")
        for d in report.datasets:
            if coverage_line(d):
                out.write(escape.terminal(f"sluitend: {d.name}: {coverage_line(d)}") + "\n")
        out.write(f"sluitend: {totals_line(report)}\n")
