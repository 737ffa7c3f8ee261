"""One reading per fact: plans, fact groups, the preferred-reading rule, kept comparators, conflicts that fire."""

from __future__ import annotations

import pandas as pd
import pytest

from cmp.model import reconcile as rc
from cmp.model.tidy import make_row_id, to_frame

SHARE = "elderly_care.nursing_bed_share"
RATIO = "social_assistance.dibao_rural_urban_ratio"
DOCS = {"q.txt": {"period": "2021-2025", "doc_kind": "five_year_plan"},
        "a.txt": {"period": "2023", "doc_kind": "annual_plan"}}


def row(value, *, method="table", kind="target", year=2025, indicator=SHARE, raw=None, comparator="=", line=1,
        jurisdiction="qingchuan", doc="q.txt", plan="", **kw) -> dict:
    raw = raw if raw is not None else ("" if value is None else f"{value:g}")
    r = {"jurisdiction": jurisdiction, "doc": doc, "method": method, "label": "护理型床位占比", "indicator": indicator,
         "kind": kind, "year": year, "value": value, "unit": "%", "comparator": comparator if value is not None else "",
         "value_raw": raw, "value_text": raw, "line": line, "start": line * 10, "end": line * 10 + 2, "quote": raw,
         "plan": plan, **kw}
    r.setdefault("row_id", make_row_id(jurisdiction, method, indicator, kind, year, value, line, comparator))
    return r


def run(rows: list[dict]) -> pd.DataFrame:
    return rc.reconcile(to_frame(rows), DOCS).set_index("row_id")


def ids(rows):
    return [r["row_id"] for r in rows]


# ------------------------------------------------------------------------------------------------ preferred
def test_table_over_text_and_the_floor_from_the_text_is_kept():
    rows = [row(55, method="prose", raw="55", comparator=">=", line=2, value_text="不低于55%"), row(55, line=9)]
    out = run(rows)
    p, t = ids(rows)
    assert out.loc[t, "preferred"] and not out.loc[p, "preferred"]
    assert out.loc[t, "comparator"] == ">=" and "comparator_added" in out.loc[t, "flags"].split(";")
    assert f"from {p} (不低于55%)" in out.loc[t, "note"]
    assert out.loc[t, "fact_id"] == out.loc[p, "fact_id"] == "qingchuan:elderly_care.nursing_bed_share:2025:target"
    assert "conflict" not in out.loc[t, "flags"]


def test_a_disagreeing_comparator_reading_is_not_copied():
    rows = [row(60, method="prose", comparator=">=", line=2), row(55, line=9)]
    out = run(rows)
    assert out.loc[rows[1]["row_id"], "comparator"] == "="
    assert "conflict" in out.loc[rows[1]["row_id"], "flags"]


def test_text_over_derived_and_printed_over_derived():
    rows = [row(82.0, method="derived", kind="actual", year=2020, indicator=RATIO, line=1),
            row(82, method="prose", kind="actual", year=2020, indicator=RATIO, line=5)]
    out = run(rows)
    assert not out.loc[rows[0]["row_id"], "preferred"] and out.loc[rows[1]["row_id"], "preferred"]


def test_a_reading_with_a_number_beats_an_empty_cell_and_ties_go_to_the_first_by_place():
    rows = [row(None, line=1), row(60, method="prose", line=8), row(60, method="prose", line=4)]
    out = run(rows)
    assert out["preferred"].tolist() == [False, False, True]
    rows = [row(60, method="prose", line=8, start=5), row(60, method="prose", line=4, start=90)]
    assert run(rows)["preferred"].tolist() == [False, True]  # the line decides before the offset
    rows = [row(60, method="prose", line=4, start=90), row(60, method="prose", line=4, start=5)]
    assert run(rows)["preferred"].tolist() == [False, True]


def test_the_documents_own_plan_wins_a_tie():
    rows = [row(54, kind="actual", year=2020, line=1, plan="13th-fyp"),
            row(54, kind="baseline", year=2020, line=9, plan="14th-fyp")]
    out = run(rows)
    assert out["preferred"].tolist() == [False, True]


def test_baseline_and_actual_of_one_year_are_one_fact_targets_and_other_places_apart():
    rows = [row(54, kind="baseline", year=2020, plan="14th-fyp"),
            row(54, kind="actual", year=2020, method="prose", plan="13th-fyp"),
            row(39, kind="target", year=2020, plan="13th-fyp"),
            row(54, kind="actual", year=2020, jurisdiction="wutong", doc="w.txt"),
            row(54, kind="actual", year=2020, qualifier="农村"),
            row(54, kind="actual", year=2019)]
    out = run(rows)
    f = out["fact_id"].tolist()
    assert f[0] == f[1] == "qingchuan:elderly_care.nursing_bed_share:2020:reported"
    assert len(set(f)) == 5 and f[2].endswith(":target:13th-fyp") and f[4].endswith(":农村")
    assert out["preferred"].sum() == 5


def test_targets_of_two_plans_for_one_year_are_two_facts():
    rows = [row(39, year=2020, plan="13th-fyp"), row(45, year=2020, plan="14th-fyp", line=3)]
    out = run(rows)
    assert out["preferred"].all() and "conflict" not in ";".join(out["flags"])


def test_unmapped_rows_have_no_fact_and_stay_preferred():
    out = run([row(5, indicator=""), row(5, indicator="", line=2)])
    assert out["fact_id"].tolist() == ["", ""] and out["preferred"].all()


def test_values_and_row_count_never_change():
    rows = [row(55, method="prose", comparator=">=", line=2), row(55, line=9), row(64, line=3)]
    out = run(rows)
    assert len(out) == 3 and out["value"].tolist() == [55, 55, 64]


# ------------------------------------------------------------------------------------------------ conflicts
def _wuhan_ratio_readings():
    urban = row(830, method="prose", kind="actual", year=2020, indicator="social_assistance.dibao_urban_standard",
                row_id="u", raw="830")
    rural = row(680, method="prose", kind="actual", year=2020, indicator="social_assistance.dibao_rural_standard",
                row_id="r", raw="680")
    printed_ratio = row(1.22, method="prose", kind="actual", year=2020,
                        indicator="social_assistance.dibao_urban_rural_ratio", row_id="w", raw="1.22:1",
                        flags="ratio")
    from_standards = row(81.9, method="derived", kind="actual", year=2020, indicator=RATIO, row_id="d1",
                         derived_from="r;u", raw="")
    from_ratio = row(82.0, method="derived", kind="actual", year=2020, indicator=RATIO, row_id="d2",
                     derived_from="w", raw="")
    return [urban, rural, printed_ratio, from_standards, from_ratio]


def test_81_9_from_680_830_and_82_0_from_1_22_agree_within_rounding():
    out = run(_wuhan_ratio_readings())
    assert "conflict" not in out.loc["d1", "flags"] and "conflict" not in out.loc["d2", "flags"]
    assert out.loc["d1", "fact_id"] == out.loc["d2", "fact_id"]
    assert out.loc[["d1", "d2"], "preferred"].sum() == 1  # Wuhan's 2020 ratio is plotted once


def test_wuhan_2020_ratio_with_the_printed_table_value_is_one_point():
    rows = [*_wuhan_ratio_readings(), row(82, kind="baseline", year=2020, indicator=RATIO, row_id="t", line=40)]
    out = run(rows)
    ratio = out[out["indicator"] == RATIO]
    assert ratio["fact_id"].nunique() == 1 and ratio["preferred"].sum() == 1 and out.loc["t", "preferred"]
    assert not ratio["flags"].str.contains("conflict").any()


def test_54_vs_64_is_a_conflict_on_every_reading_derived_included():
    rows = [row(54, kind="actual", year=2020, row_id="a"), row(64, kind="baseline", year=2020, row_id="b", line=2),
            row(54.2, method="derived", kind="actual", year=2020, row_id="c", line=3)]
    out = run(rows)
    for rid in "abc":
        assert "conflict" in out.loc[rid, "flags"].split(";"), rid
    assert "disagrees with b=64, c=54.2" in out.loc["a", "note"]
    assert out["preferred"].sum() == 1  # still one preferred reading; the chart marks it disputed


@pytest.mark.parametrize(("a", "raw_a", "b", "raw_b", "conflict"), [
    (82, "82", 82.4, "82.4", False),    # 82 means 81.5..82.5
    (82, "82", 82.6, "82.6", True),
    (82.0, "82.0", 82.2, "82.2", True),   # printed to one decimal: ±0.05 each
    (82.0, "82.0", 82.1, "82.1", False),  # 82.05 rounds to both: they touch
    (82.0, "82.0", 82.05, "82.05", False),
    (61000, "6.1", 61400, "6.14", False),  # 6.1万 means 60,500..61,500
    (61000, "6.1", 62100, "6.21", True),
])
def test_agreement_is_judged_by_printed_precision(a, raw_a, b, raw_b, conflict):
    out = run([row(a, raw=raw_a, row_id="x"), row(b, raw=raw_b, row_id="y", method="prose", line=2)])
    assert ("conflict" in out.loc["x", "flags"]) is conflict


def test_tolerances():
    assert rc.printed_tolerance({"value": 82.0, "value_raw": "82"}) == 0.5
    assert rc.printed_tolerance({"value": 61000.0, "value_raw": "6.1"}) == pytest.approx(500)
    assert rc.printed_tolerance({"value": 1.5, "value_raw": ""}) == pytest.approx(0.05)
    by_id = {"w": {"flags": "ratio", "value_raw": "1.22:1", "value": 1.22}}
    d = {"method": "derived", "value": 82.0, "derived_from": "w"}
    assert rc.tolerance(d, by_id) == pytest.approx(82.0 * 0.005 / 1.22 + 0.05)


# ------------------------------------------------------------------------------------------------ plans
def test_plan_rules():
    assert rc.plan_named("第一章 “十三五”时期发展回顾 > 一、主要成就") == "13th-fyp"
    assert rc.plan_named("“十三五”回顾 > “十四五”目标") == "14th-fyp"  # the deepest heading wins
    assert rc.plan_named("主要指标") == ""
    assert rc.plan_of_year("target", 2025) == "14th-fyp" and rc.plan_of_year("target", 2020) == "13th-fyp"
    assert rc.plan_of_year("baseline", 2020) == "14th-fyp" and rc.plan_of_year("baseline", 2015) == "13th-fyp"
    assert rc.plan_of_year("baseline", 2016) == "13th-fyp" and rc.plan_of_year("baseline", 2030) == ""
    assert rc.plan_of_year("actual", 2020) == "13th-fyp" and rc.plan_of_year("actual", 2021) == "14th-fyp"
    assert rc.plan_of_year("target", None) == ""
    assert rc.document_plan({"period": "2023"}) == "annual-2023"
    assert rc.document_plan({"period": "2021-2025"}) == "14th-fyp" and rc.document_plan({}) == ""


def test_assign_plans_caption_section_annual_and_derived():
    rows = [row(54, method="derived", kind="actual", year=2020, derived_from="cap2", row_id="der"),
            row(54, method="derived", kind="actual", year=2020, derived_from="gone", row_id="der2"),
            row(54, doc="unknown.txt", kind="target", year=2025, row_id="nodoc"),
            row(54, kind="actual", year=2020, table="T1", row_id="cap"),
            row(54, kind="actual", year=2020, table="T2", row_id="cap2"),
            row(60, method="prose", section="第三章 “十四五”目标", kind="actual", year=2020, row_id="sec"),
            row(60, method="prose", doc="a.txt", year=2023, row_id="ann"),
            row(54, method="prose", kind="actual", year=2020, row_id="year"),
            row(54, plan="13th-fyp", row_id="kept")]
    captions = {("q.txt", "T1"): "表1 “十三五”时期主要指标执行情况", ("q.txt", "T2"): "表2 “十四五”时期主要指标"}
    out = rc.assign_plans(to_frame(rows), DOCS, captions).set_index("row_id")["plan"]
    assert out.to_dict() == {"der": "14th-fyp", "der2": "13th-fyp", "nodoc": "14th-fyp", "cap": "13th-fyp",
                             "cap2": "14th-fyp", "sec": "14th-fyp", "ann": "annual-2023", "year": "13th-fyp",
                             "kept": "13th-fyp"}


def test_helpers_for_charts():
    rows = [row(55, method="prose", line=2, row_id="p"), row(55, line=9, row_id="t")]
    out = rc.reconcile(to_frame(rows), DOCS)
    assert rc.preferred_only(out)["row_id"].tolist() == ["t"]
    assert rc.other_sources(out) == {"qingchuan:elderly_care.nursing_bed_share:2025:target": ["p"]}


def test_a_caption_names_the_plan_before_the_section():
    rows = [row(54, kind="actual", year=2020, table="T1", section="第三章 “十四五”目标", row_id="both")]
    captions = {("q.txt", "T1"): "“十三五”时期主要指标完成情况"}
    assert rc.assign_plans(to_frame(rows), DOCS, captions)["plan"].tolist() == ["13th-fyp"]


def test_a_preferred_floor_is_not_replaced_by_a_ceiling():
    rows = [row(55, comparator=">=", row_id="t"), row(55, method="prose", comparator="<=", line=3, row_id="p")]
    out = run(rows)
    assert out.loc["t", "comparator"] == ">=" and "comparator_added" not in out.loc["t", "flags"]


def test_a_mapped_row_without_a_year_has_no_fact():
    out = run([row(55, year=None, row_id="n")])
    assert out.loc["n", "fact_id"] == "" and out.loc["n", "preferred"]


def test_tolerance_of_a_zero_and_of_a_derived_share():
    assert rc.printed_tolerance({"value": 0.0, "value_raw": "0"}) == 0.5
    by_id = {"n": {"flags": "", "value_raw": "1.4", "value": 14000.0},
             "d": {"flags": "", "value_raw": "6.4", "value": 64000.0}}
    share = {"method": "derived", "value": 21.9, "derived_from": "n;d"}
    assert rc.tolerance(share, by_id) == pytest.approx(21.9 * (0.05 / 1.4 + 0.05 / 6.4) + 0.05)
    assert rc.tolerance({"method": "derived", "value": 21.9, "derived_from": "gone"}, by_id) == pytest.approx(0.05)
