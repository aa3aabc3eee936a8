"""Benchmark the Iv3 checks: synthetic deliveries of every gemeente for a year, validated.

    python benchmarks/iv3.py [--gemeenten 342] [--periodes 0,1,2,3,4,5] [--boekjaar 2024]

Generates the seeded clean deliveries (`sluitend.domains.iv3.synthetic`), writes each as a
JSON file, then times (1) reading every file with its JSON Schema check and (2) validating
all of them with the Iv3 pack, the figures of one kind in one frame. Prints one row and
checks that a clean year has no findings (and that one injected defect per gemeente is
found), so a fast wrong answer cannot pass.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from sluitend.datasets.frame import Dataset
from sluitend.domains.iv3 import synthetic
from sluitend.domains.iv3.delivery import read_delivery
from sluitend.domains.iv3.packs import build_pack
from sluitend.engine.findings import NOTHING_CHECKED
from sluitend.engine.runner import validate


def combine(datasets: list[Dataset]) -> list[Dataset]:
    """One dataset per kind: the frames of every delivery concatenated."""
    kinds: dict[str, list[Dataset]] = {}
    for d in datasets:
        if d.rows:
            kinds.setdefault(d.kind, []).append(d)
    return [
        Dataset(
            pd.concat([d.frame for d in group], ignore_index=True),
            kind,
            f"all-{kind}",
            unit=group[0].unit,
        )
        for kind, group in kinds.items()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=342)
    parser.add_argument("--periodes", default="0,1,2,3,4,5")
    parser.add_argument("--boekjaar", type=int, default=2024)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    periodes = [int(p) for p in args.periodes.split(",")]
    pack = build_pack(args.boekjaar)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        paths = []
        for i, doc in enumerate(
            synthetic.deliveries(args.gemeenten, periodes, args.boekjaar, args.seed)
        ):
            path = Path(folder) / f"levering-{i:05d}.json"
            path.write_text(json.dumps(doc), encoding="utf-8")
            paths.append(path)
        generated = time.perf_counter() - start
        start = time.perf_counter()
        datasets = combine([d for p in paths for d in read_delivery(p)])
        read = time.perf_counter() - start
        start = time.perf_counter()
        report = validate(datasets, pack, diagnose=False)
        checked = time.perf_counter() - start
        # A rule whose periods the run does not hold (PF003's periode 1-4 rules in a
        # periode-5 run) says that it checks nothing: not a finding about the deliveries.
        idle = [f.rule for f in report.findings if f.label == NOTHING_CHECKED]
        real = [f for f in report.findings if f.label != NOTHING_CHECKED]
        if real:
            print(f"FAIL: clean deliveries gave {len(real)} findings", file=sys.stderr)
            return 1
        if idle:
            print(f"rules that check nothing in these periodes: {', '.join(idle)}")
        # One defect per gemeente (PF006 in periode 0) must be found, each once.
        broken = [
            synthetic.delivery(g, 0, args.boekjaar, args.seed, defect="PF006")
            for g in range(1, args.gemeenten + 1)
        ]
        for i, doc in enumerate(broken):
            (Path(folder) / f"kapot-{i:05d}.json").write_text(json.dumps(doc), encoding="utf-8")
        bad = combine(
            [
                d
                for i in range(len(broken))
                for d in read_delivery(Path(folder) / f"kapot-{i:05d}.json")
            ]
        )
        found = [f for f in validate(bad, pack, diagnose=False).findings if f.rule == "PF006"]
        if len(found) != args.gemeenten:
            print(
                f"FAIL: {len(found)} PF006 findings for {args.gemeenten} defects", file=sys.stderr
            )
            return 1
    figures = sum(d.rows for d in datasets if d.kind == "iv3")
    print("| deliveries | figures | generate + write | read + JSON Schema | validate (42 rules) |")
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {len(paths)} ({args.gemeenten} gemeenten x {len(periodes)} periodes) | {figures:,} "
        f"| {generated:.1f} s | {read:.1f} s | {checked:.2f} s |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
