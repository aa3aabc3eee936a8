"""The sentences of findings, worded column-wise from a check's outcome."""

from __future__ import annotations

import numpy as np

from sluitend.engine import messages
from sluitend.engine.checks.outcome import EXCEEDED, NOT_CHECKABLE, ROUNDING, UNLIKELY


def test_sum_messages_per_status() -> None:
    got = messages.sum_messages(
        "hierarchy",
        ["Subsidies (uitgaven) 2022"] * 4,
        [EXCEEDED, ROUNDING, NOT_CHECKABLE, UNLIKELY],
        [181678.0, 100.0, np.nan, 10.0],
        [226678.0, 101.0, 5.0, 13.0],
        [2.0, 1.5, 1.0, 3.5],
        [3, 2, 1, 7],
    )
    assert got == [
        "Subsidies (uitgaven) 2022: stated 226.678, its lines add up to 181.678 "
        "(difference 45.000)",
        "Subsidies (uitgaven) 2022: stated 101, its lines add up to 100 (difference 1); "
        "afrondingsverschil within the rounding bound of 1,50 for 2 figures",
        "Subsidies (uitgaven) 2022: not checkable, an unknown (pm) figure takes part in the sum",
        "Subsidies (uitgaven) 2022: stated 13, its lines add up to 10 (difference 3); "
        "within the worst-case rounding bound of 3,50 for 7 figures, but unlikely to be "
        "rounding alone (beyond the statistical bound)",
    ]


def test_sum_messages_name_parts_for_a_sum() -> None:
    (got,) = messages.sum_messages("sum", ["Totaal 2022"], [EXCEEDED], [1.0], [2.0], [0], [2])
    assert got == "Totaal 2022: stated 2, its parts add up to 1 (difference 1)"
