"""`--format html` as a document: self-contained, escaped, the same findings as the JSON.

What a person sees in a browser is in `test_html_browser.py`; this reads the page's markup
with Python's own HTML parser.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_sample import sample_report
from tests.api.test_validate import mistyped_table

import sluitend
from sluitend.cli import main
from sluitend.engine.findings import Finding
from sluitend.report.base import get_reporter


class Page(HTMLParser):
    """The tags, finding rows and texts of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.findings: list[dict[str, str | None]] = []
        self.cells: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        found = dict(attrs)
        if tag == "tr" and "finding" in (found.get("class") or ""):
            self.findings.append(found)
        if tag == "td" and found.get("tabindex") is not None:
            self.cells.append(found)
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            if found.get(name):
                self.urls.append(str(found[name]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def expected_findings(doc: dict[str, Any]) -> Counter[tuple[str, ...]]:
    """Every finding of a JSON document (consequences included) as the page's data."""
    out: Counter[tuple[str, ...]] = Counter()
    for top in doc["findings"]:
        for f in [top, *top.get("consequences", [])]:
            jaar = f["where"].get("jaar")
            key = (f["rule"], f["severity"], f.get("kind", "check"), f["bron"], str(jaar or ""))
            out[key] += 1
    return out


def page_findings(page: Page) -> Counter[tuple[str, ...]]:
    return Counter(
        tuple(str(r.get(k) or "") for k in ("data-rule", "data-severity", "data-kind",
                                             "data-bron", "data-jaar"))
        for r in page.findings
    )  # fmt: skip


@pytest.fixture(scope="module")
def vii() -> tuple[str, dict[str, Any]]:
    report = sluitend.validate(sluitend.read(bundled="minfin-2017-vii"))
    return get_reporter("html").render(report), json.loads(get_reporter("json").render(report))


def test_the_page_needs_nothing_but_itself(vii: tuple[str, dict[str, Any]]) -> None:
    text, _doc = vii
    page = parse(text)
    assert page.tags["link"] == 0 and page.tags["img"] == 0 and page.tags["iframe"] == 0
    assert all(url.startswith("#") for url in page.urls), page.urls
    assert not re.search(r"https?://|//[a-z]", text.replace("default-src 'none'", ""))
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert page.tags["script"] == 1 and page.tags["style"] == 1
    assert "@media print" in text


def test_the_page_lists_the_json_findings(vii: tuple[str, dict[str, Any]]) -> None:
    text, doc = vii
    assert page_findings(parse(text)) == expected_findings(doc)


def test_grouped_checks_are_listed_under_their_likely_cause() -> None:
    report = sample_report()
    doc = json.loads(get_reporter("json").render(report))
    page = parse(get_reporter("html").render(report))
    assert page_findings(page) == expected_findings(doc)
    grouped = [r for r in page.findings if "grouped" in (r.get("class") or "")]
    assert len(grouped) == sum(len(f.consequences) for f in report.findings) > 0


def test_the_counts_are_the_reports(vii: tuple[str, dict[str, Any]]) -> None:
    text, doc = vii
    summary = doc["summary"]
    assert f"{summary['error']} errors" in text
    assert f"{summary['warning']} warnings" in text


def test_a_marked_cell_says_both_figures_and_the_hint(tmp_path: Path) -> None:
    report = sluitend.validate(mistyped_table(tmp_path))
    page = parse(get_reporter("html").render(report))
    titles = [str(c.get("title")) for c in page.cells]
    (failed,) = [t for t in titles if t.startswith("error BT001")]
    assert "stated 181.678, computed 226.678, difference -45.000" in failed
    assert "digits swapped" in failed and "Suggested: 149.000" in failed
    (suspect,) = [c for c in page.cells if c.get("class") == "s"]
    assert "Suggested: 149.000" in str(suspect.get("title"))


HOSTILE = '<script>alert(1)</script>" onmouseover="x()" \x1b]0;title\x07 \u202e'


def _hostile_report() -> Any:
    report = sample_report()
    evil = report.findings[0]
    assert isinstance(evil, Finding)
    import dataclasses

    findings = (
        dataclasses.replace(evil, label=HOSTILE, message=HOSTILE, bron=HOSTILE + ":3"),
        *report.findings[1:],
    )
    return dataclasses.replace(report, findings=findings, ruleset=HOSTILE)


def test_every_value_is_escaped() -> None:
    text = get_reporter("html").render(_hostile_report())
    assert "<script>alert" not in text
    assert '" onmouseover="' not in text
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    page = parse(text)
    assert page.tags["script"] == 1  # the page's own
    shown = "".join(page.text)
    assert '<script>alert(1)</script>" onmouseover="x()" \\x1b]0;title\\x07 \\u202e' in shown
    assert all(f.get("data-bron", "").startswith("<script>") for f in page.findings[:1])


def test_a_report_without_its_figures_says_so() -> None:
    text = get_reporter("html").render(sample_report())
    assert "its figures are not in this report; only its findings are listed" in text
    assert "Findings in no table of this report" in text


def test_over_the_limit_the_page_says_what_it_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLUITEND_MAX_TABLE_FIGURES", "10")
    report = sluitend.validate(sluitend.read(bundled="minfin-2017-vii"))
    text = get_reporter("html").render(report)
    assert re.search(r"[\d.]+ figures of tables without findings not laid out", text)


def test_the_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        main, ["validate", "--dataset", "minfin-2017-vii", "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".*.tmp"))  # written into place, no temporary left
