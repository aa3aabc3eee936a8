"""Paths in machine reports, relative to the repository root, with forward slashes.

A finding's `bron` keeps the data file's path as the user gave it (`begroting/x.csv:12`,
`../x.csv:12`, `/abs/x.csv:12`): that is what a person typed and what `rich` shows. A CI
service attaches an annotation to a file only when the path is relative to the root of the
checked-out repository, whatever folder the command ran in. `RepoPaths` makes that path:

- the root is `GITHUB_WORKSPACE` (GitHub Actions), else `CI_PROJECT_DIR` (GitLab CI),
  else the nearest folder at or above the working directory holding `.git` (a folder, or
  the file a git worktree or submodule has), else the working directory;
- a path naming a file that exists (relative to the working directory, or absolute) is
  written relative to that root (`begroting/x.csv`), or, outside the root, as an absolute
  path; always with `/`;
- a path naming no file on disk (the bron of a bundled dataset, a report built by hand) is
  written as it stands, with `/`;
- a bron cited inside a message ("the same figure appears again; first at ../x.csv:12")
  is written the same way (`RepoPaths.text`), so a report does not depend on the folder
  the command ran in.

Every machine format (github, sarif, gitlab, junit) uses this one module.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, ClassVar

from sluitend.engine.findings import Hint, Report
from sluitend.report.base import Reporter
from sluitend.report.common import parse_bron
from sluitend.report.dutch import amount
from sluitend.report.overview import hint_name

#: Environment variables naming the checkout's root, in the order they are looked at.
ROOT_VARIABLES = ("GITHUB_WORKSPACE", "CI_PROJECT_DIR")


def find_root(env: Mapping[str, str], cwd: Path) -> Path:
    """The repository root for `cwd` (see the module docstring), absolute."""
    for name in ROOT_VARIABLES:
        if env.get(name):
            return Path(env[name]).resolve()
    cwd = cwd.resolve()
    for folder in (cwd, *cwd.parents):
        if (folder / ".git").exists():
            return folder
    return cwd


@dataclass(frozen=True)
class RepoPaths:
    """Writes paths relative to `root`, resolving relative paths against `cwd`."""

    root: Path
    cwd: Path
    _cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _patterns: dict[tuple[str, ...], re.Pattern[str] | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def detect(cls, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> RepoPaths:
        """The paths of this process: its environment and working directory."""
        env = os.environ if env is None else env
        cwd = Path.cwd() if cwd is None else cwd
        return cls(find_root(env, cwd), cwd.resolve())

    def path(self, path: str) -> str:
        """`path` as a machine report writes it (see the module docstring)."""
        if path not in self._cache:
            self._cache[path] = self._relative(path)
        return self._cache[path]

    def _relative(self, path: str) -> str:
        if not path:
            return path
        given = Path(path)
        absolute = given if given.is_absolute() else self.cwd / given
        try:
            exists = absolute.exists()
        except OSError:  # a name too long for the file system (a bron of 100.000 characters)
            exists = False
        if not exists:
            return PurePath(path).as_posix()
        resolved = absolute.resolve()
        try:
            return resolved.relative_to(self.root.resolve()).as_posix()
        except ValueError:  # outside the repository: only the absolute path is unambiguous
            return resolved.as_posix()

    def bron(self, bron: str) -> str:
        """A bron with its file written by `path`: "../x.csv:12" -> "begroting/x.csv:12",
        "x.xlsx!Blad1!B12" -> "data/x.xlsx!Blad1!B12"."""
        parsed = parse_bron(bron)
        if not parsed.path:
            return bron
        path = self.path(parsed.path)
        if parsed.cell:
            return f"{path}!{parsed.cell}"
        return f"{path}:{parsed.line}" if parsed.line is not None else path

    def text(self, text: str, files: Iterable[str]) -> str:
        """`text` (a message) with every bron of one of `files` in it written by `path`:
        "first at ../x.csv:12" -> "first at begroting/x.csv:12". A file counts only where
        it opens a bron: after a space, quote or bracket (or at the start) and before ":"
        and a digit, or "!"."""
        pattern = self._pattern(tuple(sorted(set(files))))
        if pattern is None:
            return text
        return pattern.sub(lambda m: self.path(m.group(0)), text)

    def _pattern(self, files: tuple[str, ...]) -> re.Pattern[str] | None:
        if files not in self._patterns:
            moved = sorted((f for f in files if f and self.path(f) != f), key=len, reverse=True)
            self._patterns[files] = (
                re.compile(
                    r"(?<![^\s(\[\'\"])(?:" + "|".join(map(re.escape, moved)) + r")(?=:\d|!)"
                )
                if moved
                else None
            )
        return self._patterns[files]


def sources(report: Report) -> list[str]:
    """The files a report's datasets were read from, as given (their brons' file part)."""
    return [d.source for d in report.datasets]


def repo_paths(option: RepoPaths | None) -> RepoPaths:
    """A reporter's `paths` option, or the paths of this process when it is None."""
    return RepoPaths.detect() if option is None else option


class MachineReporter(Reporter):
    """A machine format (github, gitlab, sarif, junit): its file paths are written by a
    `RepoPaths`, so that a CI service attaches each finding to its file.

    Options:
        paths: a `RepoPaths` writing the file paths (default None: this process's
            repository root and working directory).
    """

    OPTIONS: ClassVar[dict[str, Any]] = {"paths": None}

    def repo_paths(self) -> RepoPaths:
        """The `paths` option in effect."""
        return repo_paths(self.options["paths"])


def suggested_text(hint: Hint) -> str:
    """ " Suggested: 1.234." for a hint with a suggested figure, else ""."""
    return "" if hint.suggested is None else f" Suggested: {amount(hint.suggested)}."


def hint_text(hint: Hint, paths: RepoPaths) -> str:
    """A hint as the github, gitlab and sarif messages write it:
    "Hint (digits swapped): ... Suggested: 1.234. [begroting/x.csv:12]"."""
    name = hint_name(hint.kind)
    return f"Hint ({name}): {hint.explanation}{suggested_text(hint)} [{paths.bron(hint.bron)}]"
