"""What the readers noted reaches stderr as data (never as a Python warning), and the
reading options come from each command's own parameters."""

from __future__ import annotations

import warnings
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.datasets import registry
from sluitend.report.base import DIFF_FORMATS, FORMATS

DATA = Path(__file__).parents[1] / "data"
DEFECTS = DATA / "minfin" / "owb2017_defects.csv"  # six unreadable places (tests/data/minfin)
IV3 = DATA / "iv3" / "begroting_2024_excerpt.csv"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> tuple[int, str]:
    """Exit code and stderr; a Python warning raised on the way fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = runner.invoke(main, [*args], catch_exceptions=False)
    return result.exit_code, result.stderr


def test_the_chosen_boekjaar_is_a_note_on_stderr(runner: CliRunner) -> None:
    code, err = invoke(runner, "validate", str(IV3), "--format", "json")
    assert code in (0, 1)
    assert err.splitlines()[0] == (
        "sluitend: note: begroting_2024_excerpt.csv: the file does not state its boekjaar; "
        "using 2024 (the year in the file name); set --boekjaar to choose"
    )
    _, err = invoke(runner, "validate", str(IV3), "--boekjaar", "2024", "--format", "json")
    assert "note:" not in err


def test_five_notes_are_shown_unless_read_notes(runner: CliRunner) -> None:
    _, err = invoke(runner, "validate", str(DEFECTS), "--format", "json")
    assert "6 places could not be read as printed" in err
    assert err.count("\n  owb2017_defects.csv:") == 5
    assert "… and 1 more (--read-notes lists all)" in err
    _, err = invoke(runner, "validate", str(DEFECTS), "--format", "json", "--read-notes")
    assert err.count("\n  owb2017_defects.csv:") == 6
    assert "more (--read-notes" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["validate", str(DEFECTS)],
        ["convert", str(DEFECTS), "out.csv"],
        ["diff", str(DEFECTS), str(DEFECTS)],
    ],
    ids=["validate", "convert", "diff"],
)
def test_every_reading_command_honours_strict(
    runner: CliRunner, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = invoke(runner, *command, "--strict")
    assert code == 2
    assert err.startswith("sluitend: owb2017_defects.csv:8")
    assert err.rstrip().endswith("(--strict: every cell must be readable)")
    assert not (tmp_path / "out.csv").exists()
    code, _ = invoke(runner, *command)
    assert code != 2


def choices(command: str, option: str) -> tuple[str, ...]:
    """The values click accepts for `option` of `command`."""
    cmd = main.commands[command]
    (param,) = [p for p in cmd.params if p.name == option]
    assert isinstance(param.type, click.Choice)
    return tuple(param.type.choices)


def test_format_names_come_from_their_owners() -> None:
    assert choices("validate", "fmt") == FORMATS
    assert choices("diff", "fmt") == DIFF_FORMATS
    assert choices("validate", "input_format") == registry.format_names()
    assert choices("convert", "input_format") == registry.format_names()
    assert {"minfin-csv", "iv3-csv", "iv3-json", "canonical-csv"} <= set(registry.format_names())


def test_readings_chosen_are_capped_like_read_notes(runner: CliRunner, tmp_path: Path) -> None:
    """The real 2017 file has 21 readings chosen (20 articles read with an eighth amount, one
    chapter's nadere omschrijving read as a label): five are shown, and the count of the
    rest, unless --read-notes."""
    owb2017 = (
        Path(__file__).parents[2]
        / "benchmarks/data/minfin/budgettaire_tabellen_owb_2017_origineel.csv"
    )
    out = str(tmp_path / "r.json")
    _, err = invoke(runner, "validate", str(owb2017), "--format", "json", "-o", out)
    chosen = err.split("read as:\n", 1)[1].split("\nsluitend:", 1)[0].splitlines()
    assert len(chosen) == 6
    assert all("hold eight amounts" in line for line in chosen[:5])
    assert chosen[5] == "  … and 16 more (--read-notes lists all)"
    _, err = invoke(runner, "validate", str(owb2017), "--format", "json", "-o", out, "--read-notes")
    chosen = err.split("read as:\n", 1)[1].split("\nsluitend:", 1)[0].splitlines()
    assert len(chosen) == 21
    assert sum("hold eight amounts" in line for line in chosen) == 20
    assert not any("more (--read-notes" in line for line in chosen)


def test_readings_chosen_are_in_the_report_of_their_dataset(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Not only stderr: the JSON report says which figures are this reading's, on the
    dataset that holds them (the budget table, not its percentages)."""
    import json

    layouts = DATA / "minfin" / "owb2017_layouts.csv"
    out = tmp_path / "r.json"
    invoke(runner, "validate", str(layouts), "--format", "json", "-o", str(out))
    table, percentages = json.loads(out.read_text(encoding="utf-8"))["datasets"]
    eight = [n for n in table.get("notes", []) if "hold eight amounts" in n]
    assert [n.split(":", 2)[1].split()[0] for n in eight] == ["45", "60"]
    assert not percentages.get("notes")


def test_the_rich_report_draws_five_notes_unless_all(runner: CliRunner, tmp_path: Path) -> None:
    owb2017 = (
        Path(__file__).parents[2]
        / "benchmarks/data/minfin/budgettaire_tabellen_owb_2017_origineel.csv"
    )
    out = tmp_path / "r.txt"
    invoke(runner, "validate", str(owb2017), "--format", "rich", "-o", str(out))
    lines = [x for x in out.read_text(encoding="utf-8").splitlines() if x.startswith("note:")]
    assert len(lines) == 6
    assert lines[-1] == "note: … and 16 more (--all or --format json lists them)"
    invoke(runner, "validate", str(owb2017), "--format", "rich", "-o", str(out), "--all")
    lines = [x for x in out.read_text(encoding="utf-8").splitlines() if x.startswith("note:")]
    assert len(lines) == 21 and not any("more (--all" in x for x in lines)


def test_a_chapter_no_sum_checked_is_a_yellow_warning_line_with_its_title(
    runner: CliRunner, tmp_path: Path
) -> None:
    """COVERAGE has no rule result: its checklist line takes its findings' severity (a
    warning: yellow, not an error's red) and says what it is."""
    out = tmp_path / "r.txt"
    result = runner.invoke(
        main,
        ["validate", str(IV3), "--boekjaar", "2024", "-o", str(out)],
        env={"FORCE_COLOR": "1"},
    )
    assert result.exit_code == 1
    line = next(x for x in out.read_text(encoding="utf-8").splitlines() if "COVERAGE" in x)
    assert "Chapters with no total checked by a sum rule" in line
    # Nothing failed there: the chapters were not checked, so "!" (unproven), never "✘".
    assert "\x1b[33m!" in line and "✘" not in line
    assert "not checked" in line and "failed" not in line
