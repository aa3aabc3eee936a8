"""The CLI through click's runner: exit codes, formats, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.datasets.bundled import load_bundled
from sluitend.datasets.canonical import write_canonical_csv
from sluitend.datasets.frame import Dataset
from sluitend.errors import InputError


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def changed_seed(tmp_path: Path) -> Path:
    """The bundled seed table as canonical CSV, with Informatiehuishouding 2023 mistyped."""
    tabel = load_bundled("bzk-2022-art7")[0]
    frame = tabel.frame.copy()
    hit = (frame["regeling"] == "Informatiehuishouding") & (frame["jaar"] == 2023)
    frame.loc[hit, "bedrag"] = 194000
    path = tmp_path / "tabel.csv"
    write_canonical_csv(Dataset(frame, tabel.kind, "tabel", tabel.unit), path)
    return path


def test_validate_bundled_default_passes(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--format", "rich"])
    assert result.exit_code == 0, result.output
    assert "BT001" in result.output and "0 errors" in result.output


def test_validate_json_is_designs_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["version"] == 2 and data["ok"] is True
    assert data["summary"]["rows"] == 231 and data["findings"] == []


def test_changed_figure_exits_1_with_one_error(runner: CliRunner, tmp_path: Path) -> None:
    path = changed_seed(tmp_path)
    before = path.read_bytes()
    result = runner.invoke(main, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert len(errors) == 1
    assert (errors[0]["rule"], errors[0]["actual"], errors[0]["expected"]) == (
        "BT001",
        181678,
        226678,
    )
    assert path.read_bytes() == before  # the input is never written


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("never", 0)])
def test_fail_on(runner: CliRunner, tmp_path: Path, fail_on: str, code: int) -> None:
    path = changed_seed(tmp_path)
    result = runner.invoke(main, ["validate", str(path), "--format", "json", "--fail-on", fail_on])
    assert result.exit_code == code


def test_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(main, ["validate", "--format", "json", "--output", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text())["ok"] is True


def test_missing_file_is_exit_2_with_its_name(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "no/such.csv"])
    assert result.exit_code == 2
    assert "no/such.csv: no such file" in result.output
    assert "Traceback" not in result.output


def test_malformed_toml_is_exit_2_with_line_and_column(runner: CliRunner, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[ruleset]\nname = "x"\n[[rules]]\nid = \n', encoding="utf-8")
    result = runner.invoke(main, ["validate", "--rules", str(rules)])
    assert result.exit_code == 2
    assert f"{rules}: line 4, column" in result.output
    assert "Traceback" not in result.output


def test_unknown_column_in_rule_file_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[ruleset]\nname = "x"\n[[rules]]\nid = "R1"\nkind = "range"\n'
        'dataset = "begrotingstabel"\ncolumn = "bedragg"\nmin = 0\n',
        encoding="utf-8",
    )
    result = runner.invoke(main, ["validate", "--rules", str(rules)])
    assert result.exit_code == 2
    assert "bedragg" in result.output and "R1" in result.output


def test_three_mistakes_are_all_reported(runner: CliRunner, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[ruleset]\nname = "x"\n'
        '[[rules]]\nid = "A"\nkind = "hierarchy"\ndataset = "begrotingstabel"\n'
        "levels = 3\n"
        '[[rules]]\nid = "B"\nkind = "summ"\ndataset = "begrotingstabel"\n'
        '[[rules]]\nid = "C"\nkind = "range"\ndataset = "begrotingstabel"\n'
        'column = "bedrag"\nmin = 0\nseverity = "fatal"\n',
        encoding="utf-8",
    )
    result = runner.invoke(main, ["rules", "lint", str(rules)])
    assert result.exit_code == 2
    text = result.output
    assert "3 errors" in text
    assert "rule 'A' (index 0): key 'levels'" in text
    assert "rule 'B' (index 1)" in text and "summ" in text
    assert "rule 'C' (index 2): key 'severity'" in text


def test_non_numeric_amount_is_exit_2_with_line(runner: CliRunner, tmp_path: Path) -> None:
    path = changed_seed(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",") if not lines[0].startswith("#") else lines[1].split(",")
    assert "bedrag" in header
    body_start = 1 if not lines[0].startswith("#") else 2
    cells = lines[body_start].split(",")
    cells[header.index("bedrag")] = "veel"
    lines[body_start] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{body_start + 1}" in result.output and "veel" in result.output
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(runner: CliRunner) -> None:
    # Without --debug: one line and exit 2, the error turned into SystemExit(2).
    plain = runner.invoke(main, ["validate", "no/such.csv"])
    assert plain.exit_code == 2 and isinstance(plain.exception, SystemExit)
    assert "Traceback" not in plain.output
    # With --debug the error itself propagates (click's runner catches it; a shell would
    # print its traceback): not a SystemExit.
    debug = runner.invoke(main, ["validate", "no/such.csv", "--debug"])
    assert isinstance(debug.exception, InputError), debug.exception
    assert "no/such.csv" in str(debug.exception)
    assert debug.exc_info is not None and debug.exc_info[2] is not None


def test_rules_list_show_and_datasets(runner: CliRunner) -> None:
    listed = runner.invoke(main, ["rules", "list"])
    assert listed.exit_code == 0 and "BT001" in listed.output and "JV001" in listed.output
    shown = runner.invoke(main, ["rules", "show", "BT001"])
    assert shown.exit_code == 0 and 'kind = "hierarchy"' in shown.output
    assert "What it checks" in shown.output
    missing = runner.invoke(main, ["rules", "show", "NOPE"])
    assert missing.exit_code == 2 and "NOPE" in missing.output
    names = runner.invoke(main, ["datasets", "list"])
    assert names.exit_code == 0 and "bzk-2022-art7" in names.output
    show = runner.invoke(main, ["datasets", "show", "bzk-2022-art7", "--rows", "3"])
    assert show.exit_code == 0 and "Verplichtingen" in show.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and "sluitend" in result.output
