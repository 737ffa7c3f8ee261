"""Codebook rules on a tiny made-up codebook: label keys, validation errors (exact messages and lines),
matching order, the cache, and the table helpers. Fast: nothing here loads the real 80 kB codebook."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cmp.errors import CmpError
from cmp.model import codebook as cb
from cmp.model.codebook import (
    REQUIRED_IDS,
    canonical_unit_of,
    change_unit,
    indicator_info,
    label_key,
    load_codebook,
    map_label,
    map_rows,
    unit_family,
    unmapped,
    unmapped_ok,
    valid_ids,
)

# libyaml's emitter when PyYAML has it: the same YAML, ~20x faster than the pure-Python one on the codebook
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_UNITS = {
    "social_assistance.dibao_urban_standard": ("元/人/月", "none", "urban"),
    "social_assistance.dibao_rural_standard": ("元/人/月", "none", "rural"),
    "social_assistance.dibao_rural_urban_ratio": ("%", "urban dibao standard", "jurisdiction"),
    "elderly_care.beds_total": ("张", "none", "jurisdiction"),
    "elderly_care.nursing_beds": ("张", "none", "jurisdiction"),
    "elderly_care.nursing_bed_share": ("%", "beds in elderly-care institutions", "institutions"),
    "elderly_care.beds_per_1000_elderly": ("张", "1,000 elderly", "jurisdiction"),
    "elderly_care.beds_per_1000_residents": ("张", "1,000 residents", "jurisdiction"),
    "social_work.professionals_total": ("人", "none", "jurisdiction"),
    "social_work.professionals_per_1000_residents": ("‰", "1,000 residents", "jurisdiction"),
    "community.service_facility_area_per_100_households": ("㎡", "100 households", "jurisdiction"),
}


def _ind(ident: str, unit: str, denominator: str = "none", scope: str = "jurisdiction", **extra) -> dict:
    return {"id": ident, "name_zh": f"测{ident[-4:]}", "name_en": f"Test {ident}", "domain": ident.split(".")[0],
            "unit": unit, "denominator": denominator, "scope": scope, "direction": "higher_is_better",
            "definition": f"Made-up {ident}.", **extra}


def _tiny() -> dict:
    """The required ids, each with one made-up synonym, plus two lottery entries used by the rules below."""
    inds = [_ind(i, *v) for i, v in _UNITS.items()]
    by = {e["id"]: e for e in inds}
    by["elderly_care.beds_total"].update(synonyms=["甲床位"], equivalent_units=["个"])
    by["elderly_care.nursing_beds"]["synonyms"] = ["乙床位"]
    by["social_assistance.dibao_urban_standard"]["conditional"] = [{"label": "丙低保标准", "qualifier": "城市"}]
    by["social_assistance.dibao_rural_standard"]["conditional"] = [{"label": "丙低保标准", "qualifier": "农村"}]
    inds.append(_ind("lottery.outlets", "个", synonyms=["丁网点"], patterns=["戊.+网点"]))
    inds.append(_ind("lottery.sales", "元", conditional=[{"label": "丁网点", "unit": "元"}]))
    return {"version": 1, "indicators": inds,
            "unmapped_ok": [{"label": "某中心", "reason": "one facility"}, "某工程", {"label": "某站"}]}


def _write(tmp_path: Path, data: dict, name: str = "cb.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def _find(data: dict, ident: str) -> dict:
    return next(e for e in data["indicators"] if e["id"] == ident)


def _error(tmp_path: Path, data: dict) -> CmpError:
    p = _write(tmp_path, data)
    with pytest.raises(CmpError) as exc:
        load_codebook(p)
    assert exc.value.path == str(p.resolve())
    return exc.value


@pytest.fixture
def book(tmp_path) -> Path:
    return _write(tmp_path, _tiny())


# ------------------------------------------------------------------------------------------ label keys and units
@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("养老床位(万张)", "养老床位"),
        ("城市低保标准(元/人/月)", "城市低保标准"),
        ("城市低保标准(元/人·月)", "城市低保标准"),
        ("养老床位(试点)", "养老床位(试点)"),  # not a unit: kept
        ("(%)", "(%)"),  # the unit is the whole label: kept
        ("养老床位（％）", "养老床位"),  # full-width folded first
        ("*养老 床位", "养老床位"),
        ("“养老床位”", "养老床位"),
        ("養老床位", "养老床位"),
        ("全市养老床位", "养老床位"),
        ("全市各养老床位", "养老床位"),  # two leading passes
        ("各类床位", "各类床位"),
        ("全市床位", "床位"),
        ("全市床", "全市床"),  # fewer than two characters would remain
        ("十三五末养老床位", "养老床位"),
        ("养老床位十四五末", "养老床位"),
        ("低保标准由", "低保标准"),
        ("低保标准提高每人每月至", "低保标准"),
        (None, ""),
        (float("nan"), ""),
        (12, "12"),
    ],
)
def test_label_key_rules(label, key):
    assert label_key(label) == key


def test_only_a_missing_cell_is_an_empty_label_or_unit():
    """None and NaN are no label and no unit; any other number is text like the rest (a cell read as 12.5)."""
    assert label_key(None) == "" and label_key(float("nan")) == ""
    assert label_key(12.5) == label_key("12.5") == "12.5"
    assert canonical_unit_of(2.0) == "2.0"


def test_canonical_unit_of_and_families():
    assert canonical_unit_of(" 万张 ") == "张"
    assert canonical_unit_of("平方米") == "㎡"
    assert canonical_unit_of("元/人·月") == "元/人/月"
    assert canonical_unit_of("furlong") == "furlong"  # unknown: unchanged
    assert canonical_unit_of("万") == "万"  # a scale without a unit: unchanged
    assert canonical_unit_of(None) == "" and canonical_unit_of(float("nan")) == "" and canonical_unit_of("  ") == ""
    assert unit_family("人次") == "people" and unit_family("人") == "people"
    assert unit_family("元/月") == "money_rate" and unit_family("元") == "money"
    assert unit_family("furlong") == "furlong"
    assert change_unit("%") == "百分点/年" and change_unit("‰") == "千分点/年" and change_unit("张") == "%/年"


# ------------------------------------------------------------------------------------------ a valid tiny codebook
def test_tiny_codebook_loads_as_a_frame(book):
    frame = load_codebook(book)
    assert list(frame.columns) == cb.CODEBOOK_COLUMNS
    assert len(frame) == len(REQUIRED_IDS) + 2
    row = frame.set_index("id").loc["elderly_care.beds_total"]
    assert row["unit"] == "张" and row["synonyms"] == ["甲床位"] and row["equivalent_units"] == ["个"]
    assert row["name_en"] == "Test elderly_care.beds_total" and row["patterns"] == []
    assert frame.set_index("id").loc["lottery.outlets", "patterns"] == ["戊.+网点"]
    assert frame.set_index("id").loc["lottery.sales", "conditional"] == [{"label": "丁网点", "unit": "元"}]
    frame.loc[0, "id"] = "changed"  # a copy: the cached frame is untouched
    assert load_codebook(book).loc[0, "id"] == "social_assistance.dibao_urban_standard"


def test_fields_are_stripped_and_synonyms_keyed(tmp_path):
    data = _tiny()
    _find(data, "lottery.outlets").update(name_zh="  网点数 ", synonyms=["全市 “丁网点”(个)"])
    row = load_codebook(_write(tmp_path, data)).set_index("id").loc["lottery.outlets"]
    assert row["name_zh"] == "网点数" and row["synonyms"] == ["丁网点"]


def test_unmapped_ok_keys_and_reasons(book):
    assert unmapped_ok(book) == {"某中心": "one facility", "某工程": "", "某站": ""}
    unmapped_ok(book)["x"] = "y"  # a copy
    assert "x" not in unmapped_ok(book)


# ------------------------------------------------------------------------------------------ matching
@pytest.mark.parametrize(
    ("label", "qualifier", "unit", "expected"),
    [
        ("甲床位", "", "", "elderly_care.beds_total"),
        ("甲床位(万张)", "", "", "elderly_care.beds_total"),
        ("甲床位", "", "万张", "elderly_care.beds_total"),
        ("甲床位", "", "个", "elderly_care.beds_total"),  # an equivalent unit
        ("甲床位", "", "%", ""),  # another family: never a count of beds
        ("乙床位", "", "张", "elderly_care.nursing_beds"),
        ("丙低保标准", "城市", "元/月", "social_assistance.dibao_urban_standard"),
        ("丙低保标准", "城市", "元", ""),  # money is not a monthly rate
        ("丙低保标准", "农村", "元/人/月", "social_assistance.dibao_rural_standard"),
        ("丙低保标准", "城市", "%", ""),  # conditional on a qualifier still needs the unit family
        ("丙低保标准", "", "元", ""),  # no qualifier: no condition holds
        ("丁网点", "", "元", "lottery.sales"),  # the conditional on a unit wins over the synonym
        ("丁网点", "", "个", "lottery.outlets"),
        ("丁网点", "", "", "lottery.outlets"),  # the unit condition needs that exact unit
        ("戊彩票网点", "", "个", "lottery.outlets"),  # a pattern
        ("戊彩票网点", "", "人", ""),
        ("戊网点", "", "", ""),  # fullmatch: .+ needs a character
        ("", "", "", ""),
        ("己床位", "", "", ""),
    ],
)
def test_matching_order_and_units(book, label, qualifier, unit, expected):
    assert map_label(label, qualifier, unit, codebook=book) == expected


def test_a_synonym_whose_unit_does_not_fit_falls_to_a_pattern(tmp_path):
    data = _tiny()
    _find(data, "lottery.sales")["patterns"] = ["丁网.+"]
    _find(data, "lottery.sales")["synonyms"] = ["丁网x"]
    _find(data, "lottery.outlets")["synonyms"] = ["丁网点"]
    # 丁网点 is a synonym of outlets (个) and caught by sales' pattern: refused on load
    err = _error(tmp_path, data)
    assert str(err).endswith(
        "indicator lottery.sales: a pattern also matches '丁网点', a synonym of lottery.outlets; narrow the pattern")


def test_a_pattern_matching_its_own_synonym_is_fine(tmp_path):
    data = _tiny()
    _find(data, "lottery.outlets")["synonyms"] = ["戊甲网点"]
    p = _write(tmp_path, data)
    assert map_label("戊甲网点", codebook=p) == "lottery.outlets"


def test_ambiguous_patterns_raise_naming_both_ids_and_the_file(tmp_path):
    data = _tiny()
    _find(data, "lottery.sales")["patterns"] = ["戊.+网点"]
    p = _write(tmp_path, data, "my_book.yaml")
    with pytest.raises(CmpError) as exc:
        map_label("戊彩票网点", codebook=p)
    assert str(exc.value) == (f"{p.resolve()}: label '戊彩票网点' matches the patterns of lottery.outlets, "
                              "lottery.sales; narrow the codebook patterns")
    assert map_label("戊彩票网点", unit="元", codebook=p) == "lottery.sales"  # the unit settles it
    assert map_label("戊彩票网点", unit="个", codebook=p) == "lottery.outlets"


def test_an_edited_codebook_is_reloaded_and_relative_paths_share_the_cache(tmp_path, monkeypatch):
    data = _tiny()
    p = _write(tmp_path, data)
    assert map_label("庚网点", codebook=p) == ""
    _find(data, "lottery.outlets")["synonyms"].append("庚网点")
    _write(tmp_path, data)
    os.utime(p, (1, 2_000_000_000))
    assert map_label("庚网点", codebook=p) == "lottery.outlets"
    monkeypatch.chdir(tmp_path)
    assert map_label("庚网点", codebook="cb.yaml") == "lottery.outlets"


def test_map_rows_fills_only_empty_cells(book):
    df = pd.DataFrame({"label": ["甲床位", "甲床位", "乙床位", None, "丙低保标准"],
                       "qualifier": ["", "", "", "", "城市"], "unit": ["张", "张", "张", "", None],
                       "indicator": ["", "kept.id", None, "", " "]})
    out = map_rows(df, codebook=book)
    assert list(out["indicator"]) == ["elderly_care.beds_total", "kept.id", "elderly_care.nursing_beds", "",
                                      "social_assistance.dibao_urban_standard"]
    assert str(out["indicator"].dtype) == "string"
    assert list(df["indicator"].fillna("?")) == ["", "kept.id", "?", "", " "]  # the input is not changed
    with pytest.raises(CmpError, match=r"^map_rows: the frame lacks column\(s\) qualifier, unit; expected a tidy"):
        map_rows(df[["label", "indicator"]], codebook=book)


def test_unmapped_counts_groups_and_sorts(book):
    df = pd.DataFrame({
        "label": ["辛指标", "壬指标", "辛指标", "某中心", "甲床位", "癸指标", "  ", "辛指标", None],
        "qualifier": [""] * 9,
        "unit": ["个", "", "%", "", "张", "", "", "个", ""],
        "indicator": [""] * 9,
        "jurisdiction": ["乙市", "甲市", "甲市", "甲市", "甲市", "甲市", "甲市", "乙市", "甲市"],
        "method": ["table", "prose", "prose", "table", "table", "derived", "table", "table", "table"],
    })
    out = unmapped(df, codebook=book)
    assert list(out.columns) == ["label", "count", "jurisdictions", "methods", "units"]
    assert out.to_dict("records") == [
        {"label": "辛指标", "count": 3, "jurisdictions": "乙市, 甲市", "methods": "prose, table", "units": "%, 个"},
        {"label": "壬指标", "count": 1, "jurisdictions": "甲市", "methods": "prose", "units": "-"},
    ]
    every = unmapped(df, include_ok=True, codebook=book)
    assert list(every["label"]) == ["辛指标", "壬指标", "某中心"]
    empty = unmapped(df[df["label"] == "甲床位"], codebook=book)
    assert empty.empty and list(empty.columns) == ["label", "count", "jurisdictions", "methods", "units"]
    with pytest.raises(CmpError, match=r"unmapped: the frame lacks column\(s\) jurisdiction, method"):
        unmapped(df.drop(columns=["jurisdiction", "method"]), codebook=book)


def test_unmapped_skips_a_missing_label_in_an_object_column(book):
    """A label cell that is None or NaN in a plain object column (not a tidy frame) is no label: never listed as
    'None' or 'nan'."""
    df = pd.DataFrame({"label": pd.Series([None, float("nan"), "辛指标"], dtype=object), "qualifier": [""] * 3,
                       "unit": [""] * 3, "indicator": [""] * 3, "jurisdiction": ["甲市"] * 3,
                       "method": ["table"] * 3})
    out = unmapped(df, codebook=book)
    assert out[["label", "count"]].to_dict("records") == [{"label": "辛指标", "count": 1}]


def test_indicator_info_and_valid_ids(book):
    info = indicator_info("elderly_care.beds_total", codebook=book)
    assert info["id"] == "elderly_care.beds_total" and info["unit"] == "张" and info["synonyms"] == ["甲床位"]
    ch = indicator_info("social_work.professionals_per_1000_residents.avg_annual_change", codebook=book)
    assert ch["id"] == "social_work.professionals_per_1000_residents.avg_annual_change"
    assert ch["name_zh"] == "测ents年均变化(推算)"
    assert ch["name_en"] == "Test social_work.professionals_per_1000_residents: average annual change (derived)"
    assert ch["unit"] == "千分点/年" and ch["denominator"] == "per year"
    assert ch["definition"] == ("Average annual change implied by a document's baseline and target of: "
                                "Made-up social_work.professionals_per_1000_residents.")
    assert ch["synonyms"] == [] and ch["patterns"] == [] and ch["conditional"] == [] and ch["equivalent_units"] == []
    assert ch["scope"] == "jurisdiction" and ch["domain"] == "social_work"
    for base in ("elderly_care.beds_total", "social_assistance.dibao_urban_standard", "lottery.outlets"):
        ch = indicator_info(base + ".avg_annual_change", codebook=book)  # the base's mapping rules do not carry over
        assert (ch["synonyms"], ch["patterns"], ch["conditional"], ch["equivalent_units"]) == ([], [], [], [])
        assert indicator_info(base, codebook=book)["id"] == base
    assert indicator_info("lottery.outlets.avg_annual_change", codebook=book)["unit"] == "%/年"
    for bad in ("nope.nothing", "nope.nothing.avg_annual_change"):
        with pytest.raises(CmpError, match="unknown indicator id"):
            indicator_info(bad, codebook=book)
    ids = valid_ids(codebook=book)
    assert len(ids) == 2 * (len(REQUIRED_IDS) + 2)
    assert ids[0] == "social_assistance.dibao_urban_standard"
    assert ids[len(REQUIRED_IDS) + 2] == "social_assistance.dibao_urban_standard.avg_annual_change"


def test_print_codebook_on_a_tiny_book(book, capsys):
    cb.print_codebook("lottery", codebook=book)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("== lottery: ") and out[0].endswith("(2 indicators / 项指标)")
    assert any(line.split()[:2] == ["lottery.outlets", "测lets"] and " 个 " in line for line in out)
    assert out[-1].startswith(f"{len(REQUIRED_IDS) + 2} indicators in cb.yaml; derived changes: <id>.avg_annual")
    cb.print_codebook("funeral", codebook=book)
    assert "(no indicators in this domain yet / 暂无)" in capsys.readouterr().out
    cb.print_codebook(codebook=book)
    everything = capsys.readouterr().out
    assert "== funeral" not in everything and "== elderly_care" in everything
    assert "张 per 1,000 elderly" in everything and "张 per none" not in everything
    with pytest.raises(CmpError, match="unknown domain 'gambling'; valid domains: social_assistance, "):
        cb.print_codebook("gambling", codebook=book)


def test_format_columns_pads_a_right_aligned_last_column():
    assert cb.format_columns([["a", "7"], ["床位", "123"]], "<>") == ["a       7", "床位  123"]
    assert cb.format_columns([["7", "a"], ["123", "床位"]], "><") == ["  7  a", "123  床位"]


def test_print_codebook_exact_lines(book, capsys):
    cb.print_codebook("lottery", codebook=book)
    assert capsys.readouterr().out.splitlines() == [
        "== lottery: Welfare lottery / 福利彩票 (2 indicators / 项指标)",
        "  id               名称    unit 单位  scope 范围    name",
        "  lottery.outlets  测lets  个         jurisdiction  Test lottery.outlets",
        "  lottery.sales    测ales  元         jurisdiction  Test lottery.sales",
        "",
        "13 indicators in cb.yaml; derived changes: <id>.avg_annual_change; definitions: "
        "cmp.model.codebook.indicator_info(id)",
    ]
    cb.print_codebook("funeral", codebook=book)
    assert capsys.readouterr().out.splitlines()[:2] == [
        "== funeral: Funeral services / 殡葬服务 (0 indicators / 项指标)",
        "   (no indicators in this domain yet / 暂无)",
    ]


def _tidy(rows: list[dict]):
    from cmp.model.tidy import to_frame

    base = {"doc": "x.txt", "kind": "target", "year": 2025, "value": 1.0, "comparator": "=", "line": 1, "start": 0,
            "end": 1, "quote": "1"}
    return to_frame([{**base, "row_id": f"r{i}", **r} for i, r in enumerate(rows)])


def test_print_unmapped_exact_lines(tmp_path, capsys):
    rows = [{"jurisdiction": "青川市", "method": "table", "label": "某新指标甲", "unit": "个"},
            {"jurisdiction": "梧桐区", "method": "prose", "label": "某新指标甲", "unit": ""},
            {"jurisdiction": "梧桐区", "method": "table", "label": "某乙", "unit": "张"},
            {"jurisdiction": "梧桐区", "method": "table", "label": "殡仪馆", "unit": ""},  # in the real unmapped_ok
            {"jurisdiction": "梧桐区", "method": "derived", "label": "推算乙", "unit": ""}]
    _tidy(rows).to_csv(tmp_path / "indicators.csv", index=False)
    cb.print_unmapped(tmp_path)
    assert capsys.readouterr().out.splitlines() == [
        "4 printed rows; 2 label(s) unmapped / 未映射指标名称 (1 more deliberately unmapped: unmapped_ok in "
        "codebook.yaml)",
        "count  label 指标名称  jurisdictions · methods · units",
        "    2  某新指标甲      梧桐区, 青川市 · prose, table · -, 个",
        "    1  某乙            梧桐区 · table · 张",
    ]
    _tidy(rows[3:]).to_csv(tmp_path / "indicators.csv", index=False)
    cb.print_unmapped(tmp_path)
    assert capsys.readouterr().out.splitlines() == [
        "1 printed rows; 0 label(s) unmapped / 未映射指标名称 (1 more deliberately unmapped: unmapped_ok in "
        "codebook.yaml)",
        "every label is mapped or deliberately unmapped / 全部已映射",
    ]


def test_ratio_unit_prints_as_ratio(tmp_path, capsys):
    data = _tiny()
    data["indicators"].append(_ind("lottery.odds", ""))
    cb.print_codebook("lottery", codebook=_write(tmp_path, data))
    assert any(line.split()[:3] == ["lottery.odds", "测odds", "ratio"] for line in capsys.readouterr().out.splitlines())


# ------------------------------------------------------------------------------------------ broken codebooks
def _msg(err: CmpError) -> str:
    return str(err).split(": ", 1)[1]


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda d: _find(d, "lottery.outlets").pop("definition"),
         "indicator lottery.outlets: missing required field(s) definition; every indicator needs id, name_zh, "
         "name_en, domain, unit, denominator, scope, direction, definition (unit may be \"\")"),
        (lambda d: _find(d, "lottery.outlets").update(name_zh="  ", unit=None),
         "indicator lottery.outlets: missing required field(s) name_zh, unit; every indicator needs"),
        (lambda d: _find(d, "lottery.outlets").pop("id"), "indicator entry 12: missing required field(s) id;"),
        (lambda d: _find(d, "lottery.outlets").update(zeta=1, alpha=2),
         "indicator lottery.outlets: unknown field(s) alpha, zeta; allowed: id, name_zh, name_en, domain, unit, "
         "denominator, scope, direction, definition, synonyms, patterns, conditional, equivalent_units, notes"),
        (lambda d: _find(d, "lottery.outlets").update(id="lottery.Outlets"),
         "indicator lottery.Outlets: id must be snake_case 'domain.name' (e.g. elderly_care.nursing_bed_share)"),
        (lambda d: _find(d, "lottery.outlets").update(id="lottery.outlets.x"), "id must be snake_case"),
        (lambda d: _find(d, "lottery.outlets").update(id="lottery"), "id must be snake_case"),
        (lambda d: _find(d, "lottery.sales").update(id="lottery.outlets"),
         "indicator lottery.outlets: id is used twice; ids must be unique"),
        (lambda d: _find(d, "lottery.outlets").update(domain="gambling"),
         "indicator lottery.outlets: domain 'gambling' is not allowed; expected one of social_assistance, "
         "elderly_care, social_work"),
        (lambda d: _find(d, "lottery.outlets").update(domain="funeral"),
         "indicator lottery.outlets: id prefix 'lottery' differs from its domain 'funeral'"),
        (lambda d: _find(d, "lottery.outlets").update(denominator="dogs"),
         "indicator lottery.outlets: denominator 'dogs' is not a code of vocab.yaml denominators; expected one of "
         "none, "),
        (lambda d: _find(d, "lottery.outlets").update(scope="citywide"),
         "indicator lottery.outlets: scope 'citywide' is not a code of vocab.yaml scopes; expected one of "
         "jurisdiction, urban, rural, institutions, per_unit (add new ones to vocab.yaml with en and zh)"),
        (lambda d: _find(d, "lottery.outlets").update(direction="up"),
         "indicator lottery.outlets: direction 'up' is not allowed; expected one of higher_is_better, "
         "lower_is_better, neutral"),
        (lambda d: _find(d, "lottery.outlets").update(unit="万个"),
         "indicator lottery.outlets: unit '万个' is not canonical; write '个'"),
        (lambda d: _find(d, "lottery.outlets").update(synonyms="丁网点"),
         "indicator lottery.outlets: synonyms must be a list"),
        (lambda d: _find(d, "lottery.outlets").update(patterns="戊.+"),
         "indicator lottery.outlets: patterns must be a list"),
        (lambda d: _find(d, "lottery.outlets").update(conditional={"label": "x"}),
         "indicator lottery.outlets: conditional must be a list"),
        (lambda d: _find(d, "lottery.outlets").update(equivalent_units="家"),
         "indicator lottery.outlets: equivalent_units must be a list"),
        (lambda d: _find(d, "lottery.outlets").update(patterns=["(unclosed"]),
         "indicator lottery.outlets: pattern '(unclosed' is not a valid regex (missing ), unterminated subpattern"),
        (lambda d: _find(d, "lottery.outlets").update(synonyms=["丁网点", " "]),
         "indicator lottery.outlets: empty synonym"),
        (lambda d: _find(d, "lottery.outlets")["synonyms"].append("甲床位"),
         "indicator lottery.outlets: synonym '甲床位' is already claimed by elderly_care.beds_total; "
         "a label maps to one id"),
        (lambda d: _find(d, "lottery.outlets").update(conditional=[{"label": "x"}]),
         "indicator lottery.outlets: each conditional entry needs a label and a qualifier and/or unit, "
         "got {'label': 'x'}"),
        (lambda d: _find(d, "lottery.outlets").update(conditional=[{"qualifier": "城市"}]),
         "each conditional entry needs a label"),
        (lambda d: _find(d, "lottery.outlets").update(conditional=["x"]), "each conditional entry needs a label"),
        (lambda d: _find(d, "lottery.outlets").update(conditional=[{"label": "丙低保标准", "unit": "元/月"}]),
         "indicator lottery.outlets: conditional label '丙低保标准' (qualifier '', unit '元/月') overlaps "
         "social_assistance.dibao_urban_standard (qualifier '城市', unit ''); conditions on one label must exclude "
         "each other"),
        (lambda d: _find(d, "lottery.outlets").update(conditional=[{"label": "丙低保标准", "qualifier": "城市",
                                                                      "unit": "个"}]),
         "overlaps social_assistance.dibao_urban_standard"),
        (lambda d: _find(d, "lottery.outlets").update(conditional=[{"label": "丁网点", "unit": "万元"}]),
         "indicator lottery.sales: conditional label '丁网点' (qualifier '', unit '元') overlaps lottery.outlets "
         "(qualifier '', unit '元')"),
        (lambda d: _find(d, "lottery.outlets").update(conditional=[{"label": "丁网点", "qualifier": "城市"}]),
         "indicator lottery.sales: conditional label '丁网点' (qualifier '', unit '元') overlaps lottery.outlets "
         "(qualifier '城市', unit '')"),
        (lambda d: d["indicators"].remove(_find(d, "elderly_care.nursing_beds")),
         "required indicator id(s) missing: elderly_care.nursing_beds"),
        (lambda d: [d["indicators"].remove(_find(d, i)) for i in ("social_work.professionals_total",
                                                                   "elderly_care.beds_total")],
         "required indicator id(s) missing: elderly_care.beds_total, social_work.professionals_total"),
        (lambda d: d["unmapped_ok"].append({"label": "甲床位(万张)"}),
         "unmapped_ok label '甲床位' maps to elderly_care.beds_total; remove it from one list"),
        (lambda d: d["unmapped_ok"].append("戊某网点"), "unmapped_ok label '戊某网点' maps to lottery.outlets"),
        (lambda d: d["unmapped_ok"].append({"reason": "no label"}),
         "unmapped_ok entry {'reason': 'no label'} needs a label"),
        (lambda d: d["unmapped_ok"].append(""), "unmapped_ok entry '' needs a label"),
    ],
)
def test_a_broken_codebook_gives_the_exact_error(tmp_path, break_it, message):
    data = _tiny()
    break_it(data)
    err = _error(tmp_path, data)
    assert message in _msg(err)
    text = (tmp_path / "cb.yaml").read_text(encoding="utf-8")
    if _msg(err).startswith("indicator entry "):
        assert err.line == cb._entry_lines(text)[int(_msg(err).split()[2].rstrip(":")) - 1]
    elif _msg(err).startswith("indicator "):  # an entry's own problem names the entry's line
        ident = _msg(err).split()[1].rstrip(":")
        lines = text.split("\n")
        assert err.line == max(i for i, ln in enumerate(lines, 1) if ln == f"- id: {ident}")
    else:  # a problem of the whole codebook has no one line
        assert err.line is None


def test_conditions_that_exclude_each_other_load(tmp_path):
    data = _tiny()
    _find(data, "lottery.outlets")["conditional"] = [
        {"label": "丙低保标准", "qualifier": "县城", "unit": "个"},  # another qualifier
        {"label": "丁网点", "unit": "个"},  # same label as lottery.sales' condition, another unit
        {"label": "丁网点", "unit": "个"},  # the same id twice is no conflict
    ]
    p = _write(tmp_path, data)
    assert map_label("丁网点", unit="个", codebook=p) == "lottery.outlets"
    assert map_label("丙低保标准", "县城", "个", codebook=p) == "lottery.outlets"
    assert map_label("丙低保标准", "县城", "家", codebook=p) == ""  # a unit condition needs that exact unit
    assert map_label("丙低保标准", "城市", "元/月", codebook=p) == "social_assistance.dibao_urban_standard"
    data2 = _tiny()
    _find(data2, "lottery.outlets")["unit"] = " 个 "  # canonical once stripped
    _find(data2, "lottery.outlets")["synonyms"] = ["丁网点", "丁网点"]  # repeated in one entry: fine
    assert map_label("丁网点", codebook=_write(tmp_path, data2, "b.yaml")) == "lottery.outlets"


def test_errors_name_the_line_of_the_entry(tmp_path):
    data = _tiny()
    _find(data, "lottery.sales").update(direction="up")
    err = _error(tmp_path, data)
    lines = _write(tmp_path, data).read_text(encoding="utf-8").split("\n")
    assert lines[err.line - 1] == "- id: lottery.sales"
    data["indicators"].append("just a string")
    err = _error(tmp_path, _tiny() | {"indicators": [*_tiny()["indicators"], "just a string"]})
    assert _msg(err) == "indicator entry 14 is not a mapping of fields"
    text = _write(tmp_path, _tiny() | {"indicators": [*_tiny()["indicators"], "just a string"]}).read_text("utf-8")
    assert text.split("\n")[err.line - 1] == "- just a string"


def test_unreadable_codebooks(tmp_path):
    absent = tmp_path / "absent.yaml"
    with pytest.raises(CmpError) as exc:
        load_codebook(absent)
    assert str(exc.value) == (f"{absent.resolve()}: codebook not found; expected a YAML file with 'indicators' "
                              "and 'unmapped_ok'")
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nindicators:\n  - id: [\n", encoding="utf-8")
    with pytest.raises(CmpError) as exc:
        load_codebook(bad)
    assert exc.value.line is not None and exc.value.line >= 3
    assert _msg(exc.value).startswith("not valid YAML: ")
    assert str(exc.value).startswith(f"{bad.resolve()}:{exc.value.line}: ")  # the file in use, and its line
    for text in ("- a\n- b\n", "indicators: {a: 1}\n", "version: 1\n"):
        bad.write_text(text, encoding="utf-8")
        os.utime(bad, (1, 1_000_000_000 + len(text)))
        with pytest.raises(CmpError) as exc:
            load_codebook(bad)
        assert _msg(exc.value) == "codebook must be a mapping with a list under 'indicators'"
        assert str(exc.value).startswith(f"{bad.resolve()}: ")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("indicators: []\n# caf\u00e9\n".encode("latin-1"))
    with pytest.raises(CmpError) as exc:
        load_codebook(latin)
    assert str(exc.value) == f"{latin}: codebook is not valid UTF-8 (byte offset 20); expected a UTF-8 YAML file"


def test_entry_lines():
    text = "version: 1\nindicators:\n  - id: a\n    unit: x\n  - id: b\n"
    assert cb._entry_lines(text) == [3, 5]
    assert cb._entry_lines("indicators: {a: 1}\n") == []
    assert cb._entry_lines("- a\n") == []
    assert cb._entry_lines("a: [\n") == []
    assert cb._entry_lines("other: [1]\nindicators:\n- x\n") == [3]


def test_validate_without_lines(tmp_path):
    data = copy.deepcopy(_tiny())
    _find(data, "lottery.outlets").update(direction="up")
    with pytest.raises(CmpError) as exc:
        cb._validate(data, [], tmp_path / "x.yaml")
    assert exc.value.line is None and exc.value.path == str(tmp_path / "x.yaml")
