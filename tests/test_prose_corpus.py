"""Whole documents and long inputs through the prose reader: every row of the five real plans is traceable and
passes the tidy schema, real sentences read in their documents, and hostile input is read in linear time.

Kept apart from tests/test_prose.py (made-up sentences, one rule each) because these read the corpus and take
seconds: benchmarks/mutation.yaml runs only the fast rule-level files against the prose reader's mutants.
"""

from __future__ import annotations

import time

import pytest

from cmp.extract.prose import extract_prose
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import load_documents
from cmp.model.schema import validate
from cmp.model.tidy import COLUMNS, KINDS, make_row_id, to_frame

from .conftest import RAW
from .test_prose import extract, one


@pytest.fixture(scope="module")
def docs():
    return {d.jurisdiction: d for d in load_documents(RAW)}


@pytest.fixture(scope="module")
def real(docs):
    return {j: extract_prose(d, normalize(d.text)) for j, d in docs.items()}


# --------------------------------------------------------------------------------------------------------------
# Every row of every real document is traceable
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("jurisdiction", ["chifeng", "wuhan", "tongzhou", "jining", "xincheng"])
def test_every_row_is_traceable(docs, real, jurisdiction):
    doc, rows = docs[jurisdiction], real[jurisdiction]
    nt = normalize(doc.text)
    assert rows, f"no prose figures found in {jurisdiction}"
    for r in rows:
        assert set(r) <= set(COLUMNS) - {"row_id"}
        assert {"label", "kind", "year", "value", "quote", "start", "end", "line"} <= set(r)
        assert r["quote"] == doc.text[r["start"]:r["end"]]
        assert r["line"] == nt.line_of(r["start"])
        assert r["label"] and r["label"] in doc.text.split("\n")[r["line"] - 1]
        assert r["value_text"].endswith(r["quote"]) and r["value_text"] in doc.text
        assert r["method"] == "prose" and r["table"] == "" and r["indicator"] == "" and r["attribute"] == ""
        assert r["kind"] in KINDS
        assert r["jurisdiction"] == jurisdiction and r["doc"] == doc.file
        assert r["value"] is not None or (r["value_low"] is not None and r["value_high"] is not None)
        assert r["comparator"] in ("=", ">=", "<=", "")
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    frame = to_frame(rows)
    assert len(frame) == len(rows) and list(frame.columns) == list(COLUMNS)


def test_no_years_dates_codes_or_age_conditions_in_real_rows(real):
    for rows in real.values():
        for r in rows:
            assert r["unit"] not in ("年", "月", "日", "号"), r
            # an age is a value only when the text sets it (年龄…延长至18周岁), never when it defines a group
            assert r["unit"] != "岁" or "年龄" in r["label"], r
            assert not (1990 <= (r["value"] or 0) <= 2035 and r["unit"] == ""), r
            assert r["value_raw"] not in ("12345", "12349", "9001", "37276", "50763")


# --------------------------------------------------------------------------------------------------------------
# Real sentences, checked in the real documents
# --------------------------------------------------------------------------------------------------------------


def test_wuhan_urban_rural_dibao_pair(real):
    # “十三五”末城乡低保标准分别为每人每月830元、680元,相比“十二五”末,分别增长43.1%和112.5%
    rows = [r for r in real["wuhan"] if r["line"] == 29]
    urban, rural = one(rows, "830元"), one(rows, "680元")
    for r, q, v in ((urban, "城市", 830), (rural, "农村", 680)):
        assert (r["label"], r["qualifier"], r["value"], r["unit"]) == ("城乡低保标准", q, v, "元/人/月")
        assert (r["kind"], r["year"], r["comparator"]) == ("actual", 2020, "=")
        assert "year_assumed" not in r["flags"] and "multi_value" in r["flags"]
    assert urban["value_text"] == "每人每月830元"
    growth = one(rows, "112.5%")
    assert (growth["label"], growth["qualifier"], growth["kind"], growth["year"]) == (
        "城乡低保标准", "农村", "actual", 2020)
    assert "growth rate" in growth["note"] and "vs 2015" in growth["note"] and "label_from_context" in growth["flags"]


def test_wuhan_ratio_from_2015_to_2020(real):
    # 城乡低保标准比由2015年的1.81:1缩小为2020年的1.22:1
    rows = [r for r in real["wuhan"] if r["line"] == 29]
    before, after = one(rows, "1.81:1"), one(rows, "1.22:1")
    assert (before["label"], before["kind"], before["year"], before["value"]) == (
        "城乡低保标准比", "baseline", 2015, 1.81)
    assert (after["label"], after["kind"], after["year"], after["value"]) == ("城乡低保标准比", "actual", 2020, 1.22)
    assert before["unit"] == after["unit"] == "ratio"


def test_jining_from_twelfth_to_thirteenth_plan(real):
    # 城乡低保平均标准由“十二五”末的每人每月503元、295元提高到“十三五”末的719元、537元
    rows = [r for r in real["jining"] if r["line"] == 12]
    expect = {"503元": ("城市", "baseline", 2015), "295元": ("农村", "baseline", 2015),
              "719元": ("城市", "actual", 2020), "537元": ("农村", "actual", 2020)}
    for quote, (qualifier, kind, year) in expect.items():
        r = one(rows, quote)
        assert (r["label"], r["qualifier"], r["kind"], r["year"]) == ("城乡低保平均标准", qualifier, kind, year)
        assert r["unit"] == "元/人/月" and r["value"] == float(quote[:-1])
        assert "year_assumed" not in r["flags"]


def test_jining_orphan_allowances_three_way(real):
    # 机构孤儿、社会散居孤儿、重点困境儿童生活费标准分别提高到每人每月1760元、1400元、980元
    rows = [r for r in real["jining"] if r["line"] == 20]
    got = [(one(rows, q)["qualifier"], one(rows, q)["value"]) for q in ("1760元", "1400元", "980元")]
    assert got == [("机构孤儿", 1760), ("社会散居孤儿", 1400), ("重点困境儿童", 980)]
    labels = {one(rows, q)["label"] for q in ("1760元", "1400元", "980元")}
    assert labels == {"机构孤儿、社会散居孤儿、重点困境儿童生活费标准"}


def test_jining_distributive_targets(real):
    # “十四五”期间,社会组织数量年均增长率保持在5%以上,社工人才年均增加1000人以上,注册志愿者年均增加5万人以上,
    # 分别达到5000家、10000人、170万人。
    rows = [r for r in real["jining"] if r["line"] == 230]
    growth = one(rows, "5%以上")
    assert (growth["label"], growth["comparator"], growth["kind"], growth["year"]) == (
        "社会组织数量年均增长率", ">=", "target", 2025)
    volunteers = one(rows, "5万人以上")
    assert (volunteers["value"], volunteers["unit"], volunteers["comparator"]) == (50000, "人", ">=")
    assert [(one(rows, q)["label"], one(rows, q)["value"]) for q in ("5000家", "10000人", "170万人")] == [
        ("社会组织数量", 5000), ("社工人才", 10000), ("注册志愿者", 1_700_000)]


def test_chifeng_growth_pairs_and_bed_targets(real):
    rows = real["chifeng"]
    # “十三五”期间…城乡低保保障标准年均增长9.9%和11.7%
    urban, rural = one(rows, "9.9%"), one(rows, "11.7%")
    assert (urban["qualifier"], rural["qualifier"]) == ("城市", "农村")
    assert urban["label"] == "城乡低保保障标准年均增长" and "growth rate" in urban["note"]
    assert (urban["kind"], urban["year"]) == ("actual", 2020)
    # 到2025年,全市养老机构护理型床位占比不低于55%。
    r = one(rows, "55%")
    assert (r["label"], r["kind"], r["year"], r["comparator"], r["value"]) == (
        "全市养老机构护理型床位占比", "target", 2025, ">=", 55)
    assert r["value_text"] == "不低于55%"
    # 全市养老床位达到2.9万张,每千名老年人拥有床位35.6张 (under 第一节主要成就: actual, year from the section)
    beds = one(rows, "2.9万张")
    assert (beds["value"], beds["unit"], beds["unit_raw"], beds["kind"], beds["year"]) == (
        29000, "张", "万张", "actual", 2020)
    assert "year_assumed" in beds["flags"]
    per_k = one(rows, "35.6张")
    assert per_k["label"] == "每千名老年人拥有床位" and "per 1,000 older people" in per_k["note"]


def test_chifeng_deadlines_give_their_own_year(real):
    rows = real["chifeng"]
    # 2022年底前,培训社会工作专业人才300人次以上,到2025年,培训社会工作专业人才1200人次以上。
    early, late = one(rows, "300人次以上"), one(rows, "1200人次以上")
    assert (early["year"], early["kind"], early["comparator"]) == (2022, "target", ">=")
    assert (late["year"], late["kind"]) == (2025, "target")
    assert early["label"] == "培训社会工作专业人才"


def test_tongzhou_family_beds_two_deadlines(real):
    # 家庭养老床位到2022年力争达到300张,2025年力争达到500张。
    rows = [r for r in real["tongzhou"] if r["line"] == 427]
    a, b = one(rows, "300张"), one(rows, "500张")
    assert (a["label"], a["year"], a["kind"]) == ("家庭养老床位", 2022, "target")
    assert (b["label"], b["year"], b["kind"]) == ("家庭养老床位", 2025, "target")


def test_tongzhou_dibao_from_2016_to_2019(real):
    # 城乡低保由2016年月人均800元提高至2019年月人均1100元
    rows = [r for r in real["tongzhou"] if r["line"] == 54]
    a, b = one(rows, "800元"), one(rows, "1100元")
    assert (a["label"], a["kind"], a["year"], a["unit"]) == ("城乡低保", "baseline", 2016, "元/人/月")
    assert (b["label"], b["kind"], b["year"], b["unit"]) == ("城乡低保", "actual", 2019, "元/人/月")


def test_xincheng_traditional_labels_and_duplicate_block(docs, real):
    doc, rows = docs["xincheng"], real["xincheng"]
    nt = normalize(doc.text)
    dup = nt.duplicate_line_numbers()
    assert dup and not [r for r in rows if r["line"] in dup]  # the repeated page is read once
    assert all("duplicate_source" in r["flags"] for r in rows)  # every figure sits in the repeated block
    # 各養老機構護理型床位占比達到60%以上。 (annual plan for 2023, no year printed)
    r = one(rows, "60%以上")
    assert r["label"] == "各養老機構護理型床位占比"
    assert (r["kind"], r["year"], r["comparator"]) == ("target", 2023, ">=")
    assert "year_assumed" in r["flags"] and r["category"] == "养老服务方面"
    # 到2023年底,實現村級養老服務設施覆蓋率達到100%。
    cov = one(rows, "100%")
    assert cov["label"] == "村級養老服務設施覆蓋率" and cov["year"] == 2023 and "year_assumed" not in cov["flags"]
    # 社工人才總數占全區常住人口的2‰
    assert one(rows, "2‰")["unit"] == "‰"
    # 呼政辦發〔2023〕2號, 70-79周歲, 每月10日前 are not figures
    assert not [r for r in rows if r["unit"] in ("岁", "号", "日")]


def test_xincheng_row_count_not_doubled(docs, real):
    once = [r for r in real["xincheng"] if r["quote"] == "485張"]
    assert len(once) == 1



@pytest.mark.parametrize("jurisdiction", ["chifeng", "wuhan", "tongzhou", "jining", "xincheng"])
def test_rows_pass_the_tidy_schema(docs, real, jurisdiction):
    rows = [{**r, "row_id": make_row_id(r["jurisdiction"], "prose", i)} for i, r in enumerate(real[jurisdiction])]
    frame = validate(to_frame(rows), {docs[jurisdiction].file: docs[jurisdiction].text})
    assert frame["year"].notna().all() and len(frame) == len(rows)



def test_hostile_text_is_read_in_linear_time():
    """A 20,000-digit run and a long run-on paragraph: bounded time, growing with the text, not its square."""
    t0 = time.perf_counter()
    rows = extract("全市养老床位达到" + "1" * 20000 + "张。")
    assert time.perf_counter() - t0 < 20  # a hang guard (quadratic reading takes minutes), not a speed target
    assert [r["value_text"] for r in rows] == ["1" * 20000 + "张"] and rows[0]["value"] is None
    assert "implausible_magnitude" in rows[0]["flags"]
    para = "“十三五”期间,全市建成养老机构12家,城乡低保标准分别达到每人每月900元、700元,"

    def seconds(n: int) -> float:
        t = time.perf_counter()
        out = extract(para * n)
        assert len(out) == 3 * n
        return time.perf_counter() - t

    small, large = seconds(100), seconds(1000)
    assert large < 30 * max(small, 0.01)  # 10x the text: well under the 100x of a quadratic reader
