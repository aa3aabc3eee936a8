"""`json`: the versioned document of DESIGN.md (`document.report_document`), for CI tools.

`schema-v2.json` beside this module describes version 2 (`schema-v1.json` version 1, for
documents written before); `document.py` builds it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import IO, Any, ClassVar

from sluitend.engine.findings import Report
from sluitend.report.base import Reporter
from sluitend.report.document import (
    JSON_VERSION,
    UNCHECKED_LISTED,
    overview_document,
    report_document,
)
from sluitend.report.jsonstream import write_document


def schema(version: int = JSON_VERSION) -> dict[str, Any]:
    """The JSON schema (draft 2020-12) of the output: the version written today, or an
    earlier one (1) for documents written before."""
    if version not in (1, JSON_VERSION):
        raise ValueError(f"no report schema version {version} (known: 1, {JSON_VERSION})")
    name = f"schema-v{version}.json"
    text = resources.files("sluitend.report").joinpath(name).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class JsonReporter(Reporter):
    """The JSON report.

    Options:
        max_unchecked: unchecked figures listed per dataset's coverage (default
            `UNCHECKED_LISTED`, 100); None lists every one (`--all`). The counts per reason,
            the total and the number left out are always there.
    """

    name = "json"
    extension = "json"
    OPTIONS: ClassVar[dict[str, Any]] = {"max_unchecked": UNCHECKED_LISTED}

    def render_to(self, report: Report, out: IO[str]) -> None:
        """Two-space indented JSON, non-ASCII kept (labels are Dutch), with a newline;
        written as it is encoded (`jsonstream`): the findings and the unchecked figures are
        made a piece at a time as they are written, never held as one list or string."""
        document = report_document(report, self.options["max_unchecked"], stream=True)
        write_document(document, out)


__all__ = ["JsonReporter", "overview_document", "report_document", "schema"]
