"""`junit`: JUnit XML for CI test tabs (Jenkins, GitLab, ...).

One `<testsuite>` per dataset. Its test cases, by the `per` option:

- `per="rule"` (default): one `<testcase>` per rule run on the dataset (classname =
  dataset, name = "RULEID title"); findings at or above `fail_on` make it fail, each on its
  own lines of the `<failure>` text.
- `per="finding"`: one `<testcase>` per finding (name = "RULEID" and where the figure
  sits, e.g. "BT001 VII art. 7 · 7.1 · Uitgaven 2023", which stays the same when lines
  move), failing when the finding is at or above `fail_on`; a rule without findings is one
  passing (or skipped) test case as in `per="rule"`.

The failure text gives each finding's message and bron (hints, and the finding it follows
from or explains, indented under it), with paths relative to the repository root
(`sluitend.report.paths`). Findings below `fail_on` are listed in `<system-out>`. A rule
that checked no row, or that ran on other datasets but not this one, is `<skipped>`. The
output validates against the JUnit schema of Jenkins' xUnit plugin (junit-10.xsd), which
is what GitLab reads too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO, Any, ClassVar

from sluitend.engine.findings import DatasetSummary, Finding, Report
from sluitend.report import escape
from sluitend.report.common import causes, dataset_names, plural, rule_titles, sections
from sluitend.report.dutch import place
from sluitend.report.overview import hint_name
from sluitend.report.paths import MachineReporter, RepoPaths, sources, suggested_text
from sluitend.vocabulary import SEVERITY_RANK

#: What the `per` option accepts.
PER = ("rule", "finding")


def _finding_text(finding: Finding, cause: Finding | None, paths: RepoPaths) -> list[str]:
    lines = [f"[{finding.severity}] {finding.message} (bron: {paths.bron(finding.bron)})"]
    for hint in finding.hints:
        name = hint_name(hint.kind)
        lines.append(
            f"  hint ({name}): {hint.explanation}{suggested_text(hint)}"
            f" (bron: {paths.bron(hint.bron)})"
        )
    if cause is not None:
        lines.append(f"  follows from {cause.rule} at {paths.bron(cause.bron)}")
    for c in finding.consequences:
        lines.append(f"  explains {c.rule} at {paths.bron(c.bron)}")
    return lines


def finding_name(finding: Finding) -> str:
    """A per-finding test case's name: the rule and where the figure sits (not its line,
    so that a CI's test history follows the figure)."""
    return f"{finding.rule} {place(finding.where) or finding.bron}".strip()


class JUnitReporter(MachineReporter):
    """JUnit XML.

    Options:
        fail_on: the least severity that fails a test case: "error", "warning" (default),
            "info", or "never" (every finding goes to system-out).
        per: "rule" (default: one test case per rule) or "finding" (one per finding).
        paths: a `RepoPaths` writing the file paths (default None: this process's
            repository root and working directory).
    """

    name = "junit"
    extension = "xml"
    OPTIONS: ClassVar[dict[str, Any]] = {"fail_on": "warning", "per": "rule", "paths": None}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        if self.options["per"] not in PER:
            raise ValueError(f"junit: per must be one of {', '.join(PER)}, got {options['per']!r}")
        self._paths = self.repo_paths()
        self._files: list[str] = []

    def _failing(self, finding: Finding) -> bool:
        fail_on = self.options["fail_on"]
        return fail_on != "never" and finding.rank >= SEVERITY_RANK[fail_on]

    def _testcase(
        self,
        suite: ET.Element,
        dataset: str,
        name: str,
        findings: tuple[Finding, ...],
        skipped: str | None,
        cause_of: dict[int, Finding],
    ) -> tuple[int, int]:
        """Add one test case; return (failed, skipped) as 0 or 1."""
        case = ET.SubElement(suite, "testcase", classname=dataset, name=name, time="0")
        if skipped is not None:
            ET.SubElement(case, "skipped", message=skipped)
            return 0, 1

        def text(group: list[Finding]) -> str:
            lines = [
                line for f in group for line in _finding_text(f, cause_of.get(id(f)), self._paths)
            ]
            return self._paths.text("\n".join(lines), self._files)

        failing = [f for f in findings if self._failing(f)]
        if failing:
            worst = max(failing, key=lambda f: f.rank).severity
            failure = ET.SubElement(
                case,
                "failure",
                type=worst,
                message=self._paths.text(
                    f"{plural(len(failing), 'finding')}: {failing[0].message}", self._files
                ),
            )
            failure.text = text(failing)
        quiet = [f for f in findings if not self._failing(f)]
        if quiet:
            ET.SubElement(case, "system-out").text = text(quiet)
        return (1 if failing else 0), 0

    def _rule_cases(
        self,
        suite: ET.Element,
        dataset: str,
        rule: str,
        title: str,
        findings: tuple[Finding, ...],
        skipped: str | None,
        cause_of: dict[int, Finding],
    ) -> list[tuple[int, int]]:
        """The test cases of one rule on one dataset: one, or one per finding."""
        if self.options["per"] == "finding" and findings:
            return [
                self._testcase(suite, dataset, finding_name(f), (f,), None, cause_of)
                for f in findings
            ]
        name = f"{rule} {title}".strip()
        return [self._testcase(suite, dataset, name, findings, skipped, cause_of)]

    @staticmethod
    def _coverage(suite: ET.Element, summary: DatasetSummary | None) -> None:
        """The dataset's coverage as the suite's properties (first child, as the XSD wants)."""
        if summary is None or summary.coverage is None:
            return
        c = summary.coverage
        values = {
            "coverage.figures": c.figures,
            "coverage.checked": c.checked,
            **{f"coverage.unchecked.{k}": n for k, n in c.reasons.items()},
        }
        properties = ET.SubElement(suite, "properties")
        for key, value in values.items():
            ET.SubElement(properties, "property", name=key, value=str(value))

    def render_to(self, report: Report, out: IO[str]) -> None:
        """The XML document, with declaration and a trailing newline (the tree is built,
        for each suite's counts come before its test cases, then serialised into `out`).

        Every text from the data is made safe for XML first (`escape.xml`): a control
        character in a label would make the whole document unreadable.
        """
        report = escape.escape_report(report, escape.xml)
        self._files = sources(report)
        root = ET.Element("testsuites", name=f"sluitend {report.ruleset}".strip())
        titles = rule_titles(report)
        cause_of = causes(report)
        totals = {"tests": 0, "failures": 0}
        summaries = {d.name: d for d in report.datasets}
        for name in dataset_names(report):
            suite = ET.SubElement(root, "testsuite", name=name)
            self._coverage(suite, summaries.get(name))
            cases: list[tuple[int, int]] = []
            ran: set[str] = set()
            for s in sections(report, name, flat=True):
                ran.add(s.rule)
                skipped = (
                    "no rows to check"
                    if s.result and s.result.checked == 0 and not s.findings
                    else None
                )
                cases += self._rule_cases(
                    suite, name, s.rule, s.title, s.findings, skipped, cause_of
                )
            for rule in dict.fromkeys(r.rule for r in report.results):
                if rule not in ran:
                    cases += self._rule_cases(
                        suite,
                        name,
                        rule,
                        titles.get(rule, ""),
                        (),
                        "not run on this dataset",
                        cause_of,
                    )
            counts = {
                "tests": len(cases),
                "failures": sum(f for f, _ in cases),
                "skipped": sum(k for _, k in cases),
            }
            suite.attrib.update({k: str(v) for k, v in counts.items()}, errors="0", time="0")
            for k in totals:
                totals[k] += counts[k]
        # junit-10.xsd has no `skipped` on <testsuites>: each <testsuite> carries its own.
        root.attrib.update(
            {k: str(v) for k, v in totals.items()}, errors="0", time=f"{report.seconds:.3f}"
        )
        ET.indent(root)
        ET.ElementTree(root).write(out, encoding="unicode", xml_declaration=True)
        out.write("\n")
