"""The report document's coverage: the first unchecked figures listed, the rest counted."""

from __future__ import annotations

import inspect
import json

import jsonschema
import pytest

from sluitend.api import Report
from sluitend.datasets.bundled import load_bundled
from sluitend.engine.runner import validate
from sluitend.report.document import UNCHECKED_LISTED, coverage_document, report_document
from sluitend.report.json_report import JsonReporter, schema
from sluitend.rules.loader import load_pack


def _report():
    return validate(load_bundled("bzk-2022-art7"), load_pack("rijksbegroting"))


def test_the_list_is_bounded_and_says_how_many_it_leaves_out() -> None:
    coverage = _report().datasets[0].coverage
    full = coverage_document(coverage, None)
    few = coverage_document(coverage, 5)
    total = coverage.figures - coverage.checked
    assert full["unchecked_total"] == few["unchecked_total"] == total == 14
    assert sum(full["reasons"].values()) == total
    assert (len(full["unchecked"]), full["unchecked_omitted"]) == (total, 0)
    assert (len(few["unchecked"]), few["unchecked_omitted"]) == (5, total - 5)
    assert few["unchecked"] == full["unchecked"][:5]  # the first ones, in frame order
    assert coverage_document(coverage, 0)["unchecked"] == []


def test_the_full_list_is_one_record_per_unchecked_row_of_the_frame() -> None:
    report = _report()
    coverage = report.datasets[0].coverage
    frame = report.frames[report.datasets[0].name]
    listed = coverage_document(coverage, None)["unchecked"]
    not_checked = coverage.unchecked.reason_per_row(len(frame)) >= 0
    assert [u["bron"] for u in listed] == frame["bron"][not_checked].tolist()
    assert [u["label"] for u in listed] == frame["label"][not_checked].tolist()
    assert [u["where"]["jaar"] for u in listed] == frame["jaar"][not_checked].tolist()
    assert {u["reason"] for u in listed} == set(coverage.reasons)


def test_the_reporter_lists_the_default_unless_told_and_both_match_the_schema() -> None:
    report = _report()
    default = report_document(report)
    every = report_document(report, None)
    assert default["version"] == every["version"] == 2
    for doc in (default, every, report_document(report, 3)):
        jsonschema.validate(doc, schema())
    assert JsonReporter().options["max_unchecked"] == UNCHECKED_LISTED
    three = JsonReporter(max_unchecked=3).render(report)
    assert '"unchecked_omitted": 11' in three


def test_version_1_is_still_described_for_documents_written_before() -> None:
    old = schema(1)
    assert old["properties"]["version"] == {"const": 1}
    assert "unchecked_total" not in old["$defs"]["coverage"]["properties"]
    assert schema()["properties"]["version"] == {"const": 2}


def test_the_schema_refuses_a_coverage_that_does_not_say_what_it_leaves_out() -> None:
    doc = report_document(_report(), 5)
    coverage = doc["datasets"][0]["coverage"]
    del coverage["unchecked_omitted"]
    with pytest.raises(jsonschema.ValidationError, match="unchecked_omitted"):
        jsonschema.validate(doc, schema())


def test_the_python_report_lists_the_same_and_all_when_asked() -> None:
    report = Report.of(_report())
    assert report.to_dict() == report_document(report)
    every = report.to_dict(unchecked=None)["datasets"][0]["coverage"]
    assert (len(every["unchecked"]), every["unchecked_omitted"]) == (14, 0)
    default = inspect.signature(Report.to_dict).parameters["unchecked"].default
    assert default == UNCHECKED_LISTED


def test_the_schema_names_every_registered_dataset_kind() -> None:
    """A new domain's kinds must be added to the schema, or its JSON reports fail it."""
    from sluitend.vocabulary import DATASET_KINDS

    kinds = schema()["$defs"]["dataset"]["properties"]["kind"]["enum"]
    assert sorted(kinds) == sorted(DATASET_KINDS)


def test_an_iv3_report_matches_the_schema(tmp_path) -> None:
    """The JSON report of a real Iv3 excerpt (kind `iv3`) is a valid version 2 document."""
    from pathlib import Path

    from click.testing import CliRunner

    from sluitend.cli import main

    excerpt = Path(__file__).parents[1] / "data" / "iv3" / "begroting_2024_excerpt.csv"
    out = tmp_path / "iv3.json"
    args = ["validate", str(excerpt), "--rules", "iv3", "--boekjaar", "2024"]
    result = CliRunner().invoke(main, [*args, "--format", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output  # the excerpt holds real defects
    doc = json.loads(out.read_text("utf-8"))
    assert {d["kind"] for d in doc["datasets"]} == {"iv3"}
    jsonschema.validate(doc, schema())


def test_finding_documents_are_each_findings_document() -> None:
    """Made column by column, the documents are `finding_document`'s, key order included,
    for plain checks and for findings with hints, a kind, consequences or a counterpart."""
    from dataclasses import replace

    from report_sample import sample_report

    from sluitend.report.document import finding_document, finding_documents

    findings = list(sample_report().all_findings())
    plain = findings[0]
    findings += [
        replace(plain, kind="likely cause", consequences=(plain,)),
        replace(plain, counterpart={"dataset": "b", "where": {"jaar": 2016}}),
        replace(plain, where={"jaar": 2017, "artikel": "1"}, expected=None, actual=2.5),
    ]
    want = [finding_document(f) for f in findings]
    got = finding_documents(findings)
    assert got == want
    assert [list(d) for d in got] == [list(d) for d in want]
    assert any(d["hints"] for d in got) and any("kind" in d for d in got)
    assert got[0]["hints"] is not got[1]["hints"]  # each document its own list
    assert finding_documents([]) == []
    from sluitend.report.document import finding_records
    from sluitend.report.jsonstream import Records

    plain_ones = [f for f, d in zip(findings, want, strict=True) if len(d) == 12 and not d["hints"]]
    records = finding_records(plain_ones)
    assert isinstance(records, Records) and records.rows() == [
        finding_document(f) for f in plain_ones
    ]
    assert finding_records(findings) == want  # not all plain: the documents
