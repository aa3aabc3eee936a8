"""The compare check on small tables: every relation, partners by key and by parent, a
fixed value, tolerance, and the missing modes."""

from __future__ import annotations

import pytest

from sluitend.engine.findings import NOTHING_CHECKED
from tests.engine.budget import flat, run, table

WAARVAN = """
[[rules]]
id = "C"
kind = "compare"
dataset = "begrotingstabel"
left = { waarvan = true }
op = "<="
right = { waarvan = false }
partner = "parent"
on = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "vuo", "jaar"]
"""

ROWS = [
    ("", "", "", "U", 2022, 300),
    ("7.1", "", "", "U", 2022, 200),
    ("7.1", "Materiele uitgaven", "", "U", 2022, 120),
    ("7.1", "Materiele uitgaven", "waarvan ICT", "U", 2022, 40),
    ("7.2", "", "", "U", 2022, 100),
]


def test_a_waarvan_line_within_its_total_passes() -> None:
    report = run(WAARVAN, table(ROWS, waarvan=[3]))
    assert flat(report) == []
    assert report.results[0].checked == 1


def test_a_waarvan_line_above_its_total_fails_naming_both() -> None:
    rows = list(ROWS)
    rows[3] = ("7.1", "Materiele uitgaven", "waarvan ICT", "U", 2022, 150)
    (finding,) = flat(run(WAARVAN, table(rows, waarvan=[3])))
    assert (finding.actual, finding.expected, finding.difference) == (150, 120, 30)
    assert finding.bron == "t.csv:5"
    assert finding.message == (
        "waarvan ICT (uitgaven) 2022 (150) should be at most "
        "Materiele uitgaven (uitgaven) 2022 (120); it is 30 above it"
    )


def test_parent_not_stated_pairs_with_the_nearest_total_above() -> None:
    rows = [r for i, r in enumerate(ROWS) if i != 2]  # no "Materiele uitgaven" row
    rows[2] = ("7.1", "Materiele uitgaven", "waarvan ICT", "U", 2022, 250)
    (finding,) = flat(run(WAARVAN, table(rows, waarvan=[2])))
    assert (finding.where["onderdeel"], finding.expected) == ("7.1", 200)


def test_a_parent_of_another_year_or_vuo_is_no_partner() -> None:
    rows = [
        ("7.1", "", "", "V", 2022, 10),
        ("7.1", "Materiele uitgaven", "waarvan ICT", "U", 2022, 50),
    ]
    report = run(WAARVAN, table(rows, waarvan=[1]))
    # Nothing compared is no tick: one warning saying why, and no finding on a figure.
    (idle,) = flat(report)
    assert report.results[0].checked == 0 and idle.label == NOTHING_CHECKED
    assert idle.severity == "warning" and idle.bron == ""
    assert idle.message == "C checks nothing: no left row has a right partner to compare with"


@pytest.mark.parametrize(
    ("op", "failing"),
    [("<", [3, 5]), ("<=", [5]), (">", [1, 3]), (">=", [1]), ("==", [1, 5]), ("!=", [3])],
)
def test_every_relation_against_a_value(op: str, failing: list[int]) -> None:
    rule = f"""
[[rules]]
id = "C"
kind = "compare"
dataset = "begrotingstabel"
left = {{ vuo = "O" }}
op = "{op}"
value = 3
"""
    rows = [("", "", "", "O", 2020 + v, v) for v in (1, 3, 5)]
    assert [f.actual for f in flat(run(rule, table(rows)))] == failing


def test_negative_ontvangsten_message() -> None:
    rule = """
[[rules]]
id = "O"
kind = "compare"
dataset = "begrotingstabel"
left = { vuo = "O" }
op = ">="
value = 0
"""
    (finding,) = flat(run(rule, table([("", "", "", "O", 2022, -24)])))
    assert finding.message == "O (ontvangsten) 2022 (-24) should be at least 0; it is 24 below it"


def test_pairs_by_key_and_tolerance() -> None:
    rule = """
[[rules]]
id = "VU"
kind = "compare"
dataset = "begrotingstabel"
left = { vuo = "V" }
op = ">="
right = { vuo = "U" }
on = ["jaar", "onderdeel"]
tolerance = { absolute = 5 }
"""
    rows = [
        ("7.1", "", "", "V", 2022, 96),
        ("7.1", "", "", "U", 2022, 100),
        ("7.1", "", "", "V", 2023, 90),
        ("7.1", "", "", "U", 2023, 100),
    ]
    findings = flat(run(rule, table(rows)))
    assert [(f.where["jaar"], f.actual, f.expected, f.tolerance) for f in findings] == [
        (2023, 90, 100, 5)
    ]


@pytest.mark.parametrize(
    ("mode", "checked", "statuses"),
    [
        ("partial_null", 2, ["info"]),  # pm: not checkable; no partner: not checked
        ("non_null", 1, []),  # only complete pairs are checked
        ("always_null", 3, ["info", "info"]),  # no partner is unknown too
        ("partial_zero", 2, ["error"]),  # pm counts 0: 0 <= 5 holds, but 9 > 0
        ("always_zero", 3, ["error", "error"]),
        ("non_zero", 3, ["error", "error"]),
    ],
)
def test_missing_modes(mode: str, checked: int, statuses: list[str]) -> None:
    rule = WAARVAN + f'missing = "{mode}"\n'
    rows = [
        ("7.1", "A", "", "U", 2022, 5),
        ("7.1", "A", "waarvan x", "U", 2022, 3),  # holds
        ("7.1", "B", "", "U", 2022, None),  # pm total
        ("7.1", "B", "waarvan y", "U", 2022, 9),  # against pm
        ("7.1", "C", "waarvan z", "U", 2022, 7),  # no total at all
    ]
    report = run(rule, table(rows, waarvan=[1, 3, 4]))
    assert report.results[0].checked == checked
    assert [f.severity for f in flat(report)] == statuses


def test_a_negative_figure_gets_a_sign_hint() -> None:
    rule = """
[[rules]]
id = "O"
kind = "compare"
dataset = "begrotingstabel"
left = { vuo = "O" }
op = ">="
value = 0
"""
    (finding,) = flat(run(rule, table([("", "", "", "O", 2022, -24)])))
    ((hint),) = finding.hints
    assert (hint.kind, hint.suggested) == ("sign", 24)
    assert hint.explanation == (
        "The sign may be wrong: O (ontvangsten) 2022 reads -24; as 24 it holds"
    )
