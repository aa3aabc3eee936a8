"""The real programs the report tests open their output in: Chromium (through selenium and
Debian's chromedriver) and LibreOffice (headless `soffice`).

Locally, a test that needs a program this machine lacks is skipped, with the reason and the
command that installs it. Under CI (`.ci/run` installs them first and sets
`SLUITEND_REQUIRE_TOOLS=1`), a missing program is a failure: a report format no one opened
must not pass as tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REQUIRED = os.environ.get("SLUITEND_REQUIRE_TOOLS", "") not in ("", "0")
INSTALL = "apt-get install -y chromium chromium-driver libreoffice-calc-nogui"


def missing(what: str) -> None:
    """Skip (locally) or fail (SLUITEND_REQUIRE_TOOLS=1) because `what` is not installed."""
    message = f"{what} is not installed (install: {INSTALL})"
    if REQUIRED:
        pytest.fail(f"SLUITEND_REQUIRE_TOOLS is set and {message}")
    pytest.skip(message)


def _program(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (
            f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None
        )
        if found:
            return found
    return None


def chromium_driver() -> Any:
    """A headless Chromium under selenium, its console log kept; skipped/failed if absent."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing("the selenium package")
    browser = _program("chromium", "chromium-browser")
    driver = _program("chromedriver")
    if browser is None or driver is None:
        missing("Chromium with chromedriver")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver given by path: selenium must not look for (or download) one of its own.
    return webdriver.Chrome(service=Service(driver), options=options)


def chromium_session() -> Iterator[Any]:
    """A browser for as long as the generator runs (a test module's fixture)."""
    driver = chromium_driver()
    try:
        yield driver
    finally:
        driver.quit()


def soffice() -> str:
    """The LibreOffice program; skipped/failed if absent."""
    found = _program("soffice", "libreoffice")
    if found is None:
        missing("LibreOffice (soffice)")
    assert found is not None
    return found


def convert_to_csv(workbook: Path, folder: Path) -> Path:
    """The first sheet of `workbook` as CSV, written by LibreOffice headless.

    The filter options: comma, double quotes, UTF-8, and "save cell contents as shown" off,
    so numbers come out as stored (55937, not a formatted 55.937).
    """
    program = soffice()
    profile = folder / "lo-profile"  # its own profile: no clash with a running LibreOffice
    subprocess.run(
        [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = folder / (workbook.stem + ".csv")
    assert out.exists(), f"LibreOffice wrote no {out}"
    return out
