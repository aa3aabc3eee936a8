"""The `sum` check on what the mutation run found unpinned: memo lines and the total itself
never count as parts, a last group without parts, the tolerance's relative part and the
rounding steps, and the statistical bound over the parts (CONTRIBUTING.md)."""

from __future__ import annotations

from tests.engine.budget import flat, run, table

RULE = """
[[rules]]
id = "S"
kind = "sum"
dataset = "begrotingstabel"
total = {{ onderdeel = "" }}
parts = "{parts}"
by = ["vuo", "jaar"]
{extra}
"""


def sum_rule(parts: str = "onderdeel != ''", extra: str = "") -> str:
    return RULE.format(parts=parts, extra=extra)


ROWS = [
    ("", "", "", "U", 2022, 90),
    ("7.1", "", "", "U", 2022, 60),
    ("7.2", "", "", "U", 2022, 30),
]


def test_memo_lines_are_never_parts() -> None:
    rows = [*ROWS, ("7.2", "", "waarvan ICT", "U", 2022, 25)]
    assert flat(run(sum_rule(), table(rows, waarvan=[3]))) == []
    findings = flat(run(sum_rule(), table(rows)))  # the same line as a plain part
    assert [(f.expected, f.actual) for f in findings] == [(115, 90)]


def test_the_total_is_never_its_own_part() -> None:
    # `parts` selects every row, the total's included: the total is still left out.
    report = run(sum_rule(parts="jaar > 0"), table(ROWS))
    assert flat(report) == [] and report.results[0].checked == 1


def test_a_total_in_the_last_group_without_parts() -> None:
    # jaar 2023 is the last group and has a total but no parts: the sum of nothing.
    rows = [*ROWS, ("", "", "", "U", 2023, 5)]
    report = run(sum_rule(extra='missing = "always_zero"'), table(rows))
    assert [(f.where["jaar"], f.expected, f.actual) for f in flat(report)] == [(2023, 0, 5)]
    assert report.results[0].checked == 2


def test_non_zero_checks_a_total_or_parts_that_are_not_all_zero() -> None:
    rows = [*ROWS, ("", "", "", "U", 2023, 5), ("", "", "", "U", 2024, 5)]
    rows.append(("7.1", "", "", "U", 2024, 0))
    report = run(sum_rule(extra='missing = "non_zero"'), table(rows))
    # 2023: no parts, but a non-zero total: checked against 0; 2024: part 0, total 5.
    assert sorted((f.where["jaar"], f.expected) for f in flat(report)) == [(2023, 0), (2024, 0)]
    rows[-2] = ("", "", "", "U", 2024, 0)
    report = run(sum_rule(extra='missing = "non_zero"'), table(rows))
    # 2024 now: total 0 and a zero part: nothing non-zero, not checked.
    assert [f.where["jaar"] for f in flat(report)] == [2023]
    assert report.results[0].checked == 2


def test_a_relative_tolerance_is_a_share_of_the_parts_sum() -> None:
    rows = list(ROWS)
    rows[0] = ("", "", "", "U", 2022, 99)  # 9 off, 10% of 90
    assert flat(run(sum_rule(extra="tolerance = { relative = 0.1 }"), table(rows))) == []
    rows[0] = ("", "", "", "U", 2022, 100)
    assert flat(run(sum_rule(extra="tolerance = { relative = 0.1 }"), table(rows)))


def test_rounding_steps_of_the_parts_widen_the_bound() -> None:
    rows = list(ROWS)
    rows[0] = ("", "", "", "U", 2022, 190)  # 100 off
    coarse = table(rows).assign(afronding=100)  # (100 + 2 * 100) / 2 = 150 allowed
    findings = flat(run(sum_rule(extra='tolerance = "rounding"'), coarse))
    assert [f.severity for f in findings] == ["info"]
    fine = flat(run(sum_rule(extra='tolerance = "rounding"'), table(rows)))
    assert [f.severity for f in fine] == ["error"]


def test_the_statistical_bound_counts_the_parts() -> None:
    # 36 parts: worst case 18.5, four standard deviations of 37 roundings 7.0.
    rows = [("", "", "", "U", 2022, 36 * 10 + 10)] + [
        (f"7.{i}", "", "", "U", 2022, 10) for i in range(36)
    ]
    rule = sum_rule(extra="tolerance = { rounding = true, sigma = 4 }")
    (finding,) = flat(run(rule, table(rows)))
    assert finding.severity == "warning"  # within the worst case, beyond the statistical one
    rows[0] = ("", "", "", "U", 2022, 36 * 10 + 5)
    assert [f.severity for f in flat(run(rule, table(rows)))] == ["info"]


def test_a_frame_without_memo_lines_sums_every_part() -> None:
    # A frame without the `waarvan` column: no line is a memo line.
    frame = table([*ROWS, ("7.3", "", "", "U", 2022, 5)]).drop(columns="waarvan")
    findings = flat(run(sum_rule(), frame))
    assert [(f.expected, f.actual) for f in findings] == [(95, 90)]


def test_non_zero_checks_a_zero_total_with_one_non_zero_part() -> None:
    rows = [*ROWS, ("", "", "", "U", 2024, 0), ("7.1", "", "", "U", 2024, 5)]
    report = run(sum_rule(extra='missing = "non_zero"'), table(rows))
    assert [(f.where["jaar"], f.expected, f.actual) for f in flat(report)] == [(2024, 5, 0)]
    assert report.results[0].checked == 2


def test_the_rounding_bound_is_half_a_unit_per_figure() -> None:
    # Two parts and the total: 3 roundings of at most 0.5 allow 1.5, so 2 off is an error
    # and 1 off is within the bound.
    rows = list(ROWS)
    rows[0] = ("", "", "", "U", 2022, 92)
    rule = sum_rule(extra='tolerance = "rounding"')
    assert [f.severity for f in flat(run(rule, table(rows)))] == ["error"]
    rows[0] = ("", "", "", "U", 2022, 91)
    assert [f.severity for f in flat(run(rule, table(rows)))] == ["info"]
