"""`hierarchy` honours a relative tolerance: a share of the lines' sum."""

from __future__ import annotations

from tests.engine.budget import flat, run, table

RULE = """
[[rules]]
id = "H"
kind = "hierarchy"
dataset = "begrotingstabel"
tolerance = {{ relative = 0.1 }}
"""


def rows(total: int) -> list[tuple[str, str, str, str, int, int]]:
    return [
        ("", "", "", "U", 2022, total),
        ("7.1", "", "", "U", 2022, 60),
        ("7.2", "", "", "U", 2022, 30),
    ]


def test_within_the_relative_bound_passes() -> None:
    assert flat(run(RULE.format(), table(rows(99)))) == []  # 9 off, 10% of 90 is 9
    assert flat(run(RULE.format(), table(rows(81)))) == []


def test_beyond_the_relative_bound_fails() -> None:
    findings = flat(run(RULE.format(), table(rows(100))))
    assert [(f.expected, f.actual, f.difference) for f in findings] == [(90, 100, 10)]
    assert flat(run(RULE.format(), table(rows(80))))
