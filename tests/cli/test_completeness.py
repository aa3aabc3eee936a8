"""A deleted total and a rule that matches nothing are said out loud, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sluitend.cli import main
from sluitend.datasets.bundled import load_bundled
from sluitend.datasets.canonical import write_canonical_csv
from sluitend.datasets.frame import Dataset
from sluitend.domains.rijk.vocabulary import LEVELS


def _without_uitgaven_total(tmp_path: Path) -> Path:
    tabel = load_bundled("bzk-2022-art7")[0]
    frame = tabel.frame
    total = (frame[list(LEVELS)] == "").all(axis=1) & (frame["vuo"] == "U")
    path = tmp_path / "tabel.csv"
    write_canonical_csv(Dataset(frame[~total], tabel.kind, "tabel", tabel.unit), path)
    return path


def test_deleting_the_uitgaven_total_is_not_green(tmp_path: Path) -> None:
    path = _without_uitgaven_total(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    document = json.loads(result.output)
    missing = [f for f in document["findings"] if f["rule"] == "BT030"]
    assert [(f["severity"], f["where"]["vuo"]) for f in missing] == [("warning", "U")]
    assert missing[0]["bron"] == "001_231eb4eefb8547ab.txt:164"  # 7.1, the first U line (2020)
    failing = CliRunner().invoke(main, ["validate", str(path), "--fail-on", "warning"])
    assert failing.exit_code == 1
    assert "BT030" in failing.output and "1 failed" in failing.output


def test_a_user_rule_that_matches_nothing_warns_and_gates(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[ruleset]\nname = "mine"\n[[rules]]\nid = "MY1"\nkind = "hierarchy"\n'
        'dataset = "begrotingstabel"\nwhere = "instrument == \'Subsidies\'"\n',
        encoding="utf-8",
    )
    plain = CliRunner().invoke(main, ["validate", "--rules", str(rules), "--format", "rich"])
    assert plain.exit_code == 0  # a warning; --fail-on error is the default
    assert "!  MY1" in plain.output and "✔  MY1" not in plain.output
    assert "instrument holds Subsidies (regelingen)" in plain.output
    gated = CliRunner().invoke(main, ["validate", "--rules", str(rules), "--fail-on", "warning"])
    assert gated.exit_code == 1
