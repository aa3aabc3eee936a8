"""The hand-written opponent end to end: read a canonical file with pandas, run `baseline.py`.

    python benchmarks/pandas_script.py FILE.csv|FILE.parquet ROWS.json

What an analyst would write for the bundled pack's checks on this file: `pd.read_csv`
(pyarrow engine; `pm` as missing, levels as text) or `pd.read_parquet`, then the
vectorized checks of `baseline.py`. Writes the failing rows (0-based) per rule to ROWS.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import baseline_check
from sluitend.domains.rijk.vocabulary import BUDGET_DEFAULTS

TEXT = ("fase", "hoofdstuk", "begroting", "artikel", "onderdeel", "instrument", "regeling",
        "omschrijving", "vuo", "label", "bron")  # fmt: skip


def read(path: str) -> pd.DataFrame:
    """The file as a frame the baseline checks."""
    frame = pd.read_parquet(path) if path.endswith(".parquet") else _csv(path)
    for column, default in BUDGET_DEFAULTS.items():  # a canonical file may leave them out
        if column not in frame:
            frame[column] = default
    return frame


def _csv(path: str) -> pd.DataFrame:
    frame = pd.read_csv(
        path,
        skiprows=1,  # the "# sluitend:" metadata line
        engine="pyarrow",
        keep_default_na=False,
        na_values=["pm"],
        dtype={c: "string" for c in TEXT} | {"bedrag": "Int64"},
    )
    frame["waarvan"] = frame["waarvan"].astype(str).str.lower().eq("true")
    return frame


def main() -> None:
    frame = read(sys.argv[1])
    found = baseline_check(frame, rounding=True)
    rows = {rule: sorted(int(r) for r in rows) for rule, rows in found.items()}
    Path(sys.argv[2]).write_text(json.dumps(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
