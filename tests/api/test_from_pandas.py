"""A plain DataFrame is checked and converted once, per column, with one clear error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sluitend
from sluitend.datasets.frame import pandas_dtypes
from sluitend.datasets.from_pandas import dataset_from_pandas


def figures(**overrides: object) -> pd.DataFrame:
    """Four figures of article 7 in plain Python types: a total and its two lines, U 2023."""
    data: dict[str, object] = {
        "begrotingsjaar": [2022, 2022, 2022, 2022],
        "fase": ["OWB"] * 4,
        "hoofdstuk": ["VII"] * 4,
        "artikel": ["7"] * 4,
        "onderdeel": ["", "7.1", "7.2", "7.2"],
        "vuo": ["U"] * 4,
        "jaar": [2023, 2023, 2023, 2024],
        "bedrag": [300, 100, 200, 5],
        "label": ["Uitgaven", "7.1", "7.2", "7.2"],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def test_converted_frame_has_the_canonical_dtypes() -> None:
    ds = dataset_from_pandas(figures())
    assert ds.kind == "begrotingstabel" and ds.name == "DataFrame" and ds.unit == 1000
    assert ds.frame.dtypes.to_dict() == pandas_dtypes("begrotingstabel")
    assert ds.frame["bron"].tolist() == ["DataFrame#0", "DataFrame#1", "DataFrame#2", "DataFrame#3"]
    assert ds.frame["regeling"].tolist() == [""] * 4 and not ds.frame["waarvan"].any()


def test_the_users_frame_is_not_changed() -> None:
    frame = figures()
    before = frame.copy()
    dataset_from_pandas(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_accepted_spellings() -> None:
    ds = dataset_from_pandas(
        figures(
            artikel=[7, 7, 7, 7],  # an integer column of text: "7"
            jaar=["2023", "2023", "2023", "2024"],
            bedrag=[300.0, np.nan, 200.0, 5.0],  # NaN: unknown (pm)
            waarvan=["false", "False", "0", False],
            vuo=pd.Categorical(["U"] * 4),
            onderdeel=[None, "7.1", "7.2", "7.2"],  # None: ""
        )
    )
    frame = ds.frame
    assert frame["artikel"].tolist() == ["7"] * 4
    assert frame["jaar"].tolist() == [2023, 2023, 2023, 2024]
    assert frame["bedrag"].isna().tolist() == [False, True, False, False]
    assert frame["onderdeel"].tolist() == ["", "7.1", "7.2", "7.2"]
    assert frame.dtypes.to_dict() == pandas_dtypes("begrotingstabel")
    pm = dataset_from_pandas(figures(bedrag=[300, "pm", 200, 5])).frame["bedrag"]
    assert pm.isna().tolist() == [False, True, False, False]


def test_a_pm_line_makes_its_total_not_checkable_not_zero() -> None:
    report = sluitend.validate(figures(bedrag=[300, None, 200, 5]))
    assert report.ok and report.counts["info"] == 1
    assert report.findings[0].message.count("not checkable") == 1
    # Nothing in the chapter was verified: said as a warning, never a green tick.
    (chapter,) = [f for f in report.findings if f.rule == "COVERAGE"]
    assert chapter.severity == "warning" and "not checkable" in chapter.message
    coverage = report.datasets[0].coverage
    assert (coverage.figures, coverage.checked) == (4, 0)
    assert coverage.reasons == {"pm": 1, "not_checkable": 2, "no_sum": 1}


def test_validate_finds_a_wrong_total() -> None:
    report = sluitend.validate(figures(bedrag=[310, 100, 200, 5]))
    assert report.counts["error"] == 1
    finding = report.findings[0]  # errors first, what was not checked after them
    assert (finding.rule, finding.expected, finding.actual, finding.bron) == (
        "BT002",
        300,
        310,
        "DataFrame#0",
    )


# The exact texts: one error, naming the column, its dtype, the first bad row, the value.


def test_float_amount_with_decimals() -> None:
    frame = figures(bedrag=[300.0, 100.0, 199.5, 5.25])
    with pytest.raises(sluitend.InputError) as error:
        sluitend.validate(frame)
    assert str(error.value) == (
        "DataFrame: column 'bedrag' (float64), row 2: expected a whole number, or a missing "
        "value for an unknown amount (pm), got 199.5 (and 1 more row)"
    )


def test_text_in_a_year_column() -> None:
    frame = figures(jaar=["2023", "2023", "twee", "2024"])
    with pytest.raises(sluitend.InputError) as error:
        sluitend.validate(frame)
    dtype = frame["jaar"].dtype  # "str" (pandas 3) or "object"
    assert str(error.value) == (
        f"DataFrame: column 'jaar' ({dtype}), row 2: expected a whole number, got 'twee'"
    )


def test_dates_are_not_years() -> None:
    frame = figures(jaar=pd.to_datetime(["2023-01-01"] * 4))
    with pytest.raises(sluitend.InputError) as error:
        sluitend.validate(frame)
    assert str(error.value) == (
        f"DataFrame: column 'jaar' ({frame['jaar'].dtype}), row 0: expected a whole number, "
        "got Timestamp('2023-01-01 00:00:00') (and 3 more rows)"
    )


def test_numbers_read_for_a_text_column_name_the_fix() -> None:
    frame = figures(onderdeel=[np.nan, 7.1, 7.2, 7.2])
    with pytest.raises(sluitend.InputError) as error:
        sluitend.validate(frame)
    assert str(error.value) == (
        "DataFrame: column 'onderdeel' (float64), row 1: expected text, got 7.1 (and 2 more "
        "rows); the column was read as numbers: read it as text, e.g. "
        "pd.read_csv(..., dtype={'onderdeel': str})"
    )


def test_unknown_code_on_an_index_names_the_label() -> None:
    frame = figures(vuo=["U", "U", "X", "U"]).set_index(pd.Index(list("abcd")))
    with pytest.raises(sluitend.InputError) as error:
        sluitend.validate(frame)
    assert str(error.value) == (
        f"DataFrame: column 'vuo' ({frame['vuo'].dtype}), row 2 (index 'c'): "
        "expected one of V, U, O, got 'X'"
    )


def test_mixed_object_column() -> None:
    frame = figures(hoofdstuk=pd.Series(["VII", "VII", 7.5, "VII"], dtype=object))
    with pytest.raises(sluitend.InputError) as error:
        sluitend.validate(frame)
    assert (
        str(error.value) == "DataFrame: column 'hoofdstuk' (object), row 2: expected text, got 7.5"
    )


def test_missing_year_and_boolean_amount() -> None:
    with pytest.raises(
        sluitend.InputError,
        match=r"column 'jaar' \(float64\), row 1: expected a whole number, got nan",
    ):
        sluitend.validate(figures(jaar=[2023, np.nan, 2023, 2024]))
    with pytest.raises(sluitend.InputError, match=r"column 'bedrag' \(bool\), row 0"):
        sluitend.validate(figures(bedrag=[True, False, True, True]))


def test_columns_missing_unknown_or_none() -> None:
    with pytest.raises(sluitend.InputError) as error:
        sluitend.validate(figures().drop(columns="hoofdstuk"))
    assert str(error.value).startswith("DataFrame: missing column 'hoofdstuk'; expected")
    with pytest.raises(sluitend.InputError) as error:
        sluitend.validate(figures(bedarg=1))
    assert str(error.value).startswith("DataFrame: unknown column 'bedarg'; expected")
    with pytest.raises(sluitend.InputError, match="not the canonical columns"):
        sluitend.validate(pd.DataFrame({"a": [1]}))
    with pytest.raises(sluitend.InputError, match="no rows"):
        sluitend.validate(figures().iloc[:0])


def test_percentages_and_kinds() -> None:
    jv = pd.DataFrame(
        {
            "begrotingsjaar": [2022],
            "fase": ["OWB"],
            "hoofdstuk": ["VII"],
            "artikel": ["7"],
            "categorie": [""],
            "percentage": [101.5],
        }
    )
    report = sluitend.validate(jv)
    assert report.counts["error"] == 1 and report.findings[0].rule == "JV001"
    staat = dataset_from_pandas(figures(), kind="begrotingsstaat")
    assert staat.kind == "begrotingsstaat"
    with pytest.raises(sluitend.InputError, match="has the columns of 'begrotingstabel'"):
        dataset_from_pandas(figures(), kind="juridisch_verplicht")


def test_coverage_of_a_frame_without_the_optional_columns() -> None:
    # Only the required columns: no levels below the article, no label, bron or begroting.
    frame = pd.DataFrame(
        {
            "begrotingsjaar": [2022, 2022],
            "fase": ["OWB", "OWB"],
            "hoofdstuk": ["VII", "VIII"],
            "artikel": ["7", "1"],
            "vuo": ["U", "U"],
            "jaar": [2023, 2023],
            "bedrag": [300, 5],
        }
    )
    report = sluitend.validate(frame)
    coverage = report.datasets[0].coverage
    assert (coverage.figures, coverage.checked, coverage.reasons) == (2, 0, {"no_sum": 2})
    chapters = [dict(f.where) for f in report.findings if f.rule == "COVERAGE"]
    assert chapters == [
        {"begrotingsjaar": 2022, "fase": "OWB", "hoofdstuk": "VII"},
        {"begrotingsjaar": 2022, "fase": "OWB", "hoofdstuk": "VIII"},
    ]
    assert [u.bron for u in coverage.unchecked] == ["DataFrame#0", "DataFrame#1"]
