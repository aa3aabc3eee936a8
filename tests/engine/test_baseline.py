"""Baselines: stable fingerprints, the file round trip, bad files, and applying one."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sluitend.engine.baseline import (
    Baseline,
    apply_baseline,
    baseline_from,
    fingerprint,
    read_baseline,
    write_baseline,
)
from sluitend.engine.findings import BaselineApplied, DatasetSummary, Finding, Report, RuleResult
from sluitend.errors import InputError


def where(jaar: int = 2023, **levels: Any) -> dict[str, Any]:
    base = {
        "hoofdstuk": "VII",
        "artikel": "7",
        "onderdeel": "",
        "instrument": "",
        "regeling": "",
        "omschrijving": "",
        "vuo": "U",
        "jaar": jaar,
    }
    return {**base, **levels}


def finding(rule: str = "BT001", jaar: int = 2023, severity: str = "error", **kw: Any) -> Finding:
    fields: dict[str, Any] = {
        "rule": rule,
        "severity": severity,
        "dataset": "bzk-2022-art7",
        "where": where(jaar),
        "expected": 100,
        "actual": 110,
        "difference": 10,
        "tolerance": 1,
        "message": f"{rule} {jaar} is off",
        "bron": f"bzk.csv:{jaar - 2000}",
    }
    fields.update(kw)
    return Finding(**fields)


def report(*findings: Finding) -> Report:
    results = tuple(
        RuleResult(
            rule,
            rule,
            "hierarchy",
            "error",
            "bzk-2022-art7",
            checked=50,
            failed=sum(
                1
                for f in findings
                for x in (f, *f.consequences)
                if x.rule == rule and x.severity != "info"
            ),
        )
        for rule in ("BT001", "BT002")
    )
    return Report(
        findings=findings,
        results=results,
        datasets=(DatasetSummary("bzk-2022-art7", "begrotingstabel", "bzk.csv", 1000, 50),),
        ruleset="rijksbegroting",
    )


# --- fingerprint --------------------------------------------------------------------------


def test_fingerprint_is_pinned() -> None:
    # A changed algorithm would orphan every baseline in every repository: keep it fixed.
    # sha256 of '["BT001","bzk-2022-art7",[["artikel","7"],["hoofdstuk","VII"],
    # ["jaar","2023"],["vuo","U"]]]' (empty levels left out, values as text, keys sorted).
    assert fingerprint(finding()) == (
        "453f4672ff4d36d6a128a34e9fd3e125f493c4e73196fba1e579f9154b76766b"
    )


def test_fingerprint_ignores_bron_amounts_message_severity_label() -> None:
    a = finding()
    b = dataclasses.replace(
        a,
        bron="moved.csv:99",
        expected=1,
        actual=2,
        difference=1,
        message="other",
        severity="warning",
        label="x",
        tolerance=5,
    )
    assert fingerprint(a) == fingerprint(b)


@pytest.mark.parametrize(
    "change",
    [
        {"rule": "BT002"},
        {"dataset": "other"},
        {"where": where(2024)},
        {"where": where(onderdeel="7.1")},
        {"where": where(vuo="V")},
    ],
)
def test_fingerprint_depends_on_rule_dataset_and_key(change: dict[str, Any]) -> None:
    a = finding()
    assert fingerprint(a) != fingerprint(dataclasses.replace(a, **change))


def test_fingerprint_normalises_types_and_empty_levels() -> None:
    a = finding()
    same = [
        {**where(), "jaar": np.int64(2023)},
        {**where(), "jaar": "2023"},
        {**where(), "jaar": 2023.0},
        {k: v for k, v in where().items() if v != ""},
        {**where(), "waarvan": False},
        dict(reversed(list(where().items()))),
    ]
    for w in same:
        assert fingerprint(dataclasses.replace(a, where=w)) == fingerprint(a), w
    assert fingerprint(dataclasses.replace(a, where={**where(), "waarvan": True})) != (
        fingerprint(a)
    )


def test_fingerprint_dataset_override() -> None:
    a = finding()
    other = dataclasses.replace(a, dataset="copy")
    assert fingerprint(other, dataset="bzk-2022-art7") == fingerprint(a)


# --- file ---------------------------------------------------------------------------------


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    r = report(finding(jaar=2020), finding(jaar=2021, consequences=(finding("BT002"),)))
    path = tmp_path / "baseline.json"
    written = write_baseline(r, path)
    doc = json.loads(path.read_text("utf-8"))
    assert doc["version"] == 1
    assert doc["created_by"].startswith("sluitend ")
    assert doc["ruleset"] == "rijksbegroting"
    assert [e["rule"] for e in doc["findings"]] == ["BT001", "BT001", "BT002"]
    assert set(doc["findings"][0]) == {"fingerprint", "rule", "dataset", "where", "message"}
    assert "bron" not in path.read_text("utf-8")
    read = read_baseline(path)
    assert read.entries == written.entries
    assert read.path == str(path)
    # Writing twice gives the same bytes: no timestamps, stable order.
    first = path.read_bytes()
    write_baseline(r, path)
    assert path.read_bytes() == first


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "b.json"
    path.write_text(text, "utf-8")
    return path


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.json: baseline file not found"):
        read_baseline(tmp_path / "nope.json")


def test_read_bad_json_names_line(tmp_path: Path) -> None:
    path = _write(tmp_path, '{\n  "version": 1,\n  "findings": [,]\n}\n')
    with pytest.raises(InputError) as err:
        read_baseline(path)
    assert err.value.line == 3
    assert str(err.value).startswith(f"{path}:3: not valid JSON")


def test_read_wrong_version(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"version": 2, "findings": []}')
    with pytest.raises(InputError, match='expected a sluitend baseline with "version": 1, got 2'):
        read_baseline(path)
    with pytest.raises(InputError, match="got 'list'"):
        read_baseline(_write(tmp_path, "[]"))


def test_read_lists_every_bad_entry(tmp_path: Path) -> None:
    good = baseline_from(report(finding())).entries[0].to_dict()
    tampered = {**good, "where": where(2030)}
    doc = {
        "version": 1,
        "findings": [
            good,
            3,
            {"rule": 1, "dataset": "d", "where": {}, "message": "m", "extra": 0},
            tampered,
        ],
    }
    with pytest.raises(InputError) as err:
        read_baseline(_write(tmp_path, json.dumps(doc)))
    text = str(err.value)
    assert "findings[1]: expected an object, got int" in text
    assert "findings[2]: key 'rule': expected str" in text
    assert "findings[2]: unknown key 'extra'" in text
    assert "findings[3]: fingerprint does not match its rule, dataset and where" in text
    assert "findings[0]" not in text


def test_read_accepts_entries_without_fingerprint(tmp_path: Path) -> None:
    good = baseline_from(report(finding())).entries[0].to_dict()
    del good["fingerprint"]
    read = read_baseline(_write(tmp_path, json.dumps({"version": 1, "findings": [good]})))
    assert read.entries[0].fingerprint == fingerprint(finding())


# --- apply --------------------------------------------------------------------------------


def test_same_findings_again_are_all_suppressed() -> None:
    r = report(finding(jaar=2020), finding(jaar=2021))
    new, gone = apply_baseline(r, baseline_from(r, "b.json"))
    assert new.findings == ()
    assert gone == []
    assert new.baseline == BaselineApplied("b.json", suppressed=2, disappeared=0)
    assert not new.fails("error")
    assert [x.failed for x in new.results] == [0, 0]


def test_a_changed_figure_gives_exactly_the_new_finding_and_the_moved_line_does_not() -> None:
    old = report(finding(jaar=2020), finding(jaar=2021))
    moved = dataclasses.replace(old.findings[0], bron="bzk.csv:500", actual=999)
    fresh = finding(jaar=2022)
    new, gone = apply_baseline(report(moved, old.findings[1], fresh), baseline_from(old))
    assert new.findings == (fresh,)
    assert gone == []
    assert new.fails("error")
    assert new.results[0].failed == 1


def test_fixed_findings_are_listed_as_disappeared() -> None:
    old = report(finding(jaar=2020), finding(jaar=2021))
    new, gone = apply_baseline(report(finding(jaar=2021)), baseline_from(old))
    assert new.findings == ()
    assert [e.where["jaar"] for e in gone] == [2020]
    assert new.baseline is not None and new.baseline.disappeared == 1


def test_matching_counts_duplicates() -> None:
    twice = report(finding(), finding())
    new, gone = apply_baseline(report(finding(), finding(), finding()), baseline_from(twice))
    assert len(new.findings) == 1
    new, gone = apply_baseline(report(finding()), baseline_from(twice))
    assert new.findings == () and len(gone) == 1


def test_known_cause_with_new_consequence_promotes_the_consequence() -> None:
    cause = finding(jaar=2020)
    old = report(cause)
    consequence = finding("BT002", jaar=2020)
    new, _ = apply_baseline(
        report(dataclasses.replace(cause, consequences=(consequence,))), baseline_from(old)
    )
    assert new.findings == (consequence,)
    # A new cause keeps only its new consequences.
    known_consequence = finding("BT002", jaar=2021)
    old = report(finding(jaar=2019, consequences=(known_consequence,)))
    fresh = finding(jaar=2021, consequences=(known_consequence, consequence))
    new, _ = apply_baseline(report(fresh), baseline_from(old))
    assert new.findings == (dataclasses.replace(fresh, consequences=(consequence,)),)


def test_empty_baseline_changes_nothing_but_extra() -> None:
    r = report(finding())
    new, gone = apply_baseline(r, Baseline(()))
    assert new.findings == r.findings and gone == []
    assert new.results == r.results


@given(
    st.lists(st.tuples(st.sampled_from(["BT001", "BT002"]), st.integers(2015, 2030)), max_size=12),
    st.lists(st.tuples(st.sampled_from(["BT001", "BT002"]), st.integers(2015, 2030)), max_size=12),
)
def test_new_findings_are_exactly_the_multiset_difference(
    before: list[tuple[str, int]], after: list[tuple[str, int]]
) -> None:
    from collections import Counter

    old = report(*(finding(r, j) for r, j in before))
    new_report, gone = apply_baseline(
        report(*(finding(r, j) for r, j in after)), baseline_from(old)
    )
    kept = Counter((f.rule, f.where["jaar"]) for f in new_report.findings)
    assert kept == Counter(after) - Counter(before)
    assert Counter((e.rule, e.where["jaar"]) for e in gone) == Counter(before) - Counter(after)


def test_a_copied_file_is_matched_to_its_baseline_dataset(tmp_path: Path) -> None:
    old = report(finding(jaar=2020), finding(jaar=2021))
    path = tmp_path / "b.json"
    write_baseline(old, path)
    assert json.loads(path.read_text("utf-8"))["datasets"] == [
        {"name": "bzk-2022-art7", "kind": "begrotingstabel"}
    ]

    def copy(f: Finding) -> Finding:
        return dataclasses.replace(f, dataset="kopie", bron=f"kopie.csv:{f.where['jaar']}")

    fresh = copy(finding(jaar=2022))
    renamed = dataclasses.replace(
        report(copy(old.findings[0]), copy(old.findings[1]), fresh),
        datasets=(DatasetSummary("kopie", "begrotingstabel", "kopie.csv", 1000, 50),),
    )
    new, gone = apply_baseline(renamed, read_baseline(path))
    assert new.findings == (fresh,) and gone == []
    assert new.baseline is not None and new.baseline.renamed == {"bzk-2022-art7": "kopie"}
    # With an explicit empty rename nothing matches: the dataset is part of the identity.
    new, gone = apply_baseline(renamed, read_baseline(path), rename={})
    assert len(new.findings) == 3 and len(gone) == 2


def test_no_rename_when_the_pairing_is_ambiguous() -> None:
    old = report(finding())
    baseline = dataclasses.replace(
        baseline_from(old), datasets={"a": "begrotingstabel", "b": "begrotingstabel"}
    )
    two = dataclasses.replace(
        report(),
        datasets=(
            DatasetSummary("c", "begrotingstabel", "c.csv", 1000, 1),
            DatasetSummary("d", "begrotingstabel", "d.csv", 1000, 1),
        ),
    )
    new, _ = apply_baseline(two, baseline)
    assert new.baseline is not None and new.baseline.renamed == {}


def test_failed_count_never_below_the_findings_still_shown() -> None:
    old = report(finding(jaar=2020))
    r = dataclasses.replace(
        report(finding(jaar=2020), finding(jaar=2021)),
        results=(RuleResult("BT001", "t", "hierarchy", "error", "bzk-2022-art7", 50, 1),),
    )
    new, _ = apply_baseline(r, baseline_from(old))
    assert new.results[0].failed == 1


def test_bad_datasets_key(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="key 'datasets': expected a list"):
        read_baseline(_write(tmp_path, '{"version": 1, "findings": [], "datasets": {}}'))
