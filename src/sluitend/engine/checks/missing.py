"""What a missing figure means to a check: the `missing` modes of `rules/missing.py`, as
array operations shared by the `sum` and `compare` checks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sluitend.rules.missing import counts_as_zero


@dataclass(frozen=True)
class MissingMode:
    """One mode (VTL's check_hierarchy names: non_null, partial_zero, ...)."""

    name: str

    @property
    def as_zero(self) -> bool:
        """A missing figure counts as 0 (else it makes the check not checkable)."""
        return counts_as_zero(self.name)

    def pairwise(
        self,
        left_na: np.ndarray,
        right_na: np.ndarray,
        has_partner: np.ndarray,
        left: np.ndarray,
        right: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For left figures and their partners (`right_na` is True where there is no
        partner): which are checked, which are unknown, and the values compared."""
        left0, right0 = np.nan_to_num(left), np.nan_to_num(right)
        unknown = np.zeros(len(left), dtype=bool) if self.as_zero else left_na | right_na
        checked = self._checked(
            all_there=has_partner & ~left_na & ~right_na,
            some_part=has_partner,
            nonzero=(left0 != 0) | (right0 != 0),
            n=len(left),
        )
        return checked, unknown, left0, right0

    def totals(
        self,
        total_na: np.ndarray,
        parts_count: np.ndarray,
        parts_unknown: np.ndarray,
        total: np.ndarray,
        parts_nonzero: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """For total rows: (checked, unknown); `parts_*` are per total row. A total without
        parts is compared with 0 (the sum of nothing) in the always modes; unknown in
        always_null."""
        has_parts = parts_count > 0
        if self.as_zero:
            unknown = np.zeros(len(total_na), dtype=bool)
        else:
            unknown = total_na | parts_unknown | (~has_parts & (self.name == "always_null"))
        checked = self._checked(
            all_there=has_parts & ~total_na & ~parts_unknown,
            some_part=has_parts,
            nonzero=(np.nan_to_num(total) != 0) | parts_nonzero,
            n=len(total_na),
        )
        return checked, unknown

    def _checked(
        self, all_there: np.ndarray, some_part: np.ndarray, nonzero: np.ndarray, n: int
    ) -> np.ndarray:
        if self.name == "non_null":
            return all_there
        if self.name == "non_zero":
            return nonzero
        if self.name.startswith("partial"):
            return some_part
        return np.ones(n, dtype=bool)  # always_null, always_zero
