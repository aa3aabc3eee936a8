"""The sum check: a selected total equals the sum of selected parts per group."""

from __future__ import annotations

import pandas as pd

from sluitend.datasets.frame import budget_frame
from tests.engine.budget import flat, run

RULE = """
[[rules]]
id = "S"
kind = "sum"
dataset = "begrotingsstaat"
total = { artikel = "" }
parts = "artikel != ''"
by = ["begrotingsjaar", "fase", "hoofdstuk", "vuo", "jaar"]
"""


def staat(rows: list[tuple[str, str, str, int | None]]) -> pd.DataFrame:
    """(fase, artikel, vuo, bedrag) rows of chapter VII 2016."""
    return budget_frame(
        pd.DataFrame.from_records(
            [
                {
                    "begrotingsjaar": 2016,
                    "fase": fase,
                    "hoofdstuk": "VII",
                    "artikel": artikel,
                    "vuo": vuo,
                    "jaar": 2016,
                    "bedrag": pd.NA if bedrag is None else bedrag,
                    "label": artikel or "TOTAAL",
                    "bron": f"s.csv:{i + 2}",
                }
                for i, (fase, artikel, vuo, bedrag) in enumerate(rows)
            ]
        ),
        kind="begrotingsstaat",
    )


def test_articles_add_up_per_phase_and_vuo() -> None:
    rows = [
        ("OWB", "", "U", 30),
        ("OWB", "1", "U", 10),
        ("OWB", "2", "U", 20),
        ("VB", "", "U", 31),
        ("VB", "1", "U", 10),
        ("VB", "2", "U", 20),
        ("OWB", "", "O", 5),
        ("OWB", "1", "O", 5),
    ]
    findings = flat(run(RULE, staat(rows), kind="begrotingsstaat"))
    assert [(f.where["fase"], f.where["vuo"], f.expected, f.actual) for f in findings] == [
        ("VB", "U", 30, 31)
    ]
    assert findings[0].bron == "s.csv:5"
    assert "its parts add up to 30" in findings[0].message


def test_total_without_parts_is_not_checked_and_pm_is_not_checkable() -> None:
    rows = [("OWB", "", "U", 30), ("VB", "", "U", 30), ("VB", "1", "U", None)]
    report = run(RULE, staat(rows), kind="begrotingsstaat")
    # The pm sum is not checkable (info); neither phase has a verified total, which the
    # coverage says per chapter, each with its reason.
    assert [(f.rule, f.severity, f.where["fase"]) for f in flat(report)] == [
        ("S", "info", "VB"),
        ("COVERAGE", "warning", "OWB"),
        ("COVERAGE", "warning", "VB"),
    ]
    owb, vb = flat(report)[1:]
    assert owb.message == (
        "2016 OWB VII: 1 known amount, but no total of it was checked by a sum rule "
        "(its totals were not recognised, or it states none)"
    )
    assert "(its 1 total is not checkable: an unknown figure takes part)" in vb.message
    assert report.results[0].checked == 1
    coverage = report.datasets[0].coverage
    assert coverage.checked == 0
    assert coverage.reasons == {"pm": 1, "not_checkable": 1, "no_sum": 1}
