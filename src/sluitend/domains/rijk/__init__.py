"""The Rijksbegroting domain: the Ministry of Finance's budget tables, begrotingsstaten and
page text. Registers its dataset kinds (`vocabulary`), the naming of its figures and its
readers, so that the generic layers and detection do not name them. Its readers still live
in `sluitend.datasets` (moving them here is a later step)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sluitend.datasets.registry import (
    InputFormat,
    register_format,
    register_kind,
    register_naming,
)
from sluitend.domains.rijk import vocabulary as v


def _sniff_minfin(head: bytes) -> bool:
    from sluitend.datasets.sniffs import looks_like_budget_table_csv

    return bool(looks_like_budget_table_csv(head))


def _sniff_staten(head: bytes) -> bool:
    from sluitend.datasets.sniffs import looks_like_begrotingsstaten_csv

    return bool(looks_like_begrotingsstaten_csv(head))


def _sniff_page(head: bytes) -> bool:
    from sluitend.datasets.pagetext import TITLE_RE

    return TITLE_RE.search(head.decode("utf-8", errors="replace")) is not None


def _read_minfin(path: Path, notes: Any = None, **_: Any) -> Any:
    from sluitend.datasets.minfin import read_budget_table_csv

    return read_budget_table_csv(path, notes=notes)


def _read_staten(path: Path, notes: Any = None, **_: Any) -> Any:
    from sluitend.datasets import staten as module

    return module.read_begrotingsstaten_csv(path, notes=notes)


def _read_page(path: Path, hoofdstuk: str | None = None, **_: Any) -> Any:
    from sluitend.datasets.pagetext import read_page_text

    return read_page_text(path, hoofdstuk=hoofdstuk)


# The budget kinds first: kinds are listed in the order registered ("known kinds: ...").
for _kind, _codes, _layout in (
    (v.BEGROTINGSTABEL, v.BUDGET_CODES, v.BUDGET_LAYOUT),
    (v.BEGROTINGSSTAAT, v.STAAT_CODES, v.STAAT_LAYOUT),
):
    register_kind(
        _kind,
        v.BUDGET_COLUMNS,
        v.BUDGET_KEY,
        v.BUDGET_CHAPTER,
        _codes,
        _layout,
        v.BUDGET_FILL,
    )
register_kind(
    v.JURIDISCH_VERPLICHT,
    v.JURIDISCH_VERPLICHT_COLUMNS,
    v.JURIDISCH_VERPLICHT_KEY,
    codes={"fase": v.FASES},
    layout=v.JURIDISCH_VERPLICHT_LAYOUT,
)
register_naming(v.LEVELS, v.VUO_NAMES, v.PERCENTAGE_COLUMNS)

register_format(
    InputFormat("minfin-csv", 20, _sniff_minfin, _read_minfin, "the Ministry's budget-table CSV")
)
register_format(
    InputFormat("staten-csv", 30, _sniff_staten, _read_staten, "the begrotingsstaten CSV")
)
# Page text is recognised by a title anywhere in the text: tried last.
register_format(
    InputFormat(
        "page-text", 90, _sniff_page, _read_page, "page text with 'Budgettaire gevolgen van beleid'"
    )
)
