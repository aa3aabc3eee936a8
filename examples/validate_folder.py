"""Validate every data file in a folder and write the JSON report a pipeline reads.

    python examples/validate_folder.py [FOLDER] [OUTPUT.json]

Every file in FOLDER (any format sluitend reads, detected from its content) is validated
with the bundled rules; the report is written as JSON (the document of
`sluitend validate --format json`, schema `src/sluitend/report/schema-v2.json`) and the
exit code is the command line's: 0 no errors, 1 errors, 2 a file that cannot be read.
Without arguments it makes a demo folder with two small tables (one with a typo) first.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import sluitend

HEADER = "begrotingsjaar,fase,hoofdstuk,artikel,onderdeel,instrument,regeling,vuo,jaar,bedrag\n"


def demo_folder() -> Path:
    """A folder with article 7 (adds up) and article 8 (its total 1.000 too high)."""
    folder = Path(tempfile.mkdtemp(prefix="sluitend-demo-"))
    rows = {
        "art7.csv": [("7", "", 300), ("7", "7.1", 100), ("7", "7.2", 200)],
        "art8.csv": [("8", "", 1500), ("8", "8.1", 250), ("8", "8.2", 250)],
    }
    for name, figures in rows.items():
        lines = [f"2022,OWB,VII,{a},{o},,,U,2023,{b}\n" for a, o, b in figures]
        (folder / name).write_text(HEADER + "".join(lines), encoding="utf-8")
    return folder


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else demo_folder()
    output = Path(argv[1]) if len(argv) > 1 else folder / "sluitend.json"
    files = sorted(p for p in folder.iterdir() if p.is_file() and p != output)
    if not files:
        print(f"{folder}: no files to validate", file=sys.stderr)
        return 2
    try:
        report = sluitend.validate(files)
    except sluitend.SluitendError as error:
        print(f"sluitend: {error}", file=sys.stderr)
        return 2
    report.write(output)
    print(f"{report!r}\nwrote {output}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
