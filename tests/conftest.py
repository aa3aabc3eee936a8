"""Test-wide settings.

Hypothesis's per-example deadline (200 ms by default) turns a loaded CI machine into a failing
test: it measures the machine, not the code. Speed is measured by ``benchmarks/``, never by a
timed unit test, so the deadline is off for every property test. ``SLUITEND_HYPOTHESIS_PROFILE``
selects another registered profile (``ci`` is the default).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", deadline=None)
settings.load_profile(os.environ.get("SLUITEND_HYPOTHESIS_PROFILE", "ci"))
