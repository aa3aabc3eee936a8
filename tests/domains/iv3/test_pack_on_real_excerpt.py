"""The Iv3 pack on the real excerpt: grijze cellen, PF006 per gemeente, all-zero gemeente."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sluitend.cli import main

EXCERPT = Path(__file__).parents[2] / "data" / "iv3" / "begroting_2024_excerpt.csv"


def _report(*extra: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["validate", str(EXCERPT), "--format", "json", *extra])
    return result.exit_code, json.loads(result.stdout)


def test_cli_picks_the_iv3_pack_and_reports_gemeente_taakveld_and_line() -> None:
    code, report = _report("--boekjaar", "2024")
    assert code == 1
    findings = report["findings"]
    grey = [f for f in findings if f["rule"] == "GC-lasten"]
    # Bronckhorst has salarissen on 6.71, 6.72, 6.81 and 6.82 (lines 3481-3551 of the file).
    assert sorted(f["where"]["taakveld"] for f in grey) == ["6.71", "6.72", "6.81", "6.82"]
    assert all(f["where"]["overheid"] == "Bronckhorst" for f in grey)
    assert all("begroting_2024_excerpt.csv:" in f["bron"] for f in grey)
    assert "Bronckhorst, 6.71 Maatwerkdienstverlening 18+" in grey[0]["message"]
    assert "grijze cel" in grey[0]["message"]


def test_pf006_per_gemeente() -> None:
    _, report = _report("--boekjaar", "2024")
    pf006 = {f["where"]["overheid"]: f for f in report["findings"] if f["rule"] == "PF006"}
    # Hillegom: off by 50, within the worst case (71) but beyond 4 sd (13.8): a warning.
    assert pf006["Hillegom"]["severity"] == "warning"
    assert pf006["Hillegom"]["expected"] - pf006["Hillegom"]["actual"] == 50
    assert "Het gevonden verschil is 50" in pf006["Hillegom"]["message"]
    assert "unlikely to be rounding alone" in pf006["Hillegom"]["message"]
    # Bronckhorst: off by 1, an afrondingsverschil (info).
    assert pf006["Bronckhorst"]["severity"] == "info"
    # Vijfheerenlanden: every figure zero: reported as not checkable, never passed.
    assert pf006["Vijfheerenlanden"]["severity"] == "info"
    assert "every figure is zero" in pf006["Vijfheerenlanden"]["message"]
    # 's-Hertogenbosch balances exactly: no finding.
    assert "'s-Hertogenbosch" not in pf006
    result = {r["rule"]: r for r in report["rules"]}["PF006"]
    assert result["checked"] == 3  # the all-zero gemeente is not counted as checked
    assert result["not_checkable"] == 1


def test_an_unknown_boekjaar_is_a_clear_error() -> None:
    result = CliRunner().invoke(main, ["validate", str(EXCERPT), "--boekjaar", "2019"])
    assert result.exit_code == 2
    assert "no bundled Iv3 definitions for Gemeente 2019" in result.output
