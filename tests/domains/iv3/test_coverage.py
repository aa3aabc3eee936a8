"""Coverage on a domain whose frames have none of the Rijksbegroting's columns: the chapter
of an Iv3 dataset is the one its kind declares (a government's delivery), never `hoofdstuk`
or `onderdeel` assumed by the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.domains.iv3 import synthetic
from sluitend.domains.iv3.delivery import read_delivery
from sluitend.domains.iv3.packs import build_pack
from sluitend.engine.coverage import COVERAGE_RULE
from sluitend.engine.findings import NOTHING_CHECKED
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_ruleset_text
from sluitend.vocabulary import DATASET_CHAPTERS
from tests.domains.iv3.helpers import rows
from tests.engine.test_no_silent_tick import silent

SUM = load_ruleset_text(
    '[ruleset]\nname = "t"\n[[rules]]\nid = "S"\nkind = "sum"\ndataset = "iv3"\n'
    'total = { categorie = "" }\nparts = "categorie != \'\'"\n'
    'by = ["overheid", "boekjaar", "periode", "onderdeel", "taakveld"]\n',
    "t.toml",
)


def _two_deliveries() -> Dataset:
    """Testdorp states its taakveld total (100 = 60 + 40); Andersdorp only the parts."""
    stated = rows(
        [("lasten", "0.1", "", 100), ("lasten", "0.1", "3.1", 60), ("lasten", "0.1", "3.2", 40)]
    )
    unstated = rows(
        [("lasten", "0.1", "3.1", 7), ("lasten", "0.1", "3.2", 8)], overheid="Andersdorp"
    )
    frame = pd.concat([stated.frame, unstated.frame], ignore_index=True)
    return Dataset(frame, "iv3", "gemeenten")


def test_the_iv3_kind_declares_its_chapter() -> None:
    assert DATASET_CHAPTERS["iv3"] == ("overheid", "overheidsnummer", "boekjaar", "periode")


def test_coverage_of_an_iv3_dataset_per_delivery() -> None:
    ds = _two_deliveries()
    assert not {"hoofdstuk", "artikel", "vuo", "jaar"} & set(ds.frame.columns)
    report = validate([ds], SUM, diagnose=False)
    coverage = report.datasets[0].coverage
    assert (coverage.figures, coverage.checked) == (5, 3)
    assert coverage.reasons == {"no_sum": 2}
    (warning,) = [f for f in report.findings if f.rule == COVERAGE_RULE]
    assert dict(warning.where) == {
        "overheid": "Andersdorp",
        "overheidsnummer": "9999",
        "boekjaar": 2024,
        "periode": 0,
    }
    assert warning.severity == "warning"
    assert warning.message.startswith("Andersdorp 9999 2024 0: 2 known amounts, but no total")


def test_every_rule_of_the_iv3_pack_warns_when_it_checks_nothing(tmp_path: Path) -> None:
    path = tmp_path / "levering.json"
    path.write_text(json.dumps(synthetic.delivery(7, 5)), encoding="utf-8")
    report = validate(read_delivery(path), build_pack(2024), diagnose=False)
    assert silent(report) == []
    # the delivery leaves some rules nothing to compare: each said as a warning
    assert any(f.label == NOTHING_CHECKED for f in report.findings)
