"""How `equal` pairs its rows: a partner anywhere (row 0 included), memo lines only with memo
lines, and the rounding tolerance kept through to the verdict."""

from __future__ import annotations

import pandas as pd

from sluitend.datasets.frame import Dataset, juridisch_verplicht_frame
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_ruleset_text
from tests.engine.budget import flat, run, table

RULE = """
[[rules]]
id = "E"
kind = "equal"
dataset = "begrotingstabel"
severity = "warning"
left = {{ vuo = "V" }}
right = {{ vuo = "U" }}
on = ["onderdeel", "instrument", "regeling", "jaar"]
tolerance = {tolerance}
"""


def test_a_partner_in_the_first_row_is_found() -> None:
    rows = [("", "", "", "U", 2023, 110), ("", "", "", "V", 2023, 120)]
    report = run(RULE.format(tolerance=0), table(rows))
    assert [(f.bron, f.expected, f.actual) for f in flat(report)] == [("t.csv:3", 110, 120)]
    assert report.results[0].checked == 1


def test_memo_lines_pair_with_memo_lines_only() -> None:
    rows = [
        ("", "", "", "V", 2023, 100),
        ("", "", "", "U", 2023, 100),
        ("", "", "waarvan ICT", "V", 2023, 40),  # same key as the lines above but for waarvan
        ("", "", "waarvan ICT", "U", 2023, 40),
    ]
    same_key = [(o, i, "", vuo, j, b) for o, i, _r, vuo, j, b in rows]
    report = run(RULE.format(tolerance=0), table(same_key, waarvan=[2, 3]))
    assert flat(report) == []
    assert report.results[0].checked == 2
    # A memo line without a memo partner is not checked against the figure it details.
    report = run(RULE.format(tolerance=0), table(same_key[:3], waarvan=[2]))
    assert flat(report) == [] and report.results[0].checked == 1


def test_the_rounding_tolerance_allows_one_unit() -> None:
    rows = [
        ("", "", "", "V", 2023, 121),
        ("", "", "", "U", 2023, 120),
        ("7.1", "", "", "V", 2023, 52),
        ("7.1", "", "", "U", 2023, 50),
    ]
    rounding = flat(run(RULE.format(tolerance='"rounding"'), table(rows)))
    assert {(f.where["onderdeel"], f.severity) for f in rounding} == {
        ("", "info"),
        ("7.1", "warning"),
    }
    (info,) = [f for f in rounding if f.severity == "info"]
    assert info.message.endswith("afrondingsverschil within 1 unit")
    exact = flat(run(RULE.format(tolerance=0), table(rows)))
    assert {(f.where["onderdeel"], f.severity) for f in exact} == {
        ("", "warning"),
        ("7.1", "warning"),
    }


def test_a_coarser_rounding_step_widens_the_bound() -> None:
    # A block printed in hundreds (afronding 100): two roundings differ by up to 100.
    rows = [("", "", "", "V", 2023, 1200), ("", "", "", "U", 2023, 1100)]
    coarse = table(rows).assign(afronding=100)
    assert [f.severity for f in flat(run(RULE.format(tolerance='"rounding"'), coarse))] == ["info"]
    fine = table(rows)
    assert [f.severity for f in flat(run(RULE.format(tolerance='"rounding"'), fine))] == ["warning"]


def test_a_kind_without_memo_lines_pairs_on_its_own_columns() -> None:
    # Percentages juridisch verplicht have no `waarvan` column: nothing is added to `on`.
    frame = juridisch_verplicht_frame(
        pd.DataFrame(
            {
                "begrotingsjaar": [2022, 2022],
                "fase": ["OWB", "VB"],
                "hoofdstuk": ["VII", "VII"],
                "artikel": ["1", "1"],
                "categorie": ["", ""],
                "percentage": [95.0, 93.0],
                "label": ["a", "a"],
                "bron": ["j.csv:2", "j.csv:3"],
            }
        )
    )
    rule = """
[[rules]]
id = "J"
kind = "equal"
dataset = "juridisch_verplicht"
left = { fase = "VB" }
right = { fase = "OWB" }
on = ["hoofdstuk", "artikel"]
column = "percentage"
"""
    ruleset = load_ruleset_text('[ruleset]\nname = "test"\n' + rule, "test.toml")
    # diagnose=False: the check itself (errorlocate reads `bedrag`, which this kind lacks).
    report = validate([Dataset(frame, "juridisch_verplicht", "j")], ruleset, diagnose=False)
    assert [(f.expected, f.actual) for f in flat(report)] == [(95.0, 93.0)]
