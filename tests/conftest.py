"""Test-wide settings.

Hypothesis's per-example deadline (200 ms by default) turns a loaded CI machine into a failing
test: it measures the machine, not the code. Speed is measured by ``benchmarks/``, never by a
timed unit test, so the deadline is off for every property test. ``SLUITEND_HYPOTHESIS_PROFILE``
selects another registered profile (``ci`` is the default).

``mutation`` is the profile of the mutation run (``--hypothesis-profile=mutation`` in
pyproject's [tool.mutmut], CONTRIBUTING.md): a fixed seed and fewer examples per property, so
that each mutant is judged the same way and in reasonable time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None)
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("SLUITEND_HYPOTHESIS_PROFILE", "ci"))
