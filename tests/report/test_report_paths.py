"""Repository-relative paths for machine reports (`sluitend.report.paths`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sluitend.report.paths import RepoPaths, find_root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch repository: .git, begroting/owb.csv, begroting/2016/owb.csv."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "begroting" / "2016").mkdir(parents=True)
    (tmp_path / "begroting" / "owb.csv").write_text("x\n")
    (tmp_path / "begroting" / "2016" / "owb.csv").write_text("x\n")
    return tmp_path


def test_root_from_the_environment_first(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("workspace")
    sub = repo / "begroting"
    assert find_root({}, sub) == repo.resolve()
    assert find_root({"CI_PROJECT_DIR": str(elsewhere)}, sub) == elsewhere.resolve()
    both = {"GITHUB_WORKSPACE": str(repo), "CI_PROJECT_DIR": str(elsewhere)}
    assert find_root(both, sub) == repo.resolve()
    assert find_root({"GITHUB_WORKSPACE": ""}, sub) == repo.resolve()  # empty: not set


def test_root_is_a_git_worktree_file_or_the_working_directory(tmp_path: Path) -> None:
    plain = tmp_path / "plain" / "sub"
    plain.mkdir(parents=True)
    # no .git anywhere below tmp_path (tmp_path itself lies outside any repository)
    if any((p / ".git").exists() for p in (plain, *plain.parents)):
        pytest.skip("the temporary folder lies inside a git repository")
    assert find_root({}, plain) == plain.resolve()
    (tmp_path / "plain" / ".git").write_text("gitdir: /elsewhere/.git/worktrees/x\n")
    assert find_root({}, plain) == (tmp_path / "plain").resolve()


@pytest.mark.parametrize(
    ("cwd", "given", "expected"),
    [
        ("", "begroting/owb.csv", "begroting/owb.csv"),
        ("", "./begroting/owb.csv", "begroting/owb.csv"),
        ("begroting", "owb.csv", "begroting/owb.csv"),
        ("begroting", "2016/owb.csv", "begroting/2016/owb.csv"),
        ("begroting/2016", "../owb.csv", "begroting/owb.csv"),
        ("begroting/2016", "owb.csv", "begroting/2016/owb.csv"),
        # a path naming no file (a bundled dataset's bron) stands as it is
        ("begroting", "bzk-2022-art7.csv", "bzk-2022-art7.csv"),
    ],
)
def test_paths_are_relative_to_the_root(repo: Path, cwd: str, given: str, expected: str) -> None:
    paths = RepoPaths.detect({}, repo / cwd)
    assert paths.path(given) == expected


def test_absolute_paths_inside_and_outside_the_root(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    paths = RepoPaths.detect({}, repo / "begroting")
    assert paths.path(str(repo / "begroting" / "2016" / "owb.csv")) == "begroting/2016/owb.csv"
    outside = tmp_path_factory.mktemp("outside") / "x.csv"
    outside.write_text("x\n")
    assert paths.path(str(outside)) == outside.resolve().as_posix()


def test_bron_keeps_line_and_cell(repo: Path) -> None:
    paths = RepoPaths.detect({}, repo / "begroting" / "2016")
    assert paths.bron("../owb.csv:12") == "begroting/owb.csv:12"
    assert paths.bron("owb.csv!Blad1!B12") == "begroting/2016/owb.csv!Blad1!B12"
    assert paths.bron("owb.csv") == "begroting/2016/owb.csv"
    assert paths.bron("") == ""


def test_bron_cites_the_file_as_given(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_any: a bron names the file by the path as given, not by its name only."""
    import shutil
    from importlib import resources

    from sluitend.datasets.detect import read_any

    source = resources.files("sluitend.datasets") / "bundled" / "minfin-2017-vii.csv"
    with resources.as_file(source) as path:
        shutil.copy(path, repo / "begroting" / "2016" / "owb.csv")
    monkeypatch.chdir(repo / "begroting")
    for given in ("2016/owb.csv", "./2016/owb.csv", str(repo / "begroting/2016/owb.csv")):
        datasets = read_any(given)
        for ds in datasets:
            assert ds.source == given
            brons = ds.frame["bron"].astype("string")
            assert brons.str.startswith(given + ":").all(), (given, brons.head(2).tolist())
    tabel = read_any("2016/owb.csv")[0].frame
    # line 108 of the file: Materiele uitgaven of article 11 (as a plain reading shows)
    line = (repo / "begroting/2016/owb.csv").read_text("utf-8").splitlines()[107]
    assert ",11," in line and "Materiele uitgaven" in line
    assert "2016/owb.csv:108" in set(tabel["bron"])


def test_brons_in_messages_are_rewritten_too(repo: Path) -> None:
    paths = RepoPaths.detect({}, repo / "begroting" / "2016")
    files = ["../owb.csv", "bundled:x/y.csv"]
    assert (
        paths.text("first at ../owb.csv:12; (../owb.csv!Blad1!B2) '../owb.csv:3'", files)
        == "first at begroting/owb.csv:12; (begroting/owb.csv!Blad1!B2) 'begroting/owb.csv:3'"
    )
    # only where a bron starts: not inside another path, not without a line or cell
    assert paths.text("x/../owb.csv:12 and ../owb.csv alone", files) == (
        "x/../owb.csv:12 and ../owb.csv alone"
    )
    assert paths.text("nothing to do", []) == "nothing to do"
