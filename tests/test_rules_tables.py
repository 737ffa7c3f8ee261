"""Table-reader rules on small made-up tables (青川市, invented numbers): cells of a line, header roles, cell
scores, row alignment, units printed in the label, and the rows a table gives (exact values, kinds, flags)."""

from __future__ import annotations

import math

import pytest

from cmp.errors import CmpError
from cmp.extract import table_body as B
from cmp.extract import table_glued as G
from cmp.extract import table_kinds as K
from cmp.extract import table_layouts as L
from cmp.extract import table_line_headers as LH
from cmp.extract import table_rows as R
from cmp.extract import table_spaced as S
from cmp.extract import tables as T
from cmp.extract.table_layouts import Cell, Column
from cmp.extract.tables import extract_tables
from cmp.ingest.normalize import normalize

pytestmark = pytest.mark.usefixtures("fresh_table_caches")  # rules, not remembered results

PLAN = {"jurisdiction": "青川市", "file": "qc.txt", "period": "2021-2025"}
FIELDS = ("label", "kind", "year", "value", "unit", "unit_raw", "comparator", "attribute", "flags", "note",
          "row_no", "line", "quote")


def read(text: str, *fields: str):
    tables, rows = extract_tables(PLAN, normalize(text))
    for r in rows:
        assert text[r["start"]:r["end"]] == r["quote"]
    return tables, [tuple(r[f] for f in (fields or FIELDS)) for r in rows]


# ------------------------------------------------------------------------------------------ cells of a line
def test_line_cells():
    assert L.line_cells("| a | b |", 10, 3) == [Cell("a", 12, 13, 3), Cell("b", 16, 17, 3)]
    assert L.line_cells("|---|---|", 0, 1) is None and L.line_cells("+---+---+", 0, 1) is None
    assert L.line_cells("| :--: | -- |", 0, 1) is None
    assert L.line_cells("-", 0, 1) == [Cell("-", 0, 1, 1)]  # a lone dash is an empty cell, not a rule
    assert L.line_cells("   ", 0, 1) == []
    assert L.line_cells("a\tb", 5, 2) == [Cell("a", 5, 6, 2), Cell("b", 7, 8, 2)]
    assert L.line_cells("a│b", 0, 1) == [Cell("a", 0, 1, 1), Cell("b", 2, 3, 1)]
    assert L.line_cells("a||b", 0, 1) == [Cell("a", 0, 1, 1), Cell("", 2, 2, 1), Cell("b", 3, 4, 1)]
    assert L.line_cells("  养老床位 ", 0, 1) == [Cell("养老床位", 2, 6, 1)]
    assert L.squash(" “养老 床位” ") == "养老床位"


# ------------------------------------------------------------------------------------------ header roles
@pytest.mark.parametrize(
    ("header", "role", "extra"),
    [
        ("序号", "rowno", {}),
        ("指标", "indicator", {"unit_in_label": False}),
        ("指标名称(单位)", "indicator", {"unit_in_label": True}),
        ("单位", "unit", {}),
        ("属性", "attribute", {}),
        ("指标属性", "attribute", {}),
        ("备注", "note", {}),
        ("类别", "category", {}),
        ("2020年", "value", {"year": 2020, "kind": "", "year_role_inferred": True}),
        ("2025", "value", {"year": 2025, "year_role_inferred": True}),
        ("2025年目标值", "value", {"year": 2025, "kind": "target", "year_role_inferred": False}),
        ("基期值", "value", {"year": None, "kind": "baseline"}),
        ("目标值", "value", {"kind": "target"}),
        ("年均增长(%)", "value", {"kind": "", "growth": True, "unit": "%", "year_role_inferred": False}),
        ("2020年(%)", "value", {"year": 2020, "unit": "%"}),
        ("十四五末", "value", {"year": 2025}),
        ("2021-2025年", "value", {"year": 2025}),
    ],
)
def test_header_roles(header, role, extra):
    col = L.header_role(header)
    assert col is not None and col.role == role and col.header == header
    for k, v in extra.items():
        assert getattr(col, k) == v, k


@pytest.mark.parametrize("header", ["xxx", "", "2020年(试点)", "养" * 41])
def test_not_headers(header):
    assert L.header_role(header) is None


def test_header_role_is_a_fresh_copy():
    a = L.header_role("2025年")
    a.kind = "target"
    assert L.header_role("2025年").kind == ""


def test_years_line():
    assert L.years_line("2020 2025") == [2020, 2025]
    assert L.years_line("2020年 2025年") == [2020, 2025]
    assert L.years_line("abc") is None


# ------------------------------------------------------------------------------------------ cell scores
@pytest.mark.parametrize(
    ("text", "role", "score"),
    [
        ("1", "rowno", 1.0), ("01", "rowno", -5.0), ("", "value", -1.0), ("54", "value", 1.0),
        ("≥65", "value", 1.0), ("——", "value", 1.0), ("%", "unit", 1.0), ("约束性", "attribute", 2.0),
        ("54", "attribute", -5.0), ("约束性", "value", -5.0), ("养老床位", "indicator", 1.0),
        ("养", "indicator", 0.5), ("养", "category", 0.5), ("54", "indicator", -5.0), ("万人", "value", -3.0),
        ("乡镇全覆盖", "value", 0.2), ("abcdefg", "unit", -3.0), ("abc", "unit", -0.5), ("54", "unit", -3.0),
        ("——", "unit", 0.5), ("完成", "status", 1.0), ("说明文字", "status", -1.0), ("说明文字", "note", 1.0),
        ("54", "note", -2.0),
    ],
)
def test_cell_score(text, role, score):
    assert R.cell_score(text, role) == score


@pytest.mark.parametrize(("text", "nature"), [("54", "value"), ("≥65", "value"), ("1-2", "value"),
                                               ("——", "none"), ("养老床位", "text"), ("%", "text"),
                                               ("-4.1", "value"), ("-0.5%", "value"), ("-", "none")])
def test_numericish(text, nature):
    assert R.numericish(text) == nature


def test_negative_cells_of_a_growth_column_are_negative_growth_rows():
    text = ("表2 主要指标\n| 指标 | 单位 | 2020年 | 2025年 | 年均增长(%) |\n"
            "| 农村特困供养人数 | 人 | 5200 | 4300 | -3.7 |\n"
            "| 婚姻登记对数 | 对 | 3100 | - | －1.0 |\n"
            "| 社区救助站 | 个 | 3 | 4 | 1-2 |\n二、主要任务\n")
    _, rows = read(text, "label", "kind", "year", "value", "unit", "flags", "quote")
    assert rows == [
        ("农村特困供养人数", "baseline", 2020, 5200, "人", "year_role_inferred", "5200"),
        ("农村特困供养人数", "target", 2025, 4300, "人", "year_role_inferred", "4300"),
        ("农村特困供养人数", "target", 2025, -3.7, "%", "growth_rate", "-3.7"),
        ("婚姻登记对数", "baseline", 2020, 3100, "对", "year_role_inferred", "3100"),
        ("婚姻登记对数", "target", 2025, None, "对", "year_role_inferred;no_value", "-"),  # a lone dash: no value
        ("婚姻登记对数", "target", 2025, -1.0, "%", "growth_rate", "－1.0"),
        ("社区救助站", "baseline", 2020, 3, "个", "year_role_inferred", "3"),
        ("社区救助站", "target", 2025, 4, "个", "year_role_inferred", "4"),
        ("社区救助站", "target", 2025, None, "%", "growth_rate;range", "1-2"),  # a range stays a range
    ]


def test_negative_cells_in_a_one_cell_per_line_table_stay_in_their_rows():
    head = "主要指标\n序号\n指标\n单位\n2020年\n2025年\n年均增长(%)\n"
    body = "1\n农村特困人员供养人数\n人\n2860\n2310\n－4.2\n2\n婚姻登记对数\n对\n2075\n1990\n-0.8\n"
    tables, rows = read("第二章 主要目标\n" + head + body + "第三章 主要任务\n推动发展。\n", "label", "value", "quote")
    assert tables[0].layout == "cells" and rows == [
        ("农村特困人员供养人数", 2860, "2860"), ("农村特困人员供养人数", 2310, "2310"),
        ("农村特困人员供养人数", -4.2, "－4.2"), ("婚姻登记对数", 2075, "2075"), ("婚姻登记对数", 1990, "1990"),
        ("婚姻登记对数", -0.8, "-0.8")]


def test_a_growth_column_without_a_unit_does_not_take_the_rows_unit():
    text = ("| 指标 | 单位 | 2020年 | 2025年 | 年均增长 |\n| 养老机构数 | 个 | 18 | 18 | 0 |\n"
            "| 城乡低保对象 | 人 | 4250 | 3900 | -1.7% |\n二、主要任务\n")
    _, rows = read(text, "label", "value", "unit", "unit_raw", "flags")
    assert [r for r in rows if "growth_rate" in r[4]] == [("养老机构数", 0, "", "", "growth_rate"),
                                                         ("城乡低保对象", -1.7, "%", "%", "growth_rate")]
    assert ("养老机构数", 18, "个", "个", "year_role_inferred") in rows  # the levels keep the row's unit


def _cols(*roles: str) -> list[Column]:
    return [Column(r, r) for r in roles]


def test_build_row_as_printed_and_with_a_missing_cell():
    cols = [Column("rowno", "序号"), Column("indicator", "指标"), Column("unit", "单位"),
            Column("value", "2025年", year=2025), Column("attribute", "属性")]
    cells = [Cell(t, i * 10, i * 10 + len(t), 1) for i, t in enumerate(["3", "养老床位", "张", "4000", "约束性"])]
    row = R.build_row(cells, cols, None, "养老服务")
    assert (row.rowno, row.category, row.label.text, row.unit.text, row.attribute) == (3, "养老服务", "养老床位",
                                                                                       "张", "binding")
    assert [(c.header, cell.text) for c, cell in row.values] == [("2025年", "4000")]
    assert row.flags == [] and row.notes == []
    short = R.build_row([cells[1], cells[3], cells[4]], cols, 7, "")
    assert short.rowno == 7 and short.label.text == "养老床位" and short.unit is None
    assert short.flags == ["missing_cell"] and short.notes == ["missing cell(s): 单位"]


def test_build_row_extra_cells_and_notes():
    cols = [Column("indicator", "指标"), Column("value", "2025年", year=2025), Column("note", "备注")]
    cells = [Cell(t, i * 10, i * 10 + len(t), 1) for i, t in enumerate(["养老床位", "4000", "含民办", "5000"])]
    row = R.build_row(cells, cols, None, "")
    assert row.notes[0] == "备注: 含民办"
    assert "extra_cell" in row.flags and "column_ambiguous" in row.flags
    assert "cell(s) beyond the table's columns: 5000" in row.notes


# ------------------------------------------------------------------------------------------ whole tables
PIPE = """前言。
表1 青川市民政事业主要指标
| 序号 | 指标名称(单位) | 2020年 | 2025年 | 属性 |
|---|---|---|---|---|
| 1 | 城市低保标准(元/人/月) | 800 | 1000 | 预期性 |
| 2 | 养老机构护理型床位占比(%) | 50 | ≥60 | 约束性 |
| 3 | 社会工作者(万人) | 0.2 | 0.3 | 预期性 |
二、主要任务
"""


def test_unit_printed_in_the_label_is_kept_in_label_and_unit():
    tables, rows = read(PIPE)
    (t,) = tables
    assert (t.table_id, t.caption, t.layout, t.n_rows, t.n_out, t.n_no_value) == ("T1", "表1 青川市民政事业主要指标",
                                                                                   "lines", 3, 3, 0)
    assert (t.header_line, t.first_line, t.last_line) == (3, 2, 7)
    f, m = "unit_in_label;year_role_inferred", "元/人/月"
    assert rows == [
        ("城市低保标准(元/人/月)", "baseline", 2020, 800.0, m, m, "=", "expected", f, "", 1, 5, "800"),
        ("城市低保标准(元/人/月)", "target", 2025, 1000.0, m, m, "=", "expected", f, "", 1, 5, "1000"),
        ("养老机构护理型床位占比(%)", "baseline", 2020, 50.0, "%", "%", "=", "binding", f, "", 2, 6, "50"),
        ("养老机构护理型床位占比(%)", "target", 2025, 60.0, "%", "%", ">=", "binding", f, "", 2, 6, "≥60"),
        ("社会工作者(万人)", "baseline", 2020, 2000.0, "人", "万人", "=", "expected", f, "", 3, 7, "0.2"),
        ("社会工作者(万人)", "target", 2025, 3000.0, "人", "万人", "=", "expected", f, "", 3, 7, "0.3"),
    ]


def test_unit_column_notes_and_a_dash():
    text = ("表2 指标\n| 指标 | 单位 | 基期值 | 目标值 | 备注 |\n| 养老床位 | 张 | 3000 | 4000 | 含民办 |\n"
            "| 城乡低保标准 | 元/人/月 | —— | 不低于上年 | |\n")
    tables, rows = read(text, "label", "kind", "year", "value", "unit", "comparator", "flags", "note", "quote")
    assert (tables[0].n_rows, tables[0].n_out, tables[0].n_no_value) == (2, 2, 1)
    assert rows[:2] == [
        ("养老床位", "baseline", 2020, 3000.0, "张", "=", "year_assumed", "备注: 含民办", "3000"),
        ("养老床位", "target", 2025, 4000.0, "张", "=", "year_assumed", "备注: 含民办", "4000"),
    ]
    assert rows[2][:6] == ("城乡低保标准", "baseline", 2020, None, "元/人/月", "")
    assert "no_value" in rows[2][6].split(";") and rows[2][8] == "——"


def test_tab_separated_table_with_scaled_units():
    text = ("表3 指标\n序号\t指标\t单位\t2020年\t2025年\t属性\n1\t养老床位\t万张\t3\t4\t约束性\n"
            "2\t社区服务设施覆盖率\t%\t80\t100\t预期性\n")
    _, rows = read(text, "label", "kind", "year", "value", "unit", "unit_raw", "attribute", "row_no", "line")
    assert rows == [
        ("养老床位", "baseline", 2020, 30000.0, "张", "万张", "binding", 1, 3),
        ("养老床位", "target", 2025, 40000.0, "张", "万张", "binding", 1, 3),
        ("社区服务设施覆盖率", "baseline", 2020, 80.0, "%", "%", "expected", 2, 4),
        ("社区服务设施覆盖率", "target", 2025, 100.0, "%", "%", "expected", 2, 4),
    ]


def test_text_without_a_table_gives_nothing():
    tables, rows = read("全市养老床位达到3万张。\n二、主要任务\n")
    assert tables == [] and rows == []


# ------------------------------------------------------------------------------------------ kinds, headers, vocab
def _values(*specs) -> list[Column]:
    return [Column("value", h, kind=k, year=y, growth=g) for h, k, y, g in specs]


def test_assign_kinds_in_a_plan():
    cols = [Column("indicator", "指标"), *_values(("2020年", "", 2020, False), ("2025年", "", 2025, False),
                                                   ("目标值", "", None, False), ("基期值", "baseline", None, False),
                                                   ("年均增长", "", None, True))]
    K.assign_kinds(cols, "2021-2025")
    got = [(c.kind, c.year, c.year_assumed) for c in cols[1:]]
    assert got == [("baseline", 2020, False), ("target", 2025, False), ("target", 2025, True),
                   ("baseline", 2020, True), ("target", 2025, False)]
    assert cols[0].kind == "" and cols[0].year is None


def test_assign_kinds_in_a_review():
    for role in ("review", "report"):
        cols = _values(("2020年", "", 2020, False), ("2025年", "", 2025, False), ("年均增长", "", None, True),
                       ("目标值", "", None, False))
        K.assign_kinds(cols, "2021-2025", role)
        assert [(c.kind, c.year) for c in cols] == [("actual", 2020), ("actual", 2025), ("actual", 2025),
                                                    ("actual", 2020)]
    old = _values(("2015年", "", 2015, False), ("2020年", "", 2020, False))
    K.assign_kinds(old, "2021-2025")  # every year before the period: a look back
    assert [c.kind for c in old] == ["actual", "actual"]
    planned = _values(("2015年", "", 2015, False), ("2020年", "", 2020, False))
    K.assign_kinds(planned, "2021-2025", "plan")  # unless the section says it is the plan: then the base year
    assert [c.kind for c in planned] == ["actual", "baseline"]  # is its baseline, an earlier year an actual
    growth = _values(("年均增长", "", None, True))
    K.assign_kinds(growth, "2021-2025")
    assert (growth[0].kind, growth[0].year, growth[0].year_assumed) == ("target", 2025, True)


def test_is_header():
    ind, val, unit = Column("indicator", "指标"), Column("value", "2025年"), Column("unit", "单位")
    assert L.is_header([ind, val]) and L.is_header([ind, unit, val, Column("value", "2020年")])
    assert not L.is_header([ind, unit]) and not L.is_header([val, Column("value", "x")])
    assert not L.is_header([ind, val, Column("indicator", "指标名称")])  # a role twice: not a header
    assert not L.is_header([ind, unit, val, Column("unit", "单位")])


def _vocab_data() -> dict:
    import copy

    return copy.deepcopy(L.vocab())


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda d: d.pop("status_words"), "bad key 'status_words': expected this key to be present"),
        (lambda d: d["header_roles"].pop("note"), "bad key 'header_roles': expected a mapping with exactly the roles"),
        (lambda d: d["header_roles"].update(note=[]),
         "bad key 'header_roles.note': expected a non-empty list of non-empty strings"),
        (lambda d: d["header_roles"].update(note=["  "]), "bad key 'header_roles.note'"),
        (lambda d: d["value_words"].pop("growth"),
         "bad key 'value_words': expected a mapping with exactly the kinds baseline, target, actual, estimate, growth"),
        (lambda d: d["value_words"].update(growth="增长"), "bad key 'value_words.growth'"),
        (lambda d: d["period_years"].update(十九五=1800),
         "bad key 'period_years': expected a mapping of period name -> year (1900-2100)"),
        (lambda d: d["period_years"].update(十九五=True), "bad key 'period_years'"),
        (lambda d: d["period_years"].update(十九五=2101), "bad key 'period_years'"),
        (lambda d: d["attribute_words"].update(属性="maybe"),
         "bad key 'attribute_words': expected a mapping of word -> binding | expected"),
        (lambda d: d.update(attribute_words={}), "bad key 'attribute_words'"),
        (lambda d: d.update(status_words="完成"), "bad key 'status_words'"),
        (lambda d: d.update(indicator_inside=[]), "bad key 'indicator_inside'"),
        (lambda d: d.update(indicator_inside_max=1),
         "bad key 'indicator_inside_max': expected an integer between 2 and 40"),
        (lambda d: d.update(indicator_inside_max=41), "bad key 'indicator_inside_max'"),
        (lambda d: d.update(indicator_inside_max=True), "bad key 'indicator_inside_max'"),
        (lambda d: d.update(category_words=[1]), "bad key 'category_words'"),
    ],
)
def test_table_vocab_validation(break_it, message):
    from cmp.errors import CmpError

    data = _vocab_data()
    break_it(data)
    with pytest.raises(CmpError) as exc:
        L.parse_table_vocab(data)
    assert str(exc.value).startswith(f"table_vocab.yaml: {message}")


def test_table_vocab_bounds_and_top_level():
    from cmp.errors import CmpError

    for n in (2, 40):
        data = _vocab_data()
        data["indicator_inside_max"] = n
        assert L.parse_table_vocab(data)["indicator_inside_max"] == n
    data = _vocab_data()
    data["period_years"] = {**data["period_years"], "十九五": 1900, "廿五五": 2100}
    assert L.parse_table_vocab(data)["period_years"]["十九五"] == 1900
    with pytest.raises(CmpError, match="table_vocab.yaml: expected a mapping at the top level"):
        L.parse_table_vocab([1])
    assert L.longest_first(["a", "abc", "ab"]) == ["abc", "ab", "a"]


# ------------------------------------------------------------------------------------------ glued rows
GLUED_HEAD = "指标类别指标内容(单位)指标属性基期目标值实际值完成情况"


def glued(lines: list[str], head: str = GLUED_HEAD) -> list:
    """read_glued on made-up lines, one body line each, offsets as in a document that starts with them."""
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    return G.read_glued(list(range(len(lines))), lines, offsets, L.glued_header(head))


def cut(row) -> list:
    return [(c.header, cell and (cell.text, cell.start, cell.end, cell.line)) for c, cell in row.values]


def test_glued_row_label_category_attribute_status_and_cut():
    (row,) = glued(["社会救助低保对象精准率(%)约束性93≥9999.9完成  "])
    assert (row.category, row.label, row.attribute) == ("社会救助", Cell("低保对象精准率(%)", 4, 14, 1), "binding")
    assert cut(row) == [("基期", ("93", 17, 19, 1)), ("目标值", ("≥99", 19, 22, 1)), ("实际值", ("99.9", 22, 26, 1))]
    assert row.notes == ["完成情况: 完成", "category '社会救助' split from the front of the glued row"]
    assert row.span == (0, 28) and row.flags == [] and row.rowno is None and row.unit is None
    assert row.value_flags == {0: ["ambiguous_split"], 1: ["ambiguous_split"], 2: ["ambiguous_split"]}
    assert row.value_notes[1] == "glued cells cut as 93 | ≥99 | 99.9 (next best cut scores 8.00 worse)"


def test_glued_row_continued_on_the_next_line_and_a_missing_cell():
    rows = glued(["养老服务护理型床位占比(%)预期性", "≥9095完成", "助餐点覆盖率(%)预期性12"])
    first, second = rows
    assert (first.category, first.label.text, first.attribute) == ("养老服务", "护理型床位占比(%)", "expected")
    # the values are on the continuation line (line 2), which starts exactly where the target does
    assert cut(first) == [("基期", None), ("目标值", ("≥90", 18, 21, 2)), ("实际值", ("95", 21, 23, 2))]
    assert first.flags == ["missing_cell"] and first.span == (0, 25)
    assert first.notes == ["完成情况: 完成", "category '养老服务' split from the front of the glued row",
                           "missing cell(s): 基期"]
    assert first.value_notes[1] == "glued cells cut as — | ≥90 | 95 (next best cut scores 1.63 worse)"
    # the category carries on to a row that does not start with one; nothing split from it
    assert (second.category, second.label, second.notes[0]) == ("养老服务", Cell("助餐点覆盖率(%)", 26, 35, 3),
                                                              "missing cell(s): 实际值")
    assert second.value_flags[0] == ["ambiguous_split", "split_uncertain"]


def test_glued_category_split_needs_four_characters_left():
    (four,) = glued(["社会救助对象人数约束性10"])
    assert (four.category, four.label.text) == ("社会救助", "对象人数")
    (three,) = glued(["社会救助对象数约束性10"])
    assert (three.category, three.label.text) == ("", "社会救助对象数")
    assert three.notes == ["missing cell(s): 目标值, 实际值"]  # no category note
    (plain,) = glued(["社会救助对象人数约束性10"], "指标内容(单位)指标属性基期目标值实际值")  # no category column
    assert (plain.category, plain.label.text) == ("", "社会救助对象人数")


def test_glued_attribute_is_searched_from_the_third_character():
    # 约束性 at position 2 ends the label (床位); a label that starts with 预期 is not cut at 0
    (row,) = glued(["床位约束性1020"], "指标内容指标属性基期目标值")
    assert (row.label.text, row.attribute) == ("床位", "binding")
    (row,) = glued(["预期寿命预期性7880"], "指标内容指标属性基期目标值")
    assert (row.label.text, row.attribute) == ("预期寿命", "expected")


def test_glued_table_without_an_attribute_column_keeps_the_line_as_label():
    (row,) = glued(["养老床位数预期性1020"], "指标内容基期目标值")
    assert (row.label.text, row.attribute) == ("养老床位数预期性1020", "")
    assert cut(row) == [("基期", None), ("目标值", None)] and row.flags == ["missing_cell"]


def test_glued_percent_label_caps_values_at_100_only_when_the_header_prints_units():
    (row,) = glued(["护理员持证率(%)预期性601298"])
    assert [c[1][0] for c in cut(row)] == ["60", "12", "98"]
    (row,) = glued(["护理员持证率(%)预期性601298"], "指标类别指标内容指标属性基期目标值实际值")
    assert [c[1][0] for c in cut(row)] == ["60", "129", "8"]
    (row,) = glued(["护理员持证人数预期性601298"])
    assert [c[1][0] for c in cut(row)] == ["60", "129", "8"]


def test_glued_single_candidate_cut_is_not_flagged():
    (row,) = glued(["护理员人数预期性12"], "指标内容指标属性目标值")
    assert cut(row) == [("目标值", ("12", 8, 10, 1))] and row.value_flags == {} and row.value_notes == {}
    (row,) = glued(["护理员人数预期性5"], "指标内容指标属性基期目标值")  # two candidates: 5 | — and — | 5
    assert row.value_flags == {0: ["ambiguous_split", "split_uncertain"]}
    assert row.value_notes == {0: "glued cells cut as 5 | — (next best cut scores 0.10 worse)"}


# ------------------------------------------------------------------------------------------ misfits and ambiguity
def cells_of(*texts: str) -> list[Cell]:
    out, pos = [], 0
    for t in texts:
        out.append(Cell(t, pos, pos + len(t), 1))
        pos += len(t) + 1
    return out


def V(header: str, **kw) -> Column:
    return Column("value", header, **kw)


IND_2V_ATTR = [Column("indicator", "指标"), V("2020年", year=2020), V("2025年", year=2025), Column("attribute", "属性")]


def test_missing_label_and_attribute_are_both_named():
    row = R.build_row(cells_of("10", "20"), IND_2V_ATTR, None, "")
    assert (row.flags, row.notes, row.value_flags) == (["missing_cell"], ["missing cell(s): 指标, 属性"], {})
    assert row.label is None and [c.text for _, c in row.values] == ["10", "20"]


def test_cells_beyond_the_columns_are_noted_in_order():
    row = R.build_row(cells_of("床位", "10", "20", "约束性", "含民办", "另计"), IND_2V_ATTR, None, "")
    assert row.flags == ["extra_cell"] and row.notes == ["cell(s) beyond the table's columns: 含民办 | 另计"]


def test_each_ambiguous_cell_is_flagged_on_its_own_value_once_per_row():
    cols = [Column("indicator", "指标"), V("2020年"), V("2025年"), V("2030年")]
    row = R.build_row(cells_of("床位", "10", "20"), cols, None, "")
    assert row.flags == ["missing_cell", "column_ambiguous"] and row.notes == ["missing cell(s): 2030年"]
    assert row.value_flags == {0: ["column_ambiguous"], 1: ["column_ambiguous"]}
    assert row.value_notes == {0: "cell '10' could belong to: 2020年, 2025年",
                               1: "cell '20' could belong to: 2025年, 2030年"}
    row = R.build_row(cells_of("10"), [V("2020年"), V("2025年")], None, "")  # the first column is an option too
    assert row.value_notes == {0: "cell '10' could belong to: 2020年, 2025年"}


# ------------------------------------------------------------------------------------------ cell streams
ROWNO_IND_V = [Column("rowno", "序号"), Column("indicator", "指标"), V("2025年")]


def segment(texts, cols):
    rows = R.segment_cells(cells_of(*texts), cols)
    return [(no, group, [c.text for c in cells], span) for no, group, cells, span in rows]


def test_segment_numbered_rows_and_a_group_header():
    assert segment(["1", "养老床位", "10", "2", "站点", "5"], ROWNO_IND_V) == [
        (1, "", ["养老床位", "10"], (0, 9)), (2, "", ["站点", "5"], (10, 16))]
    assert segment(["社会救助", "1", "低保人数", "10", "2", "特困人数", "5"], ROWNO_IND_V) == [
        (1, "社会救助", ["低保人数", "10"], (5, 14)), (2, "社会救助", ["特困人数", "5"], (15, 23))]


def test_segment_without_row_numbers_down_to_the_last_cell():
    assert segment(["养老床位", "10", "站点", "5"], ROWNO_IND_V[1:]) == [
        (None, "", ["养老床位", "10"], (0, 7)), (None, "", ["站点", "5"], (8, 12))]
    assert segment(["养老床位", "10", "站点"], ROWNO_IND_V[1:]) == [
        (None, "", ["养老床位", "10"], (0, 7)), (None, "", ["站点"], (8, 10))]


# ------------------------------------------------------------------------------------------ glued value pieces
def test_piece_splits():
    assert G._piece_splits("12") == [["1", "2"], ["12"]]
    assert G._piece_splits("1-2") == [["1-2"]] and G._piece_splits("1-1") == [["1-1"]]
    assert G._piece_splits("2-1") == []  # a descending range is no cut
    assert G._piece_splits("1.5") == [["1.5"]]  # never cut before a decimal point
    assert G._piece_splits("05") == [["0", "5"]] and G._piece_splits("") == [[]]


def test_chunks_and_piece_values():
    assert G._chunks("≥9095完成") == [("num", "≥9095", 0), ("text", "完成", 5)]
    assert G._chunks("12 ab") == [("num", "12", 0), ("text", " ab", 2)]
    assert [G._piece_value(p) for p in ["≥5", "1-3", "x", "2.5", "<7"]] == [5.0, 2.0, None, 2.5, 7.0]


def test_chunk_options_keep_offsets_and_mark_long_digit_runs():
    assert G._chunk_options([(" 完成 ", 10)]) == ([[[("完成", 11)]]], False)
    assert G._chunk_options([("≥12", 5)]) == ([[[("≥1", 5), ("2", 7)], [("≥12", 5)]]], False)
    assert G._chunk_options([("完成", 0), ("12", 9)]) == (
        [[[("完成", 0)]], [[("1", 9), ("2", 10)], [("12", 9)]]], False)
    assert G._chunk_options([("1" + "0" * 14, 3)]) == ([[[("1" + "0" * 14, 3)]]], True)  # 15 digits: kept whole
    options, too_long = G._chunk_options([("1" + "0" * 13, 0)])  # 14 digits: cut (one way per length of 10…0)
    assert not too_long and len(options[0]) == 14


BTA = [V("基期", kind="baseline"), V("目标", kind="target"), V("实际", kind="actual")]


def test_split_glued_values_results():
    assert G.split_glued_values([], BTA, False) == ([None, None, None], math.inf, 1, set())
    assert G.split_glued_values([("a", 0), ("b", 5)], BTA[:1], False) == ([None], 0.0, 0, set())  # no cut fits
    pieces, margin, n, uncertain = G.split_glued_values([("5", 0)], BTA, False)
    assert (pieces, n, uncertain) == ([("5", 0), None, None], 3, {0, 1, 2}) and margin == pytest.approx(0.1)
    pieces, margin, n, uncertain = G.split_glued_values([("601298", 0)], BTA, True)
    assert (pieces, n, uncertain) == ([("60", 0), ("12", 2), ("98", 4)], 22, set())
    assert margin == pytest.approx(4.928923349242021)


def test_split_glued_values_gives_up_on_too_many_cuts():
    # three runs of six digits: 32**3 ways to cut, over the bound: only the finest cut is tried, and it fits no
    # three columns
    assert G.split_glued_values([("111111≥222222≥333333", 0)], BTA, False) == ([None, None, None], 0.0, 0, set())
    assert G.split_glued_values([("12≥30≥40", 0)], BTA, False) == ([("12", 0), ("≥30", 2), ("≥40", 5)], math.inf,
                                                                    1, set())
    # over the bound with twenty columns: the finest cut fits, and every column is uncertain
    twenty = [V(f"v{i}", kind="target") for i in range(20)]
    pieces, margin, n, uncertain = G.split_glued_values([("11111≥11111≥11111≥11111", 0)], twenty, False)
    assert [p[0] for p in pieces] == ["1"] * 5 + (["≥1"] + ["1"] * 4) * 3 and (margin, n) == (math.inf, 1)
    assert uncertain == set(range(20))


def test_cut_score_rules():
    assert G._cut_score([("5", 0)], (1,), BTA, False) == pytest.approx(3.1)  # two missing, one before the piece
    assert G._cut_score([], (), BTA[:2], False) == pytest.approx(3.0)
    assert G._cut_score([("—", 0)], (0,), BTA[:2], False) == pytest.approx(2.5)  # no number in the baseline
    assert G._cut_score([("—", 0)], (1,), BTA[:2], False) == pytest.approx(1.6)
    assert G._cut_score([("0", 0)], (1,), BTA[:2], False) == pytest.approx(3.6)  # a zero
    assert G._cut_score([("100", 0)], (1,), BTA[:2], True) == pytest.approx(1.6)
    assert G._cut_score([("101", 0)], (1,), BTA[:2], True) == pytest.approx(6.6)  # over 100 percent
    assert G._cut_score([("≥5", 0)], (0,), BTA[:2], False) == pytest.approx(3.5)  # a comparator off the target
    assert G._cut_score([("≥5", 0)], (1,), BTA[:2], False) == pytest.approx(1.6)
    assert G._cut_score([("0.5", 0), ("5", 3)], (0, 1), BTA[:2], False) == pytest.approx(1.0)  # magnitudes


# ------------------------------------------------------------------------------------------ header lines
def test_merge_header_lines_fills_years_and_kinds_in_order():
    second = [V("2020年", year=2020, year_role_inferred=True), V("2025年", year=2025, growth=True)]
    merged = S.merge_header_lines([V("基期值", kind="baseline"), V("目标值", kind="target")], second)
    assert [(c.header, c.kind, c.year, c.growth, c.year_role_inferred) for c in merged] == [
        ("基期值 2020年", "baseline", 2020, False, False), ("目标值 2025年", "target", 2025, True, False)]
    merged = S.merge_header_lines([V("2019年", year=2019), V("目标", kind="target")],
                                  [V("2020年", year=2020), V("2025年", year=2025)])
    assert [(c.year, c.kind, c.year_role_inferred) for c in merged] == [(2019, "", True), (2025, "target", False)]


def test_merge_header_lines_expands_one_group_cell():
    head = [Column("indicator", "指标"), V("年均增长", growth=True), Column("attribute", "属性")]
    merged = S.merge_header_lines(head, [V("2020年", year=2020), V("2025年", year=2025)])
    assert [(c.role, c.header, c.year, c.growth) for c in merged] == [
        ("indicator", "指标", None, False), ("value", "年均增长 2020年", 2020, True),
        ("value", "年均增长 2025年", 2025, True), ("attribute", "属性", None, False)]
    assert S.merge_header_lines([V("a"), V("b")], [V("x"), V("y"), V("z")]) is None


def test_a_bare_year_and_a_kind_word_on_two_lines_are_one_header_cell():
    cols = LH._join_split_header_cells([Column("indicator", "指标"), V("2015年", year=2015, year_role_inferred=True),
                                       V("目标值", kind="target"), V("2020年", year=2020, year_role_inferred=True),
                                       V("年均增长", growth=True)])
    assert [(c.header, c.kind, c.year, c.year_role_inferred, c.growth) for c in cols] == [
        ("指标", "", None, False, False), ("2015年 目标值", "target", 2015, False, False),
        ("2020年", "", 2020, True, False), ("年均增长", "", None, False, True)]


# ------------------------------------------------------------------------------------------ rows of several lines
IVV = [Column("indicator", "指标"), V("2020年"), V("2025年")]


def sub_rows(texts, cols=IVV):
    return [([c.text for c in cells], q and q.text) for cells, q in B._sub_rows(cells_of(*texts), cols)]


def test_sub_rows_label_lines_then_value_lines():
    assert sub_rows(["养老床位", "其中:护理型", "8200", "1300", "9000", "1500"]) == [
        (["养老床位", "8200", "9000"], None), (["其中:护理型", "1300", "1500"], None)]
    assert sub_rows(["养老床位", "其中:护理型", "8200", "—", "9000", "1500"]) == [  # a dash is a value line
        (["养老床位", "8200", "9000"], None), (["其中:护理型", "—", "1500"], None)]
    with_unit = [IVV[0], Column("unit", "单位"), *IVV[1:]]
    assert sub_rows(["养老床位", "其中:护理型", "8200", "1300", "9000", "1500"], with_unit) == [
        (["养老床位", "其中:护理型", "8200", "1300", "9000", "1500"], None)]


def test_sub_rows_scope_rows_under_one_label():
    assert sub_rows(["低保人数", "城市", "2234", "2310", "农村", "825", "5214"]) == [
        (["低保人数", "2234", "2310"], "城市"), (["低保人数", "825", "5214"], "农村")]
    assert sub_rows(["低保人数", "城市社区居民", "2234", "2310", "农村", "825", "5214"])[0][1] == "城市社区居民"
    assert sub_rows(["低保人数", "城市社区居民户", "2234", "2310", "农村", "825", "5214"]) == [  # 7 characters
        (["低保人数", "城市社区居民户", "2234", "2310", "农村", "825", "5214"], None)]
    assert sub_rows(["低保", "城市", "20", "农村", "30"], IVV[:2]) == [
        (["低保", "20"], "城市"), (["低保", "30"], "农村")]


def test_sub_rows_leave_other_rows_as_printed():
    for texts in (["低保人数", "城市", "2234", "2310", "农村", "825"], ["a", "b", "c", "d"],
                  ["10", "城市", "20", "农村", "30"]):
        cols = IVV[:2] if texts[0] == "10" else IVV
        assert sub_rows(texts, cols) == [(texts, None)]


# ------------------------------------------------------------------------------------------ spaced cells
def texts(cells):
    return [c.text for c in cells]


def test_spaced_cells_join_label_chunks_while_there_are_too_many():
    assert S.spaced_cells("社区 养老 站点 10 20", 5, 2, False, 3) == [
        Cell("社区 养老 站点", 5, 13, 2), Cell("10", 14, 16, 2), Cell("20", 17, 19, 2)]
    assert texts(S.spaced_cells("社区 站点 10", 0, 1, False, 3)) == ["社区", "站点", "10"]
    assert texts(S.spaced_cells("社区 10 20 30", 0, 1, False, 3)) == ["社区", "10", "20", "30"]
    assert texts(S.spaced_cells("10 20 社区 站点", 0, 1, False, 3)) == ["10", "20", "社区 站点"]
    assert texts(S.spaced_cells("10 20 社区 站点 养老", 0, 1, False, 3)) == ["10", "20", "社区 站点 养老"]


def test_spaced_cells_split_on_wide_gaps_only_in_a_wide_table():
    assert texts(S.spaced_cells("社区 站点  20 30", 0, 1, False, 3)) == ["社区 站点", "20", "30"]
    assert texts(S.spaced_cells("社区 站点  20 30", 0, 1, True, 3)) == ["社区 站点", "20 30"]


def test_plain_text_chunks():
    assert [S._plain_text(x) for x in ["-", "—", "——", "/", "养老", "约束性", "完成", "%", "12"]] == [
        False, False, False, False, True, False, False, False, False]


def test_longest_first():
    assert L.longest_first(["ab", "abc", "b"]) == ["abc", "ab", "b"]


# ------------------------------------------------------------------------------------------ where a table ends
def test_heading_or_prose():
    assert [T._heading_or_prose(x, None) for x in ["第三章 任务", "养老床位。", "床位;", "xxxxxx"]] == [
        True, True, True, False]
    assert (T._heading_or_prose("xxxxx", 5), T._heading_or_prose("xxxxxx", 5)) == (False, True)  # over the limit


def test_caption_like():
    assert [T._caption_like(x) for x in ["表1 民政事业主要指标", "表12 主要指标", "1:养老服务完成情况",
                                         "1:社区服务设施一览表"]] == [True, True, True, True]
    # seven characters; no 指标, 情况 or 表; no caption number
    assert [T._caption_like(x) for x in ["表1 主要指标", "1:养老服务站点建设", "养老服务指标情况汇总表"]] == [
        False, False, False]


def test_caption_is_the_nearest_line_above_when_it_reads_like_one():
    for text, caption, first in [("表1 主要指标\n| 指标 | 2025年 |\n| 床位 | 5 |\n", "表1 主要指标", 1),
                                 ("表1 主要指标\n\n\n| 指标 | 2025年 |\n| 床位 | 5 |\n", "表1 主要指标", 1),
                                 ("全市民政事业发展良好\n| 指标 | 2025年 |\n| 床位 | 5 |\n", "", 2)]:
        (info, _), = T.find_tables(normalize(text), "2021-2025")
        assert (info.caption, info.first_line) == (caption, first)


def test_nonblank_from():
    a, b = Cell("a", 0, 1, 1), Cell("b", 4, 5, 4)
    doc = T._Lines(["a", "", "", "b"], [0, 2, 3, 4], [[a], [], [], [b]])
    assert (doc.nonblank_from(1), doc.nonblank_from(3), doc.nonblank_from(4)) == (3, 3, 4)
    assert T._Lines(["a", ""], [0, 2], [[a], []]).nonblank_from(1) == 2


def test_value_header_line():
    cols = S.value_header_line(cells_of("2020", "2025年2030年"))  # years glued in one cell: read as a years line
    assert [(c.header, c.year, c.year_role_inferred) for c in cols] == [
        ("2020年", 2020, True), ("2025年", 2025, True), ("2030年", 2030, True)]
    assert S.value_header_line(cells_of("养老")) is None and S.value_header_line([]) is None


def test_build_row_misplaced_label_and_fields_without_a_column():
    row = R.build_row(cells_of("54", "养老床位"), [Column("indicator", "指标"), V("2025年")], None, "")
    assert row.label is None and [c.text for _, c in row.values] == ["54"]
    assert row.flags == ["missing_cell", "extra_cell", "column_ambiguous"]
    row = R.build_row(cells_of("养老床位", "54", "已完成"), [Column("indicator", "指标"), V("2025年"),
                                                          Column("status", "完成情况")], None, "")
    assert row.attribute == "" and row.notes == ["完成情况: 已完成"] and row.flags == []


# ------------------------------------------------------------------------------------------ spaced and glued headers
def test_spaced_header_groups_at_most_six_chunks_per_cell():
    cols, cells, _ = S.spaced_header("指标 2 0 2 0 年 基 期 2025年", 0, 1)
    assert [c.header for c in cols] == ["指标", "2020年", "基期", "2025年"]
    cols, cells, wide = S.spaced_header("指 标 2020年 2025年", 5, 3)
    assert cells == [Cell("指标", 5, 8, 3), Cell("2020年", 9, 14, 3), Cell("2025年", 15, 20, 3)] and not wide


def test_spaced_header_refusals():
    assert S.spaced_header("指标  名称 2020年 2025年", 0, 1) is None  # a wide gap never joins two words
    # ... but the letters of one word spread over a wide column do join (指  标: one character each side)
    assert [c.text for c in S.spaced_header("指  标 2020年 2025年", 0, 1)[1]] == ["指标", "2020年", "2025年"]
    assert S.spaced_header("指标 2025年", 0, 1) is None  # two columns
    assert S.spaced_header("指标\t2020年 2025年", 0, 1) is None
    assert S.spaced_header("指标 | 2020年 2025年", 0, 1) is None
    assert S.spaced_header("指标 " + " ".join(["2020年"] * 39), 0, 1) is not None  # 40 chunks
    assert S.spaced_header("指标 " + " ".join(["2020年"] * 40), 0, 1) is None  # 41
    base = "指标 2020年 2025年"
    assert S.spaced_header(base.ljust(400), 0, 1) is not None and S.spaced_header(base.ljust(401), 0, 1) is None


def test_glued_header_rules():
    assert L.glued_header("指标内容" + "目标值" * 32) is not None  # 100 characters
    assert L.glued_header("指标内容" + "目标值" * 33) is None
    assert [(c.role, c.unit_in_label) for c in L.glued_header("项目(单位)基期目标值")] == [
        ("indicator", True), ("value", False), ("value", False)]
    # two columns; no indicator; no value
    assert [L.glued_header(x) for x in ["指标内容目标值", "指标属性基期目标值", "指标内容属性单位"]] == [None] * 3


def test_indicator_like():
    assert [L._indicator_like(x) for x in ["主要项目和指标", "指标属性", "x" * 10 + "指标", "x" * 11 + "指标"]] == [
        True, False, True, False]


def test_table_vocab_messages_name_the_roles_and_refuse_a_string_bound():
    import copy

    good = copy.deepcopy(L.vocab())
    bad = copy.deepcopy(good)
    del bad["header_roles"]["note"]
    with pytest.raises(CmpError, match="exactly the roles rowno, category, indicator, unit, attribute, status, note"):
        L.parse_table_vocab(bad)
    bad = copy.deepcopy(good)
    bad["indicator_inside_max"] = "5"
    with pytest.raises(CmpError, match="indicator_inside_max"):
        L.parse_table_vocab(bad)


def layout_rows(text: str) -> list:
    return [(info.layout, info.n_rows, info.last_line, [r.label.text if r.label else None for r in rows])
            for info, rows in T.find_tables(normalize(text), "2021-2025")]


def test_a_glued_table_ends_at_a_line_over_100_characters():
    head = "指标类别指标内容(单位)指标属性基期目标值实际值完成情况\n社会救助低保对象数(人)预期性100200300完成\n"
    assert layout_rows(head + "养" * 100 + "\n") == [("glued", 1, 3, ["低保对象数(人)"])]  # a continuation line
    assert layout_rows(head + "养" * 101 + "\n") == [("glued", 1, 2, ["低保对象数(人)"])]


def test_long_cells_and_rows_do_not_end_other_tables():
    cells = "序号\n指标\n单位\n2025年\n1\n" + "养老服务设施" * 19 + "\n个\n5\n"  # a 114-character cell
    assert layout_rows(cells)[0][:3] == ("cells", 1, 8)
    long = "城乡社区综合服务设施覆盖率" * 5
    assert layout_rows(f"| 指标 | 2025年 |\n| 床位 | 5 |\n| {long} | 6 |\n| 站点 | 7 |\n") == [
        ("lines", 3, 4, ["床位", long, "站点"])]
    assert layout_rows(f"指标 单位 2025年\n床位 张 5\n{long} 6\n站点 个 7\n") == [
        ("spaced", 3, 4, ["床位", long, "站点"])]


def test_one_long_cell_under_a_table_of_columns_ends_it_at_61_characters():
    pipe = "| 指标 | 2025年 |\n| 床位 | 5 |\n{}\n| 站点 | 7 |\n"
    assert layout_rows(pipe.format("养" * 60)) == [("lines", 3, 4, ["床位", "养" * 60, "站点"])]
    assert layout_rows(pipe.format("养" * 61)) == [("lines", 1, 2, ["床位"])]
    assert layout_rows(pipe.format("全市 " + "养" * 60)) == [("lines", 1, 2, ["床位"])]  # spaces make no columns


def test_a_cell_with_prose_punctuation_ends_a_cell_table_past_60_characters():
    head = "序号\n指标\n单位\n2025年\n1\n"
    sixty = "养老,护理," + "床" * 54
    assert layout_rows(head + sixty + "\n个\n5\n")[0][:2] == ("cells", 1)
    assert layout_rows(head + sixty + "\n个\n5\n")[0][3] == [sixty]
    assert layout_rows(head + sixty + "床\n个\n5\n")[0][3] == [None]  # 61: running text, the row has no label


def test_blank_cells_of_a_delimited_row_keep_every_value_in_its_column():
    # a unit printed as a dash and blank cells after the value: 55 is the 2020 value, never the growth rate
    text = ("二、发展目标\n| 序号 | 指标 | 单位 | 2020年 | 年均增长 | 属性 |\n"
            "| 1 | 养老床位 | 张 | 3000 | 5% | 约束性 |\n"
            "| 2 | 助餐点 | — | | | 预期性 |\n| 3 | 护理型床位占比(%) | — | 55 | | |\n")
    tables, rows = read(text, "row_no", "label", "kind", "year", "value", "unit", "attribute", "flags", "note")
    assert rows == [
        (1, "养老床位", "baseline", 2020, 3000, "张", "binding", "year_role_inferred", ""),
        (1, "养老床位", "target", 2020, 5, "%", "binding", "growth_rate", ""),
        (2, "助餐点", "baseline", 2020, None, "", "expected", "missing_cell", ""),
        (3, "护理型床位占比(%)", "baseline", 2020, 55, "%", "", "unit_in_label;year_role_inferred", ""),
    ]
    assert (tables[0].n_rows, tables[0].n_out, tables[0].n_no_value) == (3, 3, 1)


def test_chunk_options_after_the_first_chunk_keep_their_offsets():
    long = "1" + "0" * 14
    assert G._chunk_options([("5≥" + long, 10)]) == ([[[("5", 10)]], [[("≥" + long, 11)]]], True)
    assert G._chunk_options([(long + "≥5", 0)]) == ([[[(long, 0)]], [[("≥5", 15)]]], True)  # chunks after a long one
    assert G._chunk_options([("7≥5-3", 10)]) == ([[[("7", 10)]], [[("≥5-3", 11)]]], False)  # no cut: kept whole


def test_cut_score_goes_on_after_a_piece_without_a_number():
    assert G._cut_score([("—", 0), ("0", 1)], (0, 1), BTA[:2], False) == pytest.approx(3.0)  # 1 (no number) + 2 (zero)


RCU = [Column("rowno", "序号"), Column("indicator", "指标"), Column("unit", "单位"), V("2020年"), V("2025年")]


def test_segment_groups_restart_numbering_and_extra_cells_stay_in_their_row():
    assert segment(["社会救助", "1", "低保", "人", "10", "12", "2", "特困", "人", "5", "6", "养老服务", "1", "床位",
                    "张", "7", "8"], RCU) == [
        (1, "社会救助", ["低保", "人", "10", "12"], (5, 17)), (2, "社会救助", ["特困", "人", "5", "6"], (18, 28)),
        (1, "养老服务", ["床位", "张", "7", "8"], (34, 44))]
    assert segment(["1", "低保", "人", "10", "12", "其中城市", "8", "9", "2", "特困", "人", "5", "6"], RCU) == [
        (1, "", ["低保", "人", "10", "12", "其中城市", "8", "9"], (0, 21)), (2, "", ["特困", "人", "5", "6"], (22, 32))]
    assert segment(["3", "低保", "人", "10", "12", "4", "特困", "人", "5", "6"], RCU) == [
        (3, "", ["低保", "人", "10", "12"], (0, 12)), (4, "", ["特困", "人", "5", "6"], (13, 23))]
    assert segment(["1", "低保", "10", "2", "3", "特困", "5"], ROWNO_IND_V) == [
        (1, "", ["低保", "10"], (0, 7)), (2, "", ["3", "特困", "5"], (8, 16))]  # a number out of sequence is a cell
    assert R.segment_cells(cells_of("1", "a", "b", "c", "d", "e", "f", "g", "2", "x", "5"), ROWNO_IND_V) is None


def test_every_field_of_value_rows_missing_rows_and_ambiguous_rows():
    text = ("二、发展目标\n| 指标 | 单位 | 2020年 | 2025年(%) | 备注 |\n| 护理型床位占比 | 个 | 50 | 60 | 含民办 |\n"
            "| 助餐点 | 个 | | | |\n| 覆盖率 | % | 90-95 |\n| 持证率 | % | ≥98 |\n")
    _, rows = extract_tables(PLAN, normalize(text))
    base = {"jurisdiction": "青川市", "doc": "qc.txt", "method": "table", "table": "T1", "row_no": None,
            "category": "", "indicator": "", "attribute": "", "derived_from": "", "value_low": None,
            "value_high": None, "qualifier": ""}
    row1 = {**base, "label": "护理型床位占比", "context": "| 护理型床位占比 | 个 | 50 | 60 | 含民办 |",
            "context_start": 43, "context_end": 74, "line": 3, "note": "备注: 含民办", "flags": "year_role_inferred",
            "comparator": "="}
    assert rows[0] == {**row1, "kind": "baseline", "year": 2020, "value": 50.0, "unit": "个", "value_raw": "50",
                       "unit_raw": "个", "value_text": "50", "start": 59, "end": 61, "quote": "50"}
    # the header's own unit (2025年(%)) wins over the row's unit cell
    assert rows[1] == {**row1, "kind": "target", "year": 2025, "value": 60.0, "unit": "%", "value_raw": "60",
                       "unit_raw": "%", "value_text": "60", "start": 64, "end": 66, "quote": "60"}
    # no value at all: one row anchored on the label, in the first value column
    assert rows[2] == {**base, "label": "助餐点", "context": "| 助餐点 | 个 | | | |", "context_start": 75,
                       "context_end": 92, "kind": "baseline", "year": 2020, "value": None, "unit": "个",
                       "comparator": "", "value_raw": "", "unit_raw": "个", "value_text": "", "line": 4, "start": 77,
                       "end": 80, "quote": "助餐点", "note": "", "flags": "missing_cell"}
    # a cell of unknown column: kept unread (no value, bounds or comparator), with the reason in the note
    assert rows[3] == {**base, "label": "覆盖率", "context": "| 覆盖率 | % | 90-95 |", "context_start": 93,
                       "context_end": 112, "kind": "baseline", "year": 2020, "value": None, "unit": "%",
                       "comparator": "", "value_raw": "90-95", "unit_raw": "%", "value_text": "90-95", "line": 5,
                       "start": 105, "end": 110, "quote": "90-95",
                       "note": "missing cell(s): 2025年(%); cell '90-95' could belong to: 2020年, 2025年(%)",
                       "flags": "missing_cell;column_ambiguous;year_role_inferred;range"}
    assert (rows[4]["value"], rows[4]["comparator"], rows[4]["value_raw"], rows[4]["quote"]) == (None, "", "98", "≥98")


def test_unreadable_and_uncertain_cells_are_kept_without_a_value_and_flagged():
    text = "| 指标 | 2020年 | 2025年 |\n| 养老床位 | 10 | 20 |\n| å¹´åº¦ | 3\ufffd | 5 |\n"
    _, rows = read(text, "label", "value", "flags")
    assert rows[2:] == [("å¹´åº¦", None, "year_role_inferred;mojibake;non_numeric"),
                        ("å¹´åº¦", None, "year_role_inferred;mojibake")]
    text = "二、发展目标\n指标类别指标内容(单位)指标属性基期目标值实际值完成情况\n养老服务助餐点覆盖率(%)预期性12\n"
    _, rows = read(text, "kind", "value", "value_text", "flags")
    flags = "missing_cell;ambiguous_split;split_uncertain;unit_in_label;year_assumed"
    assert rows == [("baseline", None, "1", flags), ("target", None, "2", flags)]  # 1 | 2 or 12: not known


def test_a_blank_line_inside_a_table_and_a_cell_that_may_be_dropped():
    text = ("二、发展目标\n| 指标 | 单位 | 2025年 | 备注 |\n| 床位 | 张 | 5 | |\n\n"
            "| 助餐点 | 个 | | 另计 | 多余 | 再多 |\n")
    tables, rows = read(text, "label", "value", "note", "flags")
    assert tables[0].n_rows == 2 and rows[0] == ("床位", 5, "", "year_role_inferred")
    assert rows[1] == ("助餐点", None, "备注: 多余; cell(s) beyond the table's columns: 再多; "
                                    "cell '另计' could belong to: 2025年, dropped",
                       "extra_cell;column_ambiguous;year_role_inferred;non_numeric")


def test_a_header_split_over_two_pipe_lines_is_read_column_by_column():
    text = ("| 指标 | 单位 | 2020年 | 2025年 | 指标 |\n| | | 现状值 | 目标值 | 属性 |\n|---|---|---|---|---|\n"
            "| 一、社区服务 | | | | |\n| 社区服务站覆盖率 | % | 61 | ≥90 | 约束性 |\n")
    tables, rows = extract_tables(PLAN, normalize(text))
    assert len(tables) == 1 and tables[0].n_rows == 1
    assert [(r["kind"], r["year"], r["value"], r["comparator"], r["attribute"]) for r in rows] == [
        ("baseline", 2020, 61, "=", "binding"), ("target", 2025, 90, ">=", "binding")]
    assert all("社区服务" in r["category"] for r in rows)


def test_numbered_body_rows_are_never_taken_for_a_two_line_header():
    # 19 over 20 reads as a year: two body rows must not join into a header and end the table
    text = "| 序号 | 指标 | 2025年 |\n" + "".join(f"| {i} | 站点{i} | {i} |\n" for i in range(17, 23))
    tables, rows = extract_tables(PLAN, normalize(text))
    assert len(tables) == 1 and [r["value"] for r in rows] == [17, 18, 19, 20, 21, 22]


def test_measure_columns_take_the_documents_kind_and_year_and_keep_the_measure():
    report = {"jurisdiction": "青川市", "file": "qc.txt", "period": "2024", "doc_kind": "work_report"}
    text = ("一、2024年工作总结\n项目\t保障对象（人）\t全年支出（万元）\t比上年增长（%）\n"
            "城市低保\t3100\t2650.5\t-1.5\n农村低保\t15000\t9000\t2.5\n")
    tables, rows = extract_tables(report, normalize(text))
    assert len(tables) == 1 and tables[0].n_rows == 2
    got = [(r["label"], r["qualifier"], r["kind"], r["year"], r["value"], r["unit"]) for r in rows]
    assert got[:3] == [("城市低保", "保障对象", "actual", 2024, 3100, "人"),
                       ("城市低保", "全年支出", "actual", 2024, 26505000, "元"),
                       ("城市低保", rows[2]["qualifier"], "actual", 2024, -1.5, "%")]
    assert "growth_rate" in rows[2]["flags"] and "year_assumed" in rows[0]["flags"]


def test_a_spaced_annual_table_with_a_year_target_and_a_who_column():
    annual = {"jurisdiction": "青川市", "file": "qc.txt", "period": "2025", "doc_kind": "annual_plan"}
    text = ("序号    项目名称                    单位    年度目标    责任单位\n"
            "1       新建社区养老服务综合体      个      6           市民政局\n"
            "2       家庭适老化改造              户      350         市民政局、市残联\n")
    tables, rows = extract_tables(annual, normalize(text))
    assert [(r["kind"], r["year"], r["value"], r["unit"]) for r in rows] == [
        ("target", 2025, 6, "个"), ("target", 2025, 350, "户")]
    assert "市民政局" not in " ".join(r["label"] for r in rows)


def test_indented_sub_rows_under_a_numbered_row_never_crash_and_keep_their_values():
    # 其中:城市 / 农村 lines start with spaces where the row number stands: the number column is empty there
    text = ("序号  指标                          单位        2020年     2025年      属性\n"
            "1     城乡低保标准                  元/人·月                            预期性\n"
            "        其中:城市                                620        ≥760\n"
            "              农村                                455        ≥600\n"
            "2     养老机构护理型床位占比        %           32.5       ≥55         约束性\n")
    tables, rows = extract_tables(PLAN, normalize(text))
    assert len(tables) == 1
    got = [(r["kind"], r["value"]) for r in rows if r["value"] is not None]
    assert got == [("baseline", 620), ("target", 760), ("baseline", 455), ("target", 600),
                   ("baseline", 32.5), ("target", 55)]


def test_a_row_number_cell_that_is_not_a_number_is_kept_as_a_note():
    row = T.ParsedRow(None, "", None, None, "", [], [])
    R._fill(row, Column("rowno", "序号"), Cell("其中", 0, 2, 1))
    assert row.rowno is None and row.notes == ["序号: 其中"]
    R._fill(row, Column("rowno", "序号"), Cell("12", 0, 2, 1))
    assert row.rowno == 12


def test_a_task_table_reads_the_figure_inside_each_phrase_cell():
    annual = {"jurisdiction": "青川市", "file": "qc.txt", "period": "2024", "doc_kind": "annual_plan"}
    text = ("| 序号 | 任务 | 目标 | 牵头单位 |\n| --- | --- | --- | --- |\n"
            "| 1 | 助餐服务 | 新建助餐点12个,覆盖率达到80% | 养老科 |\n"
            "| 2 | 适老化改造 | 完成改造不少于300户 | 养老科 |\n"
            "| 3 | 地名普查 | 2024年底前完成 | 区划科 |\n")
    tables, rows = extract_tables(annual, normalize(text))
    assert len(tables) == 1 and tables[0].n_rows == 3
    got = [(r["label"], r["qualifier"], r["kind"], r["year"], r["value"], r["unit"], r["comparator"]) for r in rows]
    assert got[:3] == [("助餐服务", "新建助餐点", "target", 2024, 12, "个", "="),
                       ("助餐服务", "覆盖率", "target", 2024, 80, "%", "="),
                       ("适老化改造", "完成改造", "target", 2024, 300, "户", ">=")]
    assert all("value_in_phrase" in r["flags"] for r in rows[:3]) and "multi_value" in rows[0]["flags"]
    # a phrase with no figure (a deadline) is kept, with its text and no value
    assert rows[3]["value"] is None and rows[3]["value_text"] == "2024年底前完成"
    assert "市民政局" not in "".join(r["label"] for r in rows) and "养老科" not in "".join(r["label"] for r in rows)


@pytest.mark.parametrize(("period", "role", "kinds"), [
    # a news item or report of 2023: years up to it were achieved, 2025 is a target, 2020 the plan's baseline
    ("2023", "", ["baseline", "actual", "actual", "actual", "target"]),
    ("2023", "report", ["baseline", "actual", "actual", "actual", "target"]),
    # in a plan the same years are the baseline and targets, as before
    ("2021-2025", "plan", ["baseline", "target", "target", "target", "target"]),
])
def test_bare_years_in_a_one_year_document(period, role, kinds):
    cols = [Column("value", f"{y}", year=y, year_role_inferred=True) for y in (2020, 2021, 2022, 2023, 2025)]
    K.assign_kinds(cols, period, role)
    assert [c.kind for c in cols] == kinds


def test_bare_years_all_in_the_past_stay_actuals_in_a_report():
    cols = [Column("value", f"{y}", year=y, year_role_inferred=True) for y in (2020, 2022, 2023)]
    K.assign_kinds(cols, "2023", "report")
    assert [c.kind for c in cols] == ["actual", "actual", "actual"]


def test_an_evaluation_column_is_a_status_and_does_not_break_the_header():
    text = ("序号\t指标名称\t单位\t2020年基期值\t2023年完成值\t2025年目标值\t评估结论\n"
            "1\t社区服务站覆盖率\t%\t60\t75\t90\t符合预期\n")
    meta = {"jurisdiction": "青川市", "file": "qc.txt", "period": "2021-2023", "doc_kind": "work_report"}
    tables, rows = extract_tables(meta, normalize(text))
    assert [(r["kind"], r["year"], r["value"]) for r in rows] == [
        ("baseline", 2020, 60), ("actual", 2023, 75), ("target", 2025, 90)]


def test_this_year_and_last_year_columns_of_a_bulletin():
    bulletin = {"jurisdiction": "青川市", "file": "qc.txt", "period": "2024", "doc_kind": "statistical_bulletin"}
    text = "指标\t单位\t本年\t上年\t增长(%)\n养老机构\t个\t214\t203\t5.4\n"
    tables, rows = extract_tables(bulletin, normalize(text))
    assert [(r["kind"], r["year"], r["value"]) for r in rows] == [
        ("actual", 2024, 214), ("actual", 2023, 203), ("actual", 2024, 5.4)]
    assert "growth_rate" in rows[2]["flags"] and "year_assumed" in rows[1]["flags"]


@pytest.mark.parametrize(("cell", "offset", "unit"), [
    ("本年", 0, ""), ("上年同期", -1, ""), ("上年(万元)", -1, "万元")])
def test_a_relative_year_header_is_an_actual_with_an_offset(cell, offset, unit):
    col = L.header_role(cell)
    assert (col.role, col.kind, col.year, col.year_offset, col.unit) == ("value", "actual", None, offset, unit)


def test_a_relative_year_with_a_word_that_is_no_unit_is_no_header():
    assert L.header_role("上年(修订)") is None


@pytest.mark.parametrize(("published", "kinds"), [
    (2023, ["baseline", "actual", "target"]),  # a mid-term revision: 2022 was over when it came out
    (2021, ["baseline", "target", "target"]),
    (None, ["baseline", "target", "target"]),
])
def test_a_bare_year_of_the_plan_already_over_at_publication_is_an_actual(published, kinds):
    cols = [Column("value", f"{y}年", year=y, year_role_inferred=True) for y in (2020, 2022, 2025)]
    K.assign_kinds(cols, "2021-2025", "plan", published)
    assert [c.kind for c in cols] == kinds


def test_the_relative_years_vocabulary_is_validated():
    data = dict(L.vocab())
    with pytest.raises(CmpError, match="relative_years"):
        L.parse_table_vocab({**data, "relative_years": {"上年": 1}})
    with pytest.raises(CmpError, match="relative_years"):
        L.parse_table_vocab({k: v for k, v in data.items() if k != "relative_years"})
