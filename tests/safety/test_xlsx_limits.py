"""The xlsx limits against a large, real-looking workbook (issue 11): read, not refused.

The compression-ratio limit (SLUITEND_MAX_XLSX_RATIO, 200) is there for zip bombs; a
limit a real budget reaches would refuse honest files. This builds a 100.000-row budget
sheet in the canonical layout (varied figures over twelve chapters, seeded) as openpyxl
writes it, checks it passes the guard and is read whole, and that a bomb of the same
size still is refused.

openpyxl takes ~20 s to write 100.000 rows, too slow for every CI run. So the sheet XML is
rendered here in openpyxl's own form, and the test first asserts that form: the first
`SEED_ROWS` rows written by openpyxl itself are byte for byte what the renderer gives.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from sluitend.datasets.detect import read_any
from sluitend.datasets.xlsx_guard import check_xlsx
from sluitend.errors import InputError
from sluitend.limits import limit

ROWS = 100_000
SEED_ROWS = 500
SHEET = "xl/worksheets/sheet1.xml"
COLUMNS = [
    "begrotingsjaar",
    "fase",
    "hoofdstuk",
    "artikel",
    "onderdeel",
    "instrument",
    "regeling",
    "omschrijving",
    "waarvan",
    "vuo",
    "jaar",
    "bedrag",
    "label",
]
#: Instrument headings as printed in the Ministry's 2017 budget-table CSV (`Subsidies`
#: on 472 rows, `Opdrachten`, `Materiele uitgaven` on 80, ...).
LABELS = (
    "Bijdrage aan medeoverheden",
    "Subsidies",
    "Opdrachten",
    "Bijdrage aan agentschappen",
    "Bijdrage aan ZBO's/RWT's",
    "Personele uitgaven",
    "Materiele uitgaven",
)
CHAPTERS = ("III", "IV", "V", "VI", "VII", "VIII", "IXB", "X", "XII", "XIII", "XV", "XVI")


def budget_rows(n: int) -> list[list[object]]:
    """`n` rows of a budget table: figures from 1 to 10 million, log-uniform (seeded)."""
    rng = np.random.default_rng(2017)
    amounts = (10 ** rng.uniform(0, 7, n)).astype(int)
    return [
        [
            2017,
            "OWB",
            CHAPTERS[i % len(CHAPTERS)],
            str(1 + i // 700 % 20),
            f"{1 + i // 70 % 9}.{i % 5 + 1}",
            LABELS[i % len(LABELS)],
            "",
            "",
            i % 11 == 0,  # an Excel boolean, as a controller's sheet may hold
            "VUO"[i % 3],
            2015 + i % 7,
            int(amounts[i]),
            LABELS[i // 7 % len(LABELS)],
        ]
        for i in range(n)
    ]


def _letter(index: int) -> str:
    return chr(ord("A") + index)  # 13 columns: A-M


def _cell(ref: str, value: object) -> str:
    """One cell as openpyxl's write-only mode writes it."""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}" t="n"><v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if not text:
        return f'<c r="{ref}" t="inlineStr" />'
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def render_rows(rows: list[list[object]], first: int) -> str:
    return "".join(
        f'<row r="{r}">'
        + "".join(_cell(f"{_letter(c)}{r}", v) for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=first)
    )


def openpyxl_workbook(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Tabel")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet(workbook: bytes, sheet_xml: bytes, path: Path) -> Path:
    """`workbook` with its sheet replaced by `sheet_xml`, deflated as openpyxl does."""
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = sheet_xml if member.filename == SHEET else source.read(member)
            target.writestr(member.filename, data)
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    rows = budget_rows(ROWS)
    seed = openpyxl_workbook(rows[:SEED_ROWS])
    seed_xml = zipfile.ZipFile(io.BytesIO(seed)).read(SHEET).decode()
    head, _, rest = seed_xml.partition('<row r="2">')
    body, tail = (
        '<row r="2">' + rest[: rest.rindex("</sheetData>")],
        rest[rest.rindex("</sheetData>") :],
    )
    # The renderer writes what openpyxl writes (header row and the first SEED_ROWS rows).
    assert render_rows(rows[:SEED_ROWS], 2) == body
    assert re.search(r"<row r=\"1\">.*</row>$", head)
    sheet_xml = (head + render_rows(rows, 2) + tail).encode()
    return with_sheet(seed, sheet_xml, tmp_path_factory.mktemp("xlsx") / "big.xlsx"), seed


def test_a_100k_row_budget_workbook_is_read_not_refused(big: tuple[Path, bytes]) -> None:
    path, _seed = big
    member = zipfile.ZipFile(path).getinfo(SHEET)
    ratio = member.file_size / member.compress_size
    assert member.file_size > 50 << 20  # a member the ratio limit applies to (> 1 MiB)
    # Measured 11.9:1 (openpyxl itself wrote 11.9:1 for the same rows): far under 200.
    assert 5 < ratio < limit("SLUITEND_MAX_XLSX_RATIO").value / 10
    check_xlsx(path)  # no InputError
    (dataset,) = read_any(path)
    assert dataset.rows == ROWS
    frame = dataset.frame
    assert int(frame["bedrag"].sum()) == sum(int(r[11]) for r in budget_rows(ROWS))
    assert frame["waarvan"].sum() == sum(1 for i in range(ROWS) if i % 11 == 0)
    assert frame["bron"].iloc[-1].endswith(f"big.xlsx!Tabel!L{ROWS + 1}")


def test_a_bomb_of_the_same_size_is_refused(big: tuple[Path, bytes], tmp_path: Path) -> None:
    _path, seed = big
    row = render_rows(budget_rows(1), 2)
    # One row repeated: the same 60 MB of sheet XML, but deflated some 600:1.
    bomb_xml = (
        "<worksheet><sheetData>" + row * (60_000_000 // len(row)) + "</sheetData></worksheet>"
    ).encode()
    path = with_sheet(seed, bomb_xml, tmp_path / "bomb.xlsx")
    with pytest.raises(InputError, match=r"compressed \d+:1 \(a zip bomb\?\)"):
        check_xlsx(path)
