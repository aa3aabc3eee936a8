"""Filter and summarise findings with pandas: the real defects in the Ministry's own data.

    python examples/filter_findings.py

Validates the bundled `minfin-2017-vii` (chapter VII of the Ministry of Finance's budget
tables of the 2017 ontwerpbegroting, copied verbatim) and uses `Report.to_pandas()`, one
row per finding, to list the errors per article and the largest differences.
"""

from __future__ import annotations

import pandas as pd

import sluitend


def main() -> int:
    datasets = sluitend.read(bundled="minfin-2017-vii")
    report = sluitend.validate(datasets)
    findings = report.to_pandas()
    errors = findings[(findings["severity"] == "error") & (findings["kind"] == "check")]
    print(f"{len(errors)} errors in {errors['artikel'].nunique()} articles")
    print(errors.groupby("artikel").size().rename("errors").to_string())
    biggest = errors.assign(size=errors["difference"].abs()).nlargest(3, "size")
    with pd.option_context("display.width", 160, "display.max_columns", None):
        print(biggest[["rule", "artikel", "label", "jaar", "expected", "actual", "bron"]])
    return 0 if len(errors) == report.counts["error"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
