"""`json`: the versioned document of DESIGN.md (`document.report_document`), for CI tools.

`schema-v1.json` beside this module describes version 1; `document.py` builds it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import IO, Any, ClassVar

from sluitend.engine.findings import Report
from sluitend.report.base import Reporter
from sluitend.report.document import overview_document, report_document
from sluitend.report.jsonstream import write_document


def schema() -> dict[str, Any]:
    """The JSON schema (draft 2020-12) of the output, version 1."""
    text = resources.files("sluitend.report").joinpath("schema-v1.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class JsonReporter(Reporter):
    """The JSON report (no options)."""

    name = "json"
    extension = "json"
    OPTIONS: ClassVar[dict[str, Any]] = {}

    def render_to(self, report: Report, out: IO[str]) -> None:
        """Two-space indented JSON, non-ASCII kept (labels are Dutch), with a newline;
        written as it is encoded (`jsonstream`)."""
        write_document(report_document(report), out)


__all__ = ["JsonReporter", "overview_document", "report_document", "schema"]
