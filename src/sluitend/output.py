"""Every file sluitend writes goes through here: never onto an input, never half-written.

Two promises, kept in one place so that no writer can forget them:

1. **Outputs never touch inputs.** `refuse_clashes(targets, inputs)` raises a
   `SluitendError` (exit 2) when any target is the same file as any input: same device and
   inode (`os.stat`), so a hard link or a symlink to an input counts too, and when two
   targets are one file. Callers check every target before they write the first.
2. **All or nothing.** `write_text` / `write_bytes` / `opened_text` / `opened_bytes` /
   `writing` write into a temporary file in the target's own folder and rename it into
   place (`os.replace`, atomic on one file system): an interrupted run leaves the old file
   or the whole new one, never a 0-byte or half-written report. A target that exists and
   is not a regular file (`/dev/stdout`, a FIFO, `/dev/full`) is written directly, since it
   cannot be replaced. `opened_text` and `opened_bytes` give a stream, so a report is
   written as it is drawn, never held whole in memory.

Every OS error on the way (a missing folder, a full disk, no permission) is a
`SluitendError` naming the file: the user's to fix, not a bug.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from sluitend.errors import InputError, SluitendError


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """(device, inode) of the file `path` names (symlinks followed), None if there is none."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _regular_or_new(path: str | os.PathLike[str]) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # let the write itself report what is wrong


def refuse_clashes(
    targets: Iterable[str | os.PathLike[str]],
    inputs: Iterable[str | os.PathLike[str]],
) -> None:
    """Raise SluitendError if any target is one of the inputs, or two targets are one
    file, or a target's folder does not exist.

    Files are compared by device and inode, so `x.csv`, `./x.csv`, a hard link and a
    symlink to it are all the same file. Special files (`/dev/stdout`, a pipe) are never a
    clash: they are not files anyone keeps. Call it for every target before writing any.
    """
    known: dict[tuple[int, int], str] = {}
    for path in inputs:
        if str(path) == "-" or not _regular_or_new(path):
            continue
        ident = _identity(path)
        if ident is not None:
            known.setdefault(ident, str(path))
    written: dict[tuple[int, int] | str, str] = {}
    for target in targets:
        if not _regular_or_new(target):
            continue
        folder = os.path.dirname(os.path.abspath(target))
        if not os.path.isdir(folder):
            raise SluitendError(
                f"{target}: cannot write: the folder {folder} does not exist (nothing was written)"
            )
        ident = _identity(target)
        if ident is not None and ident in known:
            same = known[ident]
            how = "" if os.path.abspath(same) == os.path.abspath(target) else f" ({same})"
            raise InputError(
                str(target),
                f"refusing to write onto an input file{how}; name another output file "
                "(nothing was written)",
            )
        key: tuple[int, int] | str = ident if ident is not None else os.path.abspath(target)
        if key in written:
            also = "" if written[key] == str(target) else f" (also as {written[key]})"
            raise SluitendError(
                f"{target}: named twice as an output{also}; name another output file "
                "(nothing was written)"
            )
        written[key] = str(target)


def _write_error(path: str | os.PathLike[str], exc: OSError) -> SluitendError:
    folder = os.path.dirname(os.path.abspath(path))
    if isinstance(exc, FileNotFoundError) and not os.path.isdir(folder):
        return SluitendError(f"{path}: cannot write: the folder {folder} does not exist")
    reason = exc.strerror or str(exc)
    return SluitendError(f"{path}: cannot write: {reason}")


@contextlib.contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path next to `path` to write to; renamed onto `path` when the block ends
    without an exception, removed otherwise.

    For writers that need a file name (pyarrow). A special file (`/dev/stdout`) is yielded
    as it is.
    """
    if not _regular_or_new(path):
        try:
            yield Path(path)
        except OSError as exc:
            raise _write_error(path, exc) from None
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temp = tempfile.mkstemp(
            prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise _write_error(path, exc) from None
    os.close(handle)
    try:
        yield Path(temp)
        mode = _mode(path)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:  # an exception, Ctrl-C included, leaves the old file and no temporary one
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _mode(path: str | os.PathLike[str]) -> int:
    """The permissions the new file gets: those of the file it replaces, else the umask's
    (mkstemp makes 0600; a report or baseline is a normal file)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def _opened(path: str | os.PathLike[str], binary: bool) -> Iterator[IO[Any]]:
    with writing(path) as temp:
        try:
            with (
                open(temp, "wb") if binary else open(temp, "w", encoding="utf-8", newline="")
            ) as handle:
                yield handle
                handle.flush()
        except OSError as exc:
            raise _write_error(path, exc) from None


def opened_bytes(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[IO[bytes]]:
    """A binary stream whose bytes become the file `path` when the `with` block ends
    without an exception, all or nothing (see the module docstring)."""
    return _opened(path, binary=True)


def opened_text(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[IO[str]]:
    """`opened_bytes` for text: UTF-8, line breaks written as given ("\\n" everywhere)."""
    return _opened(path, binary=False)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` all or nothing (see the module docstring)."""
    with opened_bytes(path) as handle:
        handle.write(data)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` as UTF-8, all or nothing (see the module docstring)."""
    write_bytes(path, text.encode("utf-8"))
