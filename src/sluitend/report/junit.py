"""`junit`: JUnit XML for CI test tabs.

One `<testsuite>` per dataset, one `<testcase>` per rule run on it (classname = dataset,
name = "RULEID title"). Findings at or above `fail_on` make the test case fail, each finding
in the test case of its own rule, on its own lines of the `<failure>` text (message and
bron; hints, and the finding it follows from or explains, indented under it); findings
below it are listed in `<system-out>`. A rule that checked no row, or that ran on other
datasets but not this one, is `<skipped>`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any, ClassVar

from sluitend.engine.findings import Finding, Report
from sluitend.report import escape
from sluitend.report.base import Reporter
from sluitend.report.common import causes, dataset_names, plural, rule_titles, sections
from sluitend.report.dutch import amount
from sluitend.vocabulary import SEVERITY_RANK


def _finding_text(finding: Finding, cause: Finding | None) -> list[str]:
    lines = [f"[{finding.severity}] {finding.message} (bron: {finding.bron})"]
    for hint in finding.hints:
        suggested = "" if hint.suggested is None else f" Suggested: {amount(hint.suggested)}."
        lines.append(f"  hint {hint.kind}: {hint.explanation}{suggested} (bron: {hint.bron})")
    if cause is not None:
        lines.append(f"  follows from {cause.rule} at {cause.bron}")
    for c in finding.consequences:
        lines.append(f"  explains {c.rule} at {c.bron}")
    return lines


class JUnitReporter(Reporter):
    """JUnit XML.

    Options:
        fail_on: the least severity that fails a test case: "error", "warning" (default),
            "info", or "never" (every finding goes to system-out).
    """

    name = "junit"
    extension = "xml"
    OPTIONS: ClassVar[dict[str, Any]] = {"fail_on": "warning"}

    def _failing(self, finding: Finding) -> bool:
        fail_on = self.options["fail_on"]
        return fail_on != "never" and finding.rank >= SEVERITY_RANK[fail_on]

    def _testcase(
        self,
        suite: ET.Element,
        dataset: str,
        rule: str,
        title: str,
        findings: tuple[Finding, ...],
        skipped: str | None,
        cause_of: dict[int, Finding],
    ) -> tuple[int, int]:
        case = ET.SubElement(
            suite, "testcase", classname=dataset, name=f"{rule} {title}".strip(), time="0"
        )
        if skipped is not None:
            ET.SubElement(case, "skipped", message=skipped)
            return 0, 1
        failing = [f for f in findings if self._failing(f)]
        if failing:
            worst = max(failing, key=lambda f: f.rank).severity
            failure = ET.SubElement(
                case,
                "failure",
                type=worst,
                message=f"{plural(len(failing), 'finding')}: {failing[0].message}",
            )
            failure.text = "\n".join(
                line for f in failing for line in _finding_text(f, cause_of.get(id(f)))
            )
        quiet = [f for f in findings if not self._failing(f)]
        if quiet:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(
                line for f in quiet for line in _finding_text(f, cause_of.get(id(f)))
            )
        return (1 if failing else 0), 0

    def render(self, report: Report) -> str:
        """The XML document, with declaration and a trailing newline.

        Every text from the data is made safe for XML first (`escape.xml`): a control
        character in a label would make the whole document unreadable.
        """
        report = escape.escape_report(report, escape.xml)
        root = ET.Element("testsuites", name=f"sluitend {report.ruleset}".strip())
        titles = rule_titles(report)
        cause_of = causes(report)
        totals = {"tests": 0, "failures": 0, "skipped": 0}
        for name in dataset_names(report):
            suite = ET.SubElement(root, "testsuite", name=name)
            counts = {"tests": 0, "failures": 0, "skipped": 0}
            ran: set[str] = set()
            for s in sections(report, name, flat=True):
                ran.add(s.rule)
                skipped = (
                    "no rows to check"
                    if s.result and s.result.checked == 0 and not s.findings
                    else None
                )
                failed, skip = self._testcase(
                    suite, name, s.rule, s.title, s.findings, skipped, cause_of
                )
                counts["tests"] += 1
                counts["failures"] += failed
                counts["skipped"] += skip
            for rule in dict.fromkeys(r.rule for r in report.results):
                if rule not in ran:
                    self._testcase(
                        suite,
                        name,
                        rule,
                        titles.get(rule, ""),
                        (),
                        "not run on this dataset",
                        cause_of,
                    )
                    counts["tests"] += 1
                    counts["skipped"] += 1
            suite.attrib.update({k: str(v) for k, v in counts.items()}, errors="0", time="0")
            for k in totals:
                totals[k] += counts[k]
        root.attrib.update(
            {k: str(v) for k, v in totals.items()}, errors="0", time=f"{report.seconds:.3f}"
        )
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
