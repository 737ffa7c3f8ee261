"""The comparison frame: contract columns, manifest and codebook metadata, and a caveat on every unlike value."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from cmp.errors import CmpError
from cmp.model.tidy import make_row_id, to_frame
from cmp.present.compare import FRAME_COLUMNS, compare

from .conftest import RAW

ELDERLY = "elderly_care.beds_per_1000_elderly"
RESIDENTS = "elderly_care.beds_per_1000_residents"
SHARE = "elderly_care.nursing_bed_share"
CONTRACT = ("jurisdiction, jurisdiction_name_en, jurisdiction_name_zh, level, doc_kind, period, indicator, "
            "indicator_name_en, indicator_name_zh, domain, kind, year, value, unit, denominator, comparator, "
            "value_low, value_high, value_text, attribute, method, label, quote, doc, line, row_id, flags, "
            "caveats").split(", ")


def row(jurisdiction: str, label: str, value: float | None, kind: str, year: int, unit: str, **kw) -> dict:
    quote = kw.pop("quote", f"{value:g}" if value is not None else "——")
    r = {"jurisdiction": jurisdiction, "doc": f"{jurisdiction}.txt", "method": kw.pop("method", "table"),
         "label": label, "kind": kind, "year": year, "value": value, "unit": unit,
         "comparator": kw.pop("comparator", "=" if value is not None else ""), "line": kw.pop("line", 1),
         "start": 0, "end": len(quote), "quote": quote, "value_text": quote, **kw}
    r["row_id"] = make_row_id(jurisdiction, r["method"], label, kind, year, value, r.get("qualifier", ""))
    return r


@pytest.fixture
def beds() -> pd.DataFrame:
    return to_frame([
        row("tongzhou", "千人养老床位数(张)", 7, "target", 2025, "张"),
        row("tongzhou", "千名老人养老床位数(张)", 4.1, "actual", 2020, "张", flags="denominator_suspect"),
        row("wuhan", "*每千名老年人口养老床位数(张)", 37, "baseline", 2015, "张"),
        row("wuhan", "*每千名老年人口养老床位数(张)", 50, "target", 2020, "张"),
        row("wuhan", "*每千名老年人口养老床位数(张)", 50, "actual", 2020, "张"),
        row("chifeng", "每千名老年人拥有床位", 35.6, "actual", 2020, "张", method="prose"),
        row("xincheng", "每千名老年人拥有养老床位", 35, "target", 2023, "张", method="prose"),
    ])


def caveats_of(frame: pd.DataFrame, **where) -> list[str]:
    sel = frame
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) >= 1, where
    return [c for text in sel["caveats"] for c in text.split("; ") if c]


def test_the_frame_has_the_contract_columns_metadata_and_order(beds):
    f = compare(ELDERLY, table=beds)
    assert list(f.columns) == CONTRACT == FRAME_COLUMNS
    assert set(f["indicator"]) == {ELDERLY}  # Wuhan's derived 2015-2020 change is a series of its own
    assert len(compare(ELDERLY + ".avg_annual_change", table=beds)) == 1
    # manifest order: chifeng, wuhan, tongzhou, jining, xincheng; then year and kind
    assert f["jurisdiction"].tolist() == ["chifeng", "wuhan", "wuhan", "wuhan", "tongzhou", "xincheng"]
    assert f["kind"].tolist()[1:4] == ["baseline", "target", "actual"]
    w = f[f["jurisdiction"] == "wuhan"].iloc[0]
    assert (w["jurisdiction_name_en"], w["jurisdiction_name_zh"], w["level"]) == ("Wuhan", "武汉市",
                                                                                   "sub-provincial city")
    assert (w["doc_kind"], w["period"]) == ("five_year_plan", "2021-2025")
    assert w["indicator_name_zh"] == "每千名老年人拥有养老床位数" and w["denominator"] == "1,000 elderly"
    assert w["domain"] == "elderly_care" and str(f["year"].dtype) == "Int64"


def test_a_per_1000_residents_value_is_never_shown_beside_per_1000_elderly_without_a_caveat(beds):
    f = compare([ELDERLY, RESIDENTS], table=beds)
    residents = f[f["indicator"] == RESIDENTS]
    assert len(residents) == 1
    assert "denominator differs: per 1,000 residents vs per 1,000 elderly" in residents.iloc[0]["caveats"]
    for text in f.loc[f["indicator"] == ELDERLY, "caveats"]:
        assert "denominator differs: per 1,000 elderly vs per 1,000 residents" in text


def test_a_residents_label_forced_onto_the_elderly_id_is_caveated(beds):
    wrong = beds.copy()
    wrong.loc[wrong["label"] == "千人养老床位数(张)", "indicator"] = ELDERLY  # set by hand, wrongly
    f = compare(ELDERLY, table=wrong)
    assert caveats_of(f, jurisdiction="tongzhou", year=2025)[0] == (
        "denominator differs: the label implies per 1,000 residents, the indicator is per 1,000 elderly")


def test_a_suspect_denominator_within_one_indicator_is_caveated(beds):
    f = compare(ELDERLY, table=beds)
    assert any(c.startswith("denominator suspect") for c in caveats_of(f, jurisdiction="tongzhou"))
    assert not any(c.startswith("denominator") for c in caveats_of(f, jurisdiction="chifeng"))


def test_level_year_and_kind_differences_are_named(beds):
    f = compare(ELDERLY, kinds=["target"], table=beds)
    x = caveats_of(f, jurisdiction="xincheng")
    assert "year differs: 2023 vs 2020" in x
    assert "level differs: district of a prefecture-level city vs sub-provincial city" in x
    f = compare(ELDERLY, jurisdictions=["wuhan", "chifeng"], kinds=["actual", "target"], table=beds)
    assert "kind differs: actual vs target" in caveats_of(f, jurisdiction="chifeng")
    assert "level differs: prefecture-level city vs sub-provincial city" in caveats_of(f, jurisdiction="chifeng")


def test_like_for_like_rows_have_no_caveats():
    t = to_frame([row("chifeng", "养老机构护理型床位占比", 55, "target", 2025, "%"),
                  row("jining", "全市养老机构护理型床位占比", 60, "target", 2025, "%", method="prose")])
    f = compare(SHARE, table=t)
    assert f["caveats"].tolist() == ["", ""]


def test_floors_ranges_missing_numbers_scope_and_flags_are_caveated():
    t = to_frame([
        row("chifeng", "养老机构护理型床位占比", 55, "target", 2025, "%", comparator=">="),
        row("wuhan", "养老机构护理型床位占比", None, "target", 2025, "%", quote="——"),
        row("jining", "护理型床位占比", None, "target", 2025, "%", quote="50-60%", value_low=50, value_high=60,
            flags="range"),
        row("tongzhou", "照护型床位比重", 60, "target", 2025, "%", qualifier="城市", flags="year_assumed"),
    ])
    f = compare(SHARE, table=t)
    assert "target is a floor (>=)" in caveats_of(f, jurisdiction="chifeng")
    assert "no number printed: ——" in caveats_of(f, jurisdiction="wuhan")
    assert "range 50-60, no single value" in caveats_of(f, jurisdiction="jining")
    tz = caveats_of(f, jurisdiction="tongzhou")
    assert "scope: 城市 (urban) only" in tz and "flags: year_assumed" in tz


def test_units_that_differ_or_are_missing_are_caveated():
    t = to_frame([
        row("wuhan", "持证专业社工", 9905, "actual", 2020, "人", method="prose"),
        row("jining", "全市持证社工", 2202, "actual", 2020, "人次", method="prose"),
        row("chifeng", "持证社工", 3000, "actual", 2020, "", method="prose"),
    ])
    f = compare("social_work.certified_social_workers", table=t)
    assert "unit differs: 人次 vs codebook 人" in caveats_of(f, jurisdiction="jining")
    assert "unit not printed (codebook unit 人)" in caveats_of(f, jurisdiction="chifeng")
    assert "unit differs: 人 vs 人次" in caveats_of(f, jurisdiction="wuhan")


def test_derived_rows_are_added_named_and_caveated():
    t = to_frame([
        row("jining", "城乡低保平均标准", 719, "actual", 2020, "元/人/月", qualifier="城市", method="prose",
            quote="719元"),
        row("jining", "城乡低保平均标准", 537, "actual", 2020, "元/人/月", qualifier="农村", method="prose",
            quote="537元"),
        row("wuhan", "农村低保标准占城市低保标准比例", 82, "baseline", 2020, "%"),
        row("wuhan", "农村低保标准占城市低保标准比例", 90, "target", 2025, "%"),
    ])
    f = compare("social_assistance.dibao_rural_urban_ratio", table=t)
    d = f[f["method"] == "derived"]
    assert d["value"].tolist() == [74.7] and d["jurisdiction"].tolist() == ["jining"]
    assert "derived, not printed" in d.iloc[0]["caveats"]
    ch = compare("social_assistance.dibao_rural_urban_ratio.avg_annual_change", table=t)
    assert ch["value"].tolist() == [1.6] and ch.iloc[0]["unit"] == "百分点/年"
    assert ch.iloc[0]["indicator_name_en"].endswith("average annual change (derived)")
    assert ch.iloc[0]["denominator"] == "per year"


def test_bad_choices_raise_with_the_valid_ones(beds):
    with pytest.raises(CmpError) as exc:
        compare("elderly_care.beds_per_1000", table=beds)
    assert "unknown indicator id(s) elderly_care.beds_per_1000" in str(exc.value)
    assert ELDERLY in str(exc.value)
    with pytest.raises(CmpError) as exc:
        compare(ELDERLY, jurisdictions=["wuhan", "hankou"], table=beds)
    assert "hankou" in str(exc.value) and "chifeng" in str(exc.value)
    with pytest.raises(CmpError, match="valid choices: baseline, target, actual"):
        compare(ELDERLY, kinds="planned", table=beds)
    with pytest.raises(CmpError, match="empty"):
        compare([], table=beds)
    with pytest.raises(CmpError, match="lacks column"):
        compare(ELDERLY, table=pd.DataFrame({"label": ["x"]}))


def test_all_str_and_list_choices(beds):
    everyone = compare(ELDERLY, jurisdictions="all", table=beds)
    assert len(everyone) == len(compare([ELDERLY], table=beds)) == 6
    assert compare(ELDERLY, jurisdictions="wuhan", kinds="target", table=beds)["value"].tolist() == [50.0]


def test_default_table_is_the_built_one(tmp_path, monkeypatch, beds):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "tidy").mkdir(parents=True)
    shutil.copy(RAW / "manifest.yaml", tmp_path / "data" / "raw" / "manifest.yaml")
    beds.to_csv(tmp_path / "data" / "tidy" / "indicators.csv", index=False)
    monkeypatch.setenv("CMP_HOME", str(tmp_path))
    f = compare(RESIDENTS)  # table=None: cmp.load() of $CMP_HOME/data/tidy
    assert f["value"].tolist() == [7.0] and f.iloc[0]["jurisdiction_name_en"] == "Tongzhou (Beijing sub-centre)"
