"""Progress on stderr for long runs: a Rich display of the `sluitend.progress` protocol.

One line at a time (transient: it is erased when the run ends, so the report that follows
stands alone): the file being read, then the rows it held, then the rule being run with a
bar over all rule runs. The command line shows it only when stderr is a terminal and
`--quiet` is not given; it never writes to stdout, so machine formats are untouched.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import IO, TYPE_CHECKING

from sluitend.report.dutch import amount

if TYPE_CHECKING:  # Rich is imported when a display is made: a run without one skips it
    from rich.console import Console
    from rich.progress import TaskID


def wanted(stream: IO[str], quiet: bool) -> bool:
    """Whether to show progress on `stream`: a terminal, not --quiet, not TERM=dumb."""
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class RichProgress:
    """Shows a run's progress on a Rich console (stderr by default); a context manager."""

    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.console = console or Console(file=sys.stderr, stderr=True)
        self._display = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            # Others' output (click.echo) would bypass a redirect; they print through
            # `console` instead, above the display.
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task: TaskID | None = None

    def start(self) -> None:
        """Show the display."""
        self._display.start()

    def __enter__(self) -> RichProgress:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Erase the display (idempotent)."""
        self._display.stop()

    def _show(self, description: str, detail: str, done: float | None, total: float | None) -> None:
        from rich.markup import escape

        # Text from the data (file names, rule ids) must not steer the terminal or Rich.
        description, detail = escape(description), escape(detail)
        if self._task is None:
            self._task = self._display.add_task(description, total=total, detail=detail)
        self._display.update(
            self._task, description=description, detail=detail, completed=done or 0, total=total
        )
        self._display.refresh()

    def reading(self, source: str) -> None:
        """A file starts to be read."""
        self._show(f"reading {_printable(source)}", "", None, None)

    def read(self, source: str, rows: int) -> None:
        """A file was read."""
        self._show(f"read {_printable(source)}", f"{amount(rows)} rows", 1, 1)

    def checking(self, dataset: str, rule: str, done: int, total: int) -> None:
        """A rule starts on a dataset."""
        self._show(
            f"checking {_printable(dataset)}: {_printable(rule)}",
            f"{done}/{total} rules",
            done,
            total,
        )

    def step(self, description: str) -> None:
        """A step after the checks (building findings, writing the report)."""
        self._show(description, "", None, None)


def _printable(text: str) -> str:
    """Text without control characters (a file name may hold an escape sequence)."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)
