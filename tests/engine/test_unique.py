"""The unique check: the same figure twice is an error pointing at the first occurrence."""

from __future__ import annotations

from tests.engine.budget import flat, run, table

RULE = """
[[rules]]
id = "D"
kind = "unique"
dataset = "begrotingstabel"
"""


def test_repeated_figure_fails_after_the_first() -> None:
    rows = [
        ("7.1", "", "", "U", 2022, 5),
        ("7.2", "", "", "U", 2022, 5),
        ("7.1", "", "", "U", 2022, 6),
        ("7.1", "", "", "U", 2022, 5),
        ("7.1", "", "", "V", 2022, 5),
    ]
    findings = flat(run(RULE, table(rows)))
    assert [(f.bron, f.expected) for f in findings] == [("t.csv:4", None), ("t.csv:5", None)]
    assert findings[0].message.endswith("first at t.csv:2")
