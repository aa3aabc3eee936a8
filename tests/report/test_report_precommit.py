"""`.pre-commit-hooks.yaml`: the hooks name real commands and match the right files.

No YAML parser is installed in the test environment, so the file is read as the flat
`key: value` list it is (a nested structure would fail these tests, on purpose).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

HOOKS = Path(__file__).parents[2] / ".pre-commit-hooks.yaml"


def hooks() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in HOOKS.read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.match(r"^(- |  )(\w+): (.*)$", line)
        assert match, f"unexpected line {line!r}"
        if match[1] == "- ":
            current = {}
        current[match[2]] = match[3]
        if match[2] == "id":
            out[match[3]] = current
    return out


def test_hooks_and_keys() -> None:
    h = hooks()
    assert set(h) == {"sluitend-validate", "sluitend-rules-lint"}
    validate = h["sluitend-validate"]
    assert validate["entry"] == "sluitend validate"
    assert validate["pass_filenames"] == "true"
    assert validate["language"] == "python"
    assert h["sluitend-rules-lint"]["entry"] == "sluitend rules lint"


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("begroting/bzk_2022.csv", True),
        ("data/begrotingen/2024/tabel 18.xlsx", True),
        ("budget-tables/owb.parquet", True),
        ("begroting/seed.txt", True),
        ("begroting/notes.md", False),
        ("src/sluitend/x.csv", False),
        ("mybegroting.csv", False),
    ],
)
def test_validate_files_pattern(path: str, matches: bool) -> None:
    pattern = hooks()["sluitend-validate"]["files"]
    assert bool(re.search(pattern, path)) is matches


def test_entries_are_real_commands() -> None:
    from click.testing import CliRunner

    from sluitend.cli import main

    for hook in hooks().values():
        args = [*hook["entry"].split()[1:], "--help"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (hook["entry"], result.output)
