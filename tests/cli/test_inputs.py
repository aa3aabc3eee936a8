"""Folders and patterns as PATHs (`sluitend.datasets.inputs`), and `convert`'s output names."""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.datasets.inputs import expand
from sluitend.errors import InputError


def copy_bundled(name: str, target: Path) -> Path:
    """A bundled data file copied to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with resources.as_file(resources.files("sluitend.datasets") / "bundled" / name) as path:
        shutil.copy(path, target)
    return target


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """data/ with tables at two depths, a README, an empty file, a hidden folder."""
    data = tmp_path / "data"
    copy_bundled("minfin-2017-vii.csv", data / "b" / "owb2017.csv")
    copy_bundled("bzk-2022-art7.csv", data / "a.csv")
    copy_bundled("bzk-2022-art7.csv", data / ".hidden" / "c.csv")
    (data / "README.md").write_text("# notes\n", encoding="utf-8")
    (data / "b" / "leeg.csv").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return data


def test_a_folder_is_every_known_file_inside_sorted_recursively(tree: Path) -> None:
    found = expand(["data"])
    assert found.files == ["data/a.csv", "data/b/owb2017.csv"]
    assert [(p, r.split(";")[0]) for p, r in found.skipped] == [
        ("data/README.md", "unknown format (it starts with '# notes')"),
        ("data/b/leeg.csv", "empty file"),
    ]


def test_patterns_files_and_duplicates(tree: Path) -> None:
    assert expand(["data/**/*.csv"]).files == ["data/a.csv", "data/b/owb2017.csv"]
    assert expand(["data/*.csv"]).files == ["data/a.csv"]
    # a file named twice (or named and found in a folder) is read once
    assert expand(["data/a.csv", "data", "./data/a.csv"]).files == [
        "data/a.csv",
        "data/b/owb2017.csv",
    ]
    # with an input format nothing is detected: every file found is taken
    assert expand(["data/b"], input_format="minfin-csv").files == [
        "data/b/leeg.csv",
        "data/b/owb2017.csv",
    ]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("data/*.xlsx", "no file or folder matches this pattern"),
        ("data/nope", "no such file or folder"),
        ("data/b/leeg*", "holds no data file of a known format (none of data/b/leeg.csv)"),
    ],
)
def test_paths_that_name_no_data_are_input_errors(tree: Path, path: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        expand([path])
    result = CliRunner().invoke(main, ["validate", path])
    assert result.exit_code == 2 and message in result.stderr


def test_an_empty_folder_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "leeg")])
    assert result.exit_code == 2
    assert "holds no data file of a known format (no files in it)" in result.stderr


def test_validate_a_folder_lists_what_it_skipped(tree: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "data", "--format", "json"])
    assert result.exit_code == 1  # the 2017 rows have real defects
    sources = [d["source"] for d in json.loads(result.stdout)["datasets"]]
    assert sources == ["data/a.csv", "data/b/owb2017.csv", "data/b/owb2017.csv"]
    assert "skipped 2 files of no known format:" in result.stderr
    assert "  data/README.md: unknown format" in result.stderr
    assert "  data/b/leeg.csv: empty file" in result.stderr
    assert ".hidden" not in result.stderr + result.stdout


def test_convert_names_one_file_per_kind(tree: Path) -> None:
    result = CliRunner().invoke(main, ["convert", "data/b/owb2017.csv", "out.csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "data/b/owb2017.csv holds 2 kinds of table: one file per kind",
        "wrote out-begrotingstabel.csv (begrotingstabel, 938 rows)",
        "wrote out-juridisch_verplicht.csv (juridisch_verplicht, 3 rows)",
    ]
    assert Path("out-begrotingstabel.csv").is_file()
    assert Path("out-juridisch_verplicht.csv").is_file()
    one = CliRunner().invoke(main, ["convert", "data/a.csv", "one.parquet"])
    assert one.exit_code == 0 and one.stdout == "wrote one.parquet (begrotingstabel, 224 rows)\n"


def test_convert_checks_every_target_before_writing_any(tree: Path) -> None:
    Path("out-juridisch_verplicht.csv").mkdir()  # the second target cannot be written
    result = CliRunner().invoke(main, ["convert", "data/b/owb2017.csv", "out.csv"])
    assert result.exit_code == 2
    assert "out-juridisch_verplicht.csv: is a folder" in result.stderr
    assert not Path("out-begrotingstabel.csv").exists()  # nothing half written


def test_files_of_one_name_in_two_folders_stay_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """begroting/2016/owb.csv and begroting/2017/owb.csv: two datasets, each with its own
    findings once, named by their repository folder whatever the working directory."""
    for name in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".git").mkdir()
    first = copy_bundled("minfin-2017-vii.csv", tmp_path / "begroting" / "2016" / "owb.csv")
    copy_bundled("minfin-2017-vii.csv", tmp_path / "begroting" / "2017" / "owb.csv")
    lines = first.read_text("utf-8").splitlines(keepends=True)
    assert '"190,096"' in lines[107]
    lines[107] = lines[107].replace('"190,096"', '"190,097"')  # one more finding in 2016
    first.write_text("".join(lines), encoding="utf-8")

    def findings(cwd: Path, path: str) -> list[dict[str, object]]:
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(main, ["validate", path, "--format", "json"])
        assert result.exit_code == 1, result.output
        doc = json.loads(result.stdout)
        assert [d["name"] for d in doc["datasets"]] == [
            "begroting/2016/owb",
            "begroting/2016/owb-juridisch-verplicht",
            "begroting/2017/owb",
            "begroting/2017/owb-juridisch-verplicht",
        ]
        found: list[dict[str, object]] = doc["findings"]
        return found

    from_root = findings(tmp_path, "begroting")
    from_sub = findings(tmp_path / "begroting" / "2017", "..")
    assert [f["dataset"] for f in from_root] == [f["dataset"] for f in from_sub]
    per_file = {
        d: sum(f["dataset"] == d for f in from_root)
        for d in ("begroting/2016/owb", "begroting/2017/owb")
    }
    alone = CliRunner().invoke(main, ["validate", "../2016/owb.csv", "--format", "json"])
    assert per_file["begroting/2016/owb"] == len(json.loads(alone.stdout)["findings"])
    assert per_file["begroting/2016/owb"] > per_file["begroting/2017/owb"] > 0
