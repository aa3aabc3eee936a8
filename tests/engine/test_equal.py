"""The equal check: verplichtingen equal uitgaven from the budget year on."""

from __future__ import annotations

from tests.engine.budget import flat, run, table

RULE = """
[[rules]]
id = "E"
kind = "equal"
dataset = "begrotingstabel"
severity = "warning"
left = { vuo = "V" }
right = { vuo = "U" }
on = ["begrotingsjaar", "fase", "hoofdstuk", "artikel", "onderdeel", "instrument",
      "regeling", "omschrijving", "jaar"]
where = "jaar >= begrotingsjaar"
"""


def test_v_differs_from_u_in_budget_years_only() -> None:
    rows = [
        ("", "", "", "V", 2020, 39149),
        ("", "", "", "U", 2020, 36415),
        ("", "", "", "V", 2022, 100),
        ("", "", "", "U", 2022, 100),
        ("", "", "", "V", 2023, 120),
        ("", "", "", "U", 2023, 110),
        ("", "", "", "V", 2024, 5),
    ]
    report = run(RULE, table(rows))
    findings = flat(report)
    assert [
        (f.where["jaar"], f.expected, f.actual, f.difference, f.severity) for f in findings
    ] == [(2023, 110, 120, 10, "warning")]
    assert findings[0].message == "Verplichtingen 2023 (120) differ from uitgaven (110) by 10"
    assert report.results[0].checked == 2  # 2024 has no partner: not checked


def test_unknown_partner_is_not_checkable() -> None:
    rows = [("", "", "", "V", 2023, 120), ("", "", "", "U", 2023, None)]
    assert [f.severity for f in flat(run(RULE, table(rows)))] == ["info"]
