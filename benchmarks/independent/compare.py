"""Compare the independent check of a Ministry file with sluitend's JSON report.

    python benchmarks/independent/compare.py FILE [--sluitend .venv/bin/sluitend]

Runs the independent script that fits the file (`tables.py` for a budget-table CSV,
`staten.py` for the begrotingsstaten), runs `sluitend validate FILE --format json`, and
lists the failing totals that only one of them finds, by (file line, year) for a budget
table and (file line, phase) for the begrotingsstaten. Only sluitend's sum rules count
(BT001/BT002, BS001) and only their errors: an afrondingsverschil or a "not checkable" is
no failing total. A total the independent check fails and sluitend reports as an
"ambiguous layout" (info: it adds up when its "waarvan" lines count as parts) is counted
apart: the independent check always reads "waarvan" as a memo line. Exit 0 when nothing
else differs, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SUM_RULES = {"BT001", "BT002", "BS001"}


def independent(path: str) -> dict:
    with open(path, "rb") as handle:
        head = handle.readline()
    script = "staten.py" if b";" in head and b"Begrotingsstaat" in head else "tables.py"
    out = Path("/tmp") / f"independent-{Path(path).stem}.json"
    subprocess.run([sys.executable, str(HERE / script), path, "--json", str(out)], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def sluitend(path: str, command: str) -> tuple[dict, set[tuple]]:
    done = subprocess.run(
        [command, "validate", path, "--format", "json"], capture_output=True, text=True
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"sluitend failed ({done.returncode}): {done.stderr}")
    report = json.loads(done.stdout)
    failing = set()
    ambiguous = set()
    for f in report["findings"]:
        # A likely cause names the figure to repair (its place need not be a failing
        # total); the failing checks are its consequences.
        own = [] if f.get("kind") == "likely cause" else [f]
        for g in [*own, *f.get("consequences", [])]:
            if g["rule"] not in SUM_RULES:
                continue
            line = int(g["bron"].rsplit(":", 1)[1])
            where = g["where"]
            item = (line, where["fase"] if g["rule"] == "BS001" else where["jaar"])
            if g["severity"] == "error":
                failing.add(item)
            elif "ambiguous layout" in g["message"]:
                ambiguous.add(item)
    report["ambiguous"] = ambiguous
    return report, failing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--sluitend", default=str(HERE.parent.parent / ".venv/bin/sluitend"))
    args = parser.parse_args()
    mine = independent(args.file)
    key = "phase" if mine["failing"] and "phase" in mine["failing"][0] else "year"
    theirs_report, theirs = sluitend(args.file, args.sluitend)
    ours = {(f["line"], f[key]) for f in mine["failing"]}
    rules = {r["rule"]: r for r in theirs_report["rules"]}
    checked = sum(r["checked"] for k, r in rules.items() if k in SUM_RULES)
    rows = sum(d["rows"] for d in theirs_report["datasets"] if d["kind"] != "juridisch_verplicht")
    print(
        f"independent: {mine['figures']} figures, {mine['totals_checked']} totals checked, "
        f"{len(ours)} failing; sluitend: {rows} figures, {checked} totals checked, "
        f"{len(theirs)} failing"
    )
    ambiguous = theirs_report["ambiguous"]
    said = sorted((ours - theirs) & ambiguous)
    only_ours = sorted(ours - theirs - ambiguous)
    only_theirs = sorted(theirs - ours)
    print(
        f"said to be an ambiguous layout by sluitend (a 'waarvan' line that may be a part; "
        f"the independent check reads it as a memo line): {len(said)}"
    )
    for label, items in (("only independent", only_ours), ("only sluitend", only_theirs)):
        print(f"{label}: {len(items)}")
        for item in items:
            print(f"  line {item[0]} {item[1]}")
    return 0 if not only_ours and not only_theirs else 1


if __name__ == "__main__":
    sys.exit(main())
