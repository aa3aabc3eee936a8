"""The end-to-end benchmark's judging: growth from size to size, phases that add up (no
timing here; `benchmarks/run.py --e2e` times)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from e2e import PHASES, TOUCH, Run, _run, growth, growth_notes, split_phases, touch_system_seconds

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _sized(size: str, seconds: float, rows: int, fmt: str = "csv") -> Run:
    return Run("sluitend", size, fmt, seconds, 100.0, seconds, rows)


def test_growth_is_judged_against_the_figures_of_each_step() -> None:
    runs = [
        _sized("300k", 1.0, 300_000),
        _sized("3M", 10.0, 3_000_000),
        _sized("30M", 120.0, 3 * 10**7),
    ]
    judged = growth(runs, "csv")
    assert [ok for ok, _ in judged] == [True, False]  # x10 for x10 figures; x12 > x11
    assert "3M -> 30M csv: time x12.0" in judged[1][1]
    assert "<= x11.0" in judged[1][1]


def test_growth_skips_sizes_not_run_and_other_formats() -> None:
    runs = [
        _sized("300k", 1.0, 300_000),
        _sized("30M", 50.0, 3 * 10**7),
        _sized("3M", 9, 1, "parquet"),
    ]
    judged = growth(runs, "csv")
    assert len(judged) == 1 and judged[0][0]  # 300k -> 30M: x50 for x100 figures


def test_growth_notes_split_user_and_system_cpu() -> None:
    small = Run("sluitend", "3M", "csv", 4.0, 1400.0, 4.0, 3_000_000, system_s=0.5,
                touch_system_s=0.3)  # fmt: skip
    large = Run("sluitend", "30M", "csv", 70.0, 14000.0, 68.0, 3 * 10**7, system_s=34.0,
                touch_system_s=14.0)  # fmt: skip
    other = Run("pandas script", "30M", "csv", 1.0, 1.0, 1.0, 1)
    (note,) = growth_notes([small, large, other])
    assert note.startswith("3M -> 30M csv: user CPU 3.5 -> 34.0 s (x9.7)")
    assert "system CPU 0.5 -> 34.0 s" in note
    assert "(1400 / 14000 MB) takes 0.3 / 14.0 s of system CPU" in note


def test_the_launcher_reports_system_cpu_apart() -> None:
    seconds, peak, code, _, cpu, system = _run([sys.executable, "-c", "pass"], {})
    assert code == 0 and seconds > 0 and peak > 0
    assert 0 <= system <= cpu
    failed = _run([sys.executable, "-c", "raise SystemExit(3)"], {})
    assert failed[2] == 3


def test_the_memory_probe_touches_what_it_is_asked() -> None:
    _, peak, code, _, _, _ = _run([sys.executable, "-c", TOUCH, str(256 * 2**20)], {})
    assert code == 0 and peak >= 256  # every page written: resident, not only reserved
    assert touch_system_seconds(16) >= 0.0
    with pytest.raises(SystemExit, match="memory probe"):
        touch_system_seconds(-1)


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


def test_measure_fills_every_column_of_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The whole end-to-end path on the smallest generated size (two copies, so that growth
    # has two sizes): each run's numbers land in the fields the tables read.
    import e2e

    monkeypatch.setattr(e2e, "OUT", tmp_path)
    monkeypatch.setattr(e2e, "E2E_SIZES", {"one": ("small", 1), "two": ("small", 2)})
    runs = e2e.measure(["one", "two"], seed=0, defects=5, repeat=1)
    assert {(r.size, r.fmt, r.who) for r in runs} == {
        (s, f, w) for s in ("one", "two") for f in e2e.FORMATS
        for w in ("sluitend", "pandas script", "floor")
    }  # fmt: skip
    for r in runs:
        assert r.seconds > 0 and r.peak_mb > 0 and 0 <= r.system_s <= r.cpu_s, r
        assert isinstance(r.phases, dict)
        assert (r.touch_system_s >= 0.0) if r.who == "sluitend" else r.touch_system_s == 0.0
    ours = [r for r in runs if r.who == "sluitend"]
    assert all(r.phases["total"] > 0 and r.rows > 0 for r in ours)
    assert len(e2e.phase_table(runs)) == 2 + len(ours)
    assert len(e2e.table(runs)) == 2 + 4
    assert [n.split(":")[0] for n in e2e.growth_notes(runs)] == [
        "one -> two csv",
        "one -> two parquet",
    ]
