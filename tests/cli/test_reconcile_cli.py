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


def test_diff_align_jaar_pairs_next_years_table(tmp_path: Path) -> None:
    # The VII excerpt as next year's document: begrotingsjaar 2018, one figure changed.
    lines = TABLE.read_bytes().split(b"\n")
    moved = [lines[0]] + [line.replace(b"2017,VII", b"2018,VII", 1) for line in lines[1:]]
    moved[2] = moved[2].replace(b'"30,567"', b'"31,000"', 1)  # art. 1 U, Bedrag t-1 column
    new = tmp_path / "owb2018_vii.csv"
    new.write_bytes(b"\n".join(moved))
    args = ["diff", str(TABLE), str(new), "--format", "json"]
    plain = json.loads(CliRunner().invoke(main, args).stdout)
    assert plain["datasets"][0]["figures"]["counts"]["changed"] == 0  # begrotingsjaar differs
    aligned = json.loads(CliRunner().invoke(main, [*args, "--align", "jaar"]).stdout)
    figures = aligned["datasets"][0]["figures"]
    assert "begrotingsjaar" not in figures["key"]
    assert figures["counts"]["outside"] > 0  # t-2 of the old, t+4 of the new
    # Every figure moves one year (the same columns, a later begrotingsjaar), so many
    # change: the article totals come first, and within each group the largest first.
    changed = figures["changed"]
    levels = ("onderdeel", "instrument", "regeling", "omschrijving")
    total = [not any(c[lv] for lv in levels) and not c["waarvan"] for c in changed]
    assert total == sorted(total, reverse=True) and total[0] and not total[-1]
    for group in (True, False):
        sizes = [abs(c["delta"]) for c, t in zip(changed, total, strict=True) if t is group]
        assert sizes == sorted(sizes, reverse=True)
