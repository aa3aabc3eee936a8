"""The engine finds exactly what the hand-written baseline finds on generated budgets (the
benchmark's own precondition, here for several seeds, clean, with defects and half wrong)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from baseline import baseline_check
from generate import generate
from run import engine_rows
from sluitend.datasets.frame import Dataset
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_pack


@pytest.mark.parametrize(
    ("seed", "defects", "share"), [(0, 0, None), (1, 12, None), (2, 12, None), (3, 0, 0.5)]
)
def test_engine_finds_what_the_baseline_finds(seed: int, defects: int, share: float | None) -> None:
    frame, injected = generate("small", seed=seed, defects=defects, defect_share=share)
    ruleset = load_pack("rijksbegroting")
    severities = {r.id: r.severity for r in ruleset.for_dataset("begrotingstabel")}
    report = validate([Dataset(frame, "begrotingstabel", "g")], ruleset)
    found = engine_rows(report, frame, severities)
    want = baseline_check(frame, rounding=True)
    assert any(want.values()) == bool(defects or share)  # the comparison is not vacuous
    for rule in severities:
        assert found.get(rule, set()) == want.get(rule, set()), rule
    # And the exact baseline finds what was injected (the generator's promise).
    exact = baseline_check(frame)
    for rule, rows in injected.expected.items():
        assert exact[rule] == set(rows), rule
