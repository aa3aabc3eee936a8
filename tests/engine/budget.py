"""A one-call helper for engine tests: tiny budget tables as tuples, validated by rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from sluitend.datasets.frame import Dataset, budget_frame
from sluitend.engine.findings import Finding, Report
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_ruleset_text

#: (onderdeel, instrument, regeling, vuo, jaar, bedrag) rows of article VII 7, begroting 2022.
Row = tuple[str, str, str, str, int, "int | None"]


def table(
    rows: Iterable[Sequence[object]],
    *,
    waarvan: Iterable[int] = (),
    omschrijving: dict[int, str] | None = None,
) -> pd.DataFrame:
    """A canonical budget frame from compact rows; `waarvan` lists memo row positions."""
    memo = set(waarvan)
    omschrijving = omschrijving or {}
    records = []
    for i, (onderdeel, instrument, regeling, vuo, jaar, bedrag) in enumerate(rows):
        records.append(
            {
                "begrotingsjaar": 2022,
                "fase": "OWB",
                "hoofdstuk": "VII",
                "artikel": "7",
                "onderdeel": onderdeel,
                "instrument": instrument,
                "regeling": regeling,
                "omschrijving": omschrijving.get(i, ""),
                "waarvan": i in memo,
                "vuo": vuo,
                "jaar": jaar,
                "bedrag": pd.NA if bedrag is None else bedrag,
                "label": regeling or instrument or onderdeel or vuo,
                "bron": f"t.csv:{i + 2}",
            }
        )
    return budget_frame(pd.DataFrame.from_records(records))


def run(rules_toml: str, frame: pd.DataFrame, kind: str = "begrotingstabel") -> Report:
    """Validate `frame` with the rules in `rules_toml` (a [ruleset] header is added)."""
    text = '[ruleset]\nname = "test"\n\n' + rules_toml
    ruleset = load_ruleset_text(text, "test.toml")
    return validate([Dataset(frame, kind, "t")], ruleset)


def flat(report: Report) -> list[Finding]:
    """The failed checks, grouped consequences included, likely causes left out."""
    return report.checks()
