"""Rule-level tests of the table reader's shortcuts for long tables (issue 10): each gives what the slow path gives,
on small made-up tables with the odd cases (dash cells, units in cells, negative cells, category rows, long labels,
repeated headers)."""

from __future__ import annotations

import pytest

from cmp.errors import CmpError
from cmp.extract import table_glued, table_layouts, table_rows, table_values, tables
from cmp.extract.table_layouts import Cell, Column, line_cells
from cmp.extract.tables import extract_tables
from cmp.ingest.normalize import normalize

pytestmark = pytest.mark.usefixtures("fresh_table_caches")

PLAN = {"jurisdiction": "wutong", "file": "w.txt", "period": "2021-2025"}

ODD_CELLS = [
    "", "-", "—", "——", "/", "无", "…", "12", "0", "-4.1", "－4.1", "−0.5%", "14.3人", "6.4万张", "≥65", "不低于90%",
    "90%以上", "控制在5%以内", "30-40", "350-500㎡", "1:07", "1:7", "城市30农村43", "城市", "农村低保标准", "约束性",
    "预期性", "完成", "个", "%", "万人", "社区服务站点12", "梧桐区养老服务中心覆盖率", "12,13", "养老、托育", "约80",
    "2025年", "男性人口占比", "女", "每千名老年人拥有养老床位数(张)", "x" * 70, "三个以上", " 前后有空格 ",
]


@pytest.mark.parametrize("cell", ODD_CELLS)
def test_cell_scores_and_natures_equal_the_parsed_ones(cell):
    assert table_rows.numericish(cell) == table_rows._numericish(cell)
    for role in ("rowno", "category", "indicator", "unit", "attribute", "status", "note", "value"):
        if role != "rowno":
            assert table_rows.cell_score(cell, role) == table_rows._cell_score(cell, role), (cell, role)


def test_row_numbers_name_no_column_but_years_still_do():
    for n in [*range(0, 2100, 7), 1900, 1999, 2000, 2020, 2025, 2099, 12345, 20251]:
        s = str(n)
        assert table_layouts._header_role(s) == table_layouts._header_role_of(s), s
    assert table_layouts._header_role("2025").role == "value"
    assert table_layouts._header_role("1234") is None and table_layouts._header_role("0") is None


@pytest.mark.parametrize("key", ["header_roles", "value_words", "indicator_inside", "period_years"])
def test_a_bare_number_as_a_header_word_is_refused(key):
    import copy

    data = copy.deepcopy(table_layouts.vocab())
    if key == "header_roles":
        data[key]["rowno"] = [*data[key]["rowno"], "12"]
    elif key == "value_words":
        data[key]["target"] = [*data[key]["target"], " 7 "]
    elif key == "period_years":
        data[key]["15"] = 2015
    else:
        data[key] = [*data[key], "3"]
    with pytest.raises(CmpError, match=f"bad key '{key}[.a-z]*'"):
        table_layouts.parse_table_vocab(data)


@pytest.mark.parametrize(("line", "expected"), [
    ("| 1 | 养老床位 | 张 | 120 |", [("1", 2), ("养老床位", 6), ("张", 13), ("120", 17)]),
    ("|1|| —  |-4.1|", [("1", 1), ("", 3), ("—", 5), ("-4.1", 9)]),
    ("1 | 托育 | 14.3人", [("1", 0), ("托育", 4), ("14.3人", 9)]),
    ("  | 孤儿 |  ", [("孤儿", 4)]),
    ("a\t b \t", [("a", 0), ("b", 3), ("", 6)]),
    ("│ 2 │ 城市30农村43 │", [("2", 2), ("城市30农村43", 6)]),
    ("　全角空格　", [("全角空格", 1)]),
])
def test_line_cells_offsets_point_at_the_stripped_cells(line, expected):
    cells = line_cells(line, 100, 7)
    assert [(c.text, c.start - 100) for c in cells] == expected
    assert all(line[c.start - 100:c.end - 100] == c.text and c.line == 7 for c in cells)


@pytest.mark.parametrize("line", ["|---|:---:|", "+----+----+", "", "   ", "||"])
def test_line_cells_rules_and_blanks(line):
    out = line_cells(line, 0, 1)
    assert out is None or out == []
    assert line_cells("|---|:---:|", 0, 1) is None and line_cells("   ", 0, 1) == []


def _cols():
    return [Column("rowno", "序号"), Column("indicator", "指标"), Column("unit", "单位"),
            Column("value", "2025年", kind="target", year=2025)]


def _cells(*texts):
    return [Cell(t, 10 * i, 10 * i + len(t), 1) for i, t in enumerate(texts)]


@pytest.mark.parametrize("texts", [
    ("1", "社区服务站点1", "个", "12"), ("2", "孤儿基本生活保障标准", "元/月", "—"),
    ("3", "人口自然增长率", "%", "-4.1"),
    ("4", "持证社会工作者", "", "14.3人"), ("5", "x" * 70, "个", "≥65"), ("6", "城乡低保", "元", "城市30农村43"),
])
def test_a_row_taken_as_printed_equals_the_searched_row(texts):
    cells, cols = _cells(*texts), _cols()
    fast = table_rows.build_row(cells, cols, None, "一、养老")
    paths = table_rows.align(cells, cols)[1]
    assert paths == [list(range(len(cells)))]  # the search agrees: every cell in its own column
    assert fast.rowno == int(texts[0]) and fast.label is cells[1] and fast.unit is cells[2]
    assert fast.values == [(cols[3], cells[3])] and fast.category == "一、养老"
    assert fast.flags == [] and fast.notes == [] and fast.value_flags == {}


def test_a_row_that_does_not_fit_still_takes_the_search():
    row = table_rows.build_row(_cells("7", "养老床位", "120"), _cols(), None, "")
    assert "missing_cell" in row.flags and row.unit is None and row.values[0][1].text == "120"
    row = table_rows.build_row(_cells("8", "120", "张", "130"), _cols(), None, "")
    assert row.label is None or row.label.text != "120"


TABLE = """第二章 发展目标
表1 梧桐区民政事业主要指标
| 序号 | 指标 | 单位 | 2020年 | 2025年 |
|---|---|---|---|---|
| 一、养老服务 |  |  |  |  |
| 1 | 社区养老服务站点覆盖率 | % | 60 | ≥90 |
| 2 | 每千名老年人拥有养老床位数(张) |  | — | 40 |
| 3 | 梧桐区城乡最低生活保障对象人数年均变化 | % | -4.1 | －2.0 |
| 4 | 持证社会工作者 |  | 14.3人 | 20万人 |
| 二、社会救助 |  |  |  |  |
| 序号 | 指标 | 单位 | 2020年 | 2025年 |
| 5 | 城乡低保标准 | 元/月 | 城市30农村43 | 约束性 |
| 6 | 梧桐区特困人员供养服务设施(敬老院)护理型床位占比达到的水平 | % | 30 | 55 |
第三章 保障措施
"""


def test_a_made_up_table_reads_the_same_without_the_shortcuts(monkeypatch):
    fast = extract_tables(PLAN, normalize(TABLE))
    monkeypatch.setattr(table_rows, "plainly_text", lambda _: False)
    monkeypatch.setattr(table_values, "_plain_row", lambda *_: False)
    monkeypatch.setattr(table_layouts, "_header_role", table_layouts._header_role_of)
    for module in ("table_line_headers", "table_spaced_headers", "table_header_at"):
        monkeypatch.setattr(f"cmp.extract.{module}._header_role", table_layouts._header_role_of)
    for module in (table_layouts, table_rows):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and value is not table_layouts.vocab:
                value.cache_clear()
    slow = extract_tables(PLAN, normalize(TABLE))
    assert fast[1] == slow[1]
    assert [(t.n_rows, t.n_out, t.n_no_value) for t in fast[0]] == [(t.n_rows, t.n_out, t.n_no_value)
                                                                   for t in slow[0]]
    rows = fast[1]
    assert fast[0][0].n_rows == 6 and len({r["row_no"] for r in rows}) == 6  # repeated header skipped, none lost
    assert {r["category"] for r in rows} == {"一、养老服务", "二、社会救助"}
    neg = [r for r in rows if r["row_no"] == 3]
    assert [r["value"] for r in neg] == [-4.1, -2.0]


def test_a_plain_rows_values_carry_what_the_flagged_path_gives_them():
    nt = normalize(TABLE)
    (info, rows), = tables.find_tables(nt, "2021-2025")
    plain = [r for r in rows if table_values._plain_row(r, [])]
    assert plain and len(plain) < len(rows)  # rows 2 (unit in the label) and 5 (a status word as value) are not
    for r in plain:
        for idx, (col, cell) in enumerate(r.values):
            expected = (table_values._column_flags(col), "", True)
            assert table_values._value_flags(nt, r, idx, col, cell, [], set()) == expected
    col = Column("value", "年均增长", kind="target", year=2025, year_assumed=True, year_role_inferred=True, growth=True)
    assert table_values._column_flags(col) == ["year_assumed", "year_role_inferred", "growth_rate"]
    assert table_values._column_flags(Column("value", "2025年目标值", kind="target", year=2025)) == []
    cell = Cell("12", 0, 2, 3)
    assert table_values._value_flags(nt, plain[0], 0, col, cell, ["unit_in_label"], {3})[0][-2:] == ["growth_rate",
                                                                                                "duplicate_source"]


def _plain_piece_splits(s: str) -> list[list[str]]:
    """The cuts of a digit run the way the reader found them before each tail was remembered."""
    if not s:
        return [[]]
    out = []
    for k in range(1, len(s) + 1):
        head = s[:k]
        if not table_glued._PIECE_RE.fullmatch(head):
            continue
        if "-" in head:
            lo, hi = head.split("-")
            if float(lo) > float(hi):
                continue
        out += [[head, *rest] for rest in _plain_piece_splits(s[k:])]
    return out


@pytest.mark.parametrize("run", ["", "0", "05", "100", "9910010", "99100100", "1-2", "2-1", "10-15100", "1.5",
                                 "12.590.0", "0.50.6", "100.0100", "3-53-5", "1000010000"])
def test_remembered_digit_cuts_equal_the_plain_recursion(run):
    assert table_glued._piece_splits(run) == _plain_piece_splits(run)
    assert table_glued._piece_splits(run) == _plain_piece_splits(run)  # (asked again: from memory, same lists)


def test_remembered_digit_cuts_are_not_shared_with_the_caller():
    first = table_glued._piece_splits("123")
    first[0].append("x")
    assert table_glued._piece_splits("123") == [["1", "2", "3"], ["1", "23"], ["12", "3"], ["123"]]
