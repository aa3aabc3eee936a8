"""Test-wide settings: the hypothesis profile the mutation run uses (CONTRIBUTING.md).

`--hypothesis-profile=mutation` (set in pyproject's [tool.mutmut]): no deadline (mutmut
traces every call and runs niced, so timings mean nothing), a fixed seed, and fewer examples
per property, so that each mutant is judged the same way and in reasonable time.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow],
)
