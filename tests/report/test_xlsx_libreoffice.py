"""The xlsx report opened by LibreOffice (headless): its Bevindingen sheet, exported as CSV
by LibreOffice itself, holds the same findings as the JSON report of the same run."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from external_tools import convert_to_csv, soffice

import sluitend
from sluitend.report.base import get_reporter


@pytest.mark.parametrize("bundled", ["minfin-2017-vii"])
def test_libreoffice_reads_the_findings_of_the_json(tmp_path: Path, bundled: str) -> None:
    soffice()  # skip (locally) or fail (CI) first, before any work
    report = sluitend.validate(sluitend.read(bundled=bundled))
    book = tmp_path / "report.xlsx"
    book.write_bytes(get_reporter("xlsx").render_bytes(report))
    doc = json.loads(get_reporter("json").render(report))
    exported = convert_to_csv(book, tmp_path)
    with exported.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    def number(text: str) -> int | float | None:
        if text == "":
            return None
        value = float(text)
        return int(value) if value.is_integer() else value

    seen = [
        (
            r["rule"],
            r["severity"],
            r["kind"],
            r["bron"],
            number(r["year"]),
            number(r["stated"]),
            number(r["computed"]),
            number(r["difference"]),
            r["label"],
        )
        for r in rows
    ]
    flat = [f for top in doc["findings"] for f in [top, *top.get("consequences", [])]]
    expected = [
        (
            f["rule"],
            f["severity"],
            f.get("kind", "check"),
            f["bron"],
            f["where"].get("jaar"),
            f["actual"],
            f["expected"],
            f["difference"],
            f["label"],
        )
        for f in flat
    ]
    assert seen == expected
    assert len(seen) > 40
