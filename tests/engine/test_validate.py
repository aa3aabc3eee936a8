"""validate(): ordering, severity, --max-findings, and the seed table scenario."""

from __future__ import annotations

from sluitend.datasets.bundled import load_bundled
from sluitend.datasets.frame import Dataset
from sluitend.engine.runner import validate
from sluitend.report.document import report_document
from sluitend.rules.loader import load_pack
from tests.engine.budget import run, table

PACK = load_pack("rijksbegroting")


def test_bundled_seed_table_adds_up() -> None:
    report = validate(load_bundled("bzk-2022-art7"), PACK)
    assert report.all_findings() == []
    assert report_document(report)["ok"] is True
    assert {r.rule for r in report.results} >= {"BT001", "BT002", "BT010", "BT020", "JV001"}


def test_informatiehuishouding_typo_gives_exactly_one_error() -> None:
    tabel, jv = load_bundled("bzk-2022-art7")
    frame = tabel.frame.copy()
    hit = (frame["regeling"] == "Informatiehuishouding") & (frame["jaar"] == 2023)
    assert frame.loc[hit, "bedrag"].tolist() == [149000]
    frame.loc[hit, "bedrag"] = 194000
    changed = Dataset(frame, tabel.kind, tabel.name, tabel.unit, tabel.source)
    report = validate([changed, jv], PACK)
    errors = [f for f in report.all_findings() if f.severity == "error"]
    assert len(errors) == 1 and report.count("error") == 1
    (error,) = errors
    assert (error.rule, error.where["onderdeel"], error.where["jaar"]) == ("BT001", "7.1", 2023)
    assert (error.actual, error.expected, error.difference) == (181678, 226678, -45000)
    total_row = frame[
        (frame["onderdeel"] == "7.1") & (frame["instrument"] == "") & (frame["jaar"] == 2023)
    ]
    assert error.bron == total_row["bron"].item()


def test_max_findings_keeps_the_most_severe_and_counts_the_rest() -> None:
    rows = [
        ("", "", "", "U", 2022, 10),
        ("7.1", "", "", "U", 2022, 3),
        ("7.2", "", "", "U", 2022, 3),
        ("", "", "", "V", 2023, 9),
        ("", "", "", "U", 2023, 1),
        ("7.1", "", "", "U", 2023, 1),
    ]
    rules = """
[[rules]]
id = "W"
kind = "equal"
dataset = "begrotingstabel"
severity = "warning"
left = { vuo = "V" }
right = { vuo = "U" }
on = ["jaar", "artikel", "onderdeel"]

[[rules]]
id = "H"
kind = "hierarchy"
dataset = "begrotingstabel"
"""
    full = run(rules, table(rows))
    assert [(f.rule, f.severity) for f in full.findings] == [("H", "error"), ("W", "warning")]
    from sluitend.rules.loader import load_ruleset_text

    ruleset = load_ruleset_text('[ruleset]\nname = "t"\n' + rules, "t.toml")
    capped = validate([Dataset(table(rows), "begrotingstabel", "t")], ruleset, max_findings=1)
    assert [f.rule for f in capped.findings] == ["H"]
    assert capped.truncated == 1 and capped.count("warning") == 1
    assert capped.fails("warning")
