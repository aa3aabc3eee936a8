"""What the PATHs of a command name: files, folders and patterns, in a fixed order.

- A **file** is taken as it is named (its format is detected when it is read; a file of
  no known format is an input error).
- A **folder** stands for every file of a known format inside it and in its sub-folders
  (recursively), sorted by path; files and folders whose name starts with "." (`.git`,
  `.venv`) are not searched. A file of no known format inside it (a README, a baseline)
  is *skipped* and listed with the reason, never dropped silently; a folder with no data
  file at all is an input error.
- A **pattern** (`begroting/*.csv`, `data/**/*.xlsx`: `*`, `?`, `[...]`, `**` for any
  depth) that names no existing file stands for the files it matches, sorted, as a folder
  does: unknown formats skipped and listed; a pattern matching nothing is an input error.

With an input format given (`--input-format`), nothing is detected: every file found is
read as that format. The same file named twice (or found twice) is read once. Files of the
same name in different folders give datasets of distinct names (`distinct_names`).
"""

from __future__ import annotations

import dataclasses
import glob
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sluitend.datasets.detect import detect_format
from sluitend.datasets.frame import Dataset
from sluitend.errors import InputError

GLOB_CHARACTERS = frozenset("*?[")


@dataclass
class Inputs:
    """The data files to read, in order, and the files passed over with the reason."""

    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set, repr=False)

    def add(self, path: str) -> None:
        """Add a file unless it is already there (under any spelling)."""
        key = os.path.realpath(path)
        if key not in self._seen:
            self._seen.add(key)
            self.files.append(path)


def _is_pattern(path: str) -> bool:
    return bool(GLOB_CHARACTERS & set(path))


def _folder_files(folder: str) -> list[str]:
    """Every non-hidden file under `folder`, sorted by path, the folder's spelling kept."""
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(top, f) for f in files if not f.startswith(".")]
    return sorted(found, key=lambda p: Path(p).parts)


def _take_found(inputs: Inputs, path: str, input_format: str | None) -> bool:
    """A file found in a folder or by a pattern: taken if its format is known (True)."""
    if input_format is None:
        try:
            detect_format(path)
        except InputError as error:
            inputs.skipped.append((path, error.detail))
            return False
    inputs.add(path)
    return True


def expand(paths: Sequence[str], input_format: str | None = None) -> Inputs:
    """The files `paths` name (see the module docstring); InputError naming the path for a
    path that names nothing, a folder without data files or a pattern matching nothing."""
    from sluitend.datasets.spool import is_stream

    inputs = Inputs()
    for path in paths:
        if is_stream(path):  # `-`, a pipe, a FIFO: read once, as it is (datasets.spool)
            inputs.files.append(path)
            continue
        if os.path.isfile(path):
            inputs.add(path)
            continue
        if os.path.isdir(path):
            folders, files = [path], []
        elif _is_pattern(path):
            matches = sorted(glob.glob(path, recursive=True), key=lambda p: Path(p).parts)
            if not matches:
                raise InputError(path, "no file or folder matches this pattern")
            folders = [m for m in matches if os.path.isdir(m)]
            files = [m for m in matches if os.path.isfile(m)]
        else:
            raise InputError(path, "no such file or folder")
        found = [*files, *(f for folder in folders for f in _folder_files(folder))]
        taken = [f for f in found if _take_found(inputs, f, input_format)]
        if not taken:
            names = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
            raise InputError(
                path,
                "holds no data file of a known format"
                + (f" (none of {names})" if found else " (no files in it)"),
            )
    return inputs


def distinct_names(datasets: Sequence[Dataset], spell: Callable[[str], str]) -> list[Dataset]:
    """`datasets` with names unique in the run. A dataset is named after its file's stem,
    so `begroting/2024/owb.csv` and `begroting/2025/owb.csv` would both be "owb", and every
    report (sections, test suites, baselines) would mix their findings. A name that files in
    different folders share is prefixed by each file's folder as `spell` writes the file
    (repository-relative, so the name does not depend on the working directory):
    "begroting/2024/owb", "begroting/2025/owb". Names that are unique stay as they are.
    """
    sources_of: dict[str, set[str]] = {}
    for ds in datasets:
        sources_of.setdefault(ds.name, set()).add(ds.source)
    out = []
    for ds in datasets:
        if len(sources_of[ds.name]) > 1 and ds.source and not ds.source.startswith("bundled:"):
            folder = PurePosixPath(spell(ds.source)).parent.as_posix()
            if folder not in ("", "."):
                ds = dataclasses.replace(ds, name=f"{folder}/{ds.name}")
        out.append(ds)
    return out
