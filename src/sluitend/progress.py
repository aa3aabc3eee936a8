"""How a long run says how far it is: a small callback protocol, and a silent default.

Reading and validation call these methods as they go; they never print anything themselves
(the readers and the engine import neither rich nor click). The command line passes a Rich
display on stderr when stderr is a terminal (`sluitend.report.progress`); a notebook or a
pipeline may pass its own object with the same methods, or subclass `NoProgress` and
override the ones it cares about.

Pure Python on purpose: every layer may import it, and `import sluitend` stays cheap.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["NoProgress", "Progress"]


@runtime_checkable
class Progress(Protocol):
    """What a run reports, in the order it happens."""

    def reading(self, source: str) -> None:
        """A data file starts to be read."""

    def read(self, source: str, rows: int) -> None:
        """The file was read: it held `rows` figures."""

    def checking(self, dataset: str, rule: str, done: int, total: int) -> None:
        """Rule `rule` starts on `dataset`; `done` of this validation's `total` rule runs
        (rules times datasets) are finished."""


class NoProgress:
    """A `Progress` that shows nothing (subclass it to show only some of the steps)."""

    def reading(self, source: str) -> None:
        """Nothing."""

    def read(self, source: str, rows: int) -> None:
        """Nothing."""

    def checking(self, dataset: str, rule: str, done: int, total: int) -> None:
        """Nothing."""
