"""`gitlab`: a GitLab Code Quality report (`artifacts: reports: codequality:`).

A JSON array with one object per finding (consequences included) holding what GitLab
requires of a custom tool: `description` (the message, with its hints), `check_name` (the
rule id), `fingerprint`, `severity` and `location` (`path` relative to the repository root,
`lines.begin`). GitLab shows findings of equal fingerprint as one entry, so the fingerprint
is the baseline fingerprint of the finding (rule, dataset and the figure's key: it stays
the same when lines move), and a second finding with the same key (a figure stated twice)
gets a fingerprint of its own, derived from the first and its number.

Severities: error -> "major", warning -> "minor", info -> "info" (GitLab knows info, minor,
major, critical and blocker; a budget finding does not block a merge by itself, the exit
code does). A spreadsheet bron has no line: `lines.begin` is 1 and the cell is named in
the description.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import IO, Any

from sluitend.engine.baseline import fingerprint
from sluitend.engine.findings import Finding, Report
from sluitend.report.common import parse_bron
from sluitend.report.jsonstream import write_document
from sluitend.report.paths import MachineReporter, RepoPaths, hint_text, sources

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def _description(finding: Finding, paths: RepoPaths, files: Sequence[str]) -> str:
    bron = parse_bron(finding.bron)
    text = finding.message + (f" (cell {bron.cell})" if bron.cell else "")
    for hint in finding.hints:
        text += " " + hint_text(hint, paths)
    return paths.text(text, files)


def issue(
    finding: Finding,
    fingerprint_text: str,
    fallback: str,
    paths: RepoPaths,
    files: Sequence[str] = (),
) -> dict[str, Any]:
    """The Code Quality object for one finding (`files`: the report's data files, whose
    brons in the message are written by `paths` too)."""
    bron = parse_bron(finding.bron)
    return {
        "description": _description(finding, paths, files),
        "check_name": finding.rule,
        "fingerprint": fingerprint_text,
        "severity": SEVERITIES[finding.severity],
        "location": {
            "path": paths.path(bron.path or fallback),
            "lines": {"begin": bron.line or 1},
        },
    }


class GitLabReporter(MachineReporter):
    """GitLab Code Quality JSON (options: `MachineReporter`'s)."""

    name = "gitlab"
    extension = "json"

    def document(self, report: Report) -> list[dict[str, Any]]:
        """The report as a list of Code Quality objects."""
        paths = self.repo_paths()
        by_name = {d.name: d.source for d in report.datasets}
        files = sources(report)
        seen: Counter[str] = Counter()
        out = []
        for f in report.all_findings():
            base = fingerprint(f)
            seen[base] += 1
            n = seen[base]
            fp = base if n == 1 else hashlib.sha256(f"{base}#{n}".encode()).hexdigest()
            out.append(issue(f, fp, by_name.get(f.dataset, f.dataset), paths, files))
        return out

    def render_to(self, report: Report, out: IO[str]) -> None:
        """Two-space indented JSON with a newline (no byte order mark: GitLab refuses it);
        the data exact, but DEL, C1 and bidi controls as \\u escapes (`escape.json_text`)."""
        write_document(self.document(report), out)
