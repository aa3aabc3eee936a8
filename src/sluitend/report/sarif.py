"""`sarif`: SARIF 2.1.0 for code scanning and audit tools.

One run, tool `sluitend`, one rule descriptor per rule, one result per finding
(consequences included), and one invocation with the exit code of the run.

- A result has ruleId, level (error / warning / note), the message with its hints, a
  physical location in the data file, a `relatedLocations` entry for the figure each hint
  points at (its own file and line), and the baseline fingerprint as its partial
  fingerprint, so that a scanning service tracks a defect across commits even when its
  line moves.
- A likely cause (a figure that explains the failed checks of several rules) is filed
  under a rule of its own, `likely-cause`, with the rules it explains in its properties;
  the failed checks stay results of their own rules.
- Paths are relative to the repository root (`sluitend.report.paths`), percent-encoded; a
  file outside the repository is a `file://` URI. A bron without a line (a spreadsheet
  cell) gets startLine 1, which code scanning requires, and the cell in the location's
  properties.
- A rule's help is the rule's own description (`report.rule_descriptions`, which
  the engine fills from the rule file) followed by the "What it checks" and "Why" sections
  of its rule kind's docstring (the same text as the README's rule-file reference).
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import IO, Any, ClassVar
from urllib.parse import quote

from sluitend import __version__
from sluitend.engine.baseline import fingerprint
from sluitend.engine.findings import Finding, Report, RuleResult
from sluitend.engine.localize import LIKELY_CAUSE
from sluitend.report.common import parse_bron
from sluitend.report.jsonstream import write_document
from sluitend.report.overview import hint_name
from sluitend.report.paths import MachineReporter, RepoPaths, hint_text, sources, suggested_text
from sluitend.rules.reference import doc_sections
from sluitend.rules.registry import KINDS

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: The ruleId of a likely cause. A likely cause is no check of a rule of its own: it is the
#: figure that, corrected, makes the failed checks of several rules hold. Filed under the
#: first of those rules, a scanning service would show an alert of that rule at a place
#: where that rule may well hold; so it has a descriptor of its own, and the rules it
#: explains are in its properties.
LIKELY_CAUSE_ID = "likely-cause"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: The sections of a rule kind's docstring that explain a finding of the kind.
HELP_SECTIONS = ("What it checks", "Why")


def kind_sections(kind: str) -> list[tuple[str, str]]:
    """(heading, text) of the `HELP_SECTIONS` of a registered rule kind's docstring, the
    text on one line each; [] for a kind that is not registered (a schema finding's)."""
    cls = KINDS.get(kind)
    if cls is None:
        return []
    sections = doc_sections(cls)
    return [(name, " ".join(sections[name].split())) for name in HELP_SECTIONS if name in sections]


def rule_help(result: RuleResult, description: str, kind_docs: bool) -> dict[str, str]:
    """The `help` of a rule descriptor: its description (else its title), then what its
    kind checks and why, as text and as Markdown."""
    first = description or result.title or result.rule
    sections = kind_sections(result.kind) if kind_docs else []
    text = [first, *(f"{name}: {body}" for name, body in sections)]
    markdown = [first, *(f"**{name}.** {body}" for name, body in sections)]
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


def _descriptor(result: RuleResult, description: str, kind_docs: bool) -> dict[str, Any]:
    return {
        "id": result.rule,
        "name": "".join(w[:1].upper() + w[1:] for w in re.findall(r"\w+", result.title))
        or result.rule,
        "shortDescription": {"text": result.title or result.rule},
        "fullDescription": {"text": description or result.title or result.rule},
        "help": rule_help(result, description, kind_docs),
        "defaultConfiguration": {"level": LEVELS[result.severity]},
        "properties": {"kind": result.kind, "tags": ["budget", result.kind]},
    }


def _rule_id(finding: Finding) -> str:
    """The ruleId of a finding: its rule's, or `LIKELY_CAUSE_ID` for a likely cause."""
    return LIKELY_CAUSE_ID if finding.kind == LIKELY_CAUSE else finding.rule


def _likely_cause_descriptor(severity: str) -> dict[str, Any]:
    """The descriptor of `LIKELY_CAUSE_ID`: what a likely cause is, at the severity of the
    first one (the worst of the checks it explains)."""
    text = (
        "A figure that, corrected to the value given, makes the failed checks of several "
        "rules hold at once: the one figure to look at first. The failed checks it explains "
        "are results of their own rules; the rules are in this result's properties "
        "(explains)."
    )
    return {
        "id": LIKELY_CAUSE_ID,
        "name": "LikelyCause",
        "shortDescription": {"text": "Likely cause of several failed checks"},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"kind": LIKELY_CAUSE, "tags": ["budget", "diagnosis"]},
    }


def _message(finding: Finding, paths: RepoPaths, files: list[str]) -> str:
    lines = [finding.message]
    lines += [hint_text(hint, paths) for hint in finding.hints]
    return paths.text("\n".join(lines), files)


def artifact_uri(path: str) -> str:
    """A repository-relative path percent-encoded as a relative URI reference; an absolute
    path (a file outside the repository) as a file:// URI."""
    if PurePath(path).is_absolute():
        return PurePath(path).as_uri()
    return quote(path, safe="/")


def physical_location(bron_text: str, fallback: str, paths: RepoPaths) -> dict[str, Any]:
    """A SARIF location for a bron ("path:line" or "book.xlsx!Sheet!B12")."""
    bron = parse_bron(bron_text)
    path = paths.path(bron.path or fallback)
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(path)},
            "region": {"startLine": bron.line or 1},
        }
    }
    if bron.cell:
        location["properties"] = {"cell": bron.cell}
    return location


def _related(
    finding: Finding, fallback: str, paths: RepoPaths, files: list[str]
) -> list[dict[str, Any]]:
    """One related location per hint: the figure the hint suspects, with the hint as text;
    and for a rule over two datasets, the counterpart figure."""
    out = []
    for hint in finding.hints:
        location = physical_location(hint.bron, fallback, paths)
        text = f"{hint_name(hint.kind)}: {hint.explanation}{suggested_text(hint)}"
        location["message"] = {"text": paths.text(text, files)}
        out.append(location)
    other = finding.counterpart
    if other is not None and other.get("bron"):
        location = physical_location(str(other["bron"]), fallback, paths)
        label = str(other.get("label") or "")
        location["message"] = {"text": f"counterpart in {other.get('dataset', '')}: {label}"}
        out.append(location)
    for i, location in enumerate(out, start=1):
        location["id"] = i
    return out


class SarifReporter(MachineReporter):
    """SARIF 2.1.0.

    Options:
        kind_docs: add the rule kinds' documentation to each rule's help (default True).
        paths: a `RepoPaths` writing the file paths (default None: this process's
            repository root and working directory).
        fail_on: the least severity that fails the run (default "error"); it decides the
            invocation's exit code unless `exit_code` is given.
        exit_code: the exit code the command ends with (default None: 1 when a finding at
            or above `fail_on` remains, else 0).
    """

    name = "sarif"
    extension = "sarif"
    OPTIONS: ClassVar[dict[str, Any]] = {
        "kind_docs": True,
        "paths": None,
        "fail_on": "error",
        "exit_code": None,
    }

    def _invocation(self, report: Report) -> dict[str, Any]:
        code = self.options["exit_code"]
        if code is None:
            code = 1 if report.fails(self.options["fail_on"]) else 0
        meaning = "findings at or above --fail-on" if code == 1 else "no failing finding"
        return {"executionSuccessful": True, "exitCode": code, "exitCodeDescription": meaning}

    def document(self, report: Report) -> dict[str, Any]:
        """The SARIF log as a dict."""
        paths = self.repo_paths()
        first: dict[str, RuleResult] = {}
        for r in report.results:
            first.setdefault(r.rule, r)
        for f in report.all_findings():  # a finding of a rule with no result still needs one
            rule = _rule_id(f)
            first.setdefault(rule, RuleResult(rule, "", "", f.severity, f.dataset, 0, 0))
        index = {rule: i for i, rule in enumerate(first)}
        by_name = {d.name: d.source for d in report.datasets}
        files = sources(report)
        descriptions = report.rule_descriptions
        results = []
        for f in report.all_findings():
            fallback = by_name.get(f.dataset, f.dataset)
            result: dict[str, Any] = {
                "ruleId": _rule_id(f),
                "ruleIndex": index[_rule_id(f)],
                "level": LEVELS[f.severity],
                "message": {"text": _message(f, paths, files)},
                "locations": [physical_location(f.bron, fallback, paths)],
            }
            related = _related(f, fallback, paths, files)
            if related:
                result["relatedLocations"] = related
            result["partialFingerprints"] = {"sluitend/v1": fingerprint(f)}
            result["properties"] = {
                "dataset": f.dataset,
                "where": dict(f.where),
                "expected": f.expected,
                "actual": f.actual,
                "difference": f.difference,
            }
            if f.kind == LIKELY_CAUSE:
                explained = dict.fromkeys(c.rule for c in f.consequences)
                result["properties"]["explains"] = list(explained)
            results.append(result)
        driver = {
            "name": "sluitend",
            "version": __version__,
            "rules": [
                _likely_cause_descriptor(r.severity)
                if rule == LIKELY_CAUSE_ID
                else _descriptor(r, descriptions.get(r.rule, ""), self.options["kind_docs"])
                for rule, r in first.items()
            ],
        }
        run = {
            "tool": {"driver": driver},
            "invocations": [self._invocation(report)],
            "results": results,
        }
        coverage = {
            d.name: {
                "figures": d.coverage.figures,
                "checked": d.coverage.checked,
                "unchecked": dict(d.coverage.reasons),
            }
            for d in report.datasets
            if d.coverage is not None
        }
        if coverage:
            run["properties"] = {"coverage": coverage}
        return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}

    def render_to(self, report: Report, out: IO[str]) -> None:
        """The SARIF log as indented JSON with a newline (the data exact, but inert in a
        terminal: `escape.json_text`)."""
        write_document(self.document(report), out, default=_json_default)


def _json_default(value: Any) -> Any:
    """numpy scalars in `where` or amounts -> Python numbers."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {value!r}")
