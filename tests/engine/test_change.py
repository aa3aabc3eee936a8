"""The change check: year over year within a document, and across begrotingsjaren."""

from __future__ import annotations

import pandas as pd

from sluitend.engine.findings import NOTHING_CHECKED
from tests.engine.budget import flat, run, table

RULE = """
[[rules]]
id = "YOY"
kind = "change"
dataset = "begrotingstabel"
relative = 0.5
severity = "warning"
"""


def test_a_change_of_more_than_half_is_a_warning() -> None:
    rows = [
        ("", "", "", "U", 2020, 100),
        ("", "", "", "U", 2021, 150),
        ("", "", "", "U", 2022, 240),
    ]
    (finding,) = flat(run(RULE, table(rows)))
    assert (finding.where["jaar"], finding.expected, finding.actual) == (2022, 150, 240)
    assert finding.severity == "warning"
    assert finding.message == (
        "U (uitgaven) 2022: 240 against 150 in 2021, a change of +90 (+60%); allowed at most 75"
    )


def test_only_consecutive_years_of_the_same_line_are_compared() -> None:
    rows = [
        ("7.1", "", "", "U", 2020, 100),
        ("7.1", "", "", "U", 2022, 1000),  # no 2021: not checked
        ("7.2", "", "", "U", 2021, 5000),  # another line
        ("7.1", "", "", "V", 2021, 9000),  # another vuo
    ]
    report = run(RULE, table(rows))
    # Nothing compared is no tick: one warning saying why, and no finding on a figure.
    (idle,) = flat(report)
    assert report.results[0].checked == 0 and idle.label == NOTHING_CHECKED
    assert (idle.severity, idle.bron, dict(idle.where)) == ("warning", "", {})
    assert idle.message == (
        "YOY checks nothing: no figure has one of the same line in the year before it"
    )


def test_absolute_and_relative_must_both_be_exceeded() -> None:
    rule = RULE + "absolute = 100\n"
    rows = [
        ("7.1", "", "", "U", 2021, 10),
        ("7.1", "", "", "U", 2022, 40),  # +300% but only 30
        ("7.2", "", "", "U", 2021, 1000),
        ("7.2", "", "", "U", 2022, 1600),  # +60% and 600
    ]
    assert [f.where["onderdeel"] for f in flat(run(rule, table(rows)))] == ["7.2"]


def test_pm_is_not_checkable() -> None:
    rows = [("", "", "", "U", 2021, None), ("", "", "", "U", 2022, 10)]
    (finding,) = flat(run(RULE, table(rows)))
    assert finding.severity == "info"
    assert (
        finding.message == "U (uitgaven) 2022: not checkable against 2021, a figure is unknown (pm)"
    )


def test_along_begrotingsjaar_compares_the_same_year_in_consecutive_budgets() -> None:
    old = table([("", "", "", "U", 2023, 100), ("", "", "", "U", 2024, 100)])
    new = old.copy()
    new["begrotingsjaar"] = 2023
    new["bedrag"] = pd.array([100, 300], dtype="Int64")
    frame = pd.concat([old, new], ignore_index=True)
    rule = RULE.replace("relative = 0.5", 'along = "begrotingsjaar"\nrelative = 0.5')
    (finding,) = flat(run(rule, frame))
    assert (finding.where["begrotingsjaar"], finding.where["jaar"], finding.actual) == (
        2023,
        2024,
        300,
    )
    assert "against 100 in begroting 2022" in finding.message


def test_a_repeated_figure_is_compared_once() -> None:
    # The same line twice (the unique rule's finding): only its first row is compared.
    rows = [
        ("", "", "", "V", 2016, 362012),
        ("", "", "", "V", 2017, 242591),
        ("", "", "", "V", 2016, 53707),
        ("", "", "", "V", 2017, 70000),
    ]
    report = run(RULE, table(rows))
    assert report.results[0].checked == 1
    assert flat(report) == []


def test_a_figure_a_thousand_times_the_year_before_gets_a_unit_hint() -> None:
    rows = [("", "", "", "U", 2021, 1500), ("", "", "", "U", 2022, 1500000)]
    (finding,) = flat(run(RULE, table(rows)))
    ((hint),) = finding.hints
    assert (hint.kind, hint.suggested) == ("unit", 1500)
    assert hint.explanation == (
        "U (uitgaven) 2022 (1.500.000) is about a thousand times the figure the step before "
        "(1.500): it may be in euros among thousands; it would read 1.500"
    )
