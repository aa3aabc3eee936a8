"""RUNNING: compile rules to pandera schemas, validate, collect and diagnose findings.

`validate` and `compile_schema` are loaded on first use, so that importing the light
modules of this package (findings, baseline) does not pull in pandas and pandera.
"""

from __future__ import annotations

from typing import Any

__all__ = ["compile_schema", "validate"]


def __getattr__(name: str) -> Any:
    if name == "validate":
        from sluitend.engine.runner import validate

        return validate
    if name == "compile_schema":
        from sluitend.engine.compile import compile_schema

        return compile_schema
    raise AttributeError(name)
