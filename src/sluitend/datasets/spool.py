"""Standard input (`-`) and pipes: read once, into a temporary file the readers can open.

Detecting a format reads a file's first bytes and the reader then opens it again; a pipe,
a FIFO or `/dev/stdin` can be read only once (the second open hangs on a FIFO, or finds
nothing left of a pipe). `spooled(path)` copies such an input once into a temporary file
and yields that; a regular file is yielded as it is. `rename_source` then puts the name
the user gave (`<stdin>`, `/dev/fd/63`) back into the datasets' `source` and `bron`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sluitend.errors import InputError

if TYPE_CHECKING:  # pandas comes with it: not for `is_stream` (`sluitend convert`)
    from sluitend.datasets.frame import Dataset

STDIN = "-"
#: How standard input is named in messages and in `bron`.
STDIN_NAME = "<stdin>"


def display_name(path: str) -> str:
    """The name a user knows an input by."""
    return STDIN_NAME if path == STDIN else path


def is_stream(path: str) -> bool:
    """Whether `path` is standard input or a file that is not a regular one (a pipe, a
    FIFO, a character device such as /dev/stdin): something that can be read only once."""
    if path == STDIN:
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextlib.contextmanager
def spooled(path: str) -> Iterator[Path]:
    """`path` itself for a regular file; for a stream, a temporary copy of all it holds
    (removed afterwards)."""
    if not is_stream(path):
        yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="sluitend-") as folder:
        copy = Path(folder) / ("stdin" if path == STDIN else (Path(path).name or "input"))
        try:
            with copy.open("wb") as out:
                if path == STDIN:
                    shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
                else:
                    with open(path, "rb") as source:
                        shutil.copyfileobj(source, out, 1 << 20)
        except OSError as exc:
            raise InputError(display_name(path), f"cannot read: {exc.strerror or exc}") from None
        yield copy


def rename_source(datasets: list[Dataset], copy: Path, path: str) -> list[Dataset]:
    """The datasets read from the temporary `copy`, with `path`'s name in source and bron."""
    if str(copy) == path:
        return datasets
    from sluitend.datasets.bron import as_bron

    shown = display_name(path)
    out = []
    for dataset in datasets:
        frame = dataset.frame
        if "bron" in frame:  # in the bron's small table of texts, not per row
            bron = as_bron(frame["bron"]).array.replaced(str(copy), shown)
            frame = frame.assign(bron=bron.replaced(copy.name + "!", shown + "!"))
        source = dataset.source.replace(str(copy), shown)
        out.append(dataclasses.replace(dataset, frame=frame, source=source))
    return out
