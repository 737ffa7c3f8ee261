"""Reading rules of issue 10 drawn from pending set de and blind sets dg-dh (every place and number here is
invented: 青川市, 梧桐区). Rows of a label and then figures one space apart (a web table copied as text), under a
header whose upper words group the lower ones; group lines between rows; a slash header; spread letters."""

from __future__ import annotations

import pytest

from cmp.extract.table_layouts import header_role
from tests.test_rules_reads5 import REPORT, table_rows  # (each quote checked against the text)

pytestmark = pytest.mark.usefixtures("fresh_table_caches")

# ------------------------------------------------------------------ single-space rows under a stacked header
APPLICANTS = ("三、收到和处理来访登记情况\n"
              "来访者情况\n"
              "个人 单位或组织 合计\n"
              "企业 学校 协会组织 其他\n"
              "一、本年新收登记数量 21 3 0 2 1 27\n"
              "二、上年转来登记数量 4 0 1 0 0 5\n"
              "三、本年办理结果 （一）当场答复 12 2 0 1 0 15\n"
              "（二）转交处理 1.转交街道 3 0 0 0 1 4\n"
              "2.转交部门 2 1 1 0 0 4\n"
              "（三）其他 5 0 0 1 0 6\n"
              "四、转入下年办理 3 0 0 0 0 3\n"
              "四、其他需要说明的事项\n")


def test_rows_of_figures_one_space_apart_under_a_stacked_header_read_every_cell():
    rows = table_rows(APPLICANTS, REPORT, "category", "label", "qualifier", "kind", "year", "value", "flags")
    assert len(rows) == 7 * 6
    first = [r for r in rows if r[1] == "一、本年新收登记数量"]
    assert [r[5] for r in first] == [21, 3, 0, 2, 1, 27]
    # (the upper word over the lower ones is told by the head noun it shares with one of them, 单位或组织 over
    # 协会组织; 合计 never has parts; a span so inferred is flagged)
    assert [r[2] for r in first] == ["个人", "单位或组织 企业", "单位或组织 学校", "单位或组织 协会组织",
                                     "单位或组织 其他", "合计"]
    assert all(r[3:5] == ("actual", 2024) for r in rows)
    assert all("header_span_inferred" in r[6] for r in rows)


def test_a_numbered_label_carries_down_the_higher_levels_printed_once_on_its_groups_first_row():
    rows = table_rows(APPLICANTS, REPORT, "category", "label", "value")
    cats = {r[1]: r[0] for r in rows}
    assert cats["三、本年办理结果 （一）当场答复"] == ""
    assert cats["（二）转交处理 1.转交街道"] == "三、本年办理结果"
    assert cats["2.转交部门"] == "三、本年办理结果 (二)转交处理"
    assert cats["（三）其他"] == "三、本年办理结果"
    assert cats["四、转入下年办理"] == ""


def test_a_row_with_another_count_of_figures_ends_the_single_space_table():
    text = APPLICANTS.replace("2.转交部门 2 1 1 0 0 4", "2.转交部门 2 1 1 0 4")
    rows = table_rows(text, REPORT, "label", "method")
    assert {r[0] for r in rows} >= {"一、本年新收登记数量", "（二）转交处理 1.转交街道"}
    assert "（三）其他" not in {r[0] for r in rows}


UNIT_COLUMN = ("梧桐区民政统计数据（2024年12月）\n"
               "指标名称 单位 本年累计/期末数 上年同期 同比(%)\n"
               "一、民政事业费支出 万元 12,480.6 11,902.3 4.9\n"
               "二、社会救助\n"
               "（一）城市低保\n"
               "A 城市低保人数 人 2,315 2,460 -5.9\n"
               "B 城市低保标准 元/人·月 880 845 4.1\n"
               "三、养老服务\n"
               "养老机构床位 张 4,026 3,870 4.0\n"
               "注：带*的为累计数。\n")


def test_a_unit_column_group_lines_and_thousands_in_a_single_space_table():
    rows = table_rows(UNIT_COLUMN, REPORT, "category", "label", "kind", "year", "value", "unit", "quote")
    got = {(r[1], r[3]): r for r in rows if r[5] != "%"}
    assert len(rows) == 12
    assert got[("一、民政事业费支出", 2024)][4:6] == (124806000.0, "元")
    assert got[("A 城市低保人数", 2024)][0] == "二、社会救助 (一)城市低保"
    assert got[("A 城市低保人数", 2023)][4:7] == (2460.0, "人", "2,460")
    assert got[("养老机构床位", 2024)][0] == "三、养老服务"
    growth = [r for r in rows if r[5] == "%"]
    assert {r[3] for r in growth} == {2024} and len(growth) == 4


def test_a_slash_between_two_words_of_one_column_takes_the_first_words_role():
    col = header_role("本年累计/期末数")
    assert col is not None and col.role == "value" and col.year_offset == 0 and col.header == "本年累计/期末数"
    assert header_role("城市/期末数") is None or header_role("城市/期末数").role != "value" \
        or header_role("城市/期末数").year_offset is None


def test_figures_with_a_thousands_space_in_a_table_of_wide_gaps_are_not_split():
    text = ("表1　2023年各片区养老床位\n"
            "片区　　老年人口（人）　　床位（张）　　每千人床位（张）\n"
            "东片　　52 410　　3 216　　61.4\n"
            "西片　　47 860　　2 580　　53.9\n"
            "南片　　44 130　　2 906　　65.9\n")
    rows = table_rows(text, REPORT, "label", "value")
    assert not any(r[1] in (52.0, 410.0, 3.0, 216.0) for r in rows)


# -------------------------------------------------------------- group lines, spread letters in spaced tables
STATS = ("指标名称                  计量单位    本期数      上年同期数  增减（％）\n"
         "一、社会救助\n"
         "（一）城市低保\n"
         "  户数                    户            1,812      1,947      -6.9\n"
         "  人数                    人            3,265      3,483      -6.3\n"
         "（二）农村低保\n"
         "  人数                    人            9,736      9,902      -1.7\n")


def test_two_group_lines_one_under_the_other_before_the_first_row_of_a_spaced_table():
    rows = table_rows(STATS, REPORT, "category", "label", "kind", "year", "value")
    assert len(rows) == 9
    assert ("(一)城市低保", "户数", "actual", 2024, 1812.0) in rows
    assert ("(二)农村低保", "人数", "actual", 2023, 9902.0) in rows


def test_a_first_row_whose_label_letters_are_spread_under_a_stacked_spaced_header():
    text = ("                          机 构 数    床 位 数      年末在院\n"
            "  机  构  类  别          （个）      （张）        人 数（人）\n"
            "合    计                     312        24,560        13,417\n"
            "养老机构                     280        22,140        12,305\n"
            "儿童福利机构                  12         1,120           416\n")
    rows = table_rows(text, REPORT, "label", "qualifier", "value")
    assert len(rows) == 9
    assert ("合    计", "床位数", 24560.0) in rows or ("合计", "床位数", 24560.0) in rows
    assert {r[0] for r in rows if r[2] == 416.0} == {"儿童福利机构"}


def test_full_width_digits_grouped_by_full_width_commas_are_one_number_with_its_raw_quote():
    from cmp.ingest.normalize import normalize

    nt = normalize("城市低保户数　５，８１２户，农村３２，４０９户；名单3，5号")
    assert "5812户" in nt.text and "32409户" in nt.text
    assert "3,5号" in nt.text  # (ASCII digits either side of ，: two numbers, as before)
    text = ("指标名称            计量单位    本期数      上年同期数\n"
            "城市低保户数        户          ５，８１２  ６，０４７\n"
            "农村低保户数        户         ３２，４０９ ３３，１１８\n")
    rows = table_rows(text, REPORT, "label", "year", "value", "quote")
    assert ("城市低保户数", 2024, 5812.0, "５，８１２") in rows
    assert ("农村低保户数", 2023, 33118.0, "３３，１１８") in rows and len(rows) == 4


def test_a_column_named_as_a_part_of_the_one_before_it_keeps_its_name_as_the_qualifier():
    text = ("表2　2024年梧桐区分街道救助对象（单位：人）\n\n"
            "| 街　道 | 低保对象 | 特困人员 | 其中：集中供养 |\n"
            "|:---|---:|---:|---:|\n"
            "| 东街 | 1,418 | 212 | 91 |\n"
            "| 西街 | 975 | 189 | 64 |\n"
            "| 合计 | 2,393 | 401 | 155 |\n")
    rows = table_rows(text, REPORT, "label", "qualifier", "kind", "year", "value")
    assert len(rows) == 9
    assert ("东街", "其中:集中供养", "actual", 2024, 91.0) in rows
    assert ("合计", "特困人员", "actual", 2024, 401.0) in rows


MIDTERM = {"jurisdiction": "青川市", "file": "qc.txt", "doc_kind": "five_year_plan", "period": "2021-2025",
           "published": "2023-10-20"}


def test_a_total_column_beside_years_is_the_sum_up_to_the_latest_year_and_sources_name_the_rows():
    text = ("表2　2021—2023年青川市养老服务资金投入情况\n单位：万元\n\n"
            "资金来源\t2021年\t2022年\t2023年\t合计\n"
            "中央预算内投资\t310\t450\t280\t1040\n"
            "市级财政资金\t512\t576\t634\t1722\n")
    rows = table_rows(text, MIDTERM, "label", "qualifier", "kind", "year", "value", "flags")
    assert len(rows) == 8
    total = [r for r in rows if r[4] == 10400000.0]
    assert len(total) == 1 and total[0][2:4] == ("actual", 2023) and "year_assumed" in total[0][5]
    assert ("中央预算内投资", "", "actual", 2021, 3100000.0) in [r[:5] for r in rows]


def test_a_year_with_the_date_it_is_counted_to_in_parentheses_is_that_years_row():
    col = header_role("2023年（8月底）")
    assert col is not None and (col.kind, col.year, col.part_year) == ("actual", 2023, True)
    assert header_role("2023年（某某）") is None
    text = ("表2　青川市养老服务主要指标年度进展\n\n"
            "年    份          养老床位    护理型床位\n"
            "                  （张）      （张）\n"
            "2020年（基期）    3420        1310\n"
            "2022年            3615        1790\n"
            "2023年（8月底）   3680        1985\n"
            "2025年（目标）    4000        2200\n")
    rows = table_rows(text, MIDTERM, "label", "kind", "year", "value")
    assert ("养老床位(张)", "actual", 2023, 3680.0) in rows or ("养老床位（张）", "actual", 2023, 3680.0) in rows
    assert len([r for r in rows if r[3] is not None]) == 8


def test_the_letters_of_the_rows_word_spread_on_a_line_of_units_are_one_word():
    text = ("表3　2021—2023年青川市婚姻登记主要指标\n\n"
            "              结婚登记    离婚登记    火 化 率\n"
            "　年　　份    （对）      （对）      　（%）\n\n"
            "　2021           4125       1236        71.2\n"
            "　2022           3874       1102        72.5\n"
            "　2023           3519        947        74.1\n")
    rows = table_rows(text, REPORT, "label", "kind", "year", "value")
    assert len(rows) == 9
    assert ("结婚登记(对)", "actual", 2022, 3874.0) in rows or ("结婚登记（对）", "actual", 2022, 3874.0) in rows
    assert {r[2] for r in rows if r[0].startswith("火化率")} == {2021, 2022, 2023}


LOTTERY = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "statistical_bulletin", "period": "2024",
           "published": "2025-03-01"}


def test_allocated_and_spent_columns_beside_a_column_of_fund_sources_in_a_notice_of_the_years_use():
    text = ("表1　梧桐区2024年度公益金资助项目明细表\n（金额单位：万元）\n\n"
            "| 序号 | 项目名称 | 资金来源 | 安排金额 | 已支出金额 | 执行率 | 备注 |\n"
            "| 一、养老类 | 小计 |  | 210.50 | 188.30 | 89.5% |  |\n"
            "| 1 | 社区养老驿站运营补助 | 区本级 | 120.00 | 110.40 | 92.0% |  |\n"
            "| 2 | 助餐点改造 | 市级 | 90.50 | 77.90 | 86.1% | 按进度拨付 |\n")
    rows = table_rows(text, LOTTERY, "label", "qualifier", "kind", "year", "value", "unit")
    got = {(r[0], r[4]): r for r in rows}
    assert got[("社区养老驿站运营补助", 1200000.0)][2:4] == ("actual", 2024)
    assert got[("社区养老驿站运营补助", 1104000.0)][2:4] == ("actual", 2024)
    assert ("助餐点改造", 86.1) in got
    assert not any(r[4] is not None and r[4] < 100 and r[5] == "元" for r in rows)  # (no 区本级 read, no 万元 lost)


def test_the_unit_note_after_the_office_that_compiles_the_form_is_the_tables_unit():
    text = ("一般公共预算财政拨款支出决算表\n"
            "编制单位：梧桐区民政局                 2024年度                 单位：万元\n"
            "科目名称                        决算数\n"
            "社会福利                        612.45\n"
            "最低生活保障                    1,386.20\n")
    rows = table_rows(text, LOTTERY, "label", "value", "unit")
    assert ("社会福利", 6124500.0, "元") in rows and ("最低生活保障", 13862000.0, "元") in rows


SUMMARY = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "work_report", "period": "2025",
           "published": "2026-01-09"}


def test_a_change_word_after_a_bare_year_in_a_single_space_header_is_a_column_of_its_own():
    text = ("2024年、2025年主要民政业务数据对比\n"
            "项目 单位 2024年 2025年 增减\n"
            "城市低保对象人数 人 2316 2104 -9.2%\n"
            "养老床位 张 3468 3712 +7.0%\n"
            "护理型床位占比 % 61.3 66.8 +5.5个百分点\n")
    rows = table_rows(text, SUMMARY, "label", "kind", "year", "value", "unit", "flags")
    got = {(r[0], r[2], r[4]): r for r in rows}
    assert got[("城市低保对象人数", 2024, "人")][1:4] == ("actual", 2024, 2316.0)
    assert got[("城市低保对象人数", 2025, "人")][3] == 2104.0
    assert got[("城市低保对象人数", 2025, "%")][3] == -9.2


def test_one_measure_and_its_growth_over_rows_of_years_is_a_transposed_table():
    text = ("表2\t“十四五”期间区本级民政资金投入情况\n"
            "年度\t投入资金（万元）\t比上年增长（%）\n"
            "2021年\t17260\t—\n"
            "2022年\t18420\t6.7\n"
            "2023年\t19380\t5.2\n")
    rows = table_rows(text, SUMMARY, "label", "kind", "year", "value", "unit", "flags")
    money = sorted((r[2], r[3]) for r in rows if r[4] == "元")
    assert money == [(2021, 172600000.0), (2022, 184200000.0), (2023, 193800000.0)]
    rates = [r for r in rows if r[4] == "%" and r[3] is not None]
    assert sorted((r[2], r[3]) for r in rates) == [(2022, 6.7), (2023, 5.2)]
    assert all("growth_rate" in r[5] for r in rates)


def test_the_reports_own_year_after_an_earlier_one_is_an_actual_beside_next_years_target():
    text = ("表一　梧桐区2024年至2026年主要业务统计及目标\n"
            "| 项目 | 单位 | 2024年 | 2025年 | 2026年目标值 |\n"
            "|---|---|---|---|---|\n"
            "| 低收入户 | 户 | 2148 | 2093 | — |\n"
            "| 急难救助 | 人次 | 938 | 1024 | 1100 |\n")
    rows = table_rows(text, SUMMARY, "label", "kind", "year", "value")
    assert ("低收入户", "actual", 2025, 2093.0) in rows and ("急难救助", "actual", 2024, 938.0) in rows
    assert ("急难救助", "target", 2026, 1100.0) in rows


def test_telephone_numbers_after_township_names_are_no_list_of_figures():
    text = ("各乡镇社会事务办公室联系电话：\n"
            "东坪镇：0745-3321608\n西口乡：0745-3352014\n南塘镇：0745-3367219\n北岭乡：13907451234\n")
    assert table_rows(text, REPORT, "label", "value") == []
    figures = "城市低保对象：3721人\n农村低保对象：15830人\n特困人员：2214人\n"
    assert [r[1] for r in table_rows(figures, REPORT, "label", "value")] == [3721.0, 15830.0, 2214.0]


def test_the_stacked_header_table_printed_one_cell_per_line_splits_its_words_at_the_total():
    lines = ["三、收到和处理来访登记情况", "",  "来访者情况", "个人", "单位或组织", "合计",
             "企业", "学校", "协会组织", "其他",
             "一、本年新收登记数量", "21", "3", "0", "2", "1", "27",
             "二、本年办理结果", "（一）当场答复", "12", "2", "0", "1", "0", "15",
             "（二）转交处理", "4", "1", "0", "1", "1", "7",
             "三、转入下年办理", "5", "0", "0", "0", "0", "5",
             "注：各类均为0的行次未列出。"]
    rows = table_rows("\n".join(lines) + "\n", REPORT, "category", "label", "qualifier", "value", "flags")
    assert len(rows) == 4 * 6
    first = [r for r in rows if r[1] == "一、本年新收登记数量"]
    assert [(r[2], r[3]) for r in first] == [("个人", 21), ("单位或组织 企业", 3), ("单位或组织 学校", 0),
                                             ("单位或组织 协会组织", 2), ("单位或组织 其他", 1), ("合计", 27)]
    assert {r[0] for r in rows if r[1] == "（二）转交处理"} == {"二、本年办理结果"}
    assert all("header_span_inferred" in r[4] for r in rows)


def test_header_words_one_per_line_that_split_into_levels_two_ways_give_no_reading():
    lines = ["表1　孤儿基本生活保障最低标准", "单位：元/人·月", "地区类别", "孤儿", "困境儿童", "集中养育", "社会散居",
             "一类地区", "2050", "1580", "1580", "二类地区", "1900", "1450", "1450",
             "三类地区", "1780", "1350", "1350"]
    rows = table_rows("\n".join(lines) + "\n", REPORT, "label", "qualifier", "value")
    # (孤儿 may hold 集中养育 and 社会散居, or 困境儿童 hold 社会散居 alone: no column is named by a guess)
    assert not any(r[1] in ("困境儿童", "集中养育", "社会散居") and r[0] != "一类地区" for r in rows)
    assert not any(r[0] == "社会散居" for r in rows)


NEWS_NOV = {"jurisdiction": "临河县", "file": "lh.txt", "doc_kind": "news_report", "period": "2023",
            "published": "2023-11-08"}


def test_a_table_dated_by_its_caption_to_a_day_gone_holds_actuals_and_a_rowspan_total_is_no_groups():
    text = ("　　全县养老机构分布情况如下：\n"
            "　　全县养老机构基本情况（截至2023年9月底）\n"
            "| 性质 | 类别 | 机构数（家） | 床位数（张） |\n"
            "| --- | --- | --- | --- |\n"
            "| 公办 | 乡镇敬老院 | 9 | 720 |\n"
            "| 县福利中心 | 1 | 260 |\n"
            "| 民办 | 民办养老机构 | 5 | 810 |\n"
            "| 合计 | 15 | 1790 |\n")
    rows = table_rows(text, NEWS_NOV, "category", "label", "qualifier", "kind", "year", "value")
    assert ("公办", "县福利中心", "床位数", "actual", 2023, 260.0) in rows
    assert ("民办", "民办养老机构", "机构数", "actual", 2023, 5.0) in rows
    assert ("", "合计", "床位数", "actual", 2023, 1790.0) in rows
    undated = text.replace("（截至2023年9月底）", "")
    # (the same table undated, in a news item of its own year: as before)
    assert {r[0] for r in table_rows(undated, NEWS_NOV, "kind", "value")} == {"target"}


def test_a_sites_advice_on_screen_resolution_after_its_phone_number_is_a_footer_line():
    from cmp.ingest.normalize import normalize

    raw = ("城市低保标准提高到每人每月860元。\n"
           "联系电话：0798-6200000    建议使用1366×768分辨率、IE10以上浏览器浏览本站\n")
    n = normalize(raw)
    assert n.noise_lines == {2: "footer"} and "768" not in n.text and "860元" in n.text


def test_a_new_standard_and_its_rise_in_a_notice_filed_as_the_years_plan_are_in_force_that_year():
    notice = {"jurisdiction": "青川市", "file": "qc.txt", "doc_kind": "annual_plan", "period": "2024",
              "published": "2023-12-14"}
    lines = ["补贴类别", "补贴对象", "原标准", "（元/人·月）", "调整后标准", "（元/人·月）", "每月增加", "（元）",
             "生活补贴", "低保家庭中的一级残疾人", "95", "120", "25", "低保家庭中的三级残疾人", "80", "100", "20",
             "护理补贴", "一级残疾人", "110", "140", "30"]
    rows = table_rows("\n".join(lines) + "\n", notice, "label", "kind", "year", "value")
    assert ("低保家庭中的一级残疾人", "baseline", 2023, 95.0) in rows
    assert ("低保家庭中的一级残疾人", "actual", 2024, 120.0) in rows
    assert ("低保家庭中的一级残疾人", "actual", 2024, 25.0) in rows


def test_two_ruled_tables_with_the_same_header_are_two_tables_not_a_page_saved_twice():
    rule = "──────────────────────────────┬────────────┬──────────────┬────────────────┬────────────────"
    head = (f"┌{rule}┐\n"
            "│ 指标名称                     │ 单位       │ 本季         │ 累计           │ 同比(%)        │\n"
            f"├{rule.replace('┬', '┼')}┤\n")
    end = f"└{rule.replace('┬', '┴')}┘\n"
    text = ("表1  社会组织和婚姻登记情况\n\n" + head
            + "│   结婚登记                   │ 对         │       41,856 │        149,320 │           -9.6 │\n" + end
            + "\n注：本季为7-9月。\n\n表2  殡葬服务情况\n\n" + head
            + "│   火化遗体                   │ 具         │       78,430 │        256,118 │           -2.6 │\n" + end)
    rows = table_rows(text, REPORT, "label", "value")
    assert ("火化遗体", 78430.0) in rows and ("结婚登记", 41856.0) in rows and len(rows) == 6
    from cmp.ingest.normalize import find_duplicate_blocks

    para = [f"　　第{n}段：全区城乡低保对象保持稳定，保障标准逐年提高，资金发放及时足额，动态管理持续规范。" * 2
            for n in "一二三"]
    blocks = find_duplicate_blocks([*para, "另一段。", *para])  # (a passage saved twice is still found)
    assert [(b.first_start, b.start, b.end) for b in blocks] == [(1, 5, 7)]


def test_a_first_header_cell_ending_in_a_field_word_names_the_rows():
    text = ("表2\t2023年末社会团体和社会服务机构按行业领域分布\n"
            "行业领域\t社会团体（个）\t社会服务机构（个）\n"
            "合计\t2631\t4108\n教育\t186\t1893\n社会服务\t412\t812\n")
    rows = table_rows(text, REPORT, "label", "qualifier", "value")
    assert ("教育", "社会服务机构", 1893.0) in rows and len(rows) == 6


def test_a_task_column_named_over_the_plan_period_holds_its_targets_in_phrases():
    from tests.test_rules_reads5 import PLAN

    text = ("┌──────────────────────────────────────────────────────────┐\n"
            "│               专栏2  养老服务人才培养工程                    │\n"
            "├──────────────────────┬───────────────────────────────────┤\n"
            "│         项目         │      目标任务（2021—2025年）      │\n"
            "├──────────────────────┼───────────────────────────────────┤\n"
            "│养老护理员培训        │累计培训4000人次以上               │\n"
            "├──────────────────────┼───────────────────────────────────┤\n"
            "│机构负责人轮训        │累计轮训260人次                    │\n"
            "└──────────────────────┴───────────────────────────────────┘\n")
    rows = table_rows(text, PLAN, "method", "kind", "year", "value")
    assert ("table", "target", 2025, 4000.0) in rows and ("table", "target", 2025, 260.0) in rows
    assert not any(r[1] != "target" for r in rows)


def test_a_figure_marked_for_a_note_that_dates_it_takes_the_notes_year():
    from tests.test_rules_reads5 import PLAN

    text = ("表1  主要指标中期完成情况\n"
            "序号  指标名称                      2020年    2025年    2022年\n"
            "                                    基期      目标      完成\n"
            "1     农村社区服务设施覆盖率（%）   31.6      50        48.4①\n"
            "2     遗体火化率（%）               61.8      70        66.9\n"
            "注：①为2021年底数据，2022年数据待年报核定。\n")
    rows = table_rows(text, {**PLAN, "published": "2023-03-01"}, "label", "kind", "year", "value", "flags")
    marked = next(r for r in rows if r[3] == 48.4)
    assert marked[1:3] == ("actual", 2021) and "year_from_note" in marked[4]
    assert next(r for r in rows if r[3] == 66.9)[1:3] == ("actual", 2022)


def test_rows_of_years_one_cell_per_line_are_never_read_as_rows_named_by_a_year():
    from tests.test_rules_reads5 import PLAN

    lines = ["年份", "城市低保标准", "农村低保标准", "护理型床位占比",
             "2020年", "680", "520", "41.2", "2021年", "705", "548", "45.8", "2022年", "730", "575", "50.3"]
    rows = table_rows("\n".join(lines) + "\n", PLAN, "label", "kind", "year", "value")
    assert not any(r[0].startswith("20") for r in rows)  # (a year is no indicator)
    assert not any(r[1] == "target" and r[2] == 2025 and r[3] in (680.0, 705.0, 730.0) for r in rows)


def test_a_note_under_a_boxs_last_row_is_never_that_rows_label_wrapped():
    from tests.test_rules_reads5 import PLAN

    text = ("┌────────────────────────────────────────────────────────────┐\n"
            "│                 专栏1  养老服务设施建设工程                  │\n"
            "├────────────────────┬──────┬────────┬────────┬──────────────┤\n"
            "│      建设内容      │ 单位 │ 2020年 │ 2025年 │“十四五”新增  │\n"
            "├────────────────────┼──────┼────────┼────────┼──────────────┤\n"
            "│街道养老服务中心    │  个  │   5    │   12   │      7       │\n"
            "│社区嵌入式养老服务  │  个  │   9    │   25   │      16      │\n"
            "│机构                │      │        │        │              │\n"
            "│农村区域性养老服务  │  个  │   2    │   8    │      6       │\n"
            "│中心                │      │        │        │              │\n"
            "│认知障碍照护床位    │  张  │  100   │  500   │     400      │\n"
            "├────────────────────┴──────┴────────┴────────┴──────────────┤\n"
            "│备注：新建街道养老服务中心每处建筑面积不少于800平方米，      │\n"
            "│设置护理床位不少于20张。                                      │\n"
            "└────────────────────────────────────────────────────────────┘\n")
    rows = table_rows(text, PLAN, "method", "label", "value")
    assert {r[1] for r in rows if r[0] == "table" and r[2] in (100.0, 500.0, 400.0)} == {"认知障碍照护床位"}
    assert {r[1] for r in rows if r[0] == "table" and r[2] == 25.0} == {"社区嵌入式养老服务机构"}  # (wrapped: joined)


def test_a_ruled_header_of_the_standard_in_force_and_the_one_from_a_date_under_its_words():
    notice = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "work_report", "period": "2023",
              "published": "2023-06-20"}
    text = ("┌──────────────────────────┬──────────┬────────────┬─────────────────┬────────┬───────────┐\n"
            "│          项  目          │   单位   │  现行标准  │   调整后标准    │ 增加额 │ 增幅（%） │\n"
            "│                          │          │ （2022年） │ （2023年7月起） │        │           │\n"
            "├──────────────────────────┼──────────┼────────────┼─────────────────┼────────┼───────────┤\n"
            "│ 城市低保标准             │ 元/人·月 │        780 │             820 │     40 │       5.1 │\n"
            "├──────────────────────────┼──────────┼────────────┼─────────────────┼────────┼───────────┤\n"
            "│ 农村低保标准             │ 元/人·月 │        600 │             640 │     40 │       6.7 │\n"
            "└──────────────────────────┴──────────┴────────────┴─────────────────┴────────┴───────────┘\n")
    rows = table_rows(text, notice, "label", "kind", "year", "value", "unit")
    assert ("城市低保标准", "baseline", 2022, 780.0, "元/人/月") in rows  # (the canonical unit)
    assert ("城市低保标准", "actual", 2023, 820.0, "元/人/月") in rows
    assert ("农村低保标准", "actual", 2023, 6.7, "%") in rows and len(rows) == 8


def test_measures_named_with_their_units_one_space_apart_are_a_column_each():
    text = ("表11-2 2024年末城乡低保情况\n\n"
            "项目 户数(户) 人数(人) 平均保障标准(元/人·月) 全年支出(万元)\n"
            "城市低保 1,287 2,114 862 1,768.5\n"
            "农村低保 3,106 5,027 688 3,104.7\n")
    rows = table_rows(text, REPORT, "label", "qualifier", "value", "unit")
    assert ("城市低保", "人数", 2114.0, "人") in rows and ("农村低保", "全年支出", 31047000.0, "元") in rows
    assert len(rows) == 8


def test_header_words_glossed_in_english_are_read_by_their_chinese_words():
    text = ("| 個案類別 Case nature | 2023年3月底 End-Mar 2023 | 2024年3月底 End-Mar 2024 "
            "| 按月變動(%) Month-on-month change (%) |\n"
            "|---|---|---|---|\n"
            "| 年老 Old age | 118 604 | 117 812 | -0.1 |\n"
            "| 單親 Single parent | 20 118 | 18 771 | -0.9 |\n")
    rows = table_rows(text, REPORT, "kind", "year", "value", "unit", "flags")
    assert ("actual", 2023, 118604.0) in [r[:3] for r in rows] and ("actual", 2024, 18771.0) in [r[:3] for r in rows]
    assert [r for r in rows if r[2] == -0.9][0][3] == "%" and "growth_rate" in [r for r in rows if r[2] == -0.9][0][4]
