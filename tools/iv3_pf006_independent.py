"""PF006 per gemeente on the Iv3 per-taakveld CSV, with plain `csv` and nothing of sluitend.

    python tools/iv3_pf006_independent.py 2024_begroting.csv [sluitend-report.json]

Sums Lasten and Baten per gemeente (the taakveld totals; the L1.1 column is a breakdown and
is not added) and prints, per gemeente, the difference lasten - baten and how many figures
it sums. With a sluitend JSON report of the same file it compares: every gemeente with a
non-zero difference must have a PF006 finding with that difference, an all-zero gemeente a
"not checkable" one, and no other gemeente may have one. Exit 1 on any disagreement.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import defaultdict


def pf006(path: str) -> dict[str, tuple[float, int, bool]]:
    """gemeente -> (lasten - baten, number of figures, every figure zero)."""
    diff: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    nonzero: dict[str, bool] = defaultdict(bool)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            lasten, baten = float(row["Lasten"]), float(row["Baten"])
            g = row["Gemeenten"].strip()
            diff[g] += lasten - baten
            count[g] += 2
            nonzero[g] |= lasten != 0 or baten != 0
    return {g: (round(diff[g], 6), count[g], not nonzero[g]) for g in diff}


def main(argv: list[str]) -> int:
    result = pf006(argv[0])
    sigma_bound = {g: min(4 * math.sqrt(n / 12), n / 2) for g, (_, n, _) in result.items()}
    print(
        f"{len(result)} gemeenten; difference != 0: "
        f"{sum(1 for d, _, _ in result.values() if d)}; all zero: "
        f"{[g for g, (_, _, z) in result.items() if z]}; beyond 4 sd of rounding: "
        f"{sorted(g for g, (d, _, _) in result.items() if abs(d) > sigma_bound[g])}"
    )
    if len(argv) < 2:
        return 0
    with open(argv[1], encoding="utf-8") as handle:
        report = json.load(handle)
    found = {f["where"]["overheid"]: f for f in report["findings"] if f["rule"] == "PF006"}
    problems = []
    for g, (d, _, zero) in result.items():
        f = found.get(g)
        if zero:
            if f is None or "zero" not in f["message"]:
                problems.append(f"{g}: all zero but no not-checkable finding")
        elif d == 0:
            if f is not None:
                problems.append(f"{g}: balances but has a finding")
        elif f is None or f["actual"] - f["expected"] != d:
            problems.append(
                f"{g}: difference {d}, sluitend says {f and f['actual'] - f['expected']}"
            )
        elif (abs(d) > sigma_bound[g]) != (f["severity"] == "warning"):
            problems.append(f"{g}: difference {d}: severity {f['severity']}")
    print(f"compared with {argv[1]}: {len(problems)} disagreements")
    for p in problems[:20]:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
