"""The reports name no dataset kind: what a kind prints like is its layout's to say.

A second domain's kinds must print, state their unit and show their phases through
`Layout` (`printed`, `phases_side_by_side`, the value column), not through an `if kind ==
"..."` in a reporter; so no report module spells a registered kind as a string.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sluitend.report
from sluitend.report.dutch import unit_label
from sluitend.vocabulary import DATASET_KINDS, layout_of

REPORT = Path(sluitend.report.__file__).parent
MODULES = sorted(p.name for p in REPORT.glob("*.py"))


def kinds_named(path: Path) -> set[str]:
    """The registered dataset kinds spelled as string constants (docstrings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)
    }
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and n.value in DATASET_KINDS and id(n) not in docs
    }


@pytest.mark.parametrize("module", MODULES)
def test_no_report_module_names_a_dataset_kind(module: str) -> None:
    assert kinds_named(REPORT / module) == set()


def test_the_check_sees_a_kind(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text('"""begrotingsstaat."""\nx = kind == "begrotingsstaat"\n', "utf-8")
    assert kinds_named(source) == {"begrotingsstaat"}
    assert {"rich_report.py", "printed.py", "dutch.py", "markdown.py"} <= set(MODULES)


def test_the_layouts_say_what_the_reports_asked_of_the_kind_names() -> None:
    # What the reporters decided by name before, now read from the layouts.
    assert layout_of("begrotingsstaat").phases_side_by_side()
    assert not any(
        layout_of(k).phases_side_by_side()
        for k in ("begrotingstabel", "juridisch_verplicht", "iv3", "iv3_kengetallen")
    )
    assert layout_of("begrotingsstaat").printed == ("begrotingsjaar", "hoofdstuk", "begroting")
    assert unit_label(1000, "juridisch_verplicht") == "%"
    assert unit_label(1000, "begrotingstabel") == "x € 1.000"
    assert unit_label(1000, "iv3") == "x € 1.000"
    assert unit_label(1, "begrotingsstaat") == "€"
