"""The hand-written baseline: exact on hand-made tables, and it finds exactly what the
generator injected (no timing here; `benchmarks/run.py` times)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from baseline import baseline_check
from generate import generate
from sluitend.datasets.frame import budget_frame


def table(*lines: tuple, vuo: str = "U", jaar: int = 2025) -> pd.DataFrame:
    """Rows (onderdeel, instrument, regeling, bedrag[, waarvan]) of article VII 7."""
    rows = []
    for i, line in enumerate(lines):
        onderdeel, instrument, regeling, bedrag, *memo = line
        rows.append(
            {
                "begrotingsjaar": 2025,
                "fase": "OWB",
                "hoofdstuk": "VII",
                "artikel": "7",
                "onderdeel": onderdeel,
                "instrument": instrument,
                "regeling": regeling,
                "waarvan": bool(memo and memo[0]),
                "vuo": vuo,
                "jaar": jaar,
                "bedrag": bedrag,
                "label": regeling or instrument or onderdeel or "Uitgaven",
                "bron": f"t.csv:{i + 2}",
            }
        )
    return budget_frame(pd.DataFrame(rows))


def failing(frame: pd.DataFrame, **kwargs: bool) -> dict[str, set[int]]:
    return {rule: rows for rule, rows in baseline_check(frame, **kwargs).items() if rows}


def test_consistent_table_passes() -> None:
    frame = table(
        ("", "", "", 30),
        ("7.1", "", "", 30),
        ("7.1", "Subsidies", "", 30),
        ("7.1", "Subsidies", "A", 10),
        ("7.1", "Subsidies", "B", 20),
    )
    assert failing(frame) == {}


def test_changed_line_fails_its_nearest_total_only() -> None:
    frame = table(
        ("", "", "", 30),
        ("7.1", "", "", 30),
        ("7.1", "Subsidies", "", 30),
        ("7.1", "Subsidies", "A", 11),
        ("7.1", "Subsidies", "B", 20),
    )
    assert failing(frame) == {"BT001": {2}}


def test_missing_intermediate_total_is_bridged() -> None:
    # No instrument total: the regelingen roll up to 7.1; 7.2 has no lines, so the article
    # total is 7.1 + 7.2.
    ok = table(
        ("", "", "", 35),
        ("7.1", "", "", 30),
        ("7.1", "Subsidies", "A", 10),
        ("7.1", "Subsidies", "B", 20),
        ("7.2", "", "", 5),
    )
    assert failing(ok) == {}
    bad = table(
        ("", "", "", 35),
        ("7.1", "", "", 31),
        ("7.1", "Subsidies", "A", 10),
        ("7.1", "Subsidies", "B", 20),
        ("7.2", "", "", 5),
    )
    assert failing(bad) == {"BT001": {1}, "BT002": {0}}


def test_article_total_is_bt002() -> None:
    frame = table(("", "", "", 40), ("7.1", "", "", 30), ("7.2", "", "", 5))
    assert failing(frame) == {"BT002": {0}}


def test_memo_lines_take_no_part() -> None:
    frame = table(
        ("7.1", "", "", 30),
        ("7.1", "Subsidies", "", 30),
        ("7.1", "Subsidies", "waarvan X", 25, True),
        ("7.1", "Opdrachten", "", 0),
    )
    assert failing(frame) == {}


def test_pm_makes_totals_above_it_not_checkable_until_a_printed_total() -> None:
    frame = table(
        ("", "", "", 999),  # wrong, but 7.1 is printed, so this is checked against 7.1 + 7.2
        ("7.1", "", "", 30),  # not checkable: a pm under it
        ("7.1", "Subsidies", "A", None),
        ("7.1", "Subsidies", "B", 20),
        ("7.2", "", "", 5),
    )
    assert failing(frame) == {"BT002": {0}}
    unprinted = table(
        ("", "", "", 999),  # not checkable: the pm rolls up through the missing 7.1 total
        ("7.1", "Subsidies", "A", None),
        ("7.1", "Subsidies", "B", 20),
    )
    assert failing(unprinted) == {}


def test_rounding_tolerance() -> None:
    frame = table(("7.1", "", "", 31), ("7.1", "A", "", 10), ("7.1", "B", "", 20))
    assert failing(frame) == {"BT001": {0}}
    assert failing(frame, rounding=True) == {}  # 2 parts: up to 1.5 off


def test_v_equals_u_from_the_budget_year_only() -> None:
    v = table(("7.1", "", "", 30), ("7.1", "", "", 30), vuo="V")
    v.loc[1, "jaar"] = 2024
    v.loc[[0, 1], "bedrag"] = [31, 99]
    u = table(("7.1", "", "", 30), ("7.1", "", "", 30), vuo="U")
    u.loc[1, "jaar"] = 2024
    frame = pd.concat([v, u], ignore_index=True)
    assert failing(frame) == {"BT010": {0}}


def test_duplicates_fail_after_the_first() -> None:
    frame = table(("7.1", "", "", 30), ("7.1", "", "", 30), ("7.1", "", "", 30))
    assert failing(frame) == {"BT020": {1, 2}}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_clean_generated_budget_passes(seed: int) -> None:
    frame, _ = generate("small", seed=seed)
    assert failing(frame) == {}


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_finds_exactly_the_injected_defects(seed: int) -> None:
    frame, injected = generate("small", seed=seed, defects=12)
    found = baseline_check(frame)
    assert found == {rule: set(rows) for rule, rows in injected.expected.items()}
    assert all(found.values())


def test_finds_exactly_the_injected_defects_national() -> None:
    frame, injected = generate("national", seed=7, defects=60)
    assert baseline_check(frame) == {r: set(rows) for r, rows in injected.expected.items()}


def test_half_of_all_totals_wrong() -> None:
    frame, injected = generate("small", seed=5, defect_share=0.5)
    found = baseline_check(frame)
    assert found == {rule: set(rows) for rule, rows in injected.expected.items()}
    assert len(found["BT001"]) > 1000
