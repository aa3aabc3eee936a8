"""`json`: the versioned document of DESIGN.md, `Report.to_dict()`, for CI tools.

`schema-v1.json` beside this module describes version 1. A run with a baseline adds a
`baseline` object (path, suppressed, disappeared, renamed datasets); nothing else is ever
added to version 1 without a schema change.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, ClassVar

from sluitend.engine.findings import Report
from sluitend.report import escape
from sluitend.report.base import Reporter


def schema() -> dict[str, Any]:
    """The JSON schema (draft 2020-12) of the output, version 1."""
    text = resources.files("sluitend.report").joinpath("schema-v1.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def report_document(report: Report) -> dict[str, Any]:
    """`report.to_dict()`, plus the baseline summary when a baseline was applied."""
    doc = report.to_dict()
    baseline = report.extra.get("baseline")
    if baseline:
        doc["baseline"] = {
            "path": str(baseline.get("path", "")),
            "suppressed": int(baseline.get("suppressed", 0)),
            "disappeared": int(baseline.get("disappeared", 0)),
            "renamed": {str(k): str(v) for k, v in baseline.get("renamed", {}).items()},
        }
    return doc


class JsonReporter(Reporter):
    """The JSON report (no options)."""

    name = "json"
    extension = "json"
    OPTIONS: ClassVar[dict[str, Any]] = {}

    def render(self, report: Report) -> str:
        """Two-space indented JSON, non-ASCII kept (labels are Dutch), with a newline."""
        text = json.dumps(report_document(report), indent=2, ensure_ascii=False)
        return escape.json_text(text) + "\n"  # the data exact, but inert in a terminal
