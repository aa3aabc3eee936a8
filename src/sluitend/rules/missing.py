"""Missing-value modes: what a missing figure (`pm`, an empty cell) means to a check.

The names and meanings follow VTL's `check_hierarchy` modes (VTL 2.0 reference manual),
read for a frame in which every figure that exists is a row and a missing figure is a row
without an amount (`<NA>`):

- the `*_null` modes keep a missing figure unknown: a check it takes part in is "not
  checkable" (reported as info), never passed or failed;
- the `*_zero` modes count a missing figure as 0;
- `non_*`: a check is made only when every figure involved is there (`non_null`), or when
  at least one figure involved is not zero (`non_zero`); otherwise it is skipped;
- `partial_*`: a check is made when the checked figure has at least one part or partner
  row (the sum of no parts is not a check);
- `always_*`: every selected figure is checked; no parts or no partner is a missing
  figure (unknown for `always_null`, 0 for `always_zero`).

`partial_null` is what `sum` and `compare` did before modes existed, and stays the default.
"""

from __future__ import annotations

from typing import Final

MISSING_MODES: Final = (
    "non_null",
    "non_zero",
    "partial_null",
    "partial_zero",
    "always_null",
    "always_zero",
)
DEFAULT_MISSING: Final = "partial_null"


def counts_as_zero(mode: str) -> bool:
    """Whether a missing figure counts as 0 in this mode."""
    return mode.endswith("_zero")
