"""Validate a budget table built in your own pandas code.

    python examples/validate_frame.py

The frame holds the canonical columns (README, "Inputs"): one row per figure. Article 7's
Uitgaven 2023 total says 310, its two onderdelen add up to 300: one error, with the place,
the numbers and the row it came from (`bron`: the frame's index, as no bron column is given).
"""

from __future__ import annotations

import pandas as pd

import sluitend


def budget() -> pd.DataFrame:
    """Article 7, Uitgaven 2023 and 2024, x € 1.000."""
    return pd.DataFrame(
        {
            "begrotingsjaar": 2022,
            "fase": "OWB",
            "hoofdstuk": "VII",
            "artikel": "7",
            "onderdeel": ["", "7.1", "7.2", "", "7.1", "7.2"],
            "vuo": "U",
            "jaar": [2023, 2023, 2023, 2024, 2024, 2024],
            "bedrag": [310, 100, 200, 330, 120, 210],
            "label": ["Uitgaven", "7.1", "7.2"] * 2,
        }
    )


def main() -> int:
    report = sluitend.validate(budget())
    print(report)
    for finding in report.findings:
        print(f"{finding.severity}: {finding.message} (bron {finding.bron})")
    return 0 if report.counts["error"] == 1 else 1  # the one error this example shows


if __name__ == "__main__":
    raise SystemExit(main())
