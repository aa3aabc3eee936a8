"""pandera decides which rules fail; the engine takes every flagged row from the outcome.

A rule's check hands pandera one bool (False when it flagged a row), not a Series over the
rows: pandera's failure cases name each failing rule once, and the outcome in the sink keeps
every flagged row with its numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sluitend.datasets.frame import juridisch_verplicht_frame
from sluitend.engine.compile import compile_schema
from sluitend.engine.pandera_lib import pa
from sluitend.rules.loader import load_pack


def _percentages(percentage: np.ndarray) -> pd.DataFrame:
    n = len(percentage)
    return juridisch_verplicht_frame(
        pd.DataFrame(
            {
                "begrotingsjaar": 2022,
                "fase": "OWB",
                "hoofdstuk": "VII",
                "artikel": [str(i) for i in range(n)],
                "categorie": "Subsidies",
                "percentage": percentage,
                "label": "Subsidies",
                "bron": [f"p:{i}" for i in range(n)],
            }
        )
    )


def _jv001() -> list:
    rules = load_pack("rijksbegroting").for_dataset("juridisch_verplicht")
    return [next(r for r in rules if r.id == "JV001")]


def test_pandera_names_the_failing_rule_once_and_the_sink_keeps_every_row() -> None:
    # Every third percentage is out of range (150), the others in it.
    percentage = np.where(np.arange(43) % 3 == 1, 150.0, 50.0)
    sink: dict = {}
    schema = compile_schema(_jv001(), "juridisch_verplicht", sink)
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.validate(_percentages(percentage), lazy=True)
    flagged = np.flatnonzero(percentage > 100)
    assert sorted(sink["JV001"].rows.tolist()) == flagged.tolist()
    cases = raised.value.failure_cases
    assert cases["check"].astype(str).tolist() == ["JV001"]
    assert cases["failure_case"].tolist() == [False]


def test_a_rule_that_flags_nothing_passes_in_pandera() -> None:
    sink: dict = {}
    schema = compile_schema(_jv001(), "juridisch_verplicht", sink)
    schema.validate(_percentages(np.full(7, 50.0)), lazy=True)  # raises nothing
    assert len(sink["JV001"].rows) == 0
