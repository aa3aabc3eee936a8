"""`sluitend.validate` finds what `sluitend validate` finds, from a path, a list, a Dataset
or a plain DataFrame; bad input is one clear error."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import sluitend
from sluitend.cli import main

BUNDLED = resources.files("sluitend.datasets") / "bundled"
#: Read the way a pandas user reads a canonical CSV: text columns that look numeric as text.
AS_TEXT = {"onderdeel": str, "omschrijving": str}


def cli_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["validate", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def plain_frame(path: Path | str) -> pd.DataFrame:
    """A canonical CSV as pandas reads it (default dtypes: int64, str, bool, NaN)."""
    return pd.read_csv(path, comment=None, skiprows=1, dtype=AS_TEXT)


def mistyped_table(tmp_path: Path) -> Path:
    """The bundled table with Informatiehuishouding 2023 typed 194.000 (README example)."""
    text = (BUNDLED / "bzk-2022-art7.csv").read_text(encoding="utf-8")
    frame = plain_frame(BUNDLED / "bzk-2022-art7.csv")
    hit = (frame["regeling"] == "Informatiehuishouding") & (frame["jaar"] == 2023)
    assert hit.sum() == 1
    line = int(hit.to_numpy().nonzero()[0][0]) + 2  # the metadata and header lines
    lines = text.splitlines(keepends=True)
    assert ",149000," in lines[line]
    lines[line] = lines[line].replace(",149000,", ",194000,")
    path = tmp_path / "bzk-2022-art7.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_default_is_the_bundled_table_and_passes() -> None:
    report = sluitend.validate()
    assert report.ok and report.counts == {"error": 0, "warning": 0, "info": 0}
    assert report.to_dict() == cli_json()


def test_plain_dataframe_of_the_bundled_table_gives_the_clis_findings(tmp_path: Path) -> None:
    path = mistyped_table(tmp_path)
    frame = plain_frame(path)
    assert frame["bedrag"].dtype == "int64" and frame["artikel"].dtype == "int64"
    report = sluitend.validate(frame, name="bzk-2022-art7")
    cli = cli_json(str(path))
    assert not report.ok and cli["ok"] is False
    assert report.to_dict()["findings"] == cli["findings"]
    assert [f["rule"] for f in cli["findings"]] == ["BT001"]
    assert report.to_dict()["rules"] == cli["rules"]
    assert report.count("error") == cli["summary"]["error"] == 1


def test_dataframe_of_the_ministry_table_gives_the_clis_findings(tmp_path: Path) -> None:
    """The bundled Ministry CSV (real defects), converted to canonical CSV by the CLI."""
    out = tmp_path / "vii.csv"
    converted = CliRunner().invoke(
        main, ["convert", str(BUNDLED / "minfin-2017-vii.csv"), str(out)]
    )
    assert converted.exit_code == 0, converted.output
    table = next(p for p in tmp_path.glob("vii*.csv") if "juridisch" not in p.name)
    cli = cli_json(str(table))
    name = cli["datasets"][0]["name"]
    report = sluitend.validate(plain_frame(table), name=name)
    assert report.to_dict()["findings"] == cli["findings"]
    assert cli["summary"]["error"] > 0 and report.counts["error"] == cli["summary"]["error"]


def test_path_list_and_dataset_give_the_same_report(tmp_path: Path) -> None:
    path = mistyped_table(tmp_path)
    by_path = sluitend.validate(str(path)).to_dict()
    by_pathlib = sluitend.validate(path).to_dict()
    datasets = sluitend.read(path)
    by_dataset = sluitend.validate(datasets[0]).to_dict()
    by_list = sluitend.validate([path, BUNDLED / "bzk-2022-art7-jv.csv"]).to_dict()
    assert by_path["findings"] == by_pathlib["findings"] == by_dataset["findings"]
    assert by_list["summary"]["datasets"] == 2 and by_list["findings"] == by_path["findings"]
    cli = cli_json(str(path), str(BUNDLED / "bzk-2022-art7-jv.csv"))
    assert by_list["findings"] == cli["findings"] and by_list["rules"] == cli["rules"]


def test_rules_as_pack_file_text_or_ruleset(tmp_path: Path) -> None:
    text = """
[ruleset]
name = "mine"

[[rules]]
id = "U1"
kind = "unique"
dataset = "begrotingstabel"
"""
    from_text = sluitend.load_rules(text)
    assert from_text.name == "mine" and [r.id for r in from_text.rules] == ["U1"]
    file = tmp_path / "mine.toml"
    file.write_text(text, encoding="utf-8")
    assert sluitend.load_rules(file) == sluitend.load_rules(str(file)) == from_text
    assert sluitend.load_rules("rijksbegroting").name == "rijksbegroting"
    assert sluitend.load_rules(from_text) is from_text
    report = sluitend.validate(rules=text)
    assert [r["rule"] for r in report.to_dict()["rules"]] == ["U1"]


def test_rule_mistakes_and_unknown_names_are_sluitend_errors() -> None:
    with pytest.raises(sluitend.RuleFileError, match="rule 'X'"):
        sluitend.load_rules('[ruleset]\nname = "x"\n[[rules]]\nid = "X"\nkind = "nope"\n')
    with pytest.raises(sluitend.SluitendError, match="not a bundled pack"):
        sluitend.load_rules("no-such-pack")


def test_a_missing_file_names_it() -> None:
    with pytest.raises(sluitend.InputError, match=r"no-such\.csv: no such file"):
        sluitend.validate("no-such.csv")


def test_wrong_data_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="got int"):
        sluitend.validate(3)
    with pytest.raises(TypeError, match="flat list"):
        sluitend.validate([["a.csv"]])
    with pytest.raises(TypeError, match="path or bundled"):
        sluitend.read()


def test_read_bundled_and_strict_notes() -> None:
    table, jv = sluitend.read(bundled="bzk-2022-art7")
    assert (table.kind, table.rows, jv.kind) == ("begrotingstabel", 224, "juridisch_verplicht")
    assert isinstance(table, sluitend.Dataset)


def test_read_notes_are_collected_or_refused() -> None:
    defects = Path(__file__).parent.parent / "data/minfin/owb2017_defects.csv"
    notes: list[str] = []
    datasets = sluitend.read(defects, notes=notes)
    assert datasets and notes and all("owb2017_defects.csv" in n for n in notes)
    with pytest.raises(sluitend.SluitendError, match="strict: every cell must be readable"):
        sluitend.read(defects, strict=True)
    with pytest.warns(UserWarning):
        sluitend.read(defects)
