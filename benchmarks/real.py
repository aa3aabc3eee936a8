"""End to end on the Ministry's real files: `sluitend validate FILE` in JSON and in Rich.

Issue 12's target: each real Ministry file (benchmarks/data/minfin/, the whole published
files) checked end to end in under 1 s, in JSON and in Rich. Each run is a whole process,
as a user starts it:

- **json**: `sluitend validate FILE --format json --output OUT`;
- **rich**: `sluitend validate FILE --output OUT.txt` (the Rich report, written to a file:
  what a terminal shows, without the terminal's own drawing time);
- **imports**: `python -c "import pandas, pandera, pyarrow"` once per round: what any run
  pays before it reads a byte (the part of the target no reader or engine can win back).

Before the first run sluitend's own modules are compiled to bytecode (`compileall`, what
`pip install` of a wheel does): an editable install in an environment with
`PYTHONDONTWRITEBYTECODE=1` (this development machine's) would otherwise compile them
again in every run, about 0,2 s of CPU no installed copy pays.

The contenders run alternately (file by file: json, rich, imports, json, ...) for
`--repeat` rounds; the table shows the median wall time and the median CPU seconds of the
child (user + system: steadier when other jobs share the machine). sluitend exits 0 or 1
(findings are no error); anything else aborts the benchmark.
"""

from __future__ import annotations

import os
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from e2e import _run, _sluitend

HERE = Path(__file__).resolve().parent
#: The whole published files (see data/minfin/README.md).
REAL_DIR = HERE / "data" / "minfin"
FILES = (
    "budgettaire_tabellen_owb_2015_origineel.csv",
    "budgettaire_tabellen_owb_2016_origineel.csv",
    "budgettaire_tabellen_owb_2017_origineel.csv",
    "begrotingsstaten_origineel.csv",
)
#: The target per file and format (seconds, wall).
TARGET_S = 1.0
IMPORTS = "import pandas, pandera, pyarrow"


@dataclass
class RealRun:
    """The medians of one contender on one real file."""

    file: str
    who: str
    seconds: float
    cpu_s: float


def precompile() -> None:
    """sluitend's modules as bytecode, as an installed package has them (see the module
    docstring); Python reads bytecode whether or not it may write it."""
    import compileall

    import sluitend

    compileall.compile_dir(Path(sluitend.__file__).parent, quiet=1)


def measure(directory: Path, repeat: int, out: Path) -> list[RealRun]:
    """Every real file in JSON and in Rich, and the imports alone, alternately."""
    out.mkdir(exist_ok=True)
    precompile()
    runs: list[RealRun] = []
    for name in FILES:
        path = directory / name
        if not path.exists():
            raise SystemExit(f"ABORT: {path} is missing (see benchmarks/data/minfin/README.md)")
        stem = Path(name).stem
        contenders = {
            "json": [*_sluitend(), "validate", str(path), "--format", "json",
                     "--output", str(out / f"real-{stem}.json")],
            "rich": [*_sluitend(), "validate", str(path), "--output",
                     str(out / f"real-{stem}.txt")],
            "imports": [sys.executable, "-c", IMPORTS],
        }  # fmt: skip
        times: dict[str, list[float]] = {w: [] for w in contenders}
        cpus: dict[str, list[float]] = {w: [] for w in contenders}
        for round_ in range(repeat):
            for who, command in contenders.items():
                print(f"[real {stem}] {who} (run {round_ + 1}) ...", file=sys.stderr)
                seconds, _, code, tail, cpu, _ = _run(command, dict(os.environ))
                if code not in (0, 1):
                    raise SystemExit(f"ABORT: {' '.join(command)} exited {code}:\n{tail}")
                times[who].append(seconds)
                cpus[who].append(cpu)
        runs.extend(
            RealRun(name, who, statistics.median(times[who]), statistics.median(cpus[who]))
            for who in contenders
        )
    return runs


def table(runs: list[RealRun]) -> list[str]:
    """The rows of the printed table: one per file, JSON and Rich side by side."""
    by = {(r.file, r.who): r for r in runs}
    lines = [
        f"{'file':<44} {'json s':>7} {'cpu':>6} {'rich s':>7} {'cpu':>6} {'imports s':>9}",
        "-" * 84,
    ]
    for name in dict.fromkeys(r.file for r in runs):
        j, r, i = by[(name, "json")], by[(name, "rich")], by[(name, "imports")]
        lines.append(
            f"{name:<44} {j.seconds:7.2f} {j.cpu_s:6.2f} {r.seconds:7.2f} {r.cpu_s:6.2f} "
            f"{i.seconds:9.2f}"
        )
    return lines


def targets(runs: list[RealRun]) -> list[tuple[bool, str]]:
    """One target per file and format: end to end under TARGET_S seconds."""
    return [
        (r.seconds < TARGET_S, f"{r.file} {r.who}: {r.seconds:.2f} s < {TARGET_S:.1f} s")
        for r in runs
        if r.who != "imports"
    ]
