"""Where one `sluitend` command spends its time: CPU seconds per phase, as JSON.

    python benchmarks/phases.py OUT.json validate FILE --format json --output REPORT

Runs the command in this process with timers around its phases (nothing else changes):
reading the files, the checks (pandera's schema validation, and inside it the rules'
own check functions: the difference is pandera's part), coverage, error localization,
the rest of `validate`, and the report (rendered as it is written). Untimed by `e2e.py`'s
ratios: the timers themselves cost a little.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SPENT: dict[str, float] = {}


def _timed(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[label] = SPENT.get(label, 0.0) + time.process_time() - start

    return timed


def _patch(owner: Any, name: str, label: str) -> None:
    setattr(owner, name, _timed(label, getattr(owner, name)))


def install() -> None:
    """Put the timers in place (before the command runs)."""
    import sluitend.api as api
    import sluitend.cli as cli
    import sluitend.engine.checks as checks
    import sluitend.engine.coverage as coverage
    import sluitend.engine.runner as runner
    from sluitend.engine.pandera_lib import pa

    _patch(cli, "_load_datasets", "read")
    _patch(api, "validate", "validate")
    _patch(pa.DataFrameSchema, "validate", "pandera schema")
    for kind, run in list(checks.RUNNERS.items()):  # the dict compile.py calls from
        checks.RUNNERS[kind] = _timed("rule checks", run)
    _patch(coverage, "compute", "coverage")
    _patch(runner, "_located", "error localization")
    _patch(cli, "_emit_report", "report")  # rendered as it is written (streamed)


def main() -> None:
    out, command = Path(sys.argv[1]), sys.argv[2:]
    start, wall = time.process_time(), time.perf_counter()
    from sluitend.cli import _arrow_from_the_heap, _keep_freed_memory

    if _keep_freed_memory():  # what the console script does first (glibc's heap kept)
        _arrow_from_the_heap()  # and pyarrow's buffers from it
    install()
    from sluitend.cli import main as sluitend

    code = 0
    try:
        sluitend(command, standalone_mode=False)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    SPENT["total"] = time.process_time() - start
    SPENT["wall"] = time.perf_counter() - wall
    out.write_text(json.dumps(SPENT, indent=1), encoding="utf-8")
    sys.exit(code)


if __name__ == "__main__":
    main()
