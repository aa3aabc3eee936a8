"""Render the README's screenshot of the html report (docs/html-report.png).

The report of the bundled `minfin-2017-vii` (chapter VII of the Ministry's 2017 file), opened
in headless Chromium, scrolled to article 7 (its instrument totals shifted by a row), with
the finding of 'Inkomensoverdracht' 2015 shown as a person sees it after clicking the cell.

    .venv/bin/python tools/html_screenshot.py [OUT.png]

Needs Chromium and chromedriver (Debian: `apt-get install chromium chromium-driver`) and the
test extra's selenium.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "report"))


def main(out: Path) -> None:
    from external_tools import chromium_driver
    from selenium.webdriver.common.by import By

    import sluitend
    from sluitend.report.base import get_reporter

    report = sluitend.validate(sluitend.read(bundled="minfin-2017-vii"))
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(get_reporter("html").render(report), encoding="utf-8")
        driver = chromium_driver()
        try:
            driver.set_window_size(1200, 900)
            driver.get(page.as_uri())
            row = driver.find_element(
                By.CSS_SELECTOR, 'tr.finding[data-bron$="minfin-2017-vii.csv:96"][data-jaar="2015"]'
            )
            target = row.find_element(By.CSS_SELECTOR, "a.to-cell").get_attribute("href")
            cell = driver.find_element(By.ID, target.split("#", 1)[1])
            # the cell a third down the window, so its finding shows in full below it
            driver.execute_script(
                "arguments[0].scrollIntoView({block:'start'});window.scrollBy(0,-380);", cell
            )
            cell.click()
            time.sleep(0.3)
            driver.save_screenshot(str(out))
        finally:
            driver.quit()
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "html-report.png")
