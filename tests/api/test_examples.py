"""Every script in examples/ runs as it is, and says what it claims."""

from __future__ import annotations

import contextlib
import io
import json
import runpy
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from sluitend.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(script: str, *args: str) -> Done:
    """Run a script as `python examples/SCRIPT ARGS...` would, in this process (a new
    interpreter per script would spend the test's time importing pandas)."""
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = [str(EXAMPLES / script), *args]
    code: int | str | None = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            runpy.run_path(str(EXAMPLES / script), run_name="__main__")
    except SystemExit as exit_:
        code = exit_.code
    finally:
        sys.argv = argv
    return Done(int(code or 0), out.getvalue(), err.getvalue())


def test_every_example_is_tested() -> None:
    tested = {"validate_frame.py", "validate_folder.py", "filter_findings.py"}
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested


def test_validate_frame() -> None:
    done = run("validate_frame.py")
    assert done.returncode == 0, done.stderr
    assert "not ok: 1 error" in done.stdout
    assert "Uitgaven 2023: stated 310, its lines add up to 300" in done.stdout
    assert "bron DataFrame#0" in done.stdout


@pytest.mark.filterwarnings("ignore::UserWarning")  # the excerpt's read notes
def test_validate_folder_writes_the_clis_json(tmp_path: Path) -> None:
    folder = tmp_path / "begroting"
    folder.mkdir()
    data = Path(__file__).resolve().parent.parent / "data/minfin"
    for name in ("owb2017_iii1_viii1.csv", "begrotingsstaten_excerpt.csv"):
        (folder / name).write_bytes((data / name).read_bytes())
    out = tmp_path / "report.json"
    done = run("validate_folder.py", str(folder), str(out))
    cli = CliRunner().invoke(
        main, ["validate", *sorted(map(str, folder.iterdir())), "--format", "json"]
    )
    assert done.returncode == cli.exit_code, done.stderr
    ours, theirs = json.loads(out.read_text("utf-8")), json.loads(cli.stdout)
    assert ours["findings"] == theirs["findings"] and ours["summary"] == theirs["summary"]
    assert ours["summary"]["datasets"] >= 2


def test_validate_folder_demo_and_bad_file(tmp_path: Path) -> None:
    demo = run("validate_folder.py")
    assert demo.returncode == 1 and "not ok: 1 error" in demo.stdout  # article 8's typo
    (tmp_path / "notes.txt").write_text("no budget here\n", encoding="utf-8")
    bad = run("validate_folder.py", str(tmp_path))
    assert bad.returncode == 2 and "notes.txt" in bad.stderr and "Traceback" not in bad.stderr


def test_filter_findings() -> None:
    done = run("filter_findings.py")
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.endswith("articles") and int(first.split()[0]) > 0
    assert "minfin-2017-vii.csv:" in done.stdout
