"""Small Iv3 frames for rule tests: one row per (onderdeel, code, categorie, bedrag)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.domains.iv3.frames import amount_frame
from sluitend.domains.iv3.packs import build_pack
from sluitend.engine.findings import Report
from sluitend.engine.runner import validate
from sluitend.rules.ruleset import RuleSet


def rows(
    figures: Sequence[tuple[Any, ...]], overheid: str = "Testdorp", periode: int = 0
) -> Dataset:
    """figures: (onderdeel, code, categorie, bedrag[, standper]); the code is a taakveld for
    lasten/baten, a balanscode otherwise."""
    records = []
    for i, figure in enumerate(figures):
        onderdeel, code, categorie, bedrag, *rest = figure
        balans = onderdeel.startswith("balans")
        records.append(
            {
                "overheid": overheid,
                "overheidsnummer": "9999",
                "boekjaar": 2024,
                "periode": periode,
                "onderdeel": onderdeel,
                "taakveld": "" if balans else code,
                "balanscode": code if balans else "",
                "categorie": categorie,
                "standper": rest[0] if rest else "",
                "waarvan": False,
                "bedrag": bedrag,
                "label": f"{onderdeel} {code} {categorie}",
                "bron": f"test.json:{i + 1}",
            }
        )
    return Dataset(amount_frame(pd.DataFrame(records)), "iv3", "test", unit=1000)


def only(pack: RuleSet, *ids: str) -> RuleSet:
    """The pack with only the rules `ids`."""
    return RuleSet(name=pack.name, rules=tuple(r for r in pack.rules if r.id in ids))


def run(dataset: Dataset, *ids: str, boekjaar: int = 2024) -> Report:
    """Validate with the Iv3 pack's rules `ids`."""
    return validate([dataset], only(build_pack(boekjaar), *ids), diagnose=False)


def codes(report: Report, severity: str = "error") -> list[str]:
    """The rule ids of the findings of `severity`."""
    return [f.rule for f in report.findings if f.severity == severity]
