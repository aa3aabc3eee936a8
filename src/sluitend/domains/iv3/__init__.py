"""The Iv3 domain: municipal budgets and figures in CBS's "Informatie voor derden" format.

Registers its dataset kinds, its readers (the CBS JSON delivery, the per-taakveld CSV) and
its rule pack (CBS's checks, built per boekjaar from the bundled definitions) with
`sluitend.datasets.registry`. Pure Python at import: readers and the pack load pandas and
the definitions only when used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sluitend.datasets.registry import (
    InputFormat,
    PackProvider,
    SheetLayout,
    register_format,
    register_kind,
    register_pack,
    register_sheet_layout,
)
from sluitend.domains.iv3 import vocabulary as v


def _sniff_csv(head: bytes) -> bool:
    from sluitend.domains.iv3.taakveld_csv import looks_like_taakveld_csv

    return looks_like_taakveld_csv(head)


def _read_csv(path: Path, boekjaar: int | None = None, notes: Any = None, **_: Any) -> Any:
    from sluitend.domains.iv3.taakveld_csv import read_taakveld_csv

    return read_taakveld_csv(path, boekjaar=boekjaar, notes=notes)


def _sniff_json(head: bytes) -> bool:
    from sluitend.domains.iv3.delivery import looks_like_delivery

    return looks_like_delivery(head)


def _read_json(path: Path, boekjaar: int | None = None, **_: Any) -> Any:
    from sluitend.domains.iv3.delivery import read_delivery

    return read_delivery(path, boekjaar=boekjaar)


def _sheet(name: str) -> Any:
    """A function of `sluitend.domains.iv3.sheets`, imported when first called."""

    def call(*args: Any, **kwargs: Any) -> Any:
        from sluitend.domains.iv3 import sheets

        return getattr(sheets, name)(*args, **kwargs)

    return call


def _pack(datasets: list[Any], options: Any) -> Any:
    from sluitend.domains.iv3.packs import provide

    return provide(datasets, options)


register_kind(v.AMOUNTS, v.AMOUNT_COLUMNS, v.AMOUNT_KEY, v.AMOUNT_CHAPTER, layout=v.AMOUNT_LAYOUT)
register_kind(v.INDICATORS, v.INDICATOR_COLUMNS, v.INDICATOR_KEY, layout=v.INDICATOR_LAYOUT)
register_kind(v.STRUCTURE, v.STRUCTURE_COLUMNS, v.STRUCTURE_KEY)
register_format(
    InputFormat("iv3-csv", 40, _sniff_csv, _read_csv, "the Iv3 per-taakveld CSV", cites_file=True)
)
register_format(
    InputFormat("iv3-json", 45, _sniff_json, _read_json, "an Iv3 JSON delivery", cites_file=True)
)
register_pack(PackProvider("iv3", frozenset({v.AMOUNTS, v.INDICATORS, v.STRUCTURE}), _pack))
register_sheet_layout(
    SheetLayout(
        "iv3-taakveld",
        _sheet("looks_like_taakveld_sheet"),
        _sheet("read_taakveld_sheet"),
        "the Iv3 per-taakveld columns (Gemeenten, Taakveld, …, Baten, Lasten)",
    )
)
register_sheet_layout(
    SheetLayout(
        "iv3-matrix",
        _sheet("looks_like_matrix_sheet"),
        _sheet("read_matrix_sheet"),
        "an Iv3 matrix (a sheet Lasten or Baten: Taakveld, then categorie codes)",
    )
)
register_sheet_layout(
    SheetLayout("iv3-metadata", _sheet("looks_like_metadata_sheet"), _sheet("read_metadata_sheet"))
)
