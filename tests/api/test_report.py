"""`Report`: the counts, one row per finding in pandas, the CLI's formats, REPL and notebook."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import sluitend
from sluitend.cli import main
from tests.api.test_from_pandas import figures
from tests.api.test_validate import mistyped_table


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> sluitend.Report:
    return sluitend.validate(mistyped_table(tmp_path_factory.mktemp("t")))


def test_counts_ok_and_findings(report: sluitend.Report) -> None:
    assert not report.ok
    assert report.counts == {"error": 1, "warning": 0, "info": 0}
    (finding,) = report.findings
    assert isinstance(finding, sluitend.Finding)
    assert (finding.rule, finding.expected, finding.actual) == ("BT001", 226678, 181678)


def test_to_pandas_one_row_per_finding(report: sluitend.Report) -> None:
    frame = report.to_pandas()
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["rule"], row["severity"], row["kind"]) == ("BT001", "error", "check")
    assert (row["artikel"], row["onderdeel"], row["vuo"], row["jaar"]) == ("7", "7.1", "U", 2023)
    assert (row["expected"], row["actual"], row["difference"]) == (226678, 181678, -45000)
    assert row["bron"] == "001_231eb4eefb8547ab.txt:170"
    assert row["suggested"] == 149000 and "Informatiehuishouding" in row["hints"][0]
    assert str(frame["expected"].dtype) == "Int64" and str(frame["jaar"].dtype) == "Int64"


def test_to_pandas_filters_and_groups() -> None:
    report = sluitend.validate(figures(bedrag=[310, 100, None, 5]))
    frame = report.to_pandas()
    # The pm line's total, then what was not checked: the chapter (its only total is not
    # checkable) and the pack's rules that find nothing to compare in four U figures.
    assert list(zip(frame["rule"], frame["severity"], strict=True)) == [
        ("BT002", "info"),
        ("COVERAGE", "warning"),
        ("BT001", "warning"),
        ("BT010", "warning"),
        ("BT031", "warning"),
    ]
    assert "not checkable" in frame["message"].iloc[0]  # a pm line: never read as zero
    assert "its 1 total is not checkable" in frame["message"].iloc[1]
    assert frame[frame["severity"] == "error"].empty


def test_an_empty_report_has_the_columns() -> None:
    frame = sluitend.validate().to_pandas()
    assert frame.empty and {"rule", "expected", "actual", "bron", "hints"} <= set(frame.columns)


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [(".json", "json"), (".xml", "junit"), (".sarif", "sarif"), (".md", "markdown")],
)
def test_write_is_the_clis_output(tmp_path: Path, suffix: str, fmt: str) -> None:
    data = mistyped_table(tmp_path)
    written = sluitend.validate(data).write(tmp_path / f"out{suffix}")
    cli = tmp_path / f"cli{suffix}"
    result = CliRunner().invoke(main, ["validate", str(data), "--format", fmt, "-o", str(cli)])
    assert result.exit_code == 1, result.output
    ours, theirs = written.read_text("utf-8"), cli.read_text("utf-8")
    if fmt in ("json", "sarif"):
        ours_doc, theirs_doc = json.loads(ours), json.loads(theirs)
        if fmt == "json":
            assert ours_doc == theirs_doc
        else:
            assert ours_doc["runs"][0]["results"] == theirs_doc["runs"][0]["results"]
    else:
        strip = "\n".join(
            line for line in ours.splitlines() if " s" not in line and "time=" not in line
        )
        other = "\n".join(
            line for line in theirs.splitlines() if " s" not in line and "time=" not in line
        )
        assert strip == other


def test_write_refuses_unknown_format_and_the_input(tmp_path: Path) -> None:
    data = mistyped_table(tmp_path)
    report = sluitend.validate(data)
    with pytest.raises(ValueError, match="cannot tell the format"):
        report.write(tmp_path / "out.bin")
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        report.write(tmp_path / "out.bin", format="xml")
    before = data.read_bytes()
    with pytest.raises(sluitend.InputError, match="refusing to overwrite an input file"):
        report.write(data, format="json")
    assert data.read_bytes() == before
    assert report.write(tmp_path / "report.txt").read_text("utf-8").startswith("sluitend")


def test_repr_has_the_counts(report: sluitend.Report) -> None:
    assert repr(report) == (
        "<sluitend.Report 'rijksbegroting' not ok: 1 error, 0 warnings, 0 info · "
        "1 dataset, 224 rows, 6 rules>"
    )
    assert repr(sluitend.validate()).startswith("<sluitend.Report 'rijksbegroting' ok: 0 errors")


def test_html_is_a_table_with_the_finding(report: sluitend.Report) -> None:
    page = report._repr_html_()
    assert page.startswith('<div class="sluitend-report">') and page.endswith("</div>")
    assert "<td>BT001</td>" in page and "226.678" in page and "-45.000" in page
    assert "1 error, 0 warnings, 0 info" in page


def test_html_escapes_text_from_the_data() -> None:
    frame = figures(
        bedrag=[310, 100, 200, 5],
        label=["<script>alert(1)</script>", "7.1", "7.2", "7.2"],
        bron=["a&b<i>.csv:1", "x", "y", "z"],
    )
    page = sluitend.validate(frame)._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>" not in page and "a&amp;b&lt;i&gt;.csv:1" in page


def test_html_shows_the_first_findings_of_many() -> None:
    n = 30
    frame = pd.DataFrame(
        {
            "begrotingsjaar": 2022,
            "fase": "OWB",
            "hoofdstuk": "VII",
            "artikel": [str(i) for i in range(n)],
            "vuo": "U",
            "jaar": 2023,
            "bedrag": 1,
        }
    )
    # Repeated in reverse order: 30 duplicates of their own (a block repeated in the same
    # order would be one finding).
    doubled = pd.concat([frame, frame.iloc[::-1]], ignore_index=True)
    report = sluitend.validate(doubled)
    assert report.counts["error"] == n
    page = report._repr_html_()
    # The 30 duplicates come first; the warnings on what was not checked after them.
    assert page.count("<td>error</td><td>BT020</td>") == sluitend.api.HTML_FINDINGS
    shown_after = len(report.findings) - sluitend.api.HTML_FINDINGS
    assert report.counts["warning"] == 6 and shown_after == n + 6 - sluitend.api.HTML_FINDINGS
    assert f"and {shown_after} more findings" in page
