"""End to end from a file: `sluitend validate` beside a hand-written pandas script and the floor.

Each contender runs as a whole process on the same file, alternately (sluitend, script,
floor, sluitend, ...), `--repeat` rounds; the table shows the median wall time and the
peak resident memory of each (the child's own `ru_maxrss`, taken by a small launcher
process: see `LAUNCH`).

- **sluitend**: `sluitend validate FILE --format json --output OUT` (the bundled pack).
- **pandas script** (`pandas_script.py`): reads the file with pandas (`read_csv` with the
  pyarrow engine, or `read_parquet`) and runs `baseline.py`'s hand-written checks.
- **floor**: pyarrow reads the file (`pyarrow.csv.read_csv` / `pyarrow.parquet.read_table`)
  and one vectorized pass (`np.bincount` of the amounts over an integer column): what no
  tool reading this file and looking at every figure can undercut.

Before anything is timed, sluitend's failing rows (from the JSON findings' `bron`) must be
exactly the script's, rule by rule (abort otherwise).

Files: `300k` is the `national` size of `generate.py` (282k figures), `3M` the `decade`
size (3.2M figures), each with `--defects` defects; `30M` is ten copies of `3M`, each with
its years moved on by ten (so the copies never meet in one check): 32M figures, ten times
the defects. They are written once to benchmarks/out/ (CSV with an empty `bron`, so each
row is named by its line; Parquet with an empty `bron` too, so each row is named by its
row) and reused. The three sizes show whether a cost grows faster than the data.

After the timed rounds, sluitend runs once more under `phases.py` (untimed): its CPU
seconds per phase (reading, pandera and the rules' checks, coverage, localization,
rendering and writing the report), printed below the table.

Then a bare process touches as much memory as sluitend's peak on that file (`TOUCH`: numpy
fills it): the system CPU the machine itself charges for that many fresh pages. On this
development machine (a virtual machine) it is far from linear (a bare process: 4 GB 0,9 s,
8 GB 2,3 s, 13 GB 14 s of system CPU), so the growth from 3M to 30M is shown as user CPU
(sluitend's own work) and system CPU beside it (`growth_notes`); the target stays the wall
time.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
#: Files of figures: name -> (the generated size, copies of it).
E2E_SIZES = {"300k": ("national", 1), "3M": ("decade", 1), "30M": ("decade", 10)}
#: Figures of each file relative to the one before it: the time may grow as much, and 10 %.
GROWTH_SLACK = 1.1
#: Rules whose findings at their own severity the script must match.
FORMATS = ("csv", "parquet")

FLOOR = """
import sys, numpy as np, pyarrow as pa, pyarrow.compute as pc
path = sys.argv[1]
if path.endswith(".parquet"):
    import pyarrow.parquet as pq
    t = pq.read_table(path)
else:
    import pyarrow.csv as pcsv
    t = pcsv.read_csv(path, read_options=pcsv.ReadOptions(skip_rows=1),
        convert_options=pcsv.ConvertOptions(null_values=["pm"], strings_can_be_null=False,
                                            column_types={"bedrag": pa.int64()}))
jaar = t["jaar"].to_numpy()
bedrag = pc.fill_null(t["bedrag"], 0).to_numpy()
print(np.bincount(jaar - jaar.min(), weights=bedrag).sum())
"""


@dataclass
class Run:
    """The median of one contender on one file."""

    who: str
    size: str
    fmt: str
    seconds: float
    peak_mb: float
    cpu_s: float  # user + system seconds of the child: steadier on a busy machine
    rows: int = 0  # figures in the file
    _: KW_ONLY  # the rest by name: a float and a dict side by side are easily swapped
    system_s: float = 0.0  # the system part of cpu_s (the kernel's: page faults above all)
    #: sluitend only: system CPU seconds of a bare process touching `peak_mb` (`TOUCH`).
    touch_system_s: float = 0.0
    #: sluitend only: CPU seconds per phase of one more, untimed run (`phases.py`).
    phases: dict[str, float] = field(default_factory=dict)


def _sluitend() -> list[str]:
    exe = Path(sys.executable).with_name("sluitend")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "sluitend"]


#: Runs one command and reports its wall seconds, peak RSS and CPU on its last line. A
#: child's `ru_maxrss` starts at its parent's high-water mark (Linux keeps it across fork
#: and exec), and this benchmark's own process holds the generated 3M frame (GBs): measured
#: from it directly, every child "peaked" at the parent's size. So a small interpreter starts
#: each child and measures it.
LAUNCH = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=sys.stderr)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} "
              f"{usage.ru_utime + usage.ru_stime} {usage.ru_stime}")
"""

#: Touches argv[1] bytes of fresh memory, page by page (numpy writes every byte).
TOUCH = """
import sys, numpy as np
block = np.ones(int(sys.argv[1]) // 8)
print(block[:: 4096 // 8].sum())
"""


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str, float, float]:
    """Wall seconds, peak RSS (MB), exit code, stderr tail, CPU seconds (user + system)
    and system CPU seconds of one child."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "usage"
        launcher = [sys.executable, "-c", LAUNCH, str(report), *command]
        subprocess.run(launcher, env=env, stdout=subprocess.DEVNULL, stderr=err, check=False)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", errors="replace")
        if not report.exists():
            return 0.0, 0.0, 99, tail, 0.0, 0.0
        seconds, peak_kb, code, cpu, system = report.read_text().split()
    return float(seconds), int(peak_kb) / 1024, int(code), tail, float(cpu), float(system)


def touch_system_seconds(megabytes: float) -> float:
    """System CPU seconds of a bare process that touches `megabytes` of fresh memory."""
    command = [sys.executable, "-c", TOUCH, str(int(megabytes * 2**20))]
    _, _, code, tail, _, system = _run(command, dict(os.environ))
    if code != 0:
        raise SystemExit(f"ABORT: the memory probe exited {code}:\n{tail}")
    return system


def prepare(size: str, seed: int, defects: int) -> dict[str, Path]:
    """The CSV and Parquet files of a size (written once into benchmarks/out/)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from generate import generate
    from sluitend.datasets.canonical import META_PREFIX, to_canonical_text, written_columns

    OUT.mkdir(exist_ok=True)
    stem = f"e2e-{size}-seed{seed}-d{defects}"
    paths = {"csv": OUT / f"{stem}.csv", "parquet": OUT / f"{stem}.parquet"}
    if all(p.exists() for p in paths.values()):
        return paths
    print(f"[e2e {size}] generating the files (once) ...", file=sys.stderr)
    base, copies = E2E_SIZES[size]
    frame, _ = generate(base, seed=seed, defects=defects)
    frame["bron"] = ""
    text = pa.Table.from_pandas(to_canonical_text(frame, "begrotingstabel").astype(str),
                                preserve_index=False)  # fmt: skip
    frame = frame.loc[:, written_columns(frame, "begrotingstabel")]
    typed = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {"name": stem, "unit": 1000, "kind": "begrotingstabel"}
    typed = typed.replace_schema_metadata(
        {**(typed.schema.metadata or {}), b"sluitend": json.dumps(meta).encode()}
    )
    years = {c: frame[c].to_numpy() for c in ("begrotingsjaar", "jaar")}
    tmp = {f: p.with_name(p.name + ".tmp") for f, p in paths.items()}
    with tmp["csv"].open("wb") as out, pq.ParquetWriter(tmp["parquet"], typed.schema) as pw:
        out.write(f"{META_PREFIX} name={stem} unit=1000 kind=begrotingstabel\n".encode())
        for k in range(copies):
            t, p = text, typed
            for col, values in years.items():
                moved = values + 10 * k
                t = t.set_column(t.schema.get_field_index(col), col, pa.array(moved.astype(str)))
                p = p.set_column(p.schema.get_field_index(col), col, pa.array(moved, pa.int64()))
            if k == 0:
                out.write((",".join(t.column_names) + "\n").encode())
            pcsv.write_csv(t, out, pcsv.WriteOptions(include_header=False, quoting_style="none"))
            pw.write_table(p)
            del t, p
    for fmt, path in paths.items():
        tmp[fmt].replace(path)
    return paths


def _failing_rows(report: Path, fmt: str, severities: dict[str, str]) -> dict[str, list[int]]:
    """Per rule, the 0-based rows of the findings at the rule's own severity."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found: dict[str, set[int]] = {rule: set() for rule in severities}
    for f in _checks(data["findings"]):
        if f["rule"] not in severities or f["severity"] != severities[f["rule"]]:
            continue
        bron = str(f["bron"])
        row = (
            int(bron.rsplit("#", 1)[1]) - 1 if fmt == "parquet" else int(bron.rsplit(":", 1)[1]) - 3
        )
        found[f["rule"]].add(row)
    return {rule: sorted(rows) for rule, rows in found.items()}


def _checks(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The failed checks of a JSON report: a likely cause (found on files of at most a few
    thousand findings, the 300k one) stands at the figure it names, which need not fail
    itself; the failed checks it explains are its `consequences`."""
    out = []
    for f in findings:
        if f.get("kind") == "likely cause":
            out += _checks(f.get("consequences", []))
        else:
            out.append(f)
    return out


def measure(sizes: list[str], seed: int, defects: int, repeat: int) -> list[Run]:
    """Every contender on every file of `sizes`, alternately; the medians."""
    from sluitend.rules.loader import load_pack

    severities = {
        r.id: r.severity for r in load_pack("rijksbegroting").for_dataset("begrotingstabel")
    }
    env = {**os.environ, "SLUITEND_MAX_ROWS": str(100_000_000)}  # 32M rows in one Parquet
    runs: list[Run] = []
    for size in sizes:
        paths = prepare(size, seed, defects)
        for fmt in FORMATS:
            path = paths[fmt]
            report = OUT / f"e2e-{size}-{fmt}.json"
            rows_file = OUT / f"e2e-{size}-{fmt}-script.json"
            contenders = {
                "sluitend": [*_sluitend(), "validate", str(path), "--format", "json",
                             "--output", str(report)],
                "pandas script": [sys.executable, str(HERE / "pandas_script.py"), str(path),
                                  str(rows_file)],
                "floor": [sys.executable, "-c", FLOOR, str(path)],
            }  # fmt: skip
            times: dict[str, list[float]] = {w: [] for w in contenders}
            peaks: dict[str, list[float]] = {w: [] for w in contenders}
            cpus: dict[str, list[float]] = {w: [] for w in contenders}
            systems: dict[str, list[float]] = {w: [] for w in contenders}
            for round_ in range(repeat):
                for who, command in contenders.items():
                    print(f"[e2e {size} {fmt}] {who} (run {round_ + 1}) ...", file=sys.stderr)
                    seconds, peak, code, tail, cpu, system = _run(command, env)
                    if code not in ((0, 1) if who == "sluitend" else (0,)):
                        raise SystemExit(f"ABORT: {' '.join(command)} exited {code}:\n{tail}")
                    times[who].append(seconds)
                    peaks[who].append(peak)
                    cpus[who].append(cpu)
                    systems[who].append(system)
                if round_ == 0:
                    ours = _failing_rows(report, fmt, severities)
                    theirs = json.loads(rows_file.read_text(encoding="utf-8"))
                    if ours != {rule: theirs.get(rule, []) for rule in ours}:
                        raise SystemExit(
                            f"ABORT: sluitend and the pandas script find different rows on "
                            f"{path.name}: {ours} vs {theirs}"
                        )
            phases = _phases(path, report, env)
            rows = _rows(report)
            print(f"[e2e {size} {fmt}] memory probe ...", file=sys.stderr)
            touched = touch_system_seconds(max(peaks["sluitend"]))
            for who in contenders:
                runs.append(
                    Run(
                        who,
                        size,
                        fmt,
                        seconds=statistics.median(times[who]),
                        peak_mb=max(peaks[who]),
                        cpu_s=statistics.median(cpus[who]),
                        rows=rows,
                        system_s=statistics.median(systems[who]),
                        touch_system_s=touched if who == "sluitend" else 0.0,
                        phases=phases if who == "sluitend" else {},
                    )
                )
    return runs


def _phases(path: Path, report: Path, env: dict[str, str]) -> dict[str, float]:
    """sluitend's CPU seconds per phase on `path` (one more run, under `phases.py`)."""
    print(f"[e2e {path.name}] sluitend's phases ...", file=sys.stderr)
    spent = OUT / f"{report.stem}-phases.json"
    command = [sys.executable, str(HERE / "phases.py"), str(spent), "validate", str(path),
               "--format", "json", "--output", str(report)]  # fmt: skip
    _, _, code, tail, _, _ = _run(command, env)
    if code not in (0, 1):
        raise SystemExit(f"ABORT: {' '.join(command)} exited {code}:\n{tail}")
    found: dict[str, float] = json.loads(spent.read_text(encoding="utf-8"))
    return found


def _rows(report: Path) -> int:
    """The figures sluitend read, from its JSON report."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return int(data["summary"]["rows"])


def convert_seconds(size: str, seed: int, defects: int, repeat: int = 1) -> tuple[float, float]:
    """`sluitend convert` of the size's CSV to Parquet, `repeat` runs: the median wall and
    CPU seconds (the CPU steadier on a shared machine)."""
    source = prepare(size, seed, defects)["csv"]
    target = OUT / f"e2e-{size}-converted.parquet"
    walls, cpus = [], []
    for round_ in range(repeat):
        print(f"[e2e {size}] sluitend convert (run {round_ + 1}) ...", file=sys.stderr)
        target.unlink(missing_ok=True)
        seconds, _, code, tail, cpu, _ = _run([*_sluitend(), "convert", str(source),
                                              str(target)], dict(os.environ))  # fmt: skip
        if code != 0:
            raise SystemExit(f"ABORT: sluitend convert exited {code}:\n{tail}")
        walls.append(seconds)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def table(runs: list[Run]) -> list[str]:
    """The end-to-end table: per file, each contender and sluitend's ratios."""
    by = {(r.size, r.fmt, r.who): r for r in runs}
    lines = [
        "| figures | file | sluitend s | pandas script s | floor s | sluitend / script "
        "| sluitend / floor | CPU s sluitend / script / floor | peak MB sluitend / script "
        "| peak ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, fmt in dict.fromkeys((r.size, r.fmt) for r in runs):
        s, p, f = (by[(size, fmt, w)] for w in ("sluitend", "pandas script", "floor"))
        lines.append(
            f"| {size} | {fmt} | {s.seconds:.2f} | {p.seconds:.2f} | {f.seconds:.2f} "
            f"| {s.seconds / p.seconds:.2f}x | {s.seconds / f.seconds:.2f}x "
            f"| {s.cpu_s:.1f} / {p.cpu_s:.1f} / {f.cpu_s:.1f} "
            f"| {s.peak_mb:.0f} / {p.peak_mb:.0f} | {s.peak_mb / p.peak_mb:.2f}x |"
        )
    return lines


def targets(runs: list[Run], convert_s: tuple[float, float] | None) -> list[tuple[bool, str]]:
    """The issue-12 targets, each with what was measured."""
    by = {(r.size, r.fmt, r.who): r for r in runs}
    out: list[tuple[bool, str]] = []
    for fmt in FORMATS:
        if ("3M", fmt, "sluitend") in by:
            s, p, f = (by[("3M", fmt, w)] for w in ("sluitend", "pandas script", "floor"))
            out.append(
                (
                    s.seconds <= p.seconds,
                    f"3M {fmt}: sluitend / script {s.seconds / p.seconds:.2f}x <= 1.0x",
                )
            )
            out.append(
                (
                    s.seconds <= 3 * f.seconds,
                    f"3M {fmt}: sluitend / floor {s.seconds / f.seconds:.2f}x <= 3x",
                )
            )
            out.append(
                (
                    s.peak_mb <= 1.5 * p.peak_mb,
                    f"3M {fmt}: peak sluitend / script {s.peak_mb / p.peak_mb:.2f}x <= 1.5x",
                )
            )
        if ("30M", fmt, "sluitend") in by:
            big = by[("30M", fmt, "sluitend")]
            out.append(
                (True, f"30M {fmt}: completes, {big.seconds:.1f} s, peak {big.peak_mb:.0f} MB")
            )
        out += growth(runs, fmt)
    if convert_s is not None:
        wall, cpu = convert_s
        out.append(
            (wall < 5, f"sluitend convert 3M CSV -> Parquet {wall:.2f} s (CPU {cpu:.2f} s) < 5 s")
        )
    return out


def growth(runs: list[Run], fmt: str) -> list[tuple[bool, str]]:
    """From each size to the next larger one: sluitend's time grows at most as the figures
    do, plus `GROWTH_SLACK` (3M -> 30M: x11). Judged on wall time (the issue's target); the
    CPU seconds are shown beside it, steadier on a shared machine."""
    ours = {r.size: r for r in runs if r.who == "sluitend" and r.fmt == fmt}
    sizes = [s for s in E2E_SIZES if s in ours]
    out = []
    for small, large in itertools.pairwise(sizes):
        a, b = ours[small], ours[large]
        most = GROWTH_SLACK * b.rows / a.rows
        wall, cpu = b.seconds / a.seconds, b.cpu_s / a.cpu_s
        out.append(
            (
                wall <= most,
                f"{small} -> {large} {fmt}: time x{wall:.1f} (CPU x{cpu:.1f}) for "
                f"x{b.rows / a.rows:.1f} figures <= x{most:.1f}",
            )
        )
    return out


def growth_notes(runs: list[Run]) -> list[str]:
    """From each size to the next larger one, per file: how sluitend's user CPU (its own
    work) and system CPU (the kernel's, mostly fresh pages) grew, beside what a bare process
    touching the same peak memory costs the machine (`TOUCH`). Shown, not judged."""
    out = []
    for fmt in FORMATS:
        ours = {r.size: r for r in runs if r.who == "sluitend" and r.fmt == fmt}
        sizes = [s for s in E2E_SIZES if s in ours]
        for small, large in itertools.pairwise(sizes):
            a, b = ours[small], ours[large]
            user_a, user_b = a.cpu_s - a.system_s, b.cpu_s - b.system_s
            out.append(
                f"{small} -> {large} {fmt}: user CPU {user_a:.1f} -> {user_b:.1f} s "
                f"(x{user_b / max(user_a, 1e-9):.1f}), system CPU {a.system_s:.1f} -> "
                f"{b.system_s:.1f} s; a bare process touching sluitend's peak "
                f"({a.peak_mb:.0f} / {b.peak_mb:.0f} MB) takes {a.touch_system_s:.1f} / "
                f"{b.touch_system_s:.1f} s of system CPU"
            )
    return out


#: The phases `phases.py` times, in the order of a run.
PHASES = ("read", "pandera own", "rule checks", "coverage", "error localization",
          "validate other", "report", "other")  # fmt: skip


def phase_table(runs: list[Run]) -> list[str]:
    """sluitend's CPU seconds per phase, per file (from one untimed run each)."""
    lines = [
        "| figures | file | " + " | ".join(PHASES) + " | total CPU s |",
        "|---|---|" + "---|" * (len(PHASES) + 1),
    ]
    for r in runs:
        if r.who != "sluitend" or not r.phases:
            continue
        shown = split_phases(r.phases)
        cells = " | ".join(f"{shown[p]:.2f}" for p in PHASES)
        lines.append(f"| {r.size} | {r.fmt} | {cells} | {r.phases['total']:.2f} |")
    return lines


def split_phases(spent: dict[str, float]) -> dict[str, float]:
    """The nested timers of `phases.py` as parts that add up to the total: pandera's own
    part is its schema validation less the rules' checks inside it; "validate other" is
    `validate` less the checks, coverage and localization (findings for diagnosis, the
    cross-dataset rules); "other" is start-up, imports and the command's own work."""
    get = spent.get
    pandera = get("pandera schema", 0.0)
    checks = get("rule checks", 0.0)
    inside = pandera + get("coverage", 0.0) + get("error localization", 0.0)
    parts = {
        "read": get("read", 0.0),
        "pandera own": pandera - checks,
        "rule checks": checks,
        "coverage": get("coverage", 0.0),
        "error localization": get("error localization", 0.0),
        "validate other": get("validate", 0.0) - inside,
        "report": get("report", 0.0),
    }
    parts["other"] = get("total", 0.0) - sum(parts.values())
    return parts
