"""The diff renderers: golden files for rich, json and markdown, and their options."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from report_sample import sample_report
from test_report_golden import check_golden

from sluitend.datasets.frame import Dataset, budget_frame
from sluitend.engine.diff import DiffReport, build_diff
from sluitend.engine.findings import Report
from sluitend.report.diff_render import DIFF_FORMATS, render_diff

LINES = [
    ("", "", "", "Uitgaven"),
    ("7.1", "", "", "Woningmarkt"),
    ("7.1", "Opdrachten", "Informatiehuishouding", "Informatiehuishouding"),
    ("7.1", "Subsidies", "Diverse subsidies", "Diverse subsidies"),
]


def _frame(changes: dict[tuple[str, int], int], drop: str = "", add: str = "") -> pd.DataFrame:
    rows = []
    for i, (o, ins, r, label) in enumerate(LINES):
        if label == drop:
            continue
        for j, jaar in enumerate((2022, 2023)):
            rows.append(
                {
                    "begrotingsjaar": 2022,
                    "fase": "OWB",
                    "hoofdstuk": "VII",
                    "artikel": "7",
                    "onderdeel": o,
                    "instrument": ins,
                    "regeling": r,
                    "vuo": "U",
                    "jaar": jaar,
                    "bedrag": changes.get((label, jaar), 149_000 + 1000 * i + j),
                    "label": label,
                    "bron": f"tabel.csv:{10 + 2 * i + j}",
                }
            )
    if add:
        rows.append(
            {
                "begrotingsjaar": 2022,
                "fase": "OWB",
                "hoofdstuk": "VII",
                "artikel": "7",
                "onderdeel": "7.1",
                "instrument": "Subsidies",
                "regeling": add,
                "vuo": "U",
                "jaar": 2023,
                "bedrag": 1_250,
                "label": add,
                "bron": "tabel.csv:30",
            }
        )
    return budget_frame(pd.DataFrame(rows))


def sample_diff() -> DiffReport:
    """Two changed figures (one a transposition), one line removed, one added, one finding
    introduced and one resolved."""
    old = Dataset(_frame({}, add=""), "begrotingstabel", "tabel", 1000, "old/tabel.csv")
    new = Dataset(
        _frame(
            {("Informatiehuishouding", 2023): 194_000, ("Uitgaven", 2022): 150_500},
            drop="Diverse subsidies",
            add="Nieuwe regeling",
        ),
        "begrotingstabel",
        "tabel",
        1000,
        "new/tabel.csv",
    )
    base = sample_report()
    introduced = base.findings[0]  # the 7.1 total 2023 (BT001) and its consequence
    resolved = base.findings[2]  # the BT010 warning
    old_report = Report(findings=(resolved,), results=(), datasets=(), ruleset="rijksbegroting")
    new_report = Report(findings=(introduced,), results=(), datasets=(), ruleset="rijksbegroting")
    return build_diff(old, new, old_report, new_report)


CASES = {
    "diff-rich.txt": ("rich", {"width": 120}),
    "diff-report.json": ("json", {}),
    "diff-report.md": ("markdown", {}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_diff_golden(name: str) -> None:
    fmt, options = CASES[name]
    check_golden(name, render_diff(sample_diff(), fmt, **options))


def test_every_diff_format_has_a_golden_file() -> None:
    assert {fmt for fmt, _ in CASES.values()} == set(DIFF_FORMATS)


def test_diff_content() -> None:
    d = sample_diff()
    assert [r["label"] for r in d.datasets[0].changed.to_dict("records")] == [
        "Uitgaven",
        "Informatiehuishouding",
    ]
    doc = json.loads(render_diff(d, "json"))
    assert doc["datasets"][0]["figures"]["counts"] == {
        "added": 1,
        "removed": 2,
        "changed": 2,
        "unchanged": 4,
        "duplicates": 0,
    }
    assert [f["rule"] for f in doc["introduced"]] == ["BT001", "BT002"]
    assert all("consequences" not in f for f in doc["introduced"])
    assert [f["rule"] for f in doc["resolved"]] == ["BT010"]
    text = render_diff(d, "rich")
    assert "+42.999" in text and "194.000" in text
    assert "2 changed, 1 added, 2 removed, 4 unchanged" in text


def test_diff_caps_and_options() -> None:
    d = sample_diff()
    md = render_diff(d, "markdown", max_rows=1, color=True)
    assert "… and 1 more" in md
    assert "\x1b[" in render_diff(d, "rich", color=True)
    assert render_diff(d, "auto") == render_diff(d, "rich")
    with pytest.raises(ValueError, match="unknown diff format 'junit'; known: rich, json"):
        render_diff(d, "junit")
