"""The README's generated parts are current, and its set-up commands are the ones CI runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("update_readme", ROOT / "tools/update_readme.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rule_reference_in_readme_is_current() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _tool().updated(text) == text, "run: python tools/update_readme.py"
    assert "#### `hierarchy`" in text and "What it checks" in text


def test_ci_runs_the_readmes_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "pytest" in line and "pip" in line)
    assert command in ci
