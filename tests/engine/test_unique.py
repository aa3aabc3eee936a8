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


BLOCK = [
    ("7.1", "", "", "U", 2022, 5),
    ("7.2", "", "", "U", 2022, 6),
    ("7.3", "", "", "U", 2022, 7),
]


def test_a_block_printed_twice_is_one_finding_naming_both_ranges() -> None:
    report = run(RULE, table([*BLOCK, ("7.4", "", "", "U", 2022, 1), *BLOCK]))
    (finding,) = flat(report)
    assert finding.bron == "t.csv:6" and finding.where["onderdeel"] == "7.1"
    assert finding.message.endswith(
        "and the 2 figures after it, to t.csv:8: a repeated block; the same 3 figures appear "
        "first from t.csv:2 to t.csv:4"
    )
    assert report.results[0].failed == 1 and report.results[0].checked == 7


def test_repeats_in_another_order_are_findings_of_their_own() -> None:
    # Not a copy of a block: each repeat points at its own first occurrence.
    findings = flat(run(RULE, table([*BLOCK, *reversed(BLOCK)])))
    assert [(f.bron, f.message.rsplit(" ", 1)[1]) for f in findings] == [
        ("t.csv:5", "t.csv:4"),
        ("t.csv:6", "t.csv:3"),
        ("t.csv:7", "t.csv:2"),
    ]
