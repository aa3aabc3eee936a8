"""Which reader a file needs, from its CONTENT (never its name), and `read_any` / `write_any`.

Formats, in the order they are tried:

| name | recognised by |
|---|---|
| `parquet` | the magic bytes `PAR1` |
| `xlsx` | a zip archive holding `xl/workbook.xml` |
| `ods` | a zip archive holding `content.xml` and the mimetype of an OpenDocument spreadsheet |
| `canonical-csv` | a header with the canonical columns (after an optional `# sluitend:` line) |
| `minfin-csv` | the Ministry of Finance's budget-table CSV header ("dataset 4a") |
| `staten-csv` | the begrotingsstaten CSV header |
| `iv3-csv`, `iv3-json` | the Iv3 per-taakveld CSV header; a JSON delivery (`metadata`, `data`) |
| `page-text` | text with "Budgettaire gevolgen van beleid" (copied from rijksfinancien.nl) |

Only the first four are this module's own; the others are registered by their domains
(`sluitend.datasets.registry`), and are tried in the order they registered (`order`).

Anything else is an InputError listing the formats tried; so is an empty file, a binary file
that is none of the binary formats (whatever its name), and a header without rows (the
readers say so).

`write_any(datasets, path)` writes by the output's suffix: `.csv` a canonical CSV, `.parquet`
Parquet. Both hold one kind of frame, so with several datasets each is written to its own
file, `<stem>-<kind><suffix>` (`out-begrotingstabel.csv`, `out-juridisch_verplicht.csv`);
one dataset goes to `path` itself. Two datasets of the same kind are concatenated (their
name and unit must agree). Input files are never overwritten.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sluitend.datasets import registry
from sluitend.datasets.canonical_arrow import CITING_FORMATS
from sluitend.errors import InputError

if TYPE_CHECKING:  # pandas comes with them: not for `detect_format` (`sluitend convert`)
    from sluitend.datasets.frame import Dataset
    from sluitend.datasets.toolkit import ReadNote

_HEAD = 64 * 1024


def _is_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut off at the end of the head is still text
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")  # the begrotingsstaten CSV is latin-1/cp1252 text
            except UnicodeDecodeError:
                return True
    return False


def _zip_kind(path: Path) -> str | None:
    """ "xlsx", "ods" or None (another zip archive), from the archive's members."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "content.xml" in names and "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype.strip() == b"application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
            return None
    except zipfile.BadZipFile:
        raise InputError(
            str(path), "a damaged or truncated zip archive (an .xlsx cut short?); save it again"
        ) from None
    except (OSError, KeyError):
        return None


#: The start of an OLE2 compound file: an old .xls, or an encrypted (password) .xlsx.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _binary_kind(path: Path, head: bytes) -> str | None:
    """What a binary file that no reader takes most likely is, for the message."""
    if head.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in head:
            return (
                "an encrypted (password-protected) Excel workbook; save it without a password "
                "as .xlsx"
            )
        return "an old Excel .xls workbook (or another OLE2 file); save it as .xlsx"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(head):
        return "UTF-16 text; save it as UTF-8 (CSV UTF-8 in Excel)"
    return None


def _looks_utf16(head: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: most odd (or even) bytes are NUL."""
    sample = head[:4096]
    if len(sample) < 16:
        return False
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return max(odd, even) > 0.9 * (len(sample) // 2) and min(odd, even) < 0.1 * len(sample)


def _sniff_text(head: bytes) -> str | None:
    """The first registered format whose sniffer recognises the text."""
    for fmt in registry.input_formats():
        if fmt.sniff is not None and fmt.sniff(head):
            return fmt.name
    return None


def _known() -> str:
    """The registered formats, for a message."""
    return ", ".join(registry.format_names())


def detect_format(path: str | Path) -> str:
    """The name of the format (see `FORMATS`) of the file at `path`, from its content.

    Raises InputError for a missing, empty or unrecognised file.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    if not head.strip():
        raise InputError(str(path), f"empty file; expected one of the formats {_known()}")
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        zipped = _zip_kind(path)
        if zipped is not None:
            return zipped
        raise InputError(
            str(path),
            "a zip archive that is not a spreadsheet (no xl/workbook.xml of an .xlsx, no "
            "content.xml of an .ods spreadsheet in it)",
        )
    kind = _binary_kind(path, head)
    if kind is not None:
        raise InputError(str(path), kind)
    if _is_binary(head):
        raise InputError(
            str(path),
            f"not a text file, and none of the binary formats "
            "(parquet, xlsx, ods); expected one of the formats "
            f"{_known()}",
        )
    found = _sniff_text(head)
    if found is None:
        text = head.decode("utf-8", errors="replace").strip()
        if not text:  # white space only, non-breaking spaces included
            raise InputError(str(path), f"empty file; expected one of the formats {_known()}")
        from sluitend.datasets.canonical_arrow import missing_canonical_columns

        missing = missing_canonical_columns(head)
        if missing:
            raise InputError(
                str(path),
                "a canonical CSV header without the column"
                f"{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}",
                line=1,
            )
        first = text.splitlines()[0][:60]
        raise InputError(
            str(path),
            f"unknown format (it starts with {first!r}); tried {_known()}: expected "
            + ", ".join(f.expected for f in registry.input_formats() if f.expected),
            line=1,
        )
    return found


#: Every known input format, in the order they are tried (domains included).
FORMATS = registry.format_names()


def read_any(
    path: str | Path,
    input_format: str | None = None,
    *,
    hoofdstuk: str | None = None,
    notes: list[ReadNote] | None = None,
    **options: Any,
) -> list[Dataset]:
    """Read a file in any known format (detected unless `input_format` names one).

    Each figure's bron names the file by `path` as given (see `sluitend.datasets.bron`).

    `hoofdstuk` is passed to the page-text reader (page text does not print its chapter);
    `notes` receives the reader's notes (`sluitend.datasets.toolkit`; without it a reader
    that takes notes warns); other keyword `options` go to every reader (e.g. `boekjaar`
    for Iv3 files).
    """
    given, path = path, Path(path)
    if input_format is not None and registry.get_format(input_format) is None:
        raise InputError(str(path), f"unknown input format {input_format!r}; known: {_known()}")
    fmt = input_format or detect_format(path)
    reader = registry.get_format(fmt)
    assert reader is not None  # detect_format only names registered formats
    result = reader.read(path, hoofdstuk=hoofdstuk, notes=notes, **options)
    datasets = list(result) if isinstance(result, (list, tuple)) else [result]
    # A reader may return an empty frame (a percentage file without percentages, say):
    # keep what holds figures, and refuse a file that holds none.
    kept = [d for d in datasets if d.rows]
    if not kept:
        raise InputError(str(path), f"read as {fmt}, but it holds no figures")
    if fmt in CITING_FORMATS or reader.cites_file:  # bron names the file as the user named it
        from sluitend.datasets.bron import cite_as

        kept = cite_as(kept, given)
    return kept


def _merge(group: list[Dataset], path: Path) -> Dataset:
    import pandas as pd

    from sluitend.datasets.frame import Dataset

    first = group[0]
    if len(group) == 1:
        return first
    if len({d.unit for d in group}) > 1:
        raise InputError(
            str(path),
            f"cannot write {first.kind} datasets with different units "
            f"({sorted({d.unit for d in group})}) into one file",
        )
    frame = pd.concat([d.frame for d in group], ignore_index=True)
    return Dataset(frame, first.kind, first.name, unit=first.unit, source=first.source)


def write_any(
    datasets: list[Dataset], path: str | Path, *, inputs: Iterable[str | Path] = ()
) -> list[Path]:
    """Write datasets as canonical CSV or Parquet, chosen by the suffix of `path`.

    Returns the files written (see the module docstring for several kinds). Every target
    is checked against the datasets' sources and `inputs` (same file, hard links and
    symlinks included) before the first is written.
    """
    from sluitend.datasets.canonical import write_canonical_csv, write_parquet
    from sluitend.output import refuse_clashes

    path = Path(path)
    writers = {".csv": write_canonical_csv, ".parquet": write_parquet}
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise InputError(
            str(path),
            f"cannot write {path.suffix or 'a file without suffix'}; "
            "expected an output name ending in .csv or .parquet",
        )
    if not datasets:
        raise InputError(str(path), "nothing to write")
    kinds: dict[str, list[Dataset]] = {}
    for dataset in datasets:
        kinds.setdefault(dataset.kind, []).append(dataset)
    sources = [d.source.split("!")[0] for d in datasets if d.source]
    targets = {kind: output_name(path, kind, len(kinds)) for kind in kinds}
    # Every target is checked before any is written: a refusal leaves no half conversion.
    # Same file = same device and inode (hard links, symlinks), see sluitend.output.
    refuse_clashes(targets.values(), [*sources, *inputs])
    for target in targets.values():
        if target.is_dir():
            raise InputError(str(target), "is a folder; expected the name of a file to write")
    merged = {kind: _merge(group, targets[kind]) for kind, group in kinds.items()}
    for kind, target in targets.items():
        writer(merged[kind], target)
    return list(targets.values())


def output_name(path: Path, kind: str, kinds: int) -> Path:
    """Where `write_any` writes the datasets of `kind` when they hold `kinds` kinds: `path`
    itself for one kind, else `<stem>-<kind><suffix>` beside it."""
    return path if kinds == 1 else path.with_name(f"{path.stem}-{kind}{path.suffix}")
