"""The README's cookbook: every rule block loads and runs on a real excerpt, and finds what
the real figures hold (checked by hand against the Ministry's 2017 file)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from sluitend.datasets.detect import read_any
from sluitend.engine.runner import validate
from sluitend.rules.loader import load_ruleset_text

ROOT = Path(__file__).resolve().parent.parent
MINFIN = ROOT / "tests" / "data" / "minfin"
HEADER = '[ruleset]\nname = "cookbook"\n\n'


def cookbook_blocks() -> dict[str, str]:
    """The TOML blocks between the README's cookbook markers, by rule id."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split("<!-- cookbook:start")[1].split("<!-- cookbook:end -->")[0]
    blocks = re.findall(r"```toml\n(.*?)```", body, re.S)
    return {re.search(r'^id = "(\w+)"', b, re.M)[1]: b for b in blocks}


BLOCKS = cookbook_blocks()


def _datasets(kind: str):
    files = {
        "begrotingstabel": "owb2017_cookbook.csv",
        "begrotingsstaat": "begrotingsstaten_excerpt.csv",
        "juridisch_verplicht": "owb2017_iii1_viii1.csv",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the excerpts keep the file's unreadable cells
        return [d for d in read_any(MINFIN / files[kind]) if d.kind == kind]


def _run(block: str):
    ruleset = load_ruleset_text(HEADER + block, "README.md")
    (rule,) = ruleset.rules
    report = validate(_datasets(rule.dataset), ruleset, diagnose=False)
    return rule, report


def test_the_cookbook_has_eleven_rules() -> None:
    assert len(BLOCKS) == 11


@pytest.mark.parametrize("rule_id", sorted(BLOCKS))
def test_every_cookbook_rule_loads_and_checks_real_rows(rule_id: str) -> None:
    rule, report = _run(BLOCKS[rule_id])
    assert rule.id == rule_id
    (result,) = report.results
    assert result.checked > 0, f"{rule_id} checked no row of its excerpt"


def _failing(report):
    return [f for f in report.checks() if f.severity != "info"]


def test_year_over_year_warning_finds_the_ontvangsten_jump_of_v_article_3() -> None:
    # V art. 3 ontvangsten: 717.880 (2015) -> 3.414.327 (2016) -> 641.003 (2017).
    _, report = _run(BLOCKS["CB01"])
    found = {(f.where["artikel"], f.where["vuo"], f.where["jaar"]) for f in _failing(report)}
    assert {("3", "O", 2016), ("3", "O", 2017)} <= found
    assert all(f.severity == "warning" for f in _failing(report))


def test_waarvan_lines_are_within_their_total() -> None:
    # V art. 7, 7.1.2 Materiele uitgaven 237.259 (2015) with waarvan ICT 41.458, SSO's 53.417,
    # overige 142.384: each at most the total, in every year.
    _, report = _run(BLOCKS["CB02"])
    assert report.results[0].checked == 21
    assert _failing(report) == []


def test_negative_ontvangsten_only_where_they_are_realisations() -> None:
    _, report = _run(BLOCKS["CB03"])
    assert _failing(report) == []
    without_where = BLOCKS["CB03"].replace('where = "jaar >= begrotingsjaar"\n', "")
    _, report = _run(without_where)
    ((bron, value),) = {(f.bron, f.actual) for f in _failing(report)}
    assert bron.endswith(":24") and value == -24  # IXA art. 11, Rente, 2015 (original line 1027)


def test_every_article_has_its_u_total() -> None:
    # V art. 7 (excerpt lines 7-19, original 149-161) prints its uitgaven total for every
    # year: nothing to report.
    rule, report = _run(BLOCKS["CB11"])
    (result,) = report.results
    assert result.checked > 0 and _failing(report) == []
    # The same excerpt with V art. 7's uitgaven total deleted (as if never typed).
    lines = (MINFIN / "owb2017_cookbook.csv").read_bytes().split(b"\n")
    total = [
        i
        for i, line in enumerate(lines)
        if line.startswith(b"2017,V,") and b",7,," in line and b",U,J,,," in line
    ]
    assert len(total) == 1
    ruleset = load_ruleset_text(HEADER + BLOCKS["CB11"], "README.md")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "owb2017_no_total.csv"
        path.write_bytes(b"\n".join(lines[: total[0]] + lines[total[0] + 1 :]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            datasets = [d for d in read_any(path) if d.kind == rule.dataset]
        report = validate(datasets, ruleset, diagnose=False)
    found = {(f.where["hoofdstuk"], f.where["artikel"], f.where["jaar"]) for f in _failing(report)}
    assert found == {("V", "7", jaar) for jaar in range(2015, 2022)}
