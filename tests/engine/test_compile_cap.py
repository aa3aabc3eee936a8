"""pandera sees at most `FAILURE_CASE_CAP` failing rows of a rule; the engine all of them.

The check hands pandera a Series that is False on the first `FAILURE_CASE_CAP` flagged rows
only (pandera takes every False row out of the frame before it caps its failure cases), so
pandera's failure cases are the first flagged rows in frame order, and the outcome in the
sink keeps every flagged row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sluitend.datasets.frame import juridisch_verplicht_frame
from sluitend.engine.compile import FAILURE_CASE_CAP, compile_schema
from sluitend.engine.pandera_lib import pa
from sluitend.rules.loader import load_pack


def test_pandera_keeps_the_first_flagged_rows_and_the_sink_every_one() -> None:
    n = 4 * FAILURE_CASE_CAP + 3
    # Every third percentage is out of range (150), the others in it.
    percentage = np.where(np.arange(n) % 3 == 1, 150.0, 50.0)
    frame = juridisch_verplicht_frame(
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
    rules = [r for r in load_pack("rijksbegroting").for_dataset("juridisch_verplicht")]
    jv001 = next(r for r in rules if r.id == "JV001")
    sink: dict = {}
    schema = compile_schema([jv001], "juridisch_verplicht", sink)
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.validate(frame, lazy=True)
    flagged = np.flatnonzero(percentage > 100)
    assert len(flagged) > FAILURE_CASE_CAP
    assert sorted(sink["JV001"].rows.tolist()) == flagged.tolist()
    cases = raised.value.failure_cases
    cases = cases[cases["check"].astype(str) == "JV001"]
    assert sorted(set(cases["index"].astype(int))) == flagged[:FAILURE_CASE_CAP].tolist()


def test_passed_is_false_on_the_flagged_rows_or_the_first_of_them() -> None:
    from sluitend.engine.checks.outcome import CheckOutcome

    rule = next(r for r in load_pack("rijksbegroting").for_dataset("juridisch_verplicht"))
    rows = np.array([7, 2, 9, 4])
    outcome = CheckOutcome(
        rule, 10, 10, rows, np.zeros(4, np.int8), np.zeros(4), np.zeros(4), np.zeros(4)
    )
    index = pd.RangeIndex(10)
    assert np.flatnonzero(~outcome.passed(index).to_numpy()).tolist() == [2, 4, 7, 9]
    assert np.flatnonzero(~outcome.passed(index, limit=2).to_numpy()).tolist() == [2, 4]
