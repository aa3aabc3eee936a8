"""What each format must get right beyond its golden file: structure, counts, escaping."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET

import pytest
from report_minischema import errors as schema_errors
from report_sample import sample_report

from sluitend.engine.baseline import fingerprint
from sluitend.engine.findings import BaselineApplied, Finding, Report
from sluitend.report.base import get_reporter
from sluitend.report.common import short_bron
from sluitend.report.document import report_document
from sluitend.report.github import escape_data, escape_property
from sluitend.report.json_report import schema
from sluitend.report.overview import hint_name
from sluitend.report.sarif import kind_sections

ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --- rich ---------------------------------------------------------------------------------


def test_rich_plain_has_no_ansi_and_color_has() -> None:
    report = sample_report()
    plain = get_reporter("rich", color=False).render(report)
    color = get_reporter("rich", color=True).render(report)
    assert not ANSI.search(plain)
    assert ANSI.search(color)
    assert [line.rstrip() for line in ANSI.sub("", color).splitlines()] == plain.splitlines()


def test_rich_lists_every_rule_run_and_every_finding() -> None:
    report = sample_report()
    out = get_reporter("rich").render(report)
    for r in report.results:
        assert re.search(rf"[✔✘]\s+{r.rule}\s+{re.escape(r.title)}", out), r.rule
    for f in report.all_findings():
        assert short_bron(f.bron) in out  # the file's name and line; folders are left out
    assert "-45.000" in out and "+2.734" in out and "181.678" in out
    assert "Suggested: 149.000." in out
    assert "↳ follows from Woningmarkt bzk_2022_art7.csv:41" in out  # BT002 under its cause
    assert out.splitlines()[-1] == (
        "3 errors, 1 warning, 1 info · 3 datasets, 1.264 rows, 5 rules · 0,42 s"
    )


def test_rich_lines_fit_the_width() -> None:
    for width in (80, 120):
        out = get_reporter("rich", width=width).render(sample_report())
        assert max(len(line) for line in out.splitlines()) <= width


def test_rich_reports_a_clean_run_and_the_baseline() -> None:
    report = dataclasses.replace(
        sample_report(),
        findings=(),
        results=(),
        truncated=3,
        baseline=BaselineApplied("b.json", suppressed=4, disappeared=1),
    )
    out = get_reporter("rich", show_timing=False).render(report)
    assert "no rules apply to this dataset" in out
    assert "0 errors, 0 warnings, 0 info" in out
    assert "3 more findings not shown (--max-findings)" in out
    assert "baseline b.json: 4 known findings suppressed, 1 disappeared" in out
    assert " s\n" not in out


# --- json ---------------------------------------------------------------------------------


def test_json_is_the_report_dict_and_validates_against_the_schema() -> None:
    report = sample_report()
    doc = json.loads(get_reporter("json").render(report))
    overview = doc.pop("overview")
    want = report_document(report)
    assert json.loads(json.dumps(want.pop("overview"))) == overview
    assert doc == json.loads(json.dumps(want))
    assert schema_errors({**doc, "overview": overview}, schema(), schema()) == []
    # The overview counts what the summary counts, and its positions name the findings.
    assert sum(d["error"] for d in overview) == doc["summary"]["error"]
    flat = [c for f in doc["findings"] for c in (f, *f.get("consequences", []))]
    (art7,) = overview[0]["chapters"][0]["articles"]
    assert art7["artikel"] == "7" and art7["largest_difference"] == -45_000
    assert {flat[i]["where"]["artikel"] for i in art7["findings"]} == {"7"}


def test_schema_check_catches_a_broken_document() -> None:
    doc = json.loads(get_reporter("json").render(sample_report()))
    doc["findings"][0]["severity"] = "fatal"
    del doc["summary"]["rows"]
    doc["extra"] = 1
    problems = schema_errors(doc, schema(), schema())
    assert "$.findings[0].severity: 'fatal' not in ['error', 'warning', 'info']" in problems
    assert "$.summary: missing 'rows'" in problems
    assert "$: unexpected key 'extra'" in problems


def test_json_carries_the_baseline_summary() -> None:
    report = dataclasses.replace(
        sample_report(), baseline=BaselineApplied("b.json", suppressed=2, disappeared=1)
    )
    doc = json.loads(get_reporter("json").render(report))
    assert doc["baseline"] == {"path": "b.json", "suppressed": 2, "disappeared": 1, "renamed": {}}
    assert schema_errors(doc, schema(), schema()) == []


# --- junit --------------------------------------------------------------------------------


def test_junit_counts_match_the_test_cases() -> None:
    root = ET.fromstring(get_reporter("junit").render(sample_report()))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "bzk-2022-art7",
        "begroting-2023",
        "bzk-2022-art7-jv",
    ]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("skipped", "")) == sum(c.find("skipped") is not None for c in cases)
        assert {c.get("classname") for c in cases} == {suite.get("name")}
    assert int(root.get("tests", "")) == sum(int(s.get("tests", "")) for s in suites)


def test_junit_puts_each_finding_in_its_rules_failure() -> None:
    report = sample_report()
    root = ET.fromstring(get_reporter("junit").render(report))
    case = root.find(
        "testsuite[@name='bzk-2022-art7']/testcase[@name='BT002 Onderdelen add up to Uitgaven']"
    )
    assert case is not None
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert "(bron: datasets/bundled/bzk_2022_art7.csv:12)" in (failure.text or "")
    assert "follows from BT001" in (failure.text or "")
    skipped = root.find(
        "testsuite[@name='begroting-2023']/testcase[@name='BT020 No figure twice']/skipped"
    )
    assert skipped is not None and skipped.get("message") == "no rows to check"


def test_junit_fail_on_error_moves_warnings_to_system_out() -> None:
    root = ET.fromstring(get_reporter("junit", fail_on="error").render(sample_report()))
    case = root.find(
        "testsuite/testcase[@name='BT010 Verplichtingen equal uitgaven in the budget years']"
    )
    assert case is not None
    assert case.find("failure") is None
    assert "[warning] Verplichtingen 2020" in (case.findtext("system-out") or "")
    never = ET.fromstring(get_reporter("junit", fail_on="never").render(sample_report()))
    assert never.get("failures") == "0"


# --- github -------------------------------------------------------------------------------


def test_github_one_command_per_finding_pointing_at_the_line() -> None:
    report = sample_report()
    lines = get_reporter("github").render(report).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(report.all_findings())
    assert commands[0].startswith(
        "::error file=datasets/bundled/bzk_2022_art7.csv,line=41,title=BT001 Lines add up "
        "to their totals::7.1 total 2023"
    )
    assert any(
        c.startswith("::warning file=datasets/bundled/bzk_2022_art7.csv,line=3,") for c in commands
    )
    assert any(c.startswith("::notice ") for c in commands)
    xlsx = next(c for c in commands if "xlsx" in c)
    assert xlsx.startswith("::error file=data/begroting 2023.xlsx,title=")
    assert "line=" not in xlsx.split("::")[1]
    assert "8,3%25" in xlsx and "(cell Tabel 18!D14)" in xlsx
    assert all("\n" not in c for c in commands)
    assert lines[-1] == "sluitend: 3 errors, 1 warning, 1 info"


def test_github_escaping() -> None:
    assert escape_data("50% off\r\nnext") == "50%25 off%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    finding = Finding(
        rule="R1",
        severity="error",
        dataset="d",
        where={},
        expected=1,
        actual=2,
        difference=1,
        tolerance=0,
        message="m",
        bron="a,b:c.csv:4",
    )
    report = Report(findings=(finding,), results=(), datasets=())
    out = get_reporter("github").render(report)
    assert out.startswith("::error file=a%2Cb%3Ac.csv,line=4,title=R1::m\n")


# --- sarif --------------------------------------------------------------------------------


def test_sarif_has_what_code_scanning_requires() -> None:
    report = sample_report()
    doc = json.loads(get_reporter("sarif", kind_docs=False).render(report))
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sluitend" and driver["version"]
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == ["BT001", "BT002", "BT010", "BT020", "JV001"]
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["help"]["text"]
    assert len(run["results"]) == len(report.all_findings())
    for res, f in zip(run["results"], report.all_findings(), strict=True):
        assert res["ruleId"] == f.rule
        assert rule_ids[res["ruleIndex"]] == f.rule
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"].startswith(f.message)
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"]
        assert isinstance(loc["region"]["startLine"], int) and loc["region"]["startLine"] >= 1
        assert res["partialFingerprints"]["sluitend/v1"] == fingerprint(f)
    levels = {r["level"] for r in run["results"]}
    assert levels == {"error", "warning", "note"}


def test_sarif_locations() -> None:
    doc = json.loads(get_reporter("sarif", kind_docs=False).render(sample_report()))
    locations = [r["locations"][0] for r in doc["runs"][0]["results"]]
    first = locations[0]["physicalLocation"]
    assert first == {
        "artifactLocation": {"uri": "datasets/bundled/bzk_2022_art7.csv"},
        "region": {"startLine": 41},
    }
    xlsx = next(loc for loc in locations if "xlsx" in str(loc))
    assert xlsx["physicalLocation"]["artifactLocation"]["uri"] == "data/begroting%202023.xlsx"
    assert xlsx["physicalLocation"]["region"]["startLine"] == 1
    assert xlsx["properties"] == {"cell": "Tabel 18!D14"}


def test_sarif_help_from_the_rule_description() -> None:
    doc = json.loads(get_reporter("sarif", kind_docs=False).render(sample_report()))
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["BT001"]["help"]["text"].startswith("Every stated total equals")
    assert rules["BT001"]["fullDescription"]["text"].startswith("Every stated total equals")
    # no description: the title
    assert rules["BT010"]["help"]["text"] == "Verplichtingen equal uitgaven in the budget years"


def test_sarif_help_from_the_rule_kind_docstring() -> None:
    from sluitend.rules.reference import doc_sections
    from sluitend.rules.registry import KINDS

    sections = dict(kind_sections("hierarchy"))
    assert list(sections) == ["What it checks", "Why"]
    assert sections["What it checks"] == " ".join(
        doc_sections(KINDS["hierarchy"])["What it checks"].split()
    )
    assert kind_sections("no such kind") == []
    doc = json.loads(get_reporter("sarif").render(sample_report()))
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    bt001 = rules["BT001"]["help"]
    assert bt001["text"].startswith("Every stated total equals")
    assert f"What it checks: {sections['What it checks']}" in bt001["text"]
    assert f"**Why.** {sections['Why']}" in bt001["markdown"]
    assert "What it checks: " in rules["BT010"]["help"]["text"]  # an equal rule


def test_sarif_related_locations_point_at_each_hints_figure() -> None:
    report = sample_report()
    doc = json.loads(get_reporter("sarif", kind_docs=False).render(report))
    results = doc["runs"][0]["results"]
    for res, f in zip(results, report.all_findings(), strict=True):
        related = res.get("relatedLocations", [])
        assert len(related) == len(f.hints)
        for i, (loc, hint) in enumerate(zip(related, f.hints, strict=True), start=1):
            assert loc["id"] == i
            # The hint's kind in words, never its identifier (hint_name).
            assert loc["message"]["text"].startswith(f"{hint_name(hint.kind)}: {hint.explanation}")
            assert "_" not in loc["message"]["text"].split(":")[0]
    first = results[0]["relatedLocations"][0]["physicalLocation"]
    assert first == {
        "artifactLocation": {"uri": "datasets/bundled/bzk_2022_art7.csv"},
        "region": {"startLine": 47},
    }
    xlsx = results[2]["relatedLocations"][0]
    assert xlsx["physicalLocation"]["region"] == {"startLine": 1}
    assert xlsx["properties"] == {"cell": "Tabel 18!D16"}


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("never", 0)])
def test_sarif_invocation_has_the_exit_code(fail_on: str, code: int) -> None:
    doc = json.loads(get_reporter("sarif", fail_on=fail_on).render(sample_report()))
    (invocation,) = doc["runs"][0]["invocations"]
    assert invocation["exitCode"] == code and invocation["executionSuccessful"] is True
    given = json.loads(get_reporter("sarif", exit_code=0).render(sample_report()))
    assert given["runs"][0]["invocations"][0]["exitCode"] == 0


# --- markdown -----------------------------------------------------------------------------


def _many(n: int) -> Report:
    base = sample_report().findings[2]
    findings = tuple(
        dataclasses.replace(base, label=f"figure {i}", bron=f"x.csv:{i + 1}") for i in range(n)
    )
    return dataclasses.replace(sample_report(), findings=findings)


def test_markdown_caps_long_lists() -> None:
    out = get_reporter("markdown", max_rows=5).render(_many(12))
    rows = [line for line in out.splitlines() if line.startswith("| ") and "x.csv" in line]
    assert len(rows) == 5
    assert "… and 7 more findings of BT010 (7 figures)" in out
    assert "… and" not in get_reporter("markdown").render(_many(12))


def test_markdown_puts_one_figure_over_its_years_in_one_row() -> None:
    base = sample_report().findings[2]
    years = tuple(
        dataclasses.replace(base, where={**base.where, "jaar": 2015 + i}) for i in range(7)
    )
    out = get_reporter("markdown").render(dataclasses.replace(sample_report(), findings=years))
    header = next(line for line in out.splitlines() if line.startswith("| # |"))
    assert all(f" {y} |" in header for y in range(2015, 2022))
    assert sum(1 for line in out.splitlines() if line.startswith("| 1 | warning")) == 1


def test_markdown_opens_with_the_overview_and_folds_each_chapter() -> None:
    out = get_reporter("markdown").render(sample_report())
    assert out.index("| dataset | chapter |") < out.index("| dataset | rows |")
    assert out.count("<details>") == out.count("</details>") == 2
    assert "- #1 digits swapped (2023):" in out  # every hint, in words
    assert "transposition" not in out


def test_markdown_stays_within_a_comment_and_says_it_was_cut() -> None:
    findings = []
    for chapter in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"):
        base = sample_report().findings[2]
        for i in range(15):
            where = {**base.where, "hoofdstuk": chapter, "jaar": 2020}
            findings.append(dataclasses.replace(base, where=where, label=f"{chapter}-{i}" * 20))
    rep = dataclasses.replace(sample_report(), findings=tuple(findings))
    out = get_reporter("markdown", max_chars=20_000).render(rep)
    assert len(out) <= 20_000
    assert "Cut to fit a pull-request comment (20.000 characters)" in out
    assert out.count("<details>") == out.count("</details>") >= 1
    whole = get_reporter("markdown").render(rep)
    assert len(whole) <= 65_536 and "Cut to fit" not in whole


def test_markdown_summary_table_and_escaping() -> None:
    out = get_reporter("markdown").render(sample_report())
    assert out.startswith("## ❌ sluitend (rijksbegroting): 3 errors, 1 warning, 1 info\n")
    assert "| bzk-2022-art7 | 1.245 | 4 | 2 | 1 | 1 |" in out
    assert "Subsidies &#124; regelingen" in out
    assert "- #1 digits swapped (2023): " in out and "Suggested: **149.000**" in out
    assert "| 3 | error | Uitgaven |" in out and "- #3 follows from Woningmarkt" in out
