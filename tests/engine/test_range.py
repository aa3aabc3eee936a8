"""The range check on percentages juridisch verplicht."""

from __future__ import annotations

import pandas as pd

from sluitend.datasets.frame import Dataset, juridisch_verplicht_frame
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_pack


def test_percentages_outside_0_100_fail_and_nvt_is_skipped() -> None:
    frame = juridisch_verplicht_frame(
        pd.DataFrame(
            {
                "begrotingsjaar": 2022,
                "fase": "OWB",
                "hoofdstuk": "VII",
                "artikel": "7",
                "categorie": ["", "Subsidies", "Opdrachten", "Bijdrage aan agentschappen"],
                "percentage": [95.2, 165.6, float("nan"), -1.0],
                "label": ["totaal", "Subsidies", "Opdrachten", "Agentschappen"],
                "bron": ["p:1", "p:2", "p:3", "p:4"],
            }
        )
    )
    report = validate(
        [Dataset(frame, "juridisch_verplicht", "jv", unit=1)], load_pack("rijksbegroting")
    )
    findings = report.all_findings()
    assert [(f.rule, f.bron, f.actual, f.expected) for f in findings] == [
        ("JV001", "p:2", 165.6, 100),
        ("JV001", "p:4", -1, 0),
    ]
    assert findings[0].message == "Subsidies: percentage 165,6% is outside [0, 100]"
    jv001 = next(r for r in report.results if r.rule == "JV001")
    assert jv001.checked == 3
