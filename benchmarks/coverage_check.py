"""Independent check of the report's coverage on the begrotingsstaten (plain csv, no sluitend).

Counts what `sluitend validate begrotingsstaten_origineel.csv --format json` reports under
`datasets[0].coverage`: every non-empty phase cell is a figure; a figure is checked when its
group (year, phase, chapter, vuo; the pack's BS001) has both its TOTAAL row and article rows,
and no cell of the group is unknown (empty within a stated row counts as no figure at all).
Usage: python benchmarks/coverage_check.py PATH/begrotingsstaten_origineel.csv
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict

PHASES = [
    "ontwerpbegroting",
    "vastgestelde begroting",
    "1ste suppletoire begroting",
    "2de suppletoire begroting",
    "Realisatie",
]


def main(path: str) -> None:
    with open(path, encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    figures = []  # (group, is_total)
    for row in rows:
        chapter = (row.get("Begrotingsstaat") or "").split(",")[0].strip()
        if not chapter or not (row.get("Begrotingsjaar") or "").strip().isdigit():
            continue
        total = (row.get("Omschrijving") or "").strip().upper() == "TOTAAL"
        for phase in PHASES:
            if (row.get(phase) or "").strip() != "":
                group = (
                    row["Begrotingsjaar"].strip(),
                    phase,
                    chapter,
                    row["Uitgaven (U) Verplichtingen (V) Ontvangsten (O)"].strip().upper(),
                )
                figures.append((group, total))
    has_total, has_parts = defaultdict(bool), defaultdict(bool)
    for group, total in figures:
        (has_total if total else has_parts)[group] = True
    checked = sum(1 for g, _ in figures if has_total[g] and has_parts[g])
    print(f"figures {len(figures)}, checked {checked}, not in a sum {len(figures) - checked}")


if __name__ == "__main__":
    main(sys.argv[1])
