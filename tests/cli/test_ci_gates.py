"""Issue 4's scenarios end to end: a baseline of the real 2017 table, and a diff of the seed."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

from click.testing import CliRunner

from sluitend.cli import main
from sluitend.datasets.bundled import load_bundled
from sluitend.datasets.canonical import write_canonical_csv
from sluitend.datasets.frame import Dataset


def real_2017(tmp_path: Path) -> Path:
    """A copy of the bundled chapter VII rows of the Ministry's 2017 budget-table CSV."""
    source = resources.files("sluitend.datasets") / "bundled" / "minfin-2017-vii.csv"
    target = tmp_path / "owb2017.csv"
    with resources.as_file(source) as path:
        shutil.copy(path, target)
    return target


def test_baseline_accepts_old_findings_and_fails_on_new(tmp_path: Path) -> None:
    runner = CliRunner()
    data, baseline = real_2017(tmp_path), tmp_path / "baseline.json"
    first = runner.invoke(
        main, ["validate", str(data), "--format", "json", "--write-baseline", str(baseline)]
    )
    assert first.exit_code == 1  # the real file has real defects
    accepted = json.loads(first.stdout)["summary"]["error"]
    assert accepted > 0

    again = runner.invoke(
        main, ["validate", str(data), "--format", "json", "--baseline", str(baseline)]
    )
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["findings"] == []

    # Article 11, Eigen Personeel, t-2 (2015): 144,658 -> 144,958. Its total Personele
    # Uitgaven (153,539) added up before; now it is the one new finding.
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    hit = [i for i, line in enumerate(lines) if ",11," in line and "Eigen Personeel" in line]
    assert len(hit) == 1 and '"144,658"' in lines[hit[0]]
    lines[hit[0]] = lines[hit[0]].replace('"144,658"', '"144,958"', 1)
    changed = tmp_path / "changed.csv"
    changed.write_text("".join(lines), encoding="utf-8")
    result = runner.invoke(
        main, ["validate", str(changed), "--format", "json", "--baseline", str(baseline)]
    )
    assert result.exit_code == 1
    new = [
        (f["rule"], f["label"], f["where"]["jaar"], f["difference"])
        for f in json.loads(result.stdout)["findings"]
    ]
    assert new == [("BT001", "Personele Uitgaven", 2015, -300)]


def test_diff_lists_exactly_the_two_changes_and_their_findings(tmp_path: Path) -> None:
    tabel = load_bundled("bzk-2022-art7")[0]
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    write_canonical_csv(Dataset(tabel.frame, tabel.kind, "t", tabel.unit), old)
    frame = tabel.frame.copy()
    for regeling, jaar, value in (
        ("Informatiehuishouding", 2023, 194000),
        ("Overlegstelsel", 2024, 2910),
    ):
        hit = (frame["regeling"] == regeling) & (frame["jaar"] == jaar)
        assert hit.sum() == 1
        frame.loc[hit, "bedrag"] = value
    write_canonical_csv(Dataset(frame, tabel.kind, "t", tabel.unit), new)
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    (dataset,) = data["datasets"]
    figures = dataset["figures"]
    changes = sorted((c["regeling"], c["old"], c["new"], c["delta"]) for c in figures["changed"])
    assert changes == [
        ("Informatiehuishouding", 149000, 194000, 45000),
        ("Overlegstelsel", 2901, 2910, 9),
    ]
    assert figures["added"] == [] and figures["removed"] == []
    introduced = sorted((f["rule"], f["severity"], f["where"]["jaar"]) for f in data["introduced"])
    # 45.000 fails 7.1 in 2023; 9 is within the rounding bound of 7.1 in 2024 (info).
    assert introduced == [("BT001", "error", 2023), ("BT001", "info", 2024)]
    assert data["resolved"] == []
