"""pandera, imported without its data-synthesis strategies.

pandera imports `hypothesis` (some 0.1 s) whenever it is installed, for strategies that
generate example data; a validation never uses them, and hypothesis is installed only with
sluitend's test extra. So the first import of pandera here hides hypothesis for the length
of that import (pandera then records that it is absent); when hypothesis is already
loaded (a test run), pandera is imported as usual. Afterwards `import hypothesis` works
again in the same process.
"""

from __future__ import annotations

import sys


def _import_pandera() -> None:
    if "hypothesis" in sys.modules or "pandera" in sys.modules:
        import pandera.pandas

        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import pandera.pandas
        import pandera.strategies.pandas_strategies  # noqa: F401  (pandera loads it later)
    finally:
        if sys.modules.get("hypothesis", 0) is None:
            del sys.modules["hypothesis"]


_import_pandera()

import pandera.pandas as pa  # noqa: E402
from pandera import dtypes as pandera_dtypes  # noqa: E402
from pandera import extensions  # noqa: E402
from pandera.engines import pandas_engine  # noqa: E402

__all__ = ["extensions", "pa", "pandas_engine", "pandera_dtypes"]
