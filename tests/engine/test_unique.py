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


def test_rows_looked_at_in_blocks_find_what_one_block_finds(monkeypatch) -> None:
    from sluitend.engine.checks import unique

    # Repeats whose first occurrence lies blocks earlier, a repeated block across a block
    # boundary, rows out of scope on both sides of one.
    rows = [*BLOCK, ("7.4", "", "", "U", 2022, 1), *BLOCK, ("7.4", "", "", "V", 2022, 1)]
    rows += [("7.2", "", "", "U", 2022, 2), ("7.4", "", "", "V", 2022, 3)]
    scoped = RULE + "where = \"vuo == 'U'\"\n"

    def seen(rule: str) -> list[tuple[str, str, str]]:
        report = run(rule, table(rows))
        return [(f.bron, f.message, f.severity) for f in flat(report)] + [
            (str(report.results[0].checked), str(report.results[0].failed), "")
        ]

    whole, whole_scoped = seen(RULE), seen(scoped)
    assert len(whole) == 4 and whole_scoped != whole  # 3 findings; V's repeat out of scope
    for block in (1, 2, 3, 5):
        monkeypatch.setattr(unique, "_BLOCK", block)
        assert seen(RULE) == whole and seen(scoped) == whole_scoped, block
