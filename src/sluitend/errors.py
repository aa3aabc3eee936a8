"""The errors a user can act on. The CLI prints them as one paragraph and exits 2.

Everything else is a bug: the CLI shows a traceback for those (and for these under --debug).
"""

from __future__ import annotations


class SluitendError(Exception):
    """A problem in the user's input, rule file or command line, with its place."""


class InputError(SluitendError):
    """A data file that cannot be read as asked: names the file, the line or cell, and what
    was expected."""

    def __init__(
        self, path: str, message: str, *, line: int | None = None, cell: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.cell = cell
        self.detail = message
        place = path
        if line is not None:
            place += f":{line}"
        if cell is not None:
            place += f"!{cell}" if "!" not in cell else f" ({cell})"
        super().__init__(f"{place}: {message}")


class RuleFileError(SluitendError):
    """One or more mistakes in a rule file; all of them, each with its place."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        noun = "error" if len(self.problems) == 1 else "errors"
        super().__init__(f"{path}: {len(self.problems)} {noun} in rule file\n{lines}")


class WhereSyntaxError(SluitendError):
    """A `where` expression (or selector) outside the whitelisted mini-language."""

    def __init__(self, text: str, message: str, column: int | None = None) -> None:
        self.text = text
        self.column = column
        self.detail = message
        at = f" at column {column}" if column is not None else ""
        super().__init__(f"invalid where expression {text!r}{at}: {message}")
