"""Outputs never touch inputs, every write is all or nothing, Ctrl-C exits 130 (issue 11)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sluitend.cli import main
from sluitend.errors import SluitendError
from sluitend.output import refuse_clashes, write_text, writing

SEED = Path(__file__).parents[2] / "src/sluitend/datasets/bundled/bzk-2022-art7.csv"
PAGE = Path(__file__).parents[2] / "src/sluitend/datasets/bundled/bzk-2022-art7.page.txt"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "v.csv"
    path.write_bytes(SEED.read_bytes())
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "make_target",
    [
        lambda p: p,  # the file itself
        lambda p: p.parent / "." / p.name,  # another spelling of it
        lambda p: (os.link(p, p.parent / "hard.csv"), p.parent / "hard.csv")[1],
        lambda p: ((p.parent / "sym.csv").symlink_to(p), p.parent / "sym.csv")[1],
    ],
    ids=["same", "dot", "hard-link", "symlink"],
)
@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_validate_refuses_writing_onto_its_input(data: Path, make_target, option: str) -> None:
    target = make_target(data)
    before = data.read_bytes()
    code, out = run("validate", str(data), option, str(target))
    assert code == 2, out
    assert "refusing to write onto an input file" in out and str(target) in out
    assert data.read_bytes() == before


def test_validate_refuses_rules_and_baseline_as_output(data: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[ruleset]\nname = "x"\n')
    code, out = run("validate", str(data), "--rules", str(rules), "-o", str(rules))
    assert code == 2 and "onto an input file" in out
    assert rules.read_text() == '[ruleset]\nname = "x"\n'
    base = tmp_path / "b.json"
    base.write_text("{}")
    code, out = run("validate", str(data), "--baseline", str(base), "--write-baseline", str(base))
    assert code == 2 and "onto an input file" in out and base.read_text() == "{}"


def test_two_outputs_onto_one_file_are_refused(data: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "out.txt"
    code, out = run("validate", str(data), "-o", str(out_file), "--write-baseline", str(out_file))
    assert code == 2 and "named twice as an output" in out
    assert not out_file.exists()


def test_diff_refuses_writing_onto_either_input(data: Path, tmp_path: Path) -> None:
    other = tmp_path / "w.csv"
    other.write_bytes(data.read_bytes())
    for target in (data, other):
        code, out = run("diff", str(data), str(other), "-o", str(target))
        assert code == 2, out
        assert "onto an input file" in out
    assert data.read_bytes() == other.read_bytes() == SEED.read_bytes()


def test_convert_checks_every_target_before_writing_the_first(tmp_path: Path) -> None:
    """Page text holds two kinds, so convert writes out-begrotingstabel.csv and
    out-juridisch_verplicht.csv; the second is a hard link to the input: nothing is written."""
    source = tmp_path / "page.txt"
    source.write_bytes(PAGE.read_bytes())
    os.link(source, tmp_path / "out-juridisch_verplicht.csv")
    code, out = run("convert", str(source), str(tmp_path / "out.csv"), "--hoofdstuk", "VII")
    assert code == 2, out
    assert "onto an input file" in out
    assert not (tmp_path / "out-begrotingstabel.csv").exists()
    assert source.read_bytes() == PAGE.read_bytes()


def test_convert_onto_its_own_input_via_symlink(data: Path) -> None:
    link = data.parent / "link.csv"
    link.symlink_to(data)
    code, out = run("convert", str(data), str(link))
    assert code == 2 and "onto an input file" in out
    assert data.read_bytes() == SEED.read_bytes()


def test_output_into_a_missing_folder_is_exit_2(data: Path, tmp_path: Path) -> None:
    code, out = run("validate", str(data), "-o", str(tmp_path / "nope" / "r.json"))
    assert code == 2 and "does not exist" in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_onto_a_full_device_is_exit_2(data: Path) -> None:
    code, out = run("validate", str(data), "-o", "/dev/full")
    assert code == 2, out
    assert "/dev/full: cannot write" in out


def test_output_to_dev_stdout_is_written_directly(data: Path, tmp_path: Path) -> None:
    """A special file cannot be replaced by a rename; it is written as it is."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_text(fifo, "hello\n")
    out, _ = reader.communicate(timeout=10)
    assert out == b"hello\n"


def test_write_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_text(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, error: type[BaseException]
) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")
    with pytest.raises(error), writing(target) as temp:
        temp.write_text("half of the new")
        raise error()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_refuse_clashes_ignores_streams_and_new_files(tmp_path: Path) -> None:
    refuse_clashes([tmp_path / "new.json", "/dev/stdout"], ["-", str(SEED)])
    with pytest.raises(SluitendError, match="onto an input file"):
        refuse_clashes([SEED], [SEED.parent / ".." / "bundled" / SEED.name])


CLI = "from sluitend.cli import main; main()"


def test_ctrl_c_exits_130_with_one_line_and_keeps_the_old_report(tmp_path: Path) -> None:
    """The run blocks reading standard input that never ends; SIGINT then interrupts it."""
    work = tmp_path / "work"
    temp = tmp_path / "temp"
    work.mkdir()
    temp.mkdir()
    report = work / "report.json"
    report.write_text("old report")
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, "validate", "-", "-o", str(report)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert proc.stdin is not None
    proc.stdin.write(SEED.read_bytes()[:2000])  # half a file; the rest never comes
    proc.stdin.flush()
    deadline = time.monotonic() + 120
    while not list(temp.glob("sluitend-*")) and time.monotonic() < deadline:
        time.sleep(0.1)  # the spool folder appears when the run starts reading stdin
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    lines = err.decode().strip().splitlines()
    assert lines == ["sluitend: interrupted; no output was written"]
    assert report.read_text() == "old report"
    assert [p.name for p in work.iterdir()] == ["report.json"]
    assert list(temp.iterdir()) == []  # the spooled copy is gone too
