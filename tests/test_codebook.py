"""The codebook: valid on load, mapping exact and never greedy (corpus labels: test_corpus_codebook.py)."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cmp import cli
from cmp.errors import CmpError
from cmp.model.codebook import (
    CODEBOOK_PATH,
    REQUIRED_IDS,
    domains,
    label_key,
    load_codebook,
    map_label,
    map_rows,
    print_codebook,
    print_unmapped,
    unmapped,
    unmapped_ok,
)
from cmp.model.tidy import to_frame

# libyaml's emitter when PyYAML has it: the same YAML, ~20x faster than the pure-Python one on the codebook
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

PER_100 = "community.service_facility_area_per_100_households"


@pytest.fixture(scope="module")
def book() -> pd.DataFrame:
    return load_codebook()




# ---------------------------------------------------------------------------------------------- the file itself
def test_ids_are_unique_and_every_required_id_is_present(book):
    assert book["id"].is_unique
    assert set(REQUIRED_IDS) <= set(book["id"])
    assert len(book) >= 60


def test_every_indicator_has_its_fields_and_allowed_values(book):
    for r in book.itertuples(index=False):
        assert r.domain in domains() and r.id.startswith(r.domain + "."), r.id
        assert r.direction in ("higher_is_better", "lower_is_better", "neutral"), r.id
        for f in ("name_zh", "name_en", "denominator", "definition"):
            assert str(getattr(r, f)).strip(), (r.id, f)
        assert r.synonyms or r.patterns or r.conditional, f"{r.id} has nothing that maps labels to it"


def test_required_ids_have_the_agreed_units_and_denominators(book):
    by = book.set_index("id")
    assert by.loc["elderly_care.nursing_bed_share", "unit"] == "%"
    assert by.loc["social_work.professionals_per_1000_residents", "unit"] == "‰"
    assert by.loc["social_assistance.dibao_rural_standard", "unit"] == "元/人/月"
    assert by.loc["community.service_facility_area_per_100_households", "unit"] == "㎡"
    assert by.loc["elderly_care.beds_per_1000_elderly", "denominator"] == "1,000 elderly"
    assert by.loc["elderly_care.beds_per_1000_residents", "denominator"] == "1,000 residents"


def test_no_synonym_is_claimed_by_two_ids_and_each_maps_to_its_own_id(book):
    owner: dict[str, str] = {}
    for r in book.itertuples(index=False):
        for s in r.synonyms:
            assert owner.setdefault(s, r.id) == r.id, f"{s} claimed by {owner[s]} and {r.id}"
            assert map_label(s, unit=r.unit) == r.id, s
        for c in r.conditional:
            assert map_label(c["label"], c.get("qualifier", ""), c.get("unit", "") or r.unit) == r.id, c


def test_unmapped_ok_labels_do_not_map():
    ok = unmapped_ok()
    assert "区级养老院" in ok and "殡仪馆" in ok
    assert all(map_label(k) == "" for k in ok)


# ------------------------------------------------------------------------------------------------ label keys
@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("养老床位数(万张)", "养老床位数"),
        ("新建居住小区养老服务设施配建率(%)", "新建居住小区养老服务设施配建率"),
        ("农村社会服务站建设率(%", "农村社会服务站建设率"),  # Tongzhou's unclosed bracket
        ("*每千名老年人口养老床位数(张)", "每千名老年人口养老床位数"),
        ("婚姻登记“全市通办”实施率", "婚姻登记全市通办实施率"),
        ("旗县级城乡公益性安葬(放)设施覆盖率", "旗县级城乡公益性安葬(放)设施覆盖率"),  # not a unit: kept
        ("養老機構護理型床位佔比", "养老机构护理型床位占比"),
        ("养老\u3000床位（张）", "养老床位"),
        ("十三五”末城乡低保标准", "城乡低保标准"),
        ("全市养老床位", "养老床位"),
        ("家庭养老床位到", "家庭养老床位"),
        ("全市", "全市"),  # nothing left to keep: unchanged
    ],
)
def test_label_key(label, key):
    assert label_key(label) == key


# --------------------------------------------------------------------------------------------------- mapping
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("養老機構護理型床位佔比", "elderly_care.nursing_bed_share"),
        ("各養老機構護理型床位占比", "elderly_care.nursing_bed_share"),  # Xincheng: 各 (each) is a scope word
        ("各類養老設施", "elderly_care.care_facilities"),
        ("護理型床位占養老床位總數的比例(%)", "elderly_care.nursing_bed_share_all_beds"),  # over all beds
        ("社工人才總數占全區常住人口", "social_work.professionals_per_1000_residents"),
        ("每百戶城鎮居民社區綜合服務設施面積", "community.urban_service_facility_area_per_100_households"),
        ("農村低保標準", "social_assistance.dibao_rural_standard"),
    ],
)
def test_traditional_labels_map_through_simplified(label, expected):
    assert map_label(label) == expected


@pytest.mark.parametrize(
    ("label", "qualifier", "unit", "expected"),
    [
        # beds per 1,000: residents vs elderly
        ("千人养老床位数(张)", "", "张", "elderly_care.beds_per_1000_residents"),
        ("千名老人养老床位数(张)", "", "张", "elderly_care.beds_per_1000_elderly"),
        ("*每千名老年人口养老床位数(张)", "", "张", "elderly_care.beds_per_1000_elderly"),
        ("每千名老年人拥有养老床位", "", "", "elderly_care.beds_per_1000_elderly"),
        # social workers: per 1,000 elderly, per 10,000 residents, share of residents, total
        ("每千名老年人拥有社会工作者数", "", "人", "social_work.professionals_per_1000_elderly"),
        ("每万名常住人口拥有社会工作者人数(个)", "", "个", "social_work.professionals_per_10000_residents"),
        ("社会工作专业人才占全市常住人口比例", "", "", "social_work.professionals_per_1000_residents"),
        ("社会工作专业人才总量", "", "人", "social_work.professionals_total"),
        ("社会工作专业人才", "", "人", "social_work.professionals_total"),
        ("社会工作专业人才", "", "万人", "social_work.professionals_total"),
        ("社会工作专业人才", "", "‰", "social_work.professionals_per_1000_residents"),
        ("社会工作专业人才", "", "%", ""),  # a % share is not per 1,000: left for a human
        ("社会工作专业人才", "", "", ""),
        # social organisations: staff vs employment share vs counts
        ("社会组织专职工作人员数量", "", "人", "social_organizations.fulltime_staff"),
        ("社会组织就业人数占全市就业人口比重", "", "%", "social_organizations.employment_share"),
        ("社会组织", "", "家", "social_organizations.registered_total"),
        ("社会组织", "", "人", ""),  # people are not organisations
        ("每万人拥有登记社会组织数(个)", "", "个", "social_organizations.per_10000_residents"),
        # urban vs rural community variants
        ("每个城市社区拥有社区社会组织数(个)", "", "个", "social_organizations.community_orgs_per_urban_community"),
        ("每个农村社区拥有社会社区组织数(个)", "", "个", "social_organizations.community_orgs_per_rural_community"),
        ("平均每个城市社区配备专业社会工作者人数(人)", "", "人", "social_work.per_urban_community"),
        ("平均每个农村社区配备专业社会工作者人数(人)", "", "人", "social_work.per_rural_community"),
        # dibao standards: qualifier decides; a growth rate is not a standard
        ("城乡低保标准", "城市", "", "social_assistance.dibao_urban_standard"),
        ("城乡低保标准", "农村", "元/人/月", "social_assistance.dibao_rural_standard"),
        ("城乡低保标准", "农村牧区", "", "social_assistance.dibao_rural_standard"),
        ("城市低保标准", "", "元/人/月", "social_assistance.dibao_urban_standard"),
        ("农村低保标准", "", "元/人/月", "social_assistance.dibao_rural_standard"),
        ("城乡低保标准", "城市", "%", ""),
        ("城乡低保标准年度增速", "", "%", "social_assistance.dibao_standard_annual_growth"),
        ("农村牧区低保标准占城市低保标准比例", "", "%", "social_assistance.dibao_rural_urban_ratio"),
        ("农村低保标准占城市低保标准比例", "", "%", "social_assistance.dibao_rural_urban_ratio"),
        # beds: all beds vs institution beds; nursing beds count vs share
        ("养老床位", "", "张", "elderly_care.beds_total"),
        ("养老机构床位总数(张)", "", "张", "elderly_care.institution_beds_total"),
        ("护理型床位", "", "张", "elderly_care.nursing_beds"),
        ("护理型床位", "", "%", "elderly_care.nursing_bed_share"),
        ("照护型床位比重", "", "%", "elderly_care.nursing_bed_share"),
        ("养老床位", "", "%", ""),
        # community facility area: all households vs urban households vs per community
        ("每百户居民拥有的城乡社区综合服务设施建筑面积", "", "㎡", PER_100),
        ("平均每百户居民拥有社区服务设施面积(平方米)", "", "㎡", PER_100),
        ("每百户城镇居民社区综合服务设施面积", "", "㎡",
         "community.urban_service_facility_area_per_100_households"),
        ("社区管理服务用房", "", "㎡", "community.facility_area_per_community"),
        # funeral and marriage scopes
        ("旗县级城乡公益性安葬(放)设施覆盖率", "", "%", "funeral.county_public_burial_facility_coverage"),
        ("新城区街道(乡镇)公益性骨灰安放设施覆盖率", "", "%", "funeral.township_ash_facility_coverage"),
        ("婚姻登记“全市通办”实施率", "", "%", "marriage.citywide_registration_rate"),
        ("结婚登记“跨省通办”实施率", "", "%", "marriage.cross_province_registration_rate"),
        # prose short labels
        ("持证社会工作者", "", "人", "social_work.certified_social_workers"),
        ("志愿者", "", "人", "social_work.registered_volunteers"),
        ("特困人员供养标准", "", "元/人/月", "social_assistance.extreme_poverty_support_standard"),
        ("特困人员供养标准", "城市", "元/人/月", "social_assistance.extreme_poverty_urban_standard"),
        ("孤儿基本生活费", "", "元/人/月", "children.orphan_allowance"),
        ("公益性公墓", "", "个", "funeral.public_cemeteries"),
        ("节地生态安葬率", "", "%", "funeral.eco_burial_rate"),
        # one-offs stay unmapped
        ("区级养老院", "", "个", ""),
        ("不存在的指标", "", "", ""),
    ],
)
def test_mapping_is_exact_and_not_greedy(label, qualifier, unit, expected):
    assert map_label(label, qualifier, unit) == expected


# ------------------------------------------------------------------------------------------ frames in and out
def _rows() -> pd.DataFrame:
    base = {"doc": "x.txt", "kind": "target", "year": 2025, "value": 1.0, "comparator": "=", "line": 1, "start": 0,
            "end": 1, "quote": "1"}
    return to_frame([
        {**base, "row_id": "a", "jurisdiction": "wuhan", "method": "table", "label": "养老机构护理型床位占比",
         "unit": "%"},
        {**base, "row_id": "b", "jurisdiction": "wuhan", "method": "table", "label": "千人养老床位数",
         "unit": "张", "indicator": "elderly_care.beds_per_1000_elderly"},  # set by hand: kept
        {**base, "row_id": "c", "jurisdiction": "wuhan", "method": "prose", "label": "某新指标", "unit": "个"},
        {**base, "row_id": "d", "jurisdiction": "chifeng", "method": "table", "label": "某新指标", "unit": "个"},
        {**base, "row_id": "e", "jurisdiction": "tongzhou", "method": "table", "label": "殡仪馆", "unit": ""},
        {**base, "row_id": "f", "jurisdiction": "tongzhou", "method": "derived", "label": "推算", "unit": ""},
        {**base, "row_id": "g", "jurisdiction": "tongzhou", "method": "table", "label": "城乡低保标准",
         "qualifier": "城市", "unit": "元/人/月"},
    ])


def test_map_rows_fills_empty_cells_and_never_overwrites():
    df = _rows()
    out = map_rows(df)
    assert list(out.columns) == list(df.columns) and len(out) == len(df)
    got = dict(zip(out["row_id"], out["indicator"], strict=True))
    assert got["a"] == "elderly_care.nursing_bed_share"
    assert got["b"] == "elderly_care.beds_per_1000_elderly"
    assert got["c"] == got["e"] == ""
    assert got["g"] == "social_assistance.dibao_urban_standard"
    assert (df["indicator"] == "").sum() == 6  # input left alone


def test_unmapped_counts_labels_and_leaves_out_deliberate_and_derived():
    u = unmapped(_rows())
    assert list(u.columns) == ["label", "count", "jurisdictions", "methods", "units"]
    # 殡仪馆 is in unmapped_ok and 推算 is a derived row: neither is listed
    assert u.to_dict("records") == [
        {"label": "某新指标", "count": 2, "jurisdictions": "chifeng, wuhan", "methods": "prose, table", "units": "个"},
    ]
    assert "殡仪馆" in set(unmapped(_rows(), include_ok=True)["label"])


def test_map_rows_needs_a_tidy_frame():
    with pytest.raises(CmpError, match="lacks column"):
        map_rows(pd.DataFrame({"label": ["养老床位"]}))


def test_print_codebook_is_bilingual_and_filters_domains(capsys):
    print_codebook("elderly_care")
    out = capsys.readouterr().out
    assert "elderly_care.nursing_bed_share" in out and "养老机构护理型床位占比" in out
    assert "Nursing-type beds" in out and "social_work." not in out
    with pytest.raises(CmpError) as exc:
        print_codebook("elderly")
    assert "valid domains" in str(exc.value) and "elderly_care" in str(exc.value)
    assert cli.main(["codebook", "--domain", "nope"]) == 2


def test_print_unmapped_reads_a_tidy_folder(tmp_path, capsys):
    _rows().to_csv(tmp_path / "indicators.csv", index=False)
    print_unmapped(tmp_path)
    out = capsys.readouterr().out
    assert "某新指标" in out and "1 label(s) unmapped" in out and "殡仪馆" not in out


# ------------------------------------------------------------------------------------------ broken codebooks
def _write(tmp_path: Path, data: dict, name: str = "cb.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def good() -> dict:
    return yaml.safe_load(CODEBOOK_PATH.read_text(encoding="utf-8"))


def _find(data: dict, ident: str) -> dict:
    return next(e for e in data["indicators"] if e["id"] == ident)


def test_a_copy_of_the_codebook_loads(tmp_path, good):
    assert len(load_codebook(_write(tmp_path, good))) == len(good["indicators"])


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda d: d["indicators"].append(copy.deepcopy(d["indicators"][0])), "used twice"),
        (lambda d: _find(d, "lottery.sales_outlets").pop("definition"), "lottery.sales_outlets: missing required"),
        (lambda d: _find(d, "lottery.sales_outlets").update(domain="gambling"), "domain 'gambling' is not allowed"),
        (lambda d: _find(d, "lottery.sales_outlets").update(direction="up"), "direction 'up' is not allowed"),
        (lambda d: _find(d, "lottery.sales_outlets").update(domain="funeral"),
         "id prefix 'lottery' differs from its domain 'funeral'"),
        (lambda d: _find(d, "lottery.sales_outlets").update(synonyms=[""]), "empty synonym"),
        (lambda d: _find(d, "lottery.sales_outlets").update(synonyms="彩票"), "synonyms must be a list"),
        (lambda d: _find(d, "lottery.sales_outlets").update(conditional=[{"label": "彩票"}]),
         "needs a label and a qualifier and/or unit"),
        (lambda d: d["unmapped_ok"].append({"reason": "no label"}), "needs a label"),
        (lambda d: d["indicators"].append("just a string"), "is not a mapping of fields"),
        (lambda d: _find(d, "lottery.sales_outlets").update(unit="万个"), "not canonical"),
        (lambda d: _find(d, "lottery.sales_outlets").update(id="Lottery-Outlets"), "snake_case"),
        (lambda d: _find(d, "lottery.sales_outlets").update(colour="red"), "unknown field"),
        (lambda d: _find(d, "lottery.sales_outlets")["synonyms"].append("养老床位"),
         "synonym '养老床位' is already claimed by elderly_care.beds_total"),
        (lambda d: _find(d, "lottery.sales_outlets").update(patterns=["养老床位.*"]), "narrow the pattern"),
        (lambda d: _find(d, "lottery.sales_outlets").update(patterns=["(unclosed"]), "not a valid regex"),
        (lambda d: _find(d, "lottery.sales_outlets").update(conditional=[{"label": "城乡低保标准",
                                                                             "qualifier": "城市"}]),
         "overlaps social_assistance.dibao_urban_standard"),
        (lambda d: d["indicators"].remove(_find(d, "elderly_care.nursing_beds")),
         "required indicator id(s) missing: elderly_care.nursing_beds"),
        (lambda d: d["unmapped_ok"].append({"label": "养老床位数(万张)"}), "maps to elderly_care.beds_total"),
        (lambda d: _find(d, "lottery.sales_outlets").pop("scope"),
         "lottery.sales_outlets: missing required field(s) scope"),
        (lambda d: _find(d, "lottery.sales_outlets").update(scope="citywide"),
         "scope 'citywide' is not a code of vocab.yaml scopes; expected one of jurisdiction"),
        (lambda d: _find(d, "lottery.sales_outlets").update(denominator="per 1,000 dogs"),
         "denominator 'per 1,000 dogs' is not a code of vocab.yaml denominators"),
    ],
)
def test_a_broken_codebook_raises_naming_the_id_and_the_problem(tmp_path, good, break_it, message):
    data = copy.deepcopy(good)
    break_it(data)
    with pytest.raises(CmpError) as exc:
        load_codebook(_write(tmp_path, data))
    assert message in str(exc.value)
    assert str(tmp_path) in str(exc.value)


def test_a_broken_codebook_error_names_the_line(tmp_path, good):
    data = copy.deepcopy(good)
    _find(data, "lottery.sales_outlets").update(direction="up")
    path = _write(tmp_path, data)
    with pytest.raises(CmpError) as exc:
        load_codebook(path)
    line = int(str(exc.value).split(":")[1])
    assert "lottery.sales_outlets" in path.read_text(encoding="utf-8").split("\n")[line - 1]


def test_an_unreadable_codebook_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators: [\n", encoding="utf-8")
    with pytest.raises(CmpError, match="not valid YAML"):
        load_codebook(bad)
    with pytest.raises(CmpError, match="codebook not found"):
        load_codebook(tmp_path / "absent.yaml")


# ------------------------------------------------------------------------------------------ display width
def test_display_width_counts_cjk_as_two_columns():
    from cmp.model.codebook import display_width, format_columns, pad

    assert display_width("abc") == 3 and display_width("养老床位") == 8 and display_width("(%)床位") == 7
    assert display_width("ＡＢ") == 4 and display_width("e\u0301") == 1  # full-width 2 each, a combining mark 0
    assert pad("床位", 6) == "床位  " and pad("7", 3, ">") == "  7"
    lines = format_columns([["count", "label", "x"], [6, "床位", "a"], [12, "城乡低保标准", "b"]], "><<")
    assert lines == ["count  label         x", "    6  床位          a", "   12  城乡低保标准  b"]
    assert len({display_width(line[: line.rindex(" ") + 1]) for line in lines}) == 1  # last column starts together


def test_cmp_unmapped_aligns_cjk_labels(tmp_path, capsys):
    from cmp.model.codebook import display_width

    df = _rows()
    df.loc[len(df)] = df.iloc[-1]
    df.loc[len(df) - 1, ["label", "row_id"]] = ["某个相当长的新指标名称", "x-extra"]
    df.to_csv(tmp_path / "indicators.csv", index=False)
    print_unmapped(tmp_path)
    table = [line for line in capsys.readouterr().out.splitlines() if "·" in line]
    starts = {display_width(line[: line.rindex(line.split("  ")[-1].strip())]) for line in table}
    assert len(table) >= 3 and len(starts) == 1  # the last column starts at one display column


def test_print_codebook_columns_line_up(capsys):
    from cmp.model.codebook import display_width

    print_codebook("elderly_care")
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  elderly_care.")]
    # the English name (last column) starts at the same display column on every row
    names = dict(zip(load_codebook()["id"], load_codebook()["name_en"], strict=True))
    ends = {display_width(line[: line.rindex(names[line.split()[0]])]) for line in rows}
    assert len(rows) > 10 and len(ends) == 1


def test_ambiguous_patterns_raise_naming_the_codebook_in_use(tmp_path, good):
    data = copy.deepcopy(good)
    ids = [e["id"] for e in data["indicators"][-2:]]
    for ident in ids:
        _find(data, ident)["patterns"] = ["测试[甲乙]指标"]
    p = _write(tmp_path, data, "other_codebook.yaml")
    with pytest.raises(CmpError) as exc:
        map_label("测试甲指标", codebook=p)
    assert "matches the patterns of" in str(exc.value) and "other_codebook.yaml" in str(exc.value)
    assert map_label("测试丙指标", codebook=p) == ""


def test_an_edited_codebook_is_reloaded(tmp_path, good):
    import os

    data = copy.deepcopy(good)
    p = _write(tmp_path, data)
    assert map_label("彩票销售点测试名", codebook=p) == ""
    _find(data, "lottery.sales_outlets").setdefault("synonyms", []).append("彩票销售点测试名")
    p.write_text(yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.utime(p, (1, 2_000_000_000))
    assert map_label("彩票销售点测试名", codebook=p) == "lottery.sales_outlets"
