"""The resource limits that keep a hostile or broken file from exhausting the machine.

Each limit lies far beyond what a real budget reaches (the Ministry's largest open-data
file, all chapters of 2016, holds some 25.000 rows in 4 MB; a whole decade of municipal
Iv3 deliveries a few million figures), so it only stops files that are not budgets: a zip
bomb, a sheet that claims a million rows by sixteen thousand columns, a rule file nested
thousands deep. Each can be raised with an environment variable (a whole number):

| variable | default | what it bounds |
|---|---|---|
| `SLUITEND_MAX_XLSX_MEMBER_BYTES` | 1 GiB | uncompressed size of one member of an .xlsx |
| `SLUITEND_MAX_XLSX_RATIO` | 200 | compression ratio of an .xlsx member (over 1 MiB) |
| `SLUITEND_MAX_SHEET_CELLS` | 50.000.000 | cells of a sheet's range (rows x columns) |
| `SLUITEND_MAX_ROWS` | 5.000.000 | rows of one Parquet file (read from its footer first) |
| `SLUITEND_MAX_DEPTH` | 64 | nesting of tables and arrays in a rule file |
| `SLUITEND_MAX_MESSAGE_CHARS` | 4000 | length of one error message on stderr |
| `SLUITEND_MAX_SHOWN` | 2000 | findings the terminal (Rich) report draws |
| `SLUITEND_MAX_TABLE_FIGURES` | 200.000 | figures the html and xlsx reports lay out in full |

Amounts are bounded by the data model, not by a setting: a whole amount has at most 15
digits (below 10**15, the range float64 and the readers hold exactly), a year 4.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sluitend.errors import SluitendError

_DEFAULTS = {
    "SLUITEND_MAX_XLSX_MEMBER_BYTES": 1 << 30,
    "SLUITEND_MAX_XLSX_RATIO": 200,
    "SLUITEND_MAX_SHEET_CELLS": 50_000_000,
    "SLUITEND_MAX_DEPTH": 64,
    "SLUITEND_MAX_ROWS": 5_000_000,
    "SLUITEND_MAX_MESSAGE_CHARS": 4000,
    "SLUITEND_MAX_SHOWN": 2000,
    "SLUITEND_MAX_TABLE_FIGURES": 200_000,
}

#: The digits a whole amount may have (amounts stay below 10**15).
AMOUNT_DIGITS = 15


@dataclass(frozen=True)
class Limit:
    """One limit: its value and the variable that raises it (for the message)."""

    value: int
    variable: str

    def hint(self) -> str:
        """How to raise it, for an error message."""
        return f"limit {self.value:,} (raise it with {self.variable}=...)".replace(",", ".")


def limit(variable: str) -> Limit:
    """The limit named by `variable` (a key of the table above), read from the environment
    each time so a test or a run can set it."""
    default = _DEFAULTS[variable]
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return Limit(default, variable)
    if not (raw.isascii() and raw.isdigit()) or int(raw) <= 0:
        raise SluitendError(
            f"environment variable {variable}: expected a positive whole number, got {raw!r}"
        )
    return Limit(int(raw), variable)
