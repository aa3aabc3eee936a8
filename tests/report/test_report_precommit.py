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


def hook_args() -> list[str]:
    """The sluitend-validate hook's args, parsed from the flow list `[a, b, "25"]`."""
    raw = hooks()["sluitend-validate"]["args"]
    assert raw.startswith("[") and raw.endswith("]"), raw
    return [a.strip().strip('"') for a in raw[1:-1].split(",")]


def test_the_hook_uses_the_root_baseline_when_present(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run the hook as pre-commit does (from the repository root, the changed files after
    the args): without sluitend-baseline.json every finding fails and stderr says why;
    with it, the accepted findings pass."""
    import shutil
    from importlib import resources

    from click.testing import CliRunner

    from sluitend.cli import main

    args = hook_args()
    assert args[args.index("--baseline-if-present") + 1] == "sluitend-baseline.json"
    table = tmp_path / "begroting" / "owb2017.csv"
    table.parent.mkdir()
    source = resources.files("sluitend.datasets") / "bundled" / "minfin-2017-vii.csv"
    with resources.as_file(source) as path:
        shutil.copy(path, table)
    assert re.search(hooks()["sluitend-validate"]["files"], "begroting/owb2017.csv")
    monkeypatch.chdir(tmp_path)
    command = [*hooks()["sluitend-validate"]["entry"].split()[1:], *args, "begroting/owb2017.csv"]
    without = CliRunner().invoke(main, command)
    assert without.exit_code == 1
    assert "no baseline sluitend-baseline.json; every finding counts" in without.stderr
    assert "more findings" in without.stdout or "not shown" in without.stdout, without.stdout[-400:]
    written = CliRunner().invoke(
        main, ["validate", "begroting/owb2017.csv", "--write-baseline", "sluitend-baseline.json"]
    )
    assert written.exit_code == 0
    with_baseline = CliRunner().invoke(main, command)
    assert with_baseline.exit_code == 0, with_baseline.output
    assert "no baseline" not in with_baseline.stderr
