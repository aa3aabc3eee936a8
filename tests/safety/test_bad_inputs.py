"""Each bad input of issue 11: exit 2 with the file and place, never a crash or exit 3.

Every file is made here at run time (big ones under lowered limits); none is committed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.datasets.canonical import read_canonical_csv, write_parquet

SEED = Path(__file__).parents[2] / "src/sluitend/datasets/bundled/bzk-2022-art7.csv"
LINES = SEED.read_text().splitlines()
COLUMNS = LINES[1].split(",")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def csv_with(tmp_path: Path, name: str = "x.csv", **fields: str) -> Path:
    row = dict(zip(COLUMNS, LINES[2].split(","), strict=True))
    row.update(fields)
    path = tmp_path / name
    path.write_text("\n".join([*LINES[:2], ",".join(row[c] for c in COLUMNS)]) + "\n")
    return path


@pytest.mark.parametrize(
    ("fields", "column"),
    [
        ({"bedrag": "9" * 10_000}, "bedrag"),
        ({"bedrag": "1" * 20}, "bedrag"),
        ({"bedrag": "٣٩١٤٩"}, "bedrag"),  # Arabic-Indic digits
        ({"jaar": "２０２０"}, "jaar"),  # full-width digits
    ],
    ids=["10000-digits", "20-digits", "arabic-indic", "full-width"],
)
def test_numbers_that_are_no_figures(tmp_path: Path, fields: dict[str, str], column: str) -> None:
    path = csv_with(tmp_path, **fields)
    code, out = run("validate", str(path))
    assert code == 2, out
    assert f"{path}:3: column {column!r}: expected a whole number" in out
    assert len(out) < 4500


@pytest.mark.parametrize("unit", ["0", "٣", "-1", "x"])
def test_unit_must_be_a_positive_number(tmp_path: Path, unit: str) -> None:
    path = tmp_path / "u.csv"
    path.write_text(SEED.read_text().replace("unit=1000", f"unit={unit}", 1))
    code, out = run("validate", str(path))
    assert code == 2 and f"{path}:1: metadata line: unit must be a positive" in out


def test_a_nul_byte_after_the_first_64_kb(tmp_path: Path) -> None:
    row = LINES[2]
    body = "\n".join([*LINES, *[row.replace("Verplichtingen", "x" * 100)] * 700, "a\x00b"])
    path = tmp_path / "nul.csv"
    path.write_text(body + "\n")
    assert path.stat().st_size > 64 * 1024
    code, out = run("validate", str(path))
    assert code == 2 and "NUL" in out


def test_a_canonical_csv_without_vuo_names_the_column(tmp_path: Path) -> None:
    at = COLUMNS.index("vuo")
    lines = [",".join(f for i, f in enumerate(line.split(",")) if i != at) for line in LINES[1:4]]
    path = tmp_path / "novuo.csv"
    path.write_text("\n".join(lines) + "\n")
    code, out = run("validate", str(path))
    assert code == 2 and "without the column 'vuo'" in out


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (SEED.read_text().encode("utf-16"), "UTF-16 text"),
        (SEED.read_text().encode("utf-16-le"), "UTF-16 text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Excel .xls"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + bytes(500)
            + "EncryptedPackage".encode("utf-16-le"),
            "encrypted (password-protected)",
        ),
    ],
    ids=["utf16-bom", "utf16-le", "xls", "encrypted-xlsx"],
)
def test_binary_files_are_named_for_what_they_are(tmp_path: Path, data: bytes, says: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    code, out = run("validate", str(path))
    assert code == 2 and says in out and str(path) in out


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(path: Path, sheet: str, big: int = 0) -> Path:
    """A minimal .xlsx with one sheet; `big` bytes of padding make a compressible member."""
    buffer = io.BytesIO()
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{rel}"><sheets><sheet '
            'name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet.replace("PAD", " " * big))
    path.write_bytes(buffer.getvalue())
    return path


def sheet(cells: str, head: str = "", prolog: str = "") -> str:
    body = f"{head}<sheetData>{cells}</sheetData>"
    return f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{NS}">{body}</worksheet>'


CELL = '<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'


@pytest.mark.parametrize(
    ("xml", "says"),
    [
        (
            sheet(f'<row r="1048576">{CELL.format(ref="XFD1048576")}</row>'),
            "spans 17.179.869.184 cells",
        ),
        (
            sheet(
                f'<row r="1">{CELL.format(ref="A1")}</row><row r="1048576">'
                f"{CELL.format(ref='XFD1048576')}</row>"
            ),
            "spans 17.179.869.184 cells",
        ),
        (
            sheet(f'<row r="1">{CELL.format(ref="A1")}</row>', '<dimension ref="A1:XFD1048576"/>'),
            "cells",
        ),
        (
            sheet(
                '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>',
                "",
                '<!DOCTYPE w [<!ENTITY e "boom">]>',
            ),
            "declares a DTD or an entity",
        ),
        # XML allows, and calamine reads, references in single quotes, with spaces around
        # `=`, in lower case, or none at all (each cell one after the one before): the
        # guard saw none of them and calamine asked for 512 GiB (abort, exit 134).
        (
            sheet(f"<row r='1048576'>{CELL.format(ref='XFD1048576')}</row>".replace('"', "'")),
            "spans 17.179.869.184 cells",
        ),
        (
            sheet(
                f'<row r = "1048576">{CELL.format(ref="XFD1048576").replace("r=", "r = ")}</row>'
            ),
            "spans 17.179.869.184 cells",
        ),
        (
            sheet(f'<row r="1048576">{CELL.format(ref="xfd1048576")}</row>'),
            "spans 17.179.869.184 cells",
        ),
        (
            sheet(
                '<row r="1">' + "<c><v>1</v></c>" * 16384 + '</row><row r="1048576">'
                f"{CELL.format(ref='A1048576')}</row>"
            ),
            "spans 17.180.917.760 cells",
        ),
        (
            sheet(
                "<row><c><v>1</v></c></row>" * 3 + "<row>" + "<c><v>1</v></c>" * 20000 + "</row>"
            ),
            None,
        ),
        # a row of ten digits, a column of four letters or more: read by calamine too
        (sheet(f'<row r="9999999999">{CELL.format(ref="A9999999999")}</row>'), "cells"),
        (sheet(f'<row r="1">{CELL.format(ref="ZZZZZZ1")}</row>'), "spans 321.272.406 cells"),
    ],
    ids=[
        "xfd-alone",
        "a1-and-xfd",
        "dimension",
        "entity",
        "single-quotes",
        "spaced",
        "lower-case",
        "cells-without-r",
        "rows-without-r-fit",
        "ten-digit-row",
        "six-letter-column",
    ],
)
def test_workbooks_checked_before_calamine(tmp_path: Path, xml: str, says: str | None) -> None:
    path = workbook(tmp_path / "w.xlsx", xml)
    code, out = run("validate", str(path))
    assert code == 2, out
    if says is None:  # within the limits: read, and refused as no known table
        assert "no sheet holds a known table" in out
        return
    assert says in out and str(path) in out


def test_zip_bomb_and_member_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(
        tmp_path / "bomb.xlsx", sheet(f'<row r="1">{CELL.format(ref="A1")}</row>PAD'), 3 << 20
    )
    code, out = run("validate", str(path))
    assert code == 2 and "(a zip bomb?)" in out and "SLUITEND_MAX_XLSX_RATIO" in out
    monkeypatch.setenv("SLUITEND_MAX_XLSX_RATIO", "100000")
    monkeypatch.setenv("SLUITEND_MAX_XLSX_MEMBER_BYTES", str(1 << 20))
    code, out = run("validate", str(path))
    assert code == 2 and "unpacks to" in out and "SLUITEND_MAX_XLSX_MEMBER_BYTES" in out


def test_a_truncated_workbook_says_truncated(tmp_path: Path) -> None:
    whole = (Path(__file__).parents[1] / "data/xlsx/canonical.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    code, out = run("validate", str(path))
    assert code == 2 and "truncated" in out


@pytest.fixture
def table(tmp_path: Path) -> pa.Table:
    path = tmp_path / "good.parquet"
    write_parquet(read_canonical_csv(SEED), path)
    return pq.read_table(path)


@pytest.mark.parametrize(
    ("meta", "says"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"unit": "x"}', "unit must be a positive whole number"),
        (b'{"unit": 0}', "unit must be a positive whole number"),
        (b'{"kind": 5}', "kind must be text"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
    ids=["json", "list", "unit-text", "unit-0", "kind", "deep"],
)
def test_parquet_metadata_checked(tmp_path: Path, table: pa.Table, meta: bytes, says: str) -> None:
    path = tmp_path / "bad.parquet"
    pq.write_table(
        table.replace_schema_metadata({**table.schema.metadata, b"sluitend": meta}), path
    )
    code, out = run("validate", str(path))
    assert code == 2, out
    assert says in out and str(path) in out


def test_parquet_column_types_checked(tmp_path: Path, table: pa.Table) -> None:
    path = tmp_path / "u.parquet"
    at = table.column_names.index("bedrag")
    pq.write_table(
        table.set_column(at, "bedrag", pa.array([2**64 - 1] * table.num_rows, pa.uint64())), path
    )
    code, out = run("validate", str(path))
    assert code == 2 and "row 1: column 'bedrag': expected a whole number below 10**15" in out
    at = table.column_names.index("label")
    pq.write_table(table.set_column(at, "label", pa.array([{"a": 1}] * table.num_rows)), path)
    code, out = run("validate", str(path))
    assert code == 2 and "column 'label' is stored as struct" in out


@pytest.mark.parametrize(
    "nest", ["[" * 5000 + "]" * 5000, "{a=" * 5000 + "1" + "}" * 5000, "[" * 70 + "]" * 70]
)
def test_rule_files_nested_too_deeply(tmp_path: Path, nest: str) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(f'[ruleset]\nname = "x"\n[[rules]]\nid = "a"\nkind = "sum"\nx = {nest}\n')
    code, out = run("rules", "lint", str(path))
    assert code == 2 and "nested too deeply" in out and str(path) in out


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("tolerance = {absolute = 1" + "0" * 400 + "}", "expected a number of 0 or more"),
        ("severity_by_size = [{severity = 'info', share = 1" + "0" * 400 + "}]", "0 or more"),
        ("x = 1" + "0" * 5000, "line 9: a number of more than 4300 digits"),
    ],
    ids=["tolerance-10e400", "threshold-10e400", "5000-digits"],
)
def test_rule_file_numbers_beyond_a_float(tmp_path: Path, value: str, says: str) -> None:
    # 10**400 is a TOML integer no float holds (math.isfinite raised OverflowError), and
    # Python's int() refuses more than 4300 digits (tomllib raised ValueError): exit 3.
    path = tmp_path / "big.toml"
    path.write_text(
        '[ruleset]\nname = "x"\n[[rules]]\nid = "a"\nkind = "hierarchy"\n'
        f'dataset = "begrotingstabel"\ntitle = "t"\nseverity = "error"\n{value}\n'
    )
    code, out = run("rules", "lint", str(path))
    assert code == 2, out
    assert says in out and str(path) in out and len(out) < 4500


def test_a_baseline_nested_200000_deep(tmp_path: Path) -> None:
    base = tmp_path / "b.json"
    base.write_text('{"version": 1, "findings": ' + "[" * 200_000 + "]" * 200_000 + "}")
    code, out = run("validate", "--baseline", str(base))
    assert code == 2 and "nested too deeply" in out


def test_a_huge_bad_baseline_gives_a_short_message(tmp_path: Path) -> None:
    base = tmp_path / "b.json"
    base.write_text(json.dumps({"version": 1, "findings": [{"rule": 1}] * 50_000}))
    code, out = run("validate", "--baseline", str(base))
    assert code == 2 and "more problems" in out and len(out) < 4500


@pytest.mark.parametrize("value", ["ZZZ<>$(id)", "IIII", "IIC", "", "VII; rm"])
def test_hoofdstuk_must_be_a_chapter_code(value: str) -> None:
    code, out = run("validate", "--hoofdstuk", value)
    assert code == 2 and "is not a budget chapter code" in out


@pytest.mark.parametrize("value", ["VII", "vii", "IXB", "LVIII", "XVIII", "F", "A"])
def test_hoofdstuk_takes_the_ministrys_codes(value: str) -> None:
    code, out = run("validate", "--hoofdstuk", value)
    assert code == 0, out


def test_max_findings_0_counts_and_shows_none() -> None:
    code, out = run("validate", "--dataset", "minfin-2017-vii", "--max-findings", "0")
    assert code == 1, out
    assert "42 errors" in out  # counted, and the exit code says so
    assert "… and 42 more findings of BT001 (6 figures): --all or --format json" in out


def test_standard_input_and_a_fifo_are_read_once(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["validate", "-", "--format", "json"], input=SEED.read_bytes()
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["datasets"][0]["source"] == "<stdin>"
    code, out = run("validate", "-", "-")
    assert code == 2 and "more than once" in out


def test_too_many_parquet_rows_are_refused_before_reading(
    tmp_path: Path, table: pa.Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.parquet"
    pq.write_table(table, path)
    monkeypatch.setenv("SLUITEND_MAX_ROWS", "100")
    code, out = run("validate", str(path))
    assert code == 2 and "224 rows, more than a budget holds" in out and "SLUITEND_MAX_ROWS" in out


EMPTY_FORMATS = ["minfin-csv", "staten-csv", "iv3-csv", "sheet-csv", "canonical-csv",
                 "page-text", None]  # fmt: skip


@pytest.mark.parametrize("fmt", EMPTY_FORMATS, ids=lambda f: f or "detected")
@pytest.mark.parametrize(
    "data", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n\n"], ids=["empty", "bom", "bom-blank"]
)
def test_an_empty_file_in_every_format_is_an_input_error(
    tmp_path: Path, fmt: str | None, data: bytes
) -> None:
    # A spreadsheet saves an empty sheet as its byte order mark alone: read as a Ministry
    # table or a begrotingsstaat it crashed (an IndexError, exit 3).
    path = tmp_path / "leeg.csv"
    path.write_bytes(data)
    code, output = run("validate", str(path), *(["--input-format", fmt] if fmt else []))
    assert code == 2, output
    assert "leeg.csv" in output and "internal error" not in output


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("Infinity", "not valid JSON: Infinity (standard JSON has no NaN or Infinity)"),
        ("-Infinity", "not valid JSON: -Infinity (standard JSON has no NaN or Infinity)"),
        ("NaN", "not valid JSON: NaN (standard JSON has no NaN or Infinity)"),
        ("1e400", "is inf; expected"),
        ("2024.5", "is 2024.5; expected"),
        ("1" + "0" * 30, "is 1000000000000000000000000000000; expected"),
    ],
)
@pytest.mark.parametrize("key", ["boekjaar", "periode"])
def test_an_iv3_delivery_with_a_year_no_int_holds(
    tmp_path: Path, key: str, value: str, says: str
) -> None:
    # Python's json reads Infinity, NaN and 1e400 as floats that int() refuses: the
    # metadata crashed with an OverflowError or ValueError (exit 3). Then read as missing,
    # a boekjaar of NaN had the delivery checked against another year's definitions
    # without a word (34 errors on a clean delivery of 2022). Standard JSON has no NaN or
    # Infinity, and a year that is no whole number is no year: both are refused.
    from sluitend.domains.iv3.synthetic import delivery

    text = json.dumps(delivery(boekjaar=2022))
    path = tmp_path / "d.json"
    path.write_text(re.sub(rf'"{key}": \d+', lambda _: f'"{key}": {value}', text, count=1))
    code, out = run("validate", str(path), "--format", "json")
    assert code == 2, out
    assert says in out and "d.json" in out
    if "JSON" not in says:
        assert f"metadata.{key} " in out
        assert ("--boekjaar" in out) == (key == "boekjaar")


def test_an_iv3_boekjaar_given_as_a_whole_float_is_that_year(tmp_path: Path) -> None:
    from sluitend.domains.iv3.synthetic import delivery

    text = json.dumps(delivery(boekjaar=2022)).replace('"boekjaar": 2022', '"boekjaar": 2022.0')
    path = tmp_path / "d.json"
    path.write_text(text)
    code, out = run("validate", str(path), "--format", "json")
    assert code == 0, out  # the clean delivery, checked against 2022's definitions


@pytest.mark.parametrize(
    "bron",
    ["x.csv:\u00b2", "x.csv:\u2460", "x.csv:1\u00b2", "x.csv:" + "9" * 30, "x.xlsx!S!A" + "9" * 30],
)
def test_a_bron_ending_in_a_digit_int_refuses(tmp_path: Path, bron: str) -> None:
    # "²" and "①" are digits to str.isdigit, not to int(): the report's overview placed a
    # failing figure by its bron and crashed with a ValueError (exit 3); a line of 30
    # digits overflowed its int64 array (OverflowError, exit 3).
    rows = list(csv.reader(LINES[1:]))
    at, amount = rows[0].index("bron"), rows[0].index("bedrag")
    for row in rows[1:]:
        row[at] = bron
    for row in rows[30:91:30]:
        row[amount] = str(int(row[amount]) + 12345)
    path = tmp_path / "b.csv"
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    path.write_text(f"{LINES[0]}\n{text.getvalue()}")
    code, out = run("validate", str(path))
    assert code == 1, out
    assert "BT001" in out and "internal error" not in out


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"metadata": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"metadata": {"boekjaar": 1' + "0" * 5000 + '}, "data": {}}', "4300 digits"),
    ],
    ids=["deep", "deep-metadata", "5000-digits"],
)
def test_an_iv3_delivery_python_cannot_parse(tmp_path: Path, text: str, says: str) -> None:
    # json.loads raised RecursionError and ValueError, which are no JSONDecodeError: exit 3.
    path = tmp_path / "d.json"
    path.write_text(text)
    code, out = run("validate", str(path), "--input-format", "iv3-json")
    assert code == 2, out
    assert says in out and str(path) in out


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(data={"lasten": [7], "baten": [[[]]]}),  # no item an object
        lambda d: d["data"]["lasten"][0].update(bedrag=10**400),  # no float holds it
    ],
    ids=["items-no-objects", "bedrag-10e400"],
)
def test_an_iv3_delivery_with_values_no_frame_holds(tmp_path: Path, change: Any) -> None:
    # An IndexError (items that are no object made a frame of no rows) and OverflowErrors
    # (pandas' to_numeric, astype to int64): exit 3. Read, the faults are findings.
    from sluitend.domains.iv3.synthetic import delivery

    document = delivery()
    change(document)
    path = tmp_path / "d.json"
    path.write_text(json.dumps(document))
    code, out = run("validate", str(path), "--format", "json")
    assert code in (0, 1), out
    assert json.loads(out)["datasets"]


@pytest.mark.parametrize(
    ("seed", "sep"),
    [("owb2017_vii.csv", ","), ("staten_vii_2017.csv", ";")],
    ids=["minfin", "staten"],
)
def test_a_begrotingsjaar_in_other_digits(tmp_path: Path, seed: str, sep: str) -> None:
    # `\d{4}` takes Arabic-Indic digits, pandas' to_numeric does not: a ValueError (exit 3).
    lines = (Path(__file__).parents[1] / "data/minfin" / seed).read_text().splitlines()[:6]
    lines[2] = "\u0662\u0660\u0661\u0667" + lines[2][4:]
    path = tmp_path / "y.csv"
    path.write_text("\n".join(lines) + "\n")
    code, out = run("validate", str(path), "--read-notes")
    assert code in (0, 1), out
    assert "internal error" not in out


@pytest.mark.parametrize("command", ["validate", "convert"])
def test_a_canonical_header_with_a_field_over_the_csv_limit(tmp_path: Path, command: str) -> None:
    # The fast reader parsed the header with the csv module unguarded: its csv.Error
    # ("field larger than field limit") was exit 3; the csv path names the line.
    path = tmp_path / "h.csv"
    path.write_text("\n".join([LINES[0], LINES[1] + "x" * 200_000, *LINES[2:5]]) + "\n")
    args = [str(path), str(tmp_path / "out.parquet")] if command == "convert" else [str(path)]
    code, out = run(command, *args)
    assert code == 2, out
    assert f"{path}:2: not valid CSV: field larger than field limit" in out


RECONCILE = """[ruleset]
name = "x"
[[rules]]
id = "RC"
kind = "reconcile"
dataset = "begrotingsstaat"
title = "t"
on = ["hoofdstuk", "artikel", "vuo", "jaar"]
severity = "error"
left = {fase = "OWB", jaar = 0, where = "artikel != ''"}
right = {dataset = "begrotingstabel", fase = "OWB", jaar = 0}
"""


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (RECONCILE + 'where = "jaar > 2020"\n', "ok (1 rules)"),
        (RECONCILE + "where = \"vuo == 'X'\"\n", "key 'where' matches no row"),
        (
            '[ruleset]\nname = "x"\n[[rules]]\nid = "U"\nkind = "unique"\n'
            'dataset = "begrotingstabel"\ntitle = "t"\nseverity = "error"\n'
            f'where = "jaar > {"9" * 400}"\n',
            "ok (1 rules)",
        ),
    ],
    ids=["reconcile-where", "reconcile-where-never", "where-10e400"],
)
def test_rules_lint_reads_every_where(tmp_path: Path, text: str, says: str) -> None:
    # `rules lint` took a reconciliation's left side (a Side) for a where (AttributeError)
    # and made a float of 10**400 (OverflowError): exit 3 for valid rule files.
    path = tmp_path / "r.toml"
    path.write_text(text)
    code, out = run("rules", "lint", str(path))
    assert code in (0, 2), out
    assert says in out and "internal error" not in out


def test_an_iv3_header_naming_a_column_twice(tmp_path: Path) -> None:
    # Two columns "Gemeenten": pandas gave a frame for the column, and `.str` on it was an
    # AttributeError (exit 3), in the per-taakveld CSV and the same layout in a workbook.
    names = ["Gemeenten", "Taakveld", "Baten", "Lasten", "Gemeenten"]
    path = tmp_path / "t.csv"
    path.write_text(";".join(names) + "\nA;0.1 Bestuur;1;2;A\n")
    code, out = run("validate", str(path))
    assert code == 2, out
    assert f"{path}:1: column 'Gemeenten' appears twice in the header" in out
    cells = "".join(
        CELL.format(ref=f"{chr(65 + i)}1").replace(">x<", f">{n}<") for i, n in enumerate(names)
    )
    values = "".join(
        CELL.format(ref=f"{chr(65 + i)}2").replace(">x<", f">{v}<")
        for i, v in enumerate(["A", "0.1 Bestuur", "1", "2", "A"])
    )
    book = workbook(
        tmp_path / "t.xlsx", sheet(f'<row r="1">{cells}</row><row r="2">{values}</row>')
    )
    code, out = run("validate", str(book))
    assert code == 2, out
    assert "column 'Gemeenten' appears twice in the header" in out


@pytest.mark.parametrize("fmt", ["github", "junit", "sarif", "gitlab"])
def test_a_bron_naming_no_possible_file(tmp_path: Path, fmt: str) -> None:
    # The machine reports write a bron's file relative to the repository: Path.exists()
    # raised OSError (a name too long for the file system) out of them (exit 3).
    name = "x" * 100_000
    path = tmp_path / "t.parquet"
    table = pq.read_table(write_parquet(read_canonical_csv(SEED), path) or path)
    table = table.drop_columns([c for c in table.column_names if c.startswith("bron")])
    bron = pa.array([f"{name}:{i + 1}" for i in range(table.num_rows)])
    amount = table.column_names.index("bedrag")
    bad = pa.array(
        [
            v + (12345 if i % 50 == 30 else 0)
            for i, v in enumerate(table.column("bedrag").to_pylist())
        ]
    )
    pq.write_table(table.set_column(amount, "bedrag", bad).append_column("bron", bron), path)
    code, out = run("validate", str(path), "--format", fmt)
    assert code == 1, out
    assert "internal error" not in out


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_the_printed_reports_of_an_iv3_delivery_with_kengetallen(tmp_path: Path, fmt: str) -> None:
    # A kengetal's waarde is text ("45,2"): the html and xlsx reports lay every dataset
    # out as printed and formatted it as an amount (int("45,2"), ValueError, exit 3).
    from sluitend.domains.iv3.synthetic import delivery

    path = tmp_path / "d.json"
    path.write_text(json.dumps(delivery()))
    code, out = run("validate", str(path), "--format", fmt, "-o", str(tmp_path / f"r.{fmt}"))
    assert code in (0, 1), out
    assert (tmp_path / f"r.{fmt}").stat().st_size > 0


def test_a_wide_sheet_csv_is_not_read_column_by_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A ';' CSV in the budget-table layout with 10.000 empty columns (113 KB) took 24 s:
    # each column's text went through the workbook's cell conversion (`_as_text`, some
    # 2,4 ms a column). A CSV's cells are all text: stripped at once.
    from sluitend.datasets import xlsx

    seed = (Path(__file__).parents[1] / "data/minfin/owb2015_excerpt.csv").read_text()
    rows = list(csv.reader(seed.splitlines()[:8]))
    path = tmp_path / "wide.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(row + [""] * 3000 for row in rows)
    calls = []
    monkeypatch.setattr(xlsx, "_as_text", lambda values: calls.append(1) or values)
    code, out = run("validate", str(path), "--input-format", "sheet-csv")
    assert code in (0, 1), out
    assert not calls


@pytest.mark.parametrize("column", ["bron", "bron_regel", "artikel"])
def test_a_parquet_column_stored_twice_is_named(tmp_path: Path, column: str) -> None:
    source = tmp_path / "x.parquet"
    write_parquet(read_canonical_csv(SEED), source)
    table = pq.read_table(source)
    pq.write_table(table.append_column(column, table.column(column)), source)
    code, output = run("validate", str(source))
    assert code == 2, output
    assert f"x.parquet: column '{column}' appears twice; expected it once" in output
