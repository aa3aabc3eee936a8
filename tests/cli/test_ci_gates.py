"""CI scenarios end to end on the real 2017 table: issue 4's baseline and diff; issue 14's
scratch repository (annotations, SARIF and GitLab reports naming the repository path from
any folder, a folder as input, a baseline written without failing the step)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
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
    assert first.exit_code == 0  # the real file has real defects, now accepted
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


# --- issue 14: CI gates that land where they point ------------------------------------------

MATERIELE = 108  # line of article 11 "Materiele uitgaven" (190,096 stated) in the excerpt
WAARVAN = 109  # its waarvan line (155,495), which the hint points at


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch git repository with the 2017 excerpt at begroting/owb2017.csv and a README
    beside it; no CI variables, so the root is found by the .git folder."""
    for name in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "repo"
    (root / "begroting").mkdir(parents=True)
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    else:
        (root / ".git").mkdir()
    shutil.copy(real_2017(tmp_path), root / "begroting" / "owb2017.csv")
    (root / "begroting" / "README.md").write_text("# Begroting\n", encoding="utf-8")
    lines = (root / "begroting" / "owb2017.csv").read_text("utf-8").splitlines()
    assert ",11," in lines[MATERIELE - 1] and '"190,096"' in lines[MATERIELE - 1]
    assert "waarvan bijdragen aan SSO's" in lines[WAARVAN - 1]
    return root


def run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, args)


def test_annotations_name_the_repository_path_from_any_folder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_root = run(["validate", "begroting/owb2017.csv", "--format", "github"], repo, monkeypatch)
    from_sub = run(
        ["validate", "owb2017.csv", "--format", "github"], repo / "begroting", monkeypatch
    )
    absolute = run(
        ["validate", str(repo / "begroting" / "owb2017.csv"), "--format", "github"],
        repo.parent,
        monkeypatch,
    )
    assert from_root.exit_code == from_sub.exit_code == 1
    assert from_root.stdout == from_sub.stdout
    for fmt in ("sarif", "gitlab", "junit"):  # every path in them, messages included
        root_out = run(["validate", "begroting", "--format", fmt], repo, monkeypatch).stdout
        sub_out = run(["validate", ".", "--format", fmt], repo / "begroting", monkeypatch).stdout
        assert "../" not in sub_out and "begroting/owb2017.csv" in sub_out
        if fmt != "junit":  # junit carries the run's time
            assert root_out == sub_out, fmt
    commands = [line for line in from_root.stdout.splitlines() if line.startswith("::")]
    assert commands and all(
        c.split(" ", 1)[1].startswith("file=begroting/owb2017.csv,line=") for c in commands
    )
    assert any(f"file=begroting/owb2017.csv,line={MATERIELE}," in c for c in commands)
    assert f"[begroting/owb2017.csv:{WAARVAN}]" in from_root.stdout  # the hint's figure
    # VII art. 11's waarvan line may be a part: an ambiguous layout (info), said as such.
    assert "ambiguous layout" in from_root.stdout
    # run outside any repository: the working directory is the root
    assert "::error file=repo/begroting/owb2017.csv,line=" in absolute.stdout
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo))
    in_actions = run(
        ["validate", str(repo / "begroting" / "owb2017.csv"), "--format", "github"],
        repo.parent,
        monkeypatch,
    )
    assert in_actions.stdout == from_root.stdout


def test_sarif_and_gitlab_from_a_sub_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema

    sub = repo / "begroting"
    sarif = run(["validate", "owb2017.csv", "--format", "sarif"], sub, monkeypatch)
    assert sarif.exit_code == 1
    doc = json.loads(sarif.stdout)
    schema_file = Path(__file__).parents[1] / "data" / "schemas" / "sarif-schema-2.1.0.json"
    jsonschema.Draft4Validator(json.loads(schema_file.read_text("utf-8"))).validate(doc)
    (sarif_run,) = doc["runs"]
    assert sarif_run["invocations"][0]["exitCode"] == 1
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif_run["results"]
        for loc in (*r["locations"], *r.get("relatedLocations", []))
    }
    assert uris == {"begroting/owb2017.csv"}
    waarvan = [
        r
        for r in sarif_run["results"]
        if r["locations"][0]["physicalLocation"]["region"]["startLine"] == MATERIELE
    ]
    assert waarvan, "the Materiele uitgaven total is a finding"
    related = [
        loc["physicalLocation"]["region"]["startLine"]
        for r in waarvan
        for loc in r.get("relatedLocations", [])
    ]
    assert WAARVAN in related

    gitlab = run(["validate", "owb2017.csv", "--format", "gitlab"], sub, monkeypatch)
    assert gitlab.exit_code == 1
    issues = json.loads(gitlab.stdout)
    assert {i["location"]["path"] for i in issues} == {"begroting/owb2017.csv"}
    assert MATERIELE in {i["location"]["lines"]["begin"] for i in issues}
    assert len({i["fingerprint"] for i in issues}) == len(issues)

    junit = run(
        ["validate", "owb2017.csv", "--format", "junit", "--junit-per", "finding"], sub, monkeypatch
    )
    assert f"(bron: begroting/owb2017.csv:{MATERIELE})" in junit.stdout


def test_a_folder_validates_and_a_baseline_is_written_without_failing(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = run(["validate", "begroting/owb2017.csv", "--format", "json"], repo, monkeypatch)
    folder = run(["validate", "begroting", "--format", "json"], repo, monkeypatch)
    assert folder.exit_code == one.exit_code == 1
    assert json.loads(folder.stdout)["findings"] == json.loads(one.stdout)["findings"]
    assert "skipped 1 files of no known format" in folder.stderr
    assert "begroting/README.md: unknown format" in folder.stderr
    pattern = run(["validate", "begroting/*.csv", "--format", "json"], repo, monkeypatch)
    assert json.loads(pattern.stdout)["findings"] == json.loads(one.stdout)["findings"]

    write = run(
        [
            "validate",
            "begroting",
            "--format",
            "github",
            "--write-baseline",
            "sluitend-baseline.json",
        ],
        repo,
        monkeypatch,
    )
    assert write.exit_code == 0, write.output  # the step that records the accepted state passes
    assert "::error file=begroting/owb2017.csv" in write.stdout  # and still shows the findings
    again = run(
        ["validate", ".", "--format", "github", "--baseline", "../sluitend-baseline.json"],
        repo / "begroting",
        monkeypatch,
    )
    assert again.exit_code == 0, again.output
    assert "::error" not in again.stdout
    broken = run(["validate", "nothing-here", "--write-baseline", "b.json"], repo, monkeypatch)
    assert broken.exit_code == 2  # a run that failed still fails
    assert not (repo / "b.json").exists()


def test_max_findings_cuts_after_the_baseline(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--max-findings bounds what is shown, never what a baseline records or accepts."""
    full = run(["validate", "begroting/owb2017.csv", "--format", "json"], repo, monkeypatch)
    n = len(json.loads(full.stdout)["findings"])
    assert n > 3
    write = run(
        ["validate", "begroting", "--max-findings", "2", "--write-baseline", "b.json"],
        repo,
        monkeypatch,
    )
    assert write.exit_code == 0
    assert len(json.loads((repo / "b.json").read_text("utf-8"))["findings"]) >= n
    shown = run(
        [
            "validate",
            "begroting",
            "--max-findings",
            "2",
            "--baseline",
            "b.json",
            "--format",
            "json",
        ],
        repo,
        monkeypatch,
    )
    assert shown.exit_code == 0, shown.output
    capped = run(
        ["validate", "begroting", "--max-findings", "2", "--format", "json"], repo, monkeypatch
    )
    assert capped.exit_code == 1
    doc = json.loads(capped.stdout)
    per_rule = Counter(f["rule"] for f in doc["findings"])
    assert per_rule and max(per_rule.values()) == 2  # --max-findings is per rule
    assert doc["summary"]["error"] == json.loads(full.stdout)["summary"]["error"]  # all count


def test_baseline_and_baseline_if_present_exclude_each_other(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(
        ["validate", "begroting", "--baseline", "a.json", "--baseline-if-present", "b.json"],
        repo,
        monkeypatch,
    )
    assert result.exit_code == 2
    assert "give --baseline or --baseline-if-present, not both" in result.stderr
