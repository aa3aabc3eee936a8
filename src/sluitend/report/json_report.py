"""`json`: the versioned document of DESIGN.md, `Report.to_dict()`, for CI tools.

`schema-v1.json` beside this module describes version 1. A run with a baseline adds a
`baseline` object (path, suppressed, disappeared, renamed datasets), a run with `--select`
a `selection` string; every document has an `overview` (per dataset, chapter and article:
counts, largest difference, the findings' positions). Both are optional in the schema, so
version 1 documents without them stay valid; nothing else is ever added to version 1
without a schema change.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, ClassVar

from sluitend.engine.findings import Report
from sluitend.report import escape
from sluitend.report.base import Reporter
from sluitend.report.overview import Area, overview


def schema() -> dict[str, Any]:
    """The JSON schema (draft 2020-12) of the output, version 1."""
    text = resources.files("sluitend.report").joinpath("schema-v1.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def report_document(report: Report) -> dict[str, Any]:
    """`report.to_dict()`, plus the baseline summary when a baseline was applied, the
    selection when `--select` narrowed the report, and the overview."""
    doc = Report.to_dict(report)  # the engine's document (a subclass may add to_dict)
    baseline = report.baseline
    if baseline is not None:
        doc["baseline"] = {
            "path": baseline.path,
            "suppressed": baseline.suppressed,
            "disappeared": baseline.disappeared,
            "renamed": dict(baseline.renamed),
        }
    if report.selection:
        doc["selection"] = report.selection
    doc["overview"] = overview_document(report)
    return doc


def _area(a: Area) -> dict[str, Any]:
    return {
        "error": a.counts.error,
        "warning": a.counts.warning,
        "info": a.counts.info,
        "likely_causes": a.counts.likely_causes,
        "largest_difference": a.largest,
        "findings": list(a.refs),
    }


def overview_document(report: Report) -> list[dict[str, Any]]:
    """The `overview` section: per dataset, chapter and article the counts, the largest
    difference and the findings (positions in the findings flattened in document order,
    each finding followed by its consequences), from `overview.overview`."""
    ov = overview(report)
    return [
        {
            "dataset": d.dataset,
            "error": d.counts.error,
            "warning": d.counts.warning,
            "info": d.counts.info,
            "likely_causes": d.counts.likely_causes,
            "largest_difference": d.largest,
            "chapters": [
                {
                    "hoofdstuk": c.chapter.hoofdstuk,
                    "begroting": c.chapter.begroting,
                    **_area(c.chapter),
                    "articles": [{"artikel": a.artikel, **_area(a)} for a in c.articles],
                }
                for c in d.chapters
            ],
        }
        for d in ov.datasets
    ]


class JsonReporter(Reporter):
    """The JSON report (no options)."""

    name = "json"
    extension = "json"
    OPTIONS: ClassVar[dict[str, Any]] = {}

    def render(self, report: Report) -> str:
        """Two-space indented JSON, non-ASCII kept (labels are Dutch), with a newline."""
        text = json.dumps(report_document(report), indent=2, ensure_ascii=False)
        return escape.json_text(text) + "\n"  # the data exact, but inert in a terminal
