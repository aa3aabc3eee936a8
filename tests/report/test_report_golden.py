"""Golden files: every reporter's exact output for one fixed report.

Any change in wording, layout or escaping fails here; review the diff, then rewrite the
files with `SLUITEND_UPDATE_GOLDEN=1 pytest tests/report`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from report_sample import sample_report

from sluitend.engine.findings import Report
from sluitend.report.base import REPORTERS, get_reporter, reporter_class

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
UPDATE = os.environ.get("SLUITEND_UPDATE_GOLDEN") == "1"

#: golden file -> (format, options)
CASES: dict[str, tuple[str, dict[str, object]]] = {
    "rich.txt": ("rich", {"color": False, "width": 120}),
    "rich-color.ansi": ("rich", {"color": True, "width": 120}),
    "rich-narrow.txt": ("rich", {"width": 80, "show_timing": False}),
    "report.json": ("json", {}),
    "junit.xml": ("junit", {}),
    "github.txt": ("github", {}),
    # kind_docs off: the golden file must not change when rule kinds' docstrings do.
    "report.sarif": ("sarif", {"kind_docs": False}),
    "report.md": ("markdown", {}),
    "gitlab.json": ("gitlab", {}),
    "report.html": ("html", {}),
}
RENDERERS: dict[str, Callable[[Report], str]] = {
    name: get_reporter(fmt, **options).render for name, (fmt, options) in CASES.items()
}


def check_golden(name: str, actual: str) -> None:
    """Compare `actual` with the golden file `name`, or rewrite it in update mode."""
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.exists(), f"no golden file {path}; run with SLUITEND_UPDATE_GOLDEN=1"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from its golden file"


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden(name: str) -> None:
    check_golden(name, RENDERERS[name](sample_report()))


def test_every_text_format_has_a_golden_file() -> None:
    """A binary format (the xlsx workbook, a zip with timestamps) is tested on its content
    instead (`test_xlsx_report.py`)."""
    text = {name for name in REPORTERS if not reporter_class(name).binary}
    assert {fmt for fmt, _ in CASES.values()} == text
    assert text != set(REPORTERS)


def test_golden_files_are_not_stale() -> None:
    """Every file in the golden directory is produced by some test (diff goldens included)."""
    names = {p.name for p in GOLDEN.iterdir() if p.is_file() and p.name != "README.md"}
    produced = set(RENDERERS) | {n for n in names if n.startswith("diff")}
    assert names <= produced
