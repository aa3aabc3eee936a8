"""The independent checks of the Ministry's files (benchmarks/independent, plain `csv`, none
of sluitend's code) and sluitend find the same failing totals on the real excerpts in
tests/data/minfin; on the four whole files the README lists the counts of both."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "independent"))

import staten as independent_staten
import tables as independent_tables

from sluitend.datasets.minfin import read_budget_table_csv
from sluitend.datasets.staten import read_begrotingsstaten_csv
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_pack

DATA = Path(__file__).parents[1] / "data" / "minfin"
SUM_RULES = {"BT001", "BT002", "BS001"}


def sluitend_failing(datasets: list, second: str) -> set[tuple[int, object]]:
    report = validate(datasets, load_pack("rijksbegroting"))
    out = set()
    for f in report.findings:
        own = () if f.kind == "likely cause" else (f,)  # its place is the figure to repair
        for g in (*own, *f.consequences):
            if g.rule in SUM_RULES and g.severity == "error":
                out.add((int(g.bron.rsplit(":", 1)[1]), g.where[second]))
    return out


@pytest.mark.parametrize(
    "name",
    [
        "owb2015_iii_ixa.csv",
        "owb2016_xvi_viii.csv",
        "owb2017_layouts.csv",
        "owb2017_iii1_viii1.csv",
        "owb2017_defects.csv",
        "owb2016_excerpt.csv",
    ],
)
def test_budget_tables_agree(name: str) -> None:
    rows, _ = independent_tables.read(str(DATA / name))
    result = independent_tables.check(rows, top_down=True)
    ours = {(f["line"], f["year"]) for f in result["failing"]}
    theirs = sluitend_failing(read_budget_table_csv(DATA / name, notes=[]), "jaar")
    assert ours == theirs


def test_xvi_defect_is_found_by_both() -> None:
    rows, _ = independent_tables.read(str(DATA / "owb2016_xvi_viii.csv"))
    failing = independent_tables.check(rows, top_down=True)["failing"]
    assert {"line": 3, "year": 2016, "stated": 10636, "lines": 15636} in failing


@pytest.mark.parametrize("name", ["staten_rijk_2014.csv", "begrotingsstaten_excerpt.csv"])
def test_begrotingsstaten_agree(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    sys.argv = ["staten.py", str(DATA / name), "--json", str(out)]
    assert independent_staten.main() == 0
    import json

    ours = {(f["line"], f["phase"]) for f in json.loads(out.read_text())["failing"]}
    theirs = sluitend_failing(read_begrotingsstaten_csv(DATA / name, notes=[]), "fase")
    assert ours == theirs
