"""The comparison frame: one point per fact, one denominator and scope per series, material caveats as codes."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

import cmp
from cmp.build import prepare
from cmp.errors import CmpError
from cmp.ingest.sources import read_manifest
from cmp.model import vocab
from cmp.model.tidy import make_row_id, to_frame
from cmp.present.compare import CAVEAT_LIMIT, FRAME_COLUMNS, caveat_text, compare, note_lines

from .conftest import RAW

ELDERLY = "elderly_care.beds_per_1000_elderly"
RESIDENTS = "elderly_care.beds_per_1000_residents"
SHARE = "elderly_care.nursing_bed_share"
SHARE_ALL = "elderly_care.nursing_bed_share_all_beds"
RATIO = "social_assistance.dibao_rural_urban_ratio"
DOCS = {f"{m['jurisdiction']}.txt": m for m in read_manifest(RAW)}


def row(jurisdiction: str, label: str, value: float | None, kind: str, year: int, unit: str, **kw) -> dict:
    quote = kw.pop("quote", f"{value:g}" if value is not None else "——")
    r = {"jurisdiction": jurisdiction, "doc": f"{jurisdiction}.txt", "method": kw.pop("method", "table"),
         "label": label, "kind": kind, "year": year, "value": value, "unit": unit,
         "comparator": kw.pop("comparator", "=" if value is not None else ""), "line": kw.pop("line", 1),
         "start": 0, "end": len(quote), "quote": quote, "value_text": quote, "value_raw": quote, **kw}
    r["row_id"] = make_row_id(jurisdiction, r["method"], label, kind, year, value, r.get("qualifier", ""), r["line"])
    return r


def prepared(rows: list[dict]) -> pd.DataFrame:
    """Made-up rows prepared the one way the build prepares them (map, check, plan, derive, reconcile)."""
    return prepare(to_frame(rows), DOCS, {})


@pytest.fixture
def beds() -> pd.DataFrame:
    return prepared([
        row("tongzhou", "千人养老床位数(张)", 7, "target", 2025, "张"),
        row("tongzhou", "养老床位总数(张)", 5000, "actual", 2020, "张"),
        row("tongzhou", "千名老人养老床位数(张)", 4.2, "actual", 2020, "张"),
        row("wuhan", "*每千名老年人口养老床位数(张)", 37, "baseline", 2015, "张"),
        row("wuhan", "*每千名老年人口养老床位数(张)", 50, "target", 2020, "张"),
        row("wuhan", "*每千名老年人口养老床位数(张)", 50, "actual", 2020, "张"),
        row("wuhan", "每千名老人拥有床位数", 50, "actual", 2020, "张", method="prose", line=9),
        row("chifeng", "每千名老年人拥有床位", 35.6, "actual", 2020, "张", method="prose", flags="year_assumed"),
        row("xincheng", "每千名老年人拥有养老床位", 35, "target", 2023, "张", method="prose"),
    ])


def codes(frame: pd.DataFrame, **where) -> list[str]:
    sel = frame
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) >= 1, where
    return [c for text in sel["caveat_codes"] for c in text.split(";") if c]


# ------------------------------------------------------------------------------------- the three wrong numbers
def test_tongzhou_3_36_and_4_1_are_not_in_the_beds_per_1000_elderly_series():
    f = compare(ELDERLY)  # the committed, prepared table
    tz = f[f["jurisdiction"] == "tongzhou"]
    assert not tz["value"].isin([3.36, 4.1]).any()
    left_out = {e["details"]["value"]: e for e in f.attrs["excluded"]}
    assert set(left_out) >= {"3.36", "4.1"} and left_out["3.36"]["code"] == "denominator_suspect"
    notes = " | ".join(note_lines(f, "en"))
    assert "3.36 left out: it fits per 1,000 residents (4634 / 3.36 × 1000 ≈ 1,380,000 people)" in notes
    assert "4.1 left out" in notes
    zh = " | ".join(note_lines(f, "zh"))
    assert "3.36未列入比较：数值符合千名常住人口口径" in zh and not re.search(r"[A-Za-z]", zh)


def test_jining_21_9_is_never_named_as_the_institutions_only_share():
    f = compare(SHARE, jurisdictions="jining")
    assert not (f["value"] == 21.9).any()
    table = cmp.load()
    j = table[(table["jurisdiction"] == "jining") & (table["value"] == 21.9)]
    assert len(j) == 1 and j.iloc[0]["indicator"] == SHARE_ALL
    assert "养老机构" not in j.iloc[0]["label"]
    a = compare(SHARE_ALL, jurisdictions="jining")
    assert a["value"].tolist() == [21.9]
    assert a.iloc[0]["indicator_name_zh"] == "护理型床位占养老床位比例"
    assert a.iloc[0]["denominator"] == "all elderly-care beds"


def test_wuhan_2020_rural_urban_ratio_is_plotted_once_with_its_other_sources():
    f = compare(RATIO, jurisdictions="wuhan", years=2020)
    assert len(f) == 1 and f.iloc[0]["value"] == 82.0 and f.iloc[0]["method"] == "table"
    others = f.iloc[0]["sources"].split(";")
    assert len(others) == 2
    table = cmp.load().set_index("row_id")
    assert sorted(table.loc[others, "value"]) == [81.9, 82.0]
    assert not table.loc[others, "preferred"].any()
    assert "disputed" not in f.iloc[0]["caveat_codes"]


def test_every_preferred_reading_is_one_point_per_fact_in_the_corpus():
    table = cmp.load()
    facts = table[table["fact_id"] != ""]
    assert (facts.groupby("fact_id")["preferred"].sum() == 1).all()
    for ind in (SHARE, ELDERLY, RATIO):
        f = compare(ind)
        assert f["fact_id"].is_unique and f["preferred"].all()


# ------------------------------------------------------------------------------------------- the frame
def test_the_frame_has_the_contract_columns_metadata_and_order(beds):
    f = compare(ELDERLY, table=beds)
    assert list(f.columns) == FRAME_COLUMNS
    assert set(f["indicator"]) == {ELDERLY}
    assert f["jurisdiction"].tolist() == ["chifeng", "wuhan", "wuhan", "wuhan", "xincheng"]
    assert f["kind"].tolist()[1:4] == ["baseline", "target", "actual"]
    w = f[f["jurisdiction"] == "wuhan"].iloc[0]
    assert (w["jurisdiction_name_en"], w["jurisdiction_name_zh"], w["level"]) == ("Wuhan", "武汉市",
                                                                                   "sub-provincial city")
    assert w["denominator"] == "1,000 elderly" and w["scope"] == "jurisdiction"
    assert str(f["year"].dtype) == "Int64"
    actual = f[(f["jurisdiction"] == "wuhan") & (f["kind"] == "actual")].iloc[0]
    assert actual["method"] == "table" and actual["sources"] != ""  # the prose reading is its other source
    assert len(compare(ELDERLY, table=beds, all_readings=True)) == 6


def test_the_table_is_read_as_prepared_never_re_mapped_or_re_derived():
    raw = to_frame([row("jining", "城乡低保平均标准", 719, "actual", 2020, "元/人/月", qualifier="城市"),
                    row("jining", "城乡低保平均标准", 537, "actual", 2020, "元/人/月", qualifier="农村")])
    assert compare("social_assistance.dibao_urban_standard", table=raw).empty  # not mapped: not re-mapped
    f = compare(RATIO, table=prepare(raw, DOCS, {}))
    assert f["value"].tolist() == [74.7] and f["caveat_codes"].tolist() == ["derived"]


def test_a_suspect_denominator_is_left_out_unless_mixing_is_allowed(beds):
    f = compare(ELDERLY, table=beds)
    assert "tongzhou" not in set(f["jurisdiction"])
    (e,) = f.attrs["excluded"]
    assert e["details"]["arithmetic"] == "5000 / 4.2 × 1000 ≈ 1,190,000" and not f.attrs["allow_mixed"]
    m = compare(ELDERLY, table=beds, allow_mixed=True)
    assert m.attrs["allow_mixed"] and m.attrs["excluded"] == []
    assert codes(m, jurisdiction="tongzhou") == ["mixed_scope"]
    text = caveat_text(m, "tongzhou", "en")
    assert text == "per 1,000 residents, not per 1,000 elderly"
    assert caveat_text(m, "tongzhou", "zh") == "口径为千名常住人口，非千名老年人"


def test_a_floor_each_institution_must_meet_is_not_a_jurisdiction_wide_share():
    t = prepared([row("xincheng", "各养老机构护理型床位占比", 60, "target", 2023, "%", comparator=">=",
                      method="prose"),
                  row("chifeng", "养老机构护理型床位占比", 55, "target", 2025, "%")])
    f = compare(SHARE, table=t)
    assert f["jurisdiction"].tolist() == ["chifeng"]
    assert [e["code"] for e in f.attrs["excluded"]] == ["per_unit_floor"]
    m = compare(SHARE, table=t, allow_mixed=True)
    assert "mixed_scope" in codes(m, jurisdiction="xincheng")
    assert caveat_text(m, "xincheng", "en").startswith("each institution or unit (a floor each must meet), not per "
                                                       "beds in elderly-care institutions")
    assert caveat_text(m, "xincheng", "zh").startswith("口径为每个机构或单位(各自须达到的下限)，非养老机构床位")


def test_two_denominators_in_one_comparison_are_refused_unless_allowed(beds):
    with pytest.raises(CmpError, match="different denominators or scopes.*allow_mixed=True"):
        compare([ELDERLY, RESIDENTS], table=beds)
    f = compare([ELDERLY, RESIDENTS], table=beds, allow_mixed=True)
    assert set(f["indicator"]) == {ELDERLY, RESIDENTS}
    assert all("mixed_scope" in c.split(";") for c in f["caveat_codes"])  # the frame says so on every row
    assert caveat_text(f, "tongzhou", "en", indicator=RESIDENTS) == "per 1,000 residents, not per 1,000 elderly"
    assert caveat_text(f, "wuhan", "zh", indicator=ELDERLY).startswith("口径为千名老年人，非千名常住人口")
    assert len(compare([ELDERLY, SHARE], table=beds)) > 0  # another unit family (%) is another series: fine
    with pytest.raises(CmpError, match="beds_total: per none"):
        compare([ELDERLY, "elderly_care.beds_total"], table=beds)  # a count beside a rate, both in 张


# ------------------------------------------------------------------------------------------- caveats
def test_material_caveats_only_and_never_level_or_year(beds):
    f = compare(ELDERLY, kinds=["target"], table=beds)
    assert codes(f, jurisdiction="xincheng") == []  # a district in 2023 beside a city in 2020: axis and subtitle
    assert codes(f, jurisdiction="wuhan") == ["previous_plan"]  # the 13th plan's 2020 target
    assert codes(compare(ELDERLY, kinds=["actual"], table=beds), jurisdiction="wuhan") == []  # an actual is no plan's
    chifeng = codes(compare(ELDERLY, table=beds), jurisdiction="chifeng")
    assert chifeng == ["draft", "year_inferred"]  # the draft for comment, and 2020 not printed


def test_floor_ceiling_derived_and_disputed_codes():
    t = prepared([
        row("chifeng", "养老机构护理型床位占比", 55, "target", 2025, "%", comparator=">="),
        row("wuhan", "养老机构护理型床位占比", 30, "target", 2025, "%", comparator="<="),
        row("tongzhou", "养老机构护理型床位占比", 54, "actual", 2020, "%"),
        row("tongzhou", "养老机构护理型床位占比", 64, "actual", 2020, "%", method="prose", line=5),
    ])
    f = compare(SHARE, table=t)
    assert codes(f, jurisdiction="chifeng") == ["floor", "draft"]
    assert codes(f, jurisdiction="wuhan") == ["ceiling"]
    (tz,) = f[f["jurisdiction"] == "tongzhou"].itertuples()
    assert tz.value == 54 and tz.caveat_codes == "disputed"
    assert caveat_text(f, "tongzhou", "en") == "sources disagree (54 / 64)"
    assert caveat_text(f, "tongzhou", "zh") == "来源不一致(54 / 64)"


def test_caveats_name_their_rows_and_are_deduplicated():
    t = prepared([
        row("wuhan", "养老机构护理型床位占比", 54, "baseline", 2020, "%"),
        row("wuhan", "养老机构护理型床位占比", 65, "target", 2025, "%", comparator=">="),
        row("wuhan", "养老机构护理型床位占比", 70, "target", 2030, "%", comparator=">="),
    ])
    f = compare(SHARE, table=t)
    (cav,) = [c for c in f.attrs["caveats"] if c["code"] == "floor"]
    assert len(cav["rows"]) == 2 and cav["jurisdiction"] == "wuhan"
    assert caveat_text(f, "wuhan", "en") == "floor (≥), not a point target (2025 target, 2030 target)"
    assert caveat_text(f, "wuhan", "zh") == "下限(≥)，非点目标(2025年目标值、2030年目标值)"


def test_corpus_caveat_text_fits_120_characters_per_jurisdiction_per_chart_and_zh_has_no_english():
    table = cmp.load()
    for ind in sorted(set(table.loc[table["indicator"] != "", "indicator"])):
        f = compare(ind, table=table, allow_mixed=True)
        for j in set(f["jurisdiction"]):
            for lang in ("en", "zh"):
                text = caveat_text(f, j, lang)
                assert len(text) <= CAVEAT_LIMIT, (ind, j, lang, text)
            assert not re.search(r"[A-Za-z]", caveat_text(f, j, "zh")), (ind, j)


def test_caveat_text_drops_row_names_before_it_overflows():
    t = prepared([row("chifeng", "养老机构护理型床位占比", 55, "target", y, "%", comparator=">=", flags="year_assumed")
                  for y in range(2021, 2031)])
    f = compare(SHARE, table=t)
    text = caveat_text(f, "chifeng", "en", limit=60)
    assert len(text) <= 60 and "floor" in text and "2021" not in text
    assert len(caveat_text(f, "chifeng", "en", limit=10)) == 10


# ------------------------------------------------------------------------------------------- choices
def test_jurisdictions_by_id_or_name_in_any_case(beds):
    for name in ("wuhan", "WUHAN", "Wuhan", "武汉", "武汉市"):
        assert set(compare(ELDERLY, jurisdictions=name, table=beds)["jurisdiction"]) == {"wuhan"}, name
    assert set(compare(ELDERLY, jurisdictions=["赤峰", "Xincheng District"], table=beds)["jurisdiction"]) == {
        "chifeng", "xincheng"}
    assert len(compare(ELDERLY, jurisdictions="all", table=beds)) == len(compare(ELDERLY, table=beds))


def test_unknown_ids_list_the_five_closest_and_how_to_list_all(beds):
    with pytest.raises(CmpError) as exc:
        compare(ELDERLY, jurisdictions=["wuhan", "hankou"], table=beds)
    msg = str(exc.value)
    assert "'hankou'" in msg and "cmp sources" in msg and len(msg.split("closest valid ids: ")[1].split(";")[0]
                                                              .split(", ")) == 5
    with pytest.raises(CmpError) as exc:
        compare("elderly_care.beds_per_1000", table=beds)
    msg = str(exc.value)
    assert len(msg) < 400 and "cmp codebook" in msg
    assert msg.split("closest valid ids: ")[1].startswith(ELDERLY)


def test_indicators_by_codebook_name_and_years_filter(beds):
    assert set(compare("每千名老年人拥有养老床位数", table=beds)["indicator"]) == {ELDERLY}
    assert compare(ELDERLY, years=[2015], table=beds)["value"].tolist() == [37.0]
    assert set(compare(ELDERLY, years=2020, table=beds)["year"]) == {2020}
    with pytest.raises(CmpError, match="years must be a year or a list of years"):
        compare(ELDERLY, years=["soon"], table=beds)
    with pytest.raises(CmpError, match="valid choices: baseline, target, actual"):
        compare(ELDERLY, kinds="planned", table=beds)
    with pytest.raises(CmpError, match="empty"):
        compare([], table=beds)
    with pytest.raises(CmpError, match="lacks column"):
        compare(ELDERLY, table=pd.DataFrame({"label": ["x"]}))


def test_default_table_is_the_built_one(tmp_path, monkeypatch, beds):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "tidy").mkdir(parents=True)
    shutil.copy(RAW / "manifest.yaml", tmp_path / "data" / "raw" / "manifest.yaml")
    beds.to_csv(tmp_path / "data" / "tidy" / "indicators.csv", index=False)
    monkeypatch.chdir(tmp_path)
    f = compare(RESIDENTS)  # table=None: cmp.load() of the project holding the working directory
    assert f["value"].tolist() == [7.0] and f.iloc[0]["jurisdiction_name_en"] == "Tongzhou (Beijing sub-centre)"


def test_vocabulary_caveat_codes_cover_every_code_compare_emits(beds):
    assert {"mixed_scope", "floor", "ceiling", "derived", "previous_plan", "draft", "year_inferred",
            "disputed"} == set(vocab.codes("caveats"))


def test_asking_for_actuals_gives_the_best_actual_reading_of_a_fact_preferred_as_a_baseline():
    t = prepared([row("wuhan", "养老机构护理型床位占比", 54, "baseline", 2020, "%"),
                  row("wuhan", "护理型养老床位比例", 54, "actual", 2020, "%", method="prose", line=7),
                  row("wuhan", "养老机构护理型床位占比", 54, "actual", 2020, "%", method="prose", line=3)])
    assert compare(SHARE, table=t)["kind"].tolist() == ["baseline"]
    f = compare(SHARE, kinds="actual", table=t)
    assert f["kind"].tolist() == ["actual"] and f["line"].tolist() == [3]
