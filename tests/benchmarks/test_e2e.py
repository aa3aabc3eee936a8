"""The end-to-end benchmark's judging: growth from size to size, phases that add up (no
timing here; `benchmarks/run.py --e2e` times)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from e2e import PHASES, Run, growth, split_phases

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _run(size: str, seconds: float, rows: int, fmt: str = "csv") -> Run:
    return Run("sluitend", size, fmt, seconds, 100.0, seconds, rows)


def test_growth_is_judged_against_the_figures_of_each_step() -> None:
    runs = [_run("300k", 1.0, 300_000), _run("3M", 10.0, 3_000_000), _run("30M", 120.0, 3 * 10**7)]
    judged = growth(runs, "csv")
    assert [ok for ok, _ in judged] == [True, False]  # x10 for x10 figures; x12 > x11
    assert "3M -> 30M csv: time x12.0" in judged[1][1]
    assert "<= x11.0" in judged[1][1]


def test_growth_skips_sizes_not_run_and_other_formats() -> None:
    runs = [_run("300k", 1.0, 300_000), _run("30M", 50.0, 3 * 10**7), _run("3M", 9, 1, "parquet")]
    judged = growth(runs, "csv")
    assert len(judged) == 1 and judged[0][0]  # 300k -> 30M: x50 for x100 figures


def test_phases_add_up_to_the_total() -> None:
    spent = {"read": 2.0, "validate": 5.0, "pandera schema": 3.0, "rule checks": 2.5,
             "coverage": 0.5, "error localization": 1.0, "report": 4.5,
             "total": 13.0}  # fmt: skip
    parts = split_phases(spent)
    assert list(parts) == list(PHASES)
    assert parts["pandera own"] == pytest.approx(0.5)
    assert parts["validate other"] == pytest.approx(0.5)
    assert parts["other"] == pytest.approx(13.0 - 2.0 - 5.0 - 4.0 - 0.5)
    assert sum(parts.values()) == pytest.approx(13.0)


def test_phases_probe_times_a_real_run(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "data" / "minfin" / "owb2015_excerpt.csv"
    spent, report = tmp_path / "spent.json", tmp_path / "report.json"
    command = [sys.executable, str(BENCHMARKS / "phases.py"), str(spent), "validate",
               str(source), "--format", "json", "--output", str(report)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert done.returncode in (0, 1), done.stderr
    found = json.loads(spent.read_text(encoding="utf-8"))
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["rows"] > 0
    for phase in ("read", "validate", "pandera schema", "rule checks", "report"):
        assert found[phase] > 0, phase
    assert found["rule checks"] <= found["pandera schema"] <= found["validate"] <= found["total"]
