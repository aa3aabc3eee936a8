"""`sarif`: SARIF 2.1.0 for code scanning and audit tools.

One run, tool `sluitend`, one rule descriptor per rule (id, name, title as short
description, help text), one result per finding (consequences included) with ruleId,
level (error / warning / note), message, a physical location in the data file, and the
baseline fingerprint as a partial fingerprint, so that a scanning service tracks a defect
across commits even when its line moves.

Help text comes from `report.extra["rule_help"]` (rule id -> text) when the engine puts it
there, else from the "What it checks" section of the rule kind's docstring (looked up in the
rule registry), else the title. A bron without a line (a spreadsheet cell) gets startLine 1,
which code scanning requires, and the cell in the location's properties.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import quote

from sluitend import __version__
from sluitend.engine.baseline import fingerprint
from sluitend.engine.findings import Finding, Report, RuleResult
from sluitend.report import escape
from sluitend.report.base import Reporter
from sluitend.report.common import parse_bron
from sluitend.report.dutch import amount

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_UNDERLINE = re.compile(r"^\s*[-=~^]{3,}\s*$")


def docstring_section(doc: str, heading: str = "What it checks") -> str:
    """The text under `heading` in a docstring (a line reading the heading, optionally with
    '#' marks, a colon or an underline), up to the next heading; "" when absent."""
    lines = [line.strip() for line in (doc or "").expandtabs().splitlines()]
    wanted = heading.lower()

    def is_heading(i: int) -> bool:
        line = lines[i]
        if not line:
            return False
        if line.startswith("#"):
            return True
        return i + 1 < len(lines) and bool(_UNDERLINE.match(lines[i + 1]))

    for i, line in enumerate(lines):
        if line.lstrip("#").strip().rstrip(":").strip().lower() != wanted:
            continue
        body: list[str] = []
        for j in range(i + 1, len(lines)):
            if _UNDERLINE.match(lines[j]) and j == i + 1:
                continue
            if is_heading(j) or (lines[j].endswith(":") and not lines[j - 1] and body):
                break
            body.append(lines[j])
        return " ".join(" ".join(body).split())
    return ""


def kind_help(kind: str) -> str:
    """The "What it checks" text of a rule kind's docstring, from the rule registry.

    The registry is imported lazily (report may import rules; this keeps `sluitend --help`
    fast); "" when the registry or the kind is not there."""
    try:
        registry = importlib.import_module("sluitend.rules.registry")
    except ImportError:
        return ""
    for name in ("get", "get_kind", "kind"):
        getter = getattr(registry, name, None)
        if callable(getter):
            try:
                cls = getter(kind)
            except Exception:  # an unknown kind: no help, never a crash in a reporter
                return ""
            return docstring_section(cls.__doc__ or "")
    for name in ("KINDS", "RULE_KINDS", "REGISTRY"):
        table = getattr(registry, name, None)
        if isinstance(table, Mapping) and kind in table:
            return docstring_section(table[kind].__doc__ or "")
    return ""


def _descriptor(result: RuleResult, help_text: str) -> dict[str, Any]:
    text = help_text or result.title or result.rule
    return {
        "id": result.rule,
        "name": "".join(w[:1].upper() + w[1:] for w in re.findall(r"\w+", result.title))
        or result.rule,
        "shortDescription": {"text": result.title or result.rule},
        "fullDescription": {"text": text},
        "help": {"text": text},
        "defaultConfiguration": {"level": LEVELS[result.severity]},
        "properties": {"kind": result.kind, "tags": ["budget", result.kind]},
    }


def _message(finding: Finding) -> str:
    lines = [finding.message]
    for hint in finding.hints:
        suggested = "" if hint.suggested is None else f" Suggested: {amount(hint.suggested)}."
        lines.append(f"Hint ({hint.kind}): {hint.explanation}{suggested} [{hint.bron}]")
    return "\n".join(lines)


def _location(finding: Finding, fallback: str) -> dict[str, Any]:
    bron = parse_bron(finding.bron)
    path = bron.path or fallback
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(path.replace("\\", "/"), safe="/")},
            "region": {"startLine": bron.line or 1},
        }
    }
    if bron.cell:
        location["properties"] = {"cell": bron.cell}
    return location


class SarifReporter(Reporter):
    """SARIF 2.1.0.

    Options:
        kind_docs: look rule kinds' docstrings up for help text (default True).
    """

    name = "sarif"
    extension = "sarif"
    OPTIONS: ClassVar[dict[str, Any]] = {"kind_docs": True}

    def _help(self, report: Report, result: RuleResult) -> str:
        given: Mapping[str, str] = report.extra.get("rule_help", {})
        if result.rule in given:
            return given[result.rule]
        return kind_help(result.kind) if self.options["kind_docs"] else ""

    def document(self, report: Report) -> dict[str, Any]:
        """The SARIF log as a dict."""
        first: dict[str, RuleResult] = {}
        for r in report.results:
            first.setdefault(r.rule, r)
        for f in report.all_findings():  # a finding of a rule with no result still needs one
            first.setdefault(f.rule, RuleResult(f.rule, "", "", f.severity, f.dataset, 0, 0))
        index = {rule: i for i, rule in enumerate(first)}
        sources = {d.name: d.source for d in report.datasets}
        results = [
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVELS[f.severity],
                "message": {"text": _message(f)},
                "locations": [_location(f, sources.get(f.dataset, f.dataset))],
                "partialFingerprints": {"sluitend/v1": fingerprint(f)},
                "properties": {
                    "dataset": f.dataset,
                    "where": dict(f.where),
                    "expected": f.expected,
                    "actual": f.actual,
                    "difference": f.difference,
                },
            }
            for f in report.all_findings()
        ]
        driver = {
            "name": "sluitend",
            "version": __version__,
            "rules": [_descriptor(r, self._help(report, r)) for r in first.values()],
        }
        return {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "results": results}],
        }

    def render(self, report: Report) -> str:
        """The SARIF log as indented JSON with a newline."""
        doc = self.document(report)
        text = json.dumps(doc, indent=2, ensure_ascii=False, default=_json_default)
        return escape.json_text(text) + "\n"  # the data exact, but inert in a terminal


def _json_default(value: Any) -> Any:
    """numpy scalars in `where` or amounts -> Python numbers."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {value!r}")
