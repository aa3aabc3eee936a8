"""The engine's bulk constructor makes the same finding as the dataclass constructor."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from sluitend.engine.findings import Finding, FindingList, FindingPart, Report
from sluitend.report.document import finding_document


def test_from_view_equals_the_constructor() -> None:
    where = {"hoofdstuk": "VII", "artikel": "7", "vuo": "U", "jaar": 2023}
    args = ("BT001", "error", "t", where, 181678, 226678, 45000, 2.0, "msg", "t.csv:9", (), "7.1")
    made = Finding(*args)
    fast = Finding.from_view(*args[:3], MappingProxyType(dict(where)), *args[4:])
    assert fast == made
    assert finding_document(fast) == finding_document(made)
    assert dataclasses.replace(fast, severity="warning").severity == "warning"
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.rule = "BT002"  # type: ignore[misc]
    with pytest.raises(ValueError):  # a value short: never a finding with a field unset
        Finding.from_view(*args[:3], MappingProxyType(dict(where)), *args[4:-1])


def _finding(rule: str, severity: str, row: int) -> Finding:
    where = {"artikel": "7", "jaar": 2020 + row}
    return Finding(rule, severity, "t", where, 1, 2, 1, 0, f"m{row}", f"t.csv:{row}")


def test_finding_list_builds_parts_when_read() -> None:
    built: list[str] = []

    def part(rule: str, severity: str, n: int) -> FindingPart:
        def build() -> list[Finding]:
            built.append(rule)
            return [_finding(rule, severity, i) for i in range(n)]

        return FindingPart(n, severity, build)

    eager = FindingPart.of([_finding("SCHEMA", "error", 0)])
    findings = FindingList([eager, part("BT001", "error", 3), part("BT010", "warning", 2)])
    report = Report(findings=findings, results=(), datasets=())
    # Counting, gating and looking for causes build nothing.
    assert len(findings) == 6
    assert (report.count("error"), report.count("warning"), report.worst()) == (4, 2, 3)
    assert report.causes() == [] and built == []
    # Reading one finding builds its part only; reading all builds the rest once.
    assert findings[4].rule == "BT010" and built == ["BT010"]
    everything = tuple(findings)
    assert [f.rule for f in everything] == ["SCHEMA"] + ["BT001"] * 3 + ["BT010"] * 2
    assert built == ["BT010", "BT001"]
    assert findings == everything and findings[-1] == everything[-1]
    assert findings[1:3] == everything[1:3]
    assert report.count("error") == 4  # the same once built


def test_a_part_that_builds_another_count_is_a_bug() -> None:
    findings = FindingList([FindingPart(2, "error", lambda: [_finding("BT001", "error", 0)])])
    with pytest.raises(RuntimeError, match="promised 2"):
        list(findings)


def test_a_slice_builds_only_the_parts_it_takes_and_counts_never_walk() -> None:
    built: list[str] = []
    walked: list[str] = []

    class Watched(tuple):  # type: ignore[type-arg]
        """A part's findings that note when a count walks them."""

        def __iter__(self):  # type: ignore[no-untyped-def]
            walked.append("iter")
            return super().__iter__()

    def part(rule: str, severity: str, n: int) -> FindingPart:
        def build() -> list[Finding]:
            built.append(rule)
            return Watched(_finding(rule, severity, i) for i in range(n))

        return FindingPart(n, severity, build)

    findings = FindingList([part("A", "error", 3), part("B", "warning", 2), part("C", "info", 4)])
    assert [f.message for f in findings[3:5]] == ["m0", "m1"] and built == ["B"]
    assert [f.rule for f in findings[2:6]] == ["A", "B", "B", "C"] and built == ["B", "A", "C"]
    everything = tuple(findings)
    assert (
        findings[1:8] == everything[1:8]
        and findings[5:2] == ()
        and findings[::2] == everything[::2]
    )
    walked.clear()
    report = Report(findings=findings, results=(), datasets=())
    counts = [report.count(s) for s in ("error", "warning", "info")]
    assert counts == [3, 2, 4] and report.causes() == [] and walked == []


def test_from_columns_equals_the_constructor() -> None:
    wheres = [{"artikel": "7", "jaar": 2020 + i} for i in range(3)]
    rows = [
        ("BT001", "error", "t", w, 1, 2 + i, 1 + i, 0, f"m{i}", f"t.csv:{i}", (), f"l{i}")
        for i, w in enumerate(wheres)
    ]
    columns = [list(c) for c in zip(*rows, strict=True)]
    columns[3] = [MappingProxyType(dict(w)) for w in wheres]
    fast = Finding.from_columns(*columns)
    assert fast == [Finding(*r) for r in rows]
    assert [vars(f) for f in fast] == [vars(Finding(*r)) for r in rows]  # same dict order
    assert fast[0] is not fast[1] and vars(fast[0]) is not vars(fast[1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast[0].rule = "BT002"  # type: ignore[misc]
    with pytest.raises(ValueError):  # a column short or missing: never a field unset
        Finding.from_columns(*columns[:-1])
    with pytest.raises(ValueError):
        Finding.from_columns(*columns[:-1], columns[-1][:2])
    assert Finding.from_columns(*([[]] * len(columns))) == []


def test_a_mixed_part_counts_its_checks_and_their_consequences_once() -> None:
    checks = [_finding("BT001", s, i) for i, s in enumerate(["error", "warning", "error"])]
    cause = dataclasses.replace(
        _finding("BT001", "error", 9), kind="likely cause", consequences=tuple(checks[1:])
    )
    walked: list[int] = []

    def build() -> list[Finding]:
        walked.append(1)
        return [checks[0], cause, _finding("BT002", "info", 5)]

    findings = FindingList([FindingPart(3, None, build), FindingPart.of([checks[0]])])
    report = Report(findings=findings, results=(), datasets=())
    # The cause groups a warning and an error: they count, the cause itself does not.
    counts = [report.count(s) for s in ("error", "warning", "info", "error")]
    assert counts == [3, 1, 1, 3] and walked == [1]
