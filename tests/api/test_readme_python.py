"""The README's "From Python" section runs as written: every python block, in order, in one
namespace, in a fresh folder (the blocks write their own files)."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent.parent / "README.md"


def python_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```$", section, flags=re.S | re.M)


def test_the_section_has_the_documented_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 5
    joined = "\n".join(blocks)
    for name in ("sluitend.validate(", "sluitend.read(", "sluitend.load_rules(", ".to_pandas()"):
        assert name in joined, name
    assert ".write(" in joined and "progress=" in joined


def test_every_block_runs_as_written(tmp_path: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__readme__"}
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out):
            for number, block in enumerate(python_blocks(), 1):
                code = compile(block, f"README.md (From Python, block {number})", "exec")
                exec(code, namespace)  # the README's own code, not data from a file
    finally:
        os.chdir(cwd)
    printed = out.getvalue()
    # What the comments in the blocks say they print.
    assert "<sluitend.Report 'rijksbegroting' ok: 0 errors, 0 warnings, 0 info" in printed
    assert "BT002 300 310 DataFrame#0" in printed
    assert "1/" in printed and "rows" in printed  # the Log progress
    assert (tmp_path / "sluitend.json").is_file()
