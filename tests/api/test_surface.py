"""The public Python API is exactly what the README documents, and importing it is cheap."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import sluitend
import sluitend.api
import sluitend.progress

PUBLIC = {
    "Dataset",
    "Finding",
    "InputError",
    "Progress",
    "Report",
    "RuleFileError",
    "RuleSet",
    "SluitendError",
    "load_rules",
    "read",
    "validate",
}

#: The public members of `sluitend.Report` (a change here is a change of the API).
REPORT_MEMBERS = {
    # documented in the README
    "ok",
    "findings",
    "counts",
    "to_pandas",
    "to_dict",
    "write",
    # what it says about the run (the fields the reporters read)
    "results",
    "datasets",
    "ruleset",
    "seconds",
    "truncated",
    "truncated_counts",
    "rule_descriptions",
    "baseline",
    "selection",
    "run_seconds",
    "frames",
    "count",
    "fails",
    "worst",
    "checks",
    "causes",
    "all_findings",
    "of",
}


def test_package_surface_is_exact() -> None:
    assert set(sluitend.__all__) == PUBLIC
    assert len(sluitend.__all__) == len(PUBLIC)
    assert set(dir(sluitend)) == PUBLIC | {"__version__"}
    for name in PUBLIC:
        assert getattr(sluitend, name) is not None


def test_public_modules_declare_all() -> None:
    assert set(sluitend.api.__all__) == {"Report", "load_rules", "read", "validate"}
    assert set(sluitend.progress.__all__) == {"NoProgress", "Progress"}
    for name in sluitend.api.__all__:
        assert getattr(sluitend, name) is getattr(sluitend.api, name)


def test_report_members_are_exact() -> None:
    fields = {f.name for f in dataclasses.fields(sluitend.Report)}
    members = {n for n in dir(sluitend.Report) if not n.startswith("_")} | fields
    assert members == REPORT_MEMBERS
    assert callable(sluitend.Report._repr_html_)


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        sluitend.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("expected AttributeError")


_PROBE = """
import json, sys
import sluitend
sluitend.SluitendError, sluitend.__version__, sluitend.__all__
from sluitend.cli import main
for args in ({args}):
    try:
        main(list(args), standalone_mode=False)
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in ("pandas", "pandera", "numpy", "rich") if m in sys.modules)))
"""


def test_import_and_light_commands_load_no_pandas() -> None:
    pack = str(sluitend.api.Path(sluitend.__file__).parent / "rules/packs/rijksbegroting.toml")
    args = [["--help"], ["validate", "--help"], ["rules", "list"], ["rules", "lint", pack]]
    probe = _PROBE.format(args=", ".join(repr(tuple(a)) for a in args))
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    heavy = json.loads(out.strip().splitlines()[-1])
    assert not {"pandas", "pandera", "numpy"} & set(heavy), heavy


def test_import_sluitend_alone_loads_nothing_heavy() -> None:
    probe = (
        "import sys, sluitend; "
        "print(sorted(m for m in ('pandas','pandera','numpy','rich','click') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


_UNUSED_BY_A_JSON_RUN = ("rich", "hypothesis", "openpyxl", "jsonschema", "jinja2")


def test_a_json_run_imports_no_terminal_or_test_libraries(tmp_path) -> None:
    # `validate --format json` of the bundled default: no Rich (no progress display is
    # shown on a pipe, no Rich report), no test, spreadsheet or schema libraries.
    out = tmp_path / "report.json"
    probe = (
        "import json, sys\n"
        "from sluitend.cli import main\n"
        "try:\n"
        f"    main(['validate', '--format', 'json', '-o', {str(out)!r}], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps(sorted(m for m in {_UNUSED_BY_A_JSON_RUN!r} if m in sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]  # the run did report
    assert json.loads(run.stdout.strip().splitlines()[-1]) == []
