"""The JSON delivery reader and every check of the pack, on synthetic deliveries.

Each SF, DF, grijze-cel and PF check has a delivery that passes it (the clean one) and one
that fails it (the clean one with that defect injected).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sluitend.datasets.detect import detect_format, read_any
from sluitend.domains.iv3 import synthetic
from sluitend.domains.iv3.packs import build_pack
from sluitend.engine.findings import NOTHING_CHECKED
from sluitend.engine.runner import validate
from sluitend.errors import InputError

PACK = build_pack(2024)


def _write(tmp_path: Path, document: object, name: str = "levering.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _errors(tmp_path: Path, document: object) -> set[str]:
    report = validate(read_any(_write(tmp_path, document)), PACK, diagnose=False)
    return {f.rule for f in report.findings if f.severity == "error"}


def test_a_clean_delivery_passes_every_check(tmp_path: Path) -> None:
    for periode in (0, 1, 5):
        path = _write(tmp_path, synthetic.delivery(7, periode))
        assert detect_format(path) == "iv3-json"
        report = validate(read_any(path), PACK, diagnose=False)
        # Rules that have nothing to check in this delivery say so (warnings); no other finding.
        idle = {f.rule for f in report.findings if f.label == NOTHING_CHECKED}
        assert [f for f in report.findings if f.rule not in idle] == [], periode
        assert all(r.checked == 0 for r in report.results if r.rule in idle)
        checked = {r.rule: r.checked for r in report.results}
        assert checked["SF001"] == 1 and checked["DF001"] > 100
        if periode == 5:
            assert all(checked[c] > 0 for c in ("PF001", "PF002", "PF006", "PF007", "PF009"))


@pytest.mark.parametrize("defect", synthetic.DEFECTS)
def test_each_injected_defect_fails_its_check(tmp_path: Path, defect: str) -> None:
    found = _errors(tmp_path, synthetic.delivery(3, 5, defect=defect))
    assert any(rule == defect or rule.startswith(defect + "-") for rule in found), found


def test_figures_carry_their_json_path_and_cbs_message(tmp_path: Path) -> None:
    path = _write(tmp_path, synthetic.delivery(3, 5, defect="DF001"))
    amounts = read_any(path)[0]
    assert amounts.frame["bron"].iat[0] == f"{path}:$.data.lasten[0]"
    report = validate([amounts], PACK, diagnose=False)
    (finding,) = [f for f in report.findings if f.rule == "DF001"]
    assert finding.bron.endswith("levering.json:$.data.lasten[0]")
    assert "Binnen het onderdeel lasten is de code 9.9 niet toegestaan als taakveld" in (
        finding.message
    )


def test_structure_fault_messages_are_cbs_templates(tmp_path: Path) -> None:
    document = synthetic.delivery(3, 5, defect="SF004")
    report = validate(read_any(_write(tmp_path, document)), PACK, diagnose=False)
    (finding,) = [f for f in report.findings if f.rule == "SF004"]
    assert "Binnen de metadata is de waarde bij sleutel details_openbaar niet van het juiste " in (
        finding.message
    )
    assert finding.bron.endswith("levering.json:$.metadata.details_openbaar")


def test_boekjaar_from_the_metadata_chooses_the_pack(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sluitend.cli import main

    path = _write(tmp_path, synthetic.delivery(3, 0, boekjaar=2022))
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ruleset"] == "iv3-gemeente-2022"


def test_not_json_is_an_input_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "kapot.json"
    path.write_text('{"metadata": {\n  "boekjaar": 2024,,\n}', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as info:
        read_any(path)
    assert "kapot.json:2:" in str(info.value)


DEFINITIONS = Path(__file__).parents[3] / "src/sluitend/domains/iv3/definitions"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("iv3_definities_Gemeente_2024.json", "CBS's Iv3 definitions file (it has codelijsten, "),
        ("iv3_data_schema_v2_1_1.json", 'a JSON Schema (it has a "$schema" key), not an Iv3'),
    ],
)
def test_cbs_definitions_or_schema_given_as_a_delivery_is_an_input_error(
    name: str, says: str
) -> None:
    """Both name "metadata" near their start, so they look like a delivery; checked as one
    they showed a dozen SF errors as if the file were a broken delivery. CBS's own files,
    as published: an input error that says what the file is."""
    path = DEFINITIONS / name
    assert detect_format(path) == "iv3-json"
    with pytest.raises(InputError) as caught:
        read_any(path)
    assert str(caught.value).startswith(f"{path}: {says}")
    assert str(caught.value).endswith("expected an Iv3 delivery with metadata, contact, data")


def test_a_delivery_missing_contact_and_data_is_still_checked(tmp_path: Path) -> None:
    """Only CBS's definitions and a JSON Schema are refused: a delivery of metadata alone is
    a broken delivery, reported by its SF checks."""
    document = synthetic.delivery(7, 0)
    only_metadata = {"metadata": document["metadata"]}
    assert {"SF005", "SF010"} <= _errors(tmp_path, only_metadata)


@pytest.mark.parametrize("laag", ["Provincie", "GR"])
def test_a_provincie_or_gr_delivery_is_refused_not_checked_as_a_gemeente(
    tmp_path: Path, laag: str
) -> None:
    from click.testing import CliRunner

    from sluitend.cli import main

    document = synthetic.delivery(3, 5)
    document["metadata"]["overheidslaag"] = laag
    path = _write(tmp_path, document)
    with pytest.raises(InputError, match=f"metadata.overheidslaag is '{laag}'"):
        read_any(path)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}: metadata.overheidslaag is '{laag}'" in result.output
    assert "definitions for Gemeente 2022, Gemeente 2024 only" in result.output
    assert f"Add CBS's iv3_definities_{laag}_2024.json" in result.output
    assert "sluitend/domains/iv3/definitions/" in result.output
    # CBS's own answer to a delivery it has no definitions for (fouten.json, SF888).
    assert (
        f"CBS answers such a delivery with SF888: Het bestand iv3_definities_{laag}_2024.json "
        "is niet gevonden. Mogelijk zijn de metadata sleutels"
    ) in " ".join(result.output.split())
    # A gemeente's delivery, the same otherwise, is read and checked.
    document["metadata"]["overheidslaag"] = "Gemeente"
    assert read_any(_write(tmp_path, document))[0].rows > 0


def test_a_bundled_provincie_file_would_check_a_provincie_delivery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack follows the delivery's overheidslaag: with a Provincie definitions file in
    place (here the gemeente's, renamed), a Provincie delivery gets the Provincie pack."""
    from sluitend.domains.iv3 import definitions, packs

    real_available, real_read = definitions.available, definitions.read_json
    monkeypatch.setattr(
        definitions, "available", lambda: sorted([*real_available(), ("Provincie", 2024)])
    )
    monkeypatch.setattr(
        definitions,
        "read_json",
        lambda name: real_read(name.replace("Provincie", "Gemeente")),
    )
    definitions.load.cache_clear()
    try:
        document = synthetic.delivery(3, 5)
        document["metadata"]["overheidslaag"] = "Provincie"
        provincie = read_any(_write(tmp_path, document, "provincie.json"))
        assert packs.provide(provincie, {}).name == "iv3-provincie-2024"
        gemeente = read_any(_write(tmp_path, synthetic.delivery(3, 5), "gemeente.json"))
        assert packs.provide(gemeente, {}).name == "iv3-gemeente-2024"
        with pytest.raises(definitions.DefinitionsError, match="several overheidslagen"):
            packs.provide([*provincie, *gemeente], {})
    finally:
        definitions.load.cache_clear()


def test_a_boekjaar_without_definitions_names_the_file_and_sf888(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sluitend.cli import main

    document = synthetic.delivery(3, 5)
    document["metadata"]["boekjaar"] = 2031
    path = _write(tmp_path, document)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert f"sluitend: {path}: no bundled Iv3 definitions for Gemeente 2031" in text
    assert "SF888: Het bestand iv3_definities_Gemeente_2031.json is niet gevonden" in text


def test_cbs_error_catalogue_read_as_a_delivery_is_an_input_error() -> None:
    """`fouten.json` is not taken for a delivery by the sniffer; told that it is one
    (`--input-format iv3-json`) it showed 4 SF errors, as if it were a broken delivery."""
    from click.testing import CliRunner

    from sluitend.cli import main

    path = DEFINITIONS / "fouten.json"
    result = CliRunner().invoke(main, ["validate", "--input-format", "iv3-json", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}: CBS's Iv3 error catalogue (it has fouten_overzicht)" in result.output
    assert "expected an Iv3 delivery with metadata, contact, data" in result.output
