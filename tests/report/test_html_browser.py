"""The HTML report opened in a real browser (headless Chromium): what a person sees.

The report is that of the bundled `minfin-2017-vii` (chapter VII of the Ministry's 2017
file, verbatim), whose article 7 has its instrument totals shifted by a row and whose
article 11 has an ambiguous 'waarvan' layout. One run gives both the HTML and the JSON
report, and the page must list the same findings as the JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from external_tools import chromium_session

import sluitend
from sluitend.report.base import get_reporter

BUNDLED = Path(sluitend.__file__).parent / "datasets" / "bundled"
#: In minfin-2017-vii.csv: the row of VII art. 7 'Inkomensoverdracht' (a shifted total).
INKOMENSOVERDRACHT = "minfin-2017-vii.csv:96"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">\'"'


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the module."""
    yield from chromium_session()


@pytest.fixture(scope="module")
def vii(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The HTML file and the JSON document of one run on minfin-2017-vii."""
    report = sluitend.validate(sluitend.read(bundled="minfin-2017-vii"))
    folder = tmp_path_factory.mktemp("html")
    page = folder / "vii.html"
    page.write_text(get_reporter("html").render(report), encoding="utf-8")
    return page, json.loads(get_reporter("json").render(report))


def _open(driver: Any, page: Path) -> None:
    driver.get(page.as_uri())
    driver.get_log("browser")  # from here on, only this page's messages


def _console_errors(driver: Any) -> list[dict[str, Any]]:
    return [m for m in driver.get_log("browser") if m.get("level") == "SEVERE"]


def _cell(driver: Any, bron_suffix: str, jaar: int) -> Any:
    """The marked table cell of the figure at `bron_suffix` in year `jaar`, found through
    its finding's link (the page's own way from a finding to its cell)."""
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(
        By.CSS_SELECTOR, f'tr.finding[data-bron$="{bron_suffix}"][data-jaar="{jaar}"]'
    )
    assert rows, f"no finding row for {bron_suffix} {jaar}"
    link = rows[0].find_element(By.CSS_SELECTOR, "a.to-cell")
    return driver.find_element(By.ID, link.get_attribute("href").split("#", 1)[1])


def test_the_page_loads_nothing_and_logs_no_error(chromium: Any, vii: Any) -> None:
    page, _doc = vii
    _open(chromium, page)
    assert chromium.title.startswith("sluitend · rijksbegroting")
    resources = chromium.execute_script(
        "return performance.getEntriesByType('resource').map(function(r){return r.name;})"
    )
    assert resources == []
    assert _console_errors(chromium) == []


def test_the_failing_total_is_highlighted_and_its_hint_shown_on_click(
    chromium: Any, vii: Any
) -> None:
    from selenium.webdriver.common.by import By

    page, _doc = vii
    _open(chromium, page)
    cell = _cell(chromium, INKOMENSOVERDRACHT, 2015)
    assert cell.text == "22.022"
    marker = chromium.execute_script(
        "return getComputedStyle(arguments[0], '::before').content", cell
    )
    assert marker.startswith('"✘')  # not by colour alone
    red = cell.value_of_css_property("background-color")
    assert red == "rgba(255, 213, 210, 1)"
    # the figures a sum checked and found correct are green, those no sum checked grey
    checked = chromium.find_element(By.CSS_SELECTOR, "table.printed td.c")
    assert checked.value_of_css_property("background-color") == "rgba(230, 244, 234, 1)"
    unchecked = chromium.find_element(By.CSS_SELECTOR, "table.printed td.u")
    assert unchecked.value_of_css_property("background-color") == "rgba(236, 236, 236, 1)"
    assert unchecked.get_attribute("title").startswith("not checked: ")
    tip = cell.find_element(By.CSS_SELECTOR, ".tip")
    assert not tip.is_displayed()
    chromium.execute_script("arguments[0].scrollIntoView({block:'center'})", cell)
    cell.click()
    assert tip.is_displayed()
    assert "stated 22.022, computed 7.920" in tip.text
    assert "totals shifted by a row" in tip.text and "look shifted by a row" in tip.text
    assert _console_errors(chromium) == []


def test_an_ambiguous_layout_is_shown_as_info_not_green(chromium: Any, vii: Any) -> None:
    page, doc = vii
    _open(chromium, page)
    ambiguous = [
        f for f in doc["findings"] if f["severity"] == "info" and "ambiguous layout" in f["message"]
    ]
    assert ambiguous
    first = ambiguous[0]
    cell = _cell(chromium, first["bron"].rsplit("/", 1)[-1], first["where"]["jaar"])
    assert cell.value_of_css_property("background-color") == "rgba(219, 233, 255, 1)"


def test_the_filter_box_narrows_the_tables_and_the_overview(chromium: Any, vii: Any) -> None:
    from selenium.webdriver.common.by import By

    page, _doc = vii
    _open(chromium, page)
    tables = chromium.find_elements(By.CSS_SELECTOR, "section.table")
    assert len(tables) > 5
    box = chromium.find_element(By.ID, "filter")
    box.send_keys("Inkomensoverdracht")
    shown = [t for t in tables if t.is_displayed()]
    assert len(shown) == 1 and "art. 7" in shown[0].find_element(By.TAG_NAME, "h3").text
    overview = [
        r
        for r in chromium.find_elements(By.CSS_SELECTOR, "table.overview tbody tr.art")
        if r.is_displayed()
    ]
    assert [r.get_attribute("id") for r in overview] == [f"o-{shown[0].get_attribute('id')}"]
    assert chromium.find_element(By.ID, "shown").text == f"1 of {len(tables)} tables shown"
    box.clear()
    box.send_keys("no such figure anywhere")
    assert not any(t.is_displayed() for t in tables)
    box.clear()
    box.send_keys(" ")  # clear() sends no input event; a space does, and matches everything
    assert all(t.is_displayed() for t in tables)
    assert _console_errors(chromium) == []


def test_the_page_lists_the_same_findings_as_the_json(chromium: Any, vii: Any) -> None:
    page, doc = vii
    _open(chromium, page)
    rows = chromium.execute_script(
        "return [].map.call(document.querySelectorAll('tr.finding'), function(r){"
        "return [r.dataset.rule, r.dataset.severity, r.dataset.kind, r.dataset.bron,"
        " r.dataset.jaar];})"
    )
    expected: Counter[tuple[str, ...]] = Counter()
    for top in doc["findings"]:
        for f in [top, *top.get("consequences", [])]:
            jaar = f["where"].get("jaar")
            key = (f["rule"], f["severity"], f.get("kind", "check"), f["bron"], str(jaar or ""))
            expected[key] += 1
    assert Counter(tuple(r) for r in rows) == expected
    assert sum(expected.values()) > 40


def test_a_hostile_label_is_text_in_the_page(chromium: Any, tmp_path: Path) -> None:
    """A label holding markup and quotes shows as written and runs nothing."""
    from selenium.webdriver.common.by import By

    head, *body = (BUNDLED / "bzk-2022-art7.csv").read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(body))
    columns = rows[0]
    regeling, label, jaar, bedrag = (
        columns.index(c) for c in ("regeling", "label", "jaar", "bedrag")
    )
    for row in rows[1:]:
        if row[regeling] == "Informatiehuishouding":
            row[label] = HOSTILE + "\x07"
            if row[jaar] == "2023":
                row[bedrag] = "194000"  # a digit swap: the README's example
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    text = head + "\n" + buffer.getvalue()
    data = tmp_path / "hostile.csv"
    data.write_text(text, encoding="utf-8")
    report = sluitend.validate(str(data))
    assert not report.ok
    page = tmp_path / "hostile.html"
    page.write_text(get_reporter("html").render(report), encoding="utf-8")
    _open(chromium, page)
    assert chromium.execute_script("return window.__pwned === undefined")
    labels = [th.text for th in chromium.find_elements(By.CSS_SELECTOR, "th[scope=row]")]
    assert any(label.startswith("<script>window.__pwned=1</script>") for label in labels)
    assert any(label.endswith("\\x07") for label in labels)
    assert not chromium.find_elements(By.CSS_SELECTOR, "main img, main script")
