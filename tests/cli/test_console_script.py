"""The console script (`sluitend.cli:run`): the same output and exit status as `main`, with
the garbage collector tuned and the interpreter's teardown skipped only in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sluitend.cli import _exit_status, main
from tests.api.test_validate import mistyped_table

RUN = [sys.executable, "-c", "from sluitend.cli import run; run()"]


def _script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RUN, *args], capture_output=True, text=True, check=False)


def test_same_report_on_stdout_as_main() -> None:
    """stdout is flushed before the process ends: the whole report arrives."""
    expected = CliRunner().invoke(main, ["validate", "--format", "json"])
    done = _script("validate", "--format", "json")
    assert done.returncode == expected.exit_code == 0
    assert done.stdout == expected.output


def test_exit_status_and_message_of_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "empty.csv"
    bad.write_text("")
    done = _script("validate", str(bad))
    assert done.returncode == 2
    assert str(bad) in done.stderr
    assert "Traceback" not in done.stderr


def test_findings_exit_1_and_the_output_file_is_complete(tmp_path: Path) -> None:
    table = mistyped_table(tmp_path)
    out = tmp_path / "report.json"
    expected = CliRunner().invoke(main, ["validate", str(table), "--format", "json"])
    done = _script("validate", str(table), "--format", "json", "--output", str(out))
    assert done.returncode == expected.exit_code == 1
    assert out.read_text(encoding="utf-8") == expected.output


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), (130, 130)])
def test_exit_status_of_a_code(code: object, status: int) -> None:
    assert _exit_status(code) == status


def test_exit_status_of_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert _exit_status("stopped") == 1
    assert capsys.readouterr().err == "stopped\n"


PROBE = """
import gc, sys
import sluitend.cli as cli
cli._OWN_PROCESS = {own}
cli._load_engine()
print(gc.get_freeze_count() > 0, gc.isenabled(), "sluitend.engine.runner" in sys.modules)
"""


def test_engine_loaded_and_frozen_only_in_the_scripts_own_process() -> None:
    own = subprocess.run(
        [sys.executable, "-c", PROBE.format(own=True)], capture_output=True, text=True, check=True
    )
    assert own.stdout.split() == ["True", "True", "True"]
    other = subprocess.run(
        [sys.executable, "-c", PROBE.format(own=False)], capture_output=True, text=True, check=True
    )
    assert other.stdout.split() == ["False", "True", "False"]


MAPPED = """
import ctypes, sys

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
                 "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "script":  # what every command that reads data does first
    import sluitend.cli as cli
    cli._OWN_PROCESS = True
    cli._load_engine()
before = libc.mallinfo2().hblks
block = libc.malloc(256 * 2**20)
print(libc.mallinfo2().hblks - before)  # blocks mapped on their own by this malloc
"""


def _glibc_count(child: str, mode: str) -> int:
    """The number `child` prints, run as a process of its own ("plain", or "script": with
    the console script's settings); skips the test where the C library is not glibc."""
    import ctypes

    if not hasattr(ctypes.CDLL(None), "gnu_get_libc_version"):
        pytest.skip("glibc's mallopt only")
    done = subprocess.run(
        [sys.executable, "-c", child, mode], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_the_console_script_keeps_large_blocks_in_the_heap() -> None:
    # glibc maps a block above 32 MB on its own (and unmaps it when freed); in the console
    # script's process every block comes from the heap, whose freed pages serve the next.
    assert _glibc_count(MAPPED, "plain") == 1
    assert _glibc_count(MAPPED, "script") == 0


HEAPS = """
import ctypes, sys, tempfile, threading

libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
if sys.argv[1] == "script":
    import sluitend.cli as cli
    cli._OWN_PROCESS = True
    cli._load_engine()
thread = threading.Thread(target=lambda: libc.malloc(1000))  # as a thread of Arrow's would
thread.start()
thread.join()
with tempfile.NamedTemporaryFile() as out:
    handle = ctypes.c_void_p(libc.fopen(out.name.encode(), b"w"))
    libc.malloc_info(0, handle)
    libc.fclose(handle)
    print(open(out.name).read().count("<heap nr="))  # glibc's heaps (arenas)
"""


def test_the_console_scripts_threads_share_one_heap() -> None:
    # glibc gives a new thread a heap of its own, whose freed memory the main thread never
    # reuses (Arrow's CSV parse); in the console script's process every thread shares one.
    assert _glibc_count(HEAPS, "plain") >= 2
    assert _glibc_count(HEAPS, "script") == 1


POOL = """
import sys
import sluitend.cli as cli
cli._OWN_PROCESS = sys.argv[1] == "script"
cli._load_engine()
import pyarrow
print(pyarrow.default_memory_pool().backend_name)
"""


@pytest.mark.parametrize(
    ("mode", "chosen", "pool"),
    [("script", "", "system"), ("script", "mimalloc", "mimalloc"), ("plain", "", None)],
)
def test_arrow_takes_its_buffers_from_the_heap_in_the_scripts_own_process(
    mode: str, chosen: str, pool: str | None
) -> None:
    # The console script hands pyarrow glibc's heap (kept by mallopt), unless the user named
    # a pool; a caller's process keeps pyarrow's own default.
    import ctypes

    if not hasattr(ctypes.CDLL(None), "gnu_get_libc_version"):
        pytest.skip("glibc's mallopt only")
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    done = subprocess.run(
        [sys.executable, "-c", POOL, mode], capture_output=True, text=True, check=True, env=env
    )
    default = subprocess.run(
        [sys.executable, "-c", "import pyarrow; print(pyarrow.default_memory_pool().backend_name)"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.strip()
    assert done.stdout.strip() == (pool or default)
    assert default != "system" or chosen  # else the test could not tell the two apart


def test_memory_is_left_alone_off_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    from sluitend.cli import _keep_freed_memory

    monkeypatch.setattr(sys, "platform", "darwin")
    assert _keep_freed_memory() is False


def test_python_dash_m_sluitend_is_the_console_script(tmp_path: Path) -> None:
    """`python -m sluitend` runs the same command: the same report and the same exit codes."""
    module = [sys.executable, "-m", "sluitend"]
    ok = subprocess.run([*module, "validate", "--format", "json"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == _script("validate", "--format", "json").stdout
    missing = subprocess.run(
        [*module, "validate", str(tmp_path / "absent.csv")], capture_output=True, text=True
    )
    assert missing.returncode == 2
    assert "absent.csv" in missing.stderr
