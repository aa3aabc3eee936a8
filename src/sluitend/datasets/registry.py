"""Where domains plug in: input formats (content sniffer + reader), dataset kinds, rule packs.

The generic layer (`detect.py`, the CLI) asks this registry what it knows and never names a
domain. A domain registers itself when `sluitend.domains` is imported (the package
`sluitend/__init__.py` does that, so every entry point sees the same formats and kinds).

Pure Python, no pandas: registering must stay cheap, because `sluitend --help` imports it.
Readers and packs are callables that import their heavy modules only when called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sluitend.vocabulary import (
    CODE_NAMES,
    DATASET_CHAPTERS,
    DATASET_CODES,
    DATASET_DEFAULTS,
    DATASET_KEYS,
    DATASET_KINDS,
    DATASET_LAYOUTS,
    FIGURE_LEVELS,
    PERCENT_COLUMNS,
    Layout,
)


@dataclass(frozen=True)
class InputFormat:
    """One input format a domain can read.

    Attributes:
        name: what `--input-format` and messages call it ("iv3-json").
        order: formats are tried in ascending order; a lenient sniffer goes late.
        sniff: (first 64 KiB of a text file) -> True when the content is this format;
            None for a format that is only chosen by name or by magic bytes.
        read: (path, **options) -> a Dataset or a list of them. `options` holds what the
            caller was given (`hoofdstuk`, `boekjaar`, ...) and `notes`, a list for the
            reader's :class:`~sluitend.datasets.toolkit.ReadNote` (None: the reader warns).
        expected: a few words for the "unknown format" message ("the Iv3 JSON delivery").
        cites_file: the reader's bron starts with the file's name, which `read_any`
            replaces by the path as the user gave it (`sluitend.datasets.bron`).
    """

    name: str
    order: int
    sniff: Callable[[bytes], bool] | None
    read: Callable[..., Any]
    expected: str = ""
    cites_file: bool = False


@dataclass(frozen=True)
class SheetLayout:
    """A sheet layout a domain reads inside a workbook (.xlsx, .ods).

    Attributes:
        name: what messages call it ("iv3-taakveld").
        sniff: (sheet name, the sheet's rows) -> True when the sheet is in this layout.
        read: (path, sheet, rows, book, notes=..., **options) -> a list of Datasets; `book`
            maps every sheet's name to its rows (a layout may take its metadata from
            another sheet); an empty list means the sheet was used but holds no figures
            (a metadata sheet), so it is not reported as skipped.
        expected: a few words for the "no sheet holds a known table" message.
    """

    name: str
    sniff: Callable[[str, list[list[Any]]], bool]
    read: Callable[..., Any]
    expected: str = ""


@dataclass(frozen=True)
class PackProvider:
    """Builds the rule pack for datasets of the given kinds.

    `build(datasets, options)` returns a RuleSet (typed `Any` here: `datasets` may not import
    `rules`); `options` holds what the CLI was given, e.g. {"boekjaar": 2024}.
    """

    name: str
    kinds: frozenset[str]
    build: Callable[[list[Any], Mapping[str, Any]], Any]


_FORMATS: dict[str, InputFormat] = {}
_PACKS: dict[str, PackProvider] = {}
_SHEETS: dict[str, SheetLayout] = {}


def register_sheet_layout(layout: SheetLayout) -> None:
    """Add a sheet layout that the workbook reader tries after its own; a name registered
    twice is a ValueError."""
    if layout.name in _SHEETS:
        raise ValueError(f"sheet layout {layout.name!r} registered twice")
    _SHEETS[layout.name] = layout


def sheet_layouts() -> list[SheetLayout]:
    """Every registered sheet layout, in the order registered."""
    return list(_SHEETS.values())


def register_format(fmt: InputFormat) -> None:
    """Add an input format; a name registered twice is a ValueError."""
    if fmt.name in _FORMATS:
        raise ValueError(f"input format {fmt.name!r} registered twice")
    _FORMATS[fmt.name] = fmt


def input_formats() -> list[InputFormat]:
    """Every registered format, in the order they are tried."""
    return sorted(_FORMATS.values(), key=lambda f: (f.order, f.name))


def format_names() -> tuple[str, ...]:
    """The name of every registered format, in the order they are tried."""
    return tuple(f.name for f in input_formats())


def get_format(name: str) -> InputFormat | None:
    """The format called `name`, or None."""
    return _FORMATS.get(name)


def register_kind(
    name: str,
    columns: Mapping[str, str],
    key: Iterable[str],
    chapter: Iterable[str] = (),
    codes: Mapping[str, Iterable[str]] | None = None,
    layout: Layout | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> None:
    """Add a dataset kind: its columns with logical dtypes, the columns of its key, the
    columns that name one budget of it (`chapter`, for the report's coverage; none: the
    dataset as a whole), the codes of each "category" column (`codes`, in order), how
    its figures are laid out (`layout`: where a figure sits, its levels and totals, what a
    diff compares; none: the key in order, no levels, not diffed), and the columns a
    reader may leave out with the value they then take (`defaults`).

    Rule files may then name it in `dataset = "..."`; the engine validates its columns. A
    category column without codes is a ValueError: the engine would not know what to hold
    it to.
    """
    if name in DATASET_KINDS:
        raise ValueError(f"dataset kind {name!r} registered twice")
    known = dict(codes or {})
    uncoded = [c for c, logical in columns.items() if logical == "category" and c not in known]
    if uncoded:
        raise ValueError(f"dataset kind {name!r}: no codes for the category columns {uncoded}")
    DATASET_CODES[name] = {c: tuple(v) for c, v in known.items()}
    DATASET_KINDS[name] = dict(columns)
    DATASET_KEYS[name] = tuple(key)
    DATASET_CHAPTERS[name] = tuple(chapter)
    DATASET_DEFAULTS[name] = dict(defaults or {})
    if layout is not None:
        DATASET_LAYOUTS[name] = layout


def register_naming(
    levels: Iterable[str], code_names: Mapping[str, str], percentages: Iterable[str] = ()
) -> None:
    """Say how a sentence names a figure (`vocabulary.FIGURE_LEVELS`, `CODE_NAMES`,
    `PERCENT_COLUMNS`): the levels whose deepest set value names a figure without a label,
    the names of its `vuo` codes, and the value columns that hold percentages. One naming
    for every kind: a second call is a ValueError."""
    if FIGURE_LEVELS or CODE_NAMES or PERCENT_COLUMNS:
        raise ValueError("the figure naming is registered twice")
    FIGURE_LEVELS.extend(levels)
    CODE_NAMES.update(code_names)
    PERCENT_COLUMNS.update(percentages)


def register_pack(provider: PackProvider) -> None:
    """Add a rule-pack provider (the pack a domain's datasets get without `--rules`)."""
    if provider.name in _PACKS:
        raise ValueError(f"rule pack {provider.name!r} registered twice")
    _PACKS[provider.name] = provider


def pack_providers() -> dict[str, PackProvider]:
    """Every registered pack provider by name."""
    return dict(_PACKS)


def provider_for(kinds: Iterable[str]) -> PackProvider | None:
    """The provider whose kinds cover all of `kinds` (None when none, or no kinds)."""
    wanted = set(kinds)
    if not wanted:
        return None
    for provider in _PACKS.values():
        if wanted <= provider.kinds:
            return provider
    return None


# --- the generic formats -------------------------------------------------------------------


def _canonical(path: Path, **_: Any) -> Any:
    from sluitend.datasets.canonical import read_canonical_csv

    return [read_canonical_csv(path)]


def _parquet(path: Path, **_: Any) -> Any:
    from sluitend.datasets.canonical import read_parquet

    return [read_parquet(path)]


def _xlsx(path: Path, hoofdstuk: str | None = None, notes: Any = None, **options: Any) -> Any:
    from sluitend.datasets.xlsx import read_xlsx

    return read_xlsx(path, hoofdstuk=hoofdstuk, notes=notes, **options)


def _sheet_csv(path: Path, hoofdstuk: str | None = None, notes: Any = None, **_: Any) -> Any:
    from sluitend.datasets.sheet_csv import read_sheet_csv

    return read_sheet_csv(path, hoofdstuk=hoofdstuk, notes=notes)


def _sniff_sheet_csv(head: bytes) -> bool:
    from sluitend.datasets.sheet_csv import looks_like_sheet_csv

    return looks_like_sheet_csv(head)


def _sniff_canonical(head: bytes) -> bool:
    from sluitend.datasets.canonical_arrow import looks_like_canonical_csv

    return bool(looks_like_canonical_csv(head))


# The generic formats; domains register theirs. Parquet and xlsx are recognised by their
# bytes in `detect.detect_format`, so they have no text sniffer.
register_format(InputFormat("parquet", 0, None, _parquet, "Parquet"))
register_format(InputFormat("xlsx", 1, None, _xlsx, "a spreadsheet"))
register_format(InputFormat("ods", 2, None, _xlsx, "an OpenDocument spreadsheet"))
register_format(
    InputFormat("canonical-csv", 10, _sniff_canonical, _canonical, "a canonical CSV header")
)
# A `;` CSV saved from a spreadsheet: after the domains' CSVs (an Iv3 CSV is `;` too), and
# before page text, whose sniffer takes any text with the table's title in it.
register_format(
    InputFormat(
        "sheet-csv",
        50,
        _sniff_sheet_csv,
        _sheet_csv,
        "a ';' CSV saved from a spreadsheet (canonical, budget-table or printed-table layout)",
    )
)
