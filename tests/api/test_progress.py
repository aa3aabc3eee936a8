"""Progress: shown on a terminal (stderr), never when piped, never with --quiet, never in the
report; the readers and the engine only call the `Progress` protocol."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from rich.console import Console

import sluitend
from sluitend.progress import NoProgress, Progress
from sluitend.report.progress import RichProgress, wanted
from tests.api.test_validate import mistyped_table

SLUITEND = [sys.executable, "-c", "from sluitend.cli import main; main()"]


class Recorder(NoProgress):
    def __init__(self) -> None:
        self.events: list[tuple[object, ...]] = []

    def reading(self, source: str) -> None:
        self.events.append(("reading", Path(source).name))

    def read(self, source: str, rows: int) -> None:
        self.events.append(("read", Path(source).name, rows))

    def checking(self, dataset: str, rule: str, done: int, total: int) -> None:
        self.events.append(("checking", dataset, rule, done, total))


def test_events_in_order(tmp_path: Path) -> None:
    path = mistyped_table(tmp_path)
    recorder = Recorder()
    assert isinstance(recorder, Progress)
    sluitend.validate(path, progress=recorder)
    assert recorder.events == [
        ("reading", "bzk-2022-art7.csv"),
        ("read", "bzk-2022-art7.csv", 224),
        ("checking", "bzk-2022-art7", "BT001", 0, 6),
        ("checking", "bzk-2022-art7", "BT002", 1, 6),
        ("checking", "bzk-2022-art7", "BT010", 2, 6),
        ("checking", "bzk-2022-art7", "BT020", 3, 6),
        # The completeness rules of the pack (every table with lines states its total).
        ("checking", "bzk-2022-art7", "BT030", 4, 6),
        ("checking", "bzk-2022-art7", "BT031", 5, 6),
    ]


def test_rich_display_on_a_forced_terminal(tmp_path: Path) -> None:
    path = mistyped_table(tmp_path)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with RichProgress(console) as display:
        sluitend.validate(path, progress=display)
    shown = screen.getvalue()
    assert "\x1b[" in shown  # drawn for a terminal
    assert "reading" in shown and "bzk-2022-art7.csv" in shown and "224 rows" in shown
    assert "checking bzk-2022-art7: BT031" in shown and "5/6 rules" in shown


def test_control_characters_in_names_do_not_reach_the_terminal() -> None:
    screen = io.StringIO()
    with RichProgress(Console(file=screen, force_terminal=True, width=100)) as display:
        display.reading("evil\x1b]0;pwned\x07[bold]name.csv")
    shown = screen.getvalue()
    assert "\x1b]0;pwned" not in shown and "?]0;pwned?[bold]name.csv" in shown


def test_wanted_only_on_a_terminal_without_quiet() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wanted(Tty(), quiet=False)
    assert not wanted(Tty(), quiet=True)
    assert not wanted(io.StringIO(), quiet=False)


def _run(args: list[str], *, terminal: bool) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal (or a pipe); stdout is always a pipe."""
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    if not terminal:
        done = subprocess.run(
            [*SLUITEND, *args], capture_output=True, text=True, env=env, timeout=120
        )
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [*SLUITEND, *args], stdout=subprocess.PIPE, stderr=follower, env=env
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        stdout = proc.stdout.read().decode() if proc.stdout else ""
        code = proc.wait(timeout=120)
    finally:
        os.close(leader)
    return code, stdout, b"".join(chunks).decode(errors="replace")


def test_cli_progress_on_a_terminal_never_in_the_report(tmp_path: Path) -> None:
    path = str(mistyped_table(tmp_path))
    code, stdout, stderr = _run(["validate", path, "--format", "json"], terminal=True)
    assert code == 1
    assert json.loads(stdout)["summary"]["error"] == 1  # stdout: the JSON, nothing else
    assert "reading" in stderr and "checking bzk-2022-art7" in stderr, stderr


def test_cli_no_progress_when_piped_or_quiet(tmp_path: Path) -> None:
    path = str(mistyped_table(tmp_path))
    code, stdout, stderr = _run(["validate", path, "--format", "json"], terminal=False)
    assert code == 1 and json.loads(stdout)["summary"]["error"] == 1
    assert stderr == ""
    code, _, stderr = _run(["validate", path, "--format", "json", "--quiet"], terminal=True)
    assert code == 1 and "checking" not in stderr and "reading" not in stderr
