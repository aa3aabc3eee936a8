"""How the Ministry's two CSV formats are recognised from a file's first bytes.

Apart from their readers (`minfin`, `staten`) so that detecting a file's format imports
neither: a begrotingsstaten file is tried against the budget-table pattern first, and
importing the budget-table reader only to say "no" cost a run some 20 ms.
"""

from __future__ import annotations

import re
from typing import Final

_BUDGET_TABLE_RE: Final = re.compile(r"begrotingsjaar\s*,.*v/u/o.*bedrag t-2", re.IGNORECASE)
_BEGROTINGSSTATEN_RE: Final = re.compile(
    r"begrotingsjaar\s*;.*begrotingsstaat\s*;.*ontwerpbegroting", re.IGNORECASE
)


def looks_like_budget_table_csv(head: bytes) -> bool:
    """Whether the first bytes of a file look like a budget-table CSV ("dataset 4a")."""
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return bool(_BUDGET_TABLE_RE.search(first))


def looks_like_begrotingsstaten_csv(head: bytes) -> bool:
    """Whether the first bytes of a file look like a begrotingsstaten CSV."""
    first = head.split(b"\n", 1)[0].decode("latin-1")
    return bool(_BEGROTINGSSTATEN_RE.search(first))
