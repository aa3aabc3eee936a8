"""The machine reports against the schemas their readers use (tests/data/schemas/README.md).

SARIF against the OASIS SARIF 2.1.0 JSON Schema, JUnit against Jenkins' junit-10.xsd, the
GitLab Code Quality report against the properties GitLab's documentation requires. Each is
tried on the hand-built sample report and on a real one (the bundled chapter VII rows of
the Ministry's 2017 budget table), and each schema is shown to refuse a broken document,
so that a validation that passes means something.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from report_sample import sample_report

from sluitend.datasets.bundled import load_bundled
from sluitend.engine.findings import Report
from sluitend.engine.runner import validate
from sluitend.report.base import get_reporter
from sluitend.rules.loader import load_pack

SCHEMAS = Path(__file__).parents[1] / "data" / "schemas"


@cache
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text("utf-8"))
    return jsonschema.Draft4Validator(schema)


@cache
def junit_schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMAS / "junit-10.xsd"))


@cache
def real_report() -> Report:
    return validate(load_bundled("minfin-2017-vii"), load_pack("rijksbegroting"))


REPORTS = {"sample": sample_report, "minfin-2017-vii": real_report}


def sarif_errors(doc: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(doc)]


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_sarif_validates_against_the_sarif_schema(name: str) -> None:
    report = REPORTS[name]()
    doc = json.loads(get_reporter("sarif").render(report))
    assert sarif_errors(doc) == []
    results = doc["runs"][0]["results"]
    assert len(results) == len(report.all_findings()) > 0
    assert any("relatedLocations" in r for r in results)


def test_the_sarif_schema_refuses_a_broken_log() -> None:
    doc = json.loads(get_reporter("sarif").render(sample_report()))
    broken = copy.deepcopy(doc)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert sarif_errors(broken)
    broken = copy.deepcopy(doc)
    broken["runs"][0]["results"][0]["relatedLocations"][0]["physicalLocation"]["region"] = {
        "startLine": 0
    }
    assert sarif_errors(broken)
    broken = copy.deepcopy(doc)
    broken["runs"][0]["invocations"][0].pop("executionSuccessful")
    assert sarif_errors(broken)


@pytest.mark.parametrize("per", ["rule", "finding"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_junit_validates_against_junit_10_xsd(name: str, per: str) -> None:
    xml = get_reporter("junit", per=per).render(REPORTS[name]())
    junit_schema().validate(xml)


def test_junit_10_xsd_refuses_a_broken_document() -> None:
    xml = get_reporter("junit").render(sample_report())
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        junit_schema().validate(xml.replace('<testsuites name="', '<testsuites skipped="1" name="'))
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        junit_schema().validate(xml.replace(' time="0.420"', ' time="soon"'))


#: GitLab's documentation, "Implement a custom tool": every object must have these.
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gitlab_errors(doc: Any) -> list[str]:
    """What GitLab's documented required properties find wrong with a report."""
    if not isinstance(doc, list):
        return ["the report must be a JSON array"]
    errors = []
    for i, item in enumerate(doc):
        for key in ("description", "check_name", "fingerprint"):
            if not isinstance(item.get(key), str) or not item[key]:
                errors.append(f"[{i}].{key}: a non-empty string is required")
        if item.get("severity") not in GITLAB_SEVERITIES:
            errors.append(f"[{i}].severity: one of {sorted(GITLAB_SEVERITIES)} is required")
        location = item.get("location", {})
        path = location.get("path")
        if not isinstance(path, str) or not path or path.startswith(("/", "./")):
            errors.append(f"[{i}].location.path: a relative path is required")
        begin = location.get("lines", {}).get("begin")
        if not isinstance(begin, int) or begin < 1:
            errors.append(f"[{i}].location.lines.begin: a line number is required")
    fingerprints = [item.get("fingerprint") for item in doc]
    if len(set(fingerprints)) != len(fingerprints):
        errors.append("fingerprints must be unique (GitLab folds equal ones into one)")
    return errors


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_gitlab_report_has_what_gitlab_requires(name: str) -> None:
    report = REPORTS[name]()
    text = get_reporter("gitlab").render(report)
    assert not text.startswith("\ufeff")  # GitLab's parser refuses a byte order mark
    doc = json.loads(text)
    assert gitlab_errors(doc) == []
    assert len(doc) == len(report.all_findings())
    assert [d["check_name"] for d in doc] == [f.rule for f in report.all_findings()]


def test_gitlab_checks_refuse_a_broken_report() -> None:
    doc = json.loads(get_reporter("gitlab").render(sample_report()))
    broken = copy.deepcopy(doc)
    broken[0]["severity"] = "error"
    broken[1]["location"]["path"] = "/abs/x.csv"
    broken[2]["fingerprint"] = broken[3]["fingerprint"]
    del broken[4]["location"]["lines"]
    assert len(gitlab_errors(broken)) == 4


def test_gitlab_a_figure_stated_twice_gets_two_fingerprints() -> None:
    import dataclasses

    report = sample_report()
    twice = dataclasses.replace(report, findings=(report.findings[3], report.findings[3]))
    doc = json.loads(get_reporter("gitlab").render(twice))
    assert len({d["fingerprint"] for d in doc}) == 2


def test_sarif_a_counterpart_is_a_related_location() -> None:
    import dataclasses

    report = sample_report()
    finding = dataclasses.replace(
        report.findings[3],
        counterpart={
            "dataset": "staten",
            "where": {},
            "value": 1,
            "bron": "staten.csv:7",
            "label": "Artikel 7",
        },
    )
    doc = json.loads(get_reporter("sarif").render(dataclasses.replace(report, findings=(finding,))))
    assert sarif_errors(doc) == []
    (related,) = doc["runs"][0]["results"][0]["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "staten.csv"
    assert related["physicalLocation"]["region"] == {"startLine": 7}
    assert related["message"]["text"] == "counterpart in staten: Artikel 7"


def test_sarif_files_a_likely_cause_under_its_own_rule() -> None:
    """A likely cause is no check of a rule: filed as its first consequence's rule, a
    scanning service would show that rule failing at a place where it may hold. It gets its
    own descriptor, names the rules it explains, and the log still validates."""
    import dataclasses

    from sluitend.engine.localize import LIKELY_CAUSE
    from sluitend.report.sarif import LIKELY_CAUSE_ID

    sample = sample_report()
    total, *others = sample.findings
    explained = (dataclasses.replace(total, consequences=()), *total.consequences)
    assert [f.rule for f in explained] == ["BT001", "BT002"]
    cause = dataclasses.replace(
        total,
        kind=LIKELY_CAUSE,
        message="Likely cause of 2 failing checks",
        consequences=explained,
    )
    report = dataclasses.replace(sample, findings=(cause, *others))
    doc = json.loads(get_reporter("sarif").render(report))
    assert sarif_errors(doc) == []
    (run,) = doc["runs"]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    rules = dict(zip(ids, run["tool"]["driver"]["rules"], strict=True))
    assert rules[LIKELY_CAUSE_ID]["shortDescription"]["text"] == (
        "Likely cause of several failed checks"
    )
    assert rules[LIKELY_CAUSE_ID]["defaultConfiguration"]["level"] == "error"
    first, *rest = run["results"]
    assert first["ruleId"] == LIKELY_CAUSE_ID and ids[first["ruleIndex"]] == LIKELY_CAUSE_ID
    assert first["properties"]["explains"] == ["BT001", "BT002"]
    # The checks it explains stay results of their own rules.
    assert [r["ruleId"] for r in rest[:2]] == ["BT001", "BT002"]
    assert ids[rest[0]["ruleIndex"]] == "BT001"
