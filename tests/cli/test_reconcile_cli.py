"""Several files in one run: the bundled reconcile rules on real Ministry excerpts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sluitend.cli import main

DATA = Path(__file__).parent.parent / "data" / "minfin"
STATEN = DATA / "staten_vii_2017.csv"  # VII 2017 as the staten number it: 61, 62, 66 ...
TABLE = DATA / "owb2017_vii.csv"  # the same chapter in the 2017 tables: 1, 2, 6 ...


def _report(*paths: Path) -> dict:
    result = CliRunner().invoke(main, ["validate", *map(str, paths), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _reconcile(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["rule"].startswith("RC")]


def test_staten_and_tables_agree_after_renumbering() -> None:
    report = _report(STATEN, TABLE)
    (result,) = [r for r in report["rules"] if r["kind"] == "reconcile"]
    # RC001 pairs VII 61 with table article 1 and so on; RC002 (t-2 = 2015) shares no
    # year with these 2017 staten rows, so it does not apply to the pair.
    assert result["rule"] == "RC001"
    assert result["dataset"] == "staten_vii_2017 ↔ owb2017_vii"
    assert (result["checked"], result["failed"]) == (18, 0)
    lonely = _reconcile(report)
    assert {(f["severity"], f["where"]["artikel"]) for f in lonely} == {
        ("info", "13"),
        ("info", "14"),
    }
    assert all("no counterpart in staten_vii_2017" in f["message"] for f in lonely)


def test_a_disagreement_names_both_figures(tmp_path: Path) -> None:
    # Table line 2541 (VII art. 1 Uitgaven) is line 3 of the excerpt: 30,567 -> 30,576.
    lines = TABLE.read_bytes().split(b"\n")
    assert b'"30,567"' in lines[2]
    lines[2] = lines[2].replace(b'"30,567"', b'"30,576"', 1)
    table = tmp_path / "owb2017_vii.csv"
    table.write_bytes(b"\n".join(lines))
    errors = [f for f in _reconcile(_report(STATEN, table)) if f["severity"] == "error"]
    (error,) = [f for f in errors if f["where"]["vuo"] == "U"]
    assert error["where"]["artikel"] == "61"
    assert (error["actual"], error["expected"], error["difference"]) == (30567, 30576, -9)
    assert error["bron"].endswith("staten_vii_2017.csv:3")
    assert error["counterpart"]["bron"].endswith("owb2017_vii.csv:3")
    assert error["counterpart"]["where"]["artikel"] == "1"
    # 30.567 against 30.576: two adjacent digits swapped.
    assert [h["kind"] for h in error["hints"]] == ["digit"]
    assert "two adjacent digits swapped" in error["hints"][0]["explanation"]


def test_one_file_runs_no_reconcile_rule() -> None:
    report = _report(STATEN)
    assert not [r for r in report["rules"] if r["kind"] == "reconcile"]
    assert _reconcile(report) == []


def test_rules_show_documents_the_kind() -> None:
    result = CliRunner().invoke(main, ["rules", "show", "reconcile"])
    assert result.exit_code == 0
    assert "no counterpart" in result.output and "Passing table" in result.output
