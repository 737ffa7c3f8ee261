"""Rule-level tests of numbers.plainly_text, the shortcut that spares parsing a long table's labels: it must never
say "plain text" for a cell parse_cell reads (a number, range, ratio or empty mark)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmp.extract import numbers

ODD_CELLS = [
    "", "-", "—", "——", "/", "无", "…", "12", "0", "-4.1", "－4.1", "−0.5%", "14.3人", "6.4万张", "≥65", "不低于90%",
    "90%以上", "控制在5%以内", "30-40", "350-500㎡", "1:07", "1:7", "城市30农村43", "城市", "农村低保标准", "约束性",
    "预期性", "完成", "个", "%", "万人", "社区服务站点12", "梧桐区养老服务中心覆盖率", "12,13", "养老、托育", "约80",
    "2025年", "男性人口占比", "女", "每千名老年人拥有养老床位数(张)", "x" * 70, "三个以上", " 前后有空格 ",
]


def _reads(cell: str, hint: str) -> bool:
    qs = numbers.parse_cell(cell, hint)
    return any(q.value is not None or q.low is not None or "no_value" in q.flags or "suspect_format" in q.flags
               for q in qs)


@pytest.mark.parametrize("cell", ODD_CELLS)
def test_plainly_text_never_claims_a_cell_that_reads(cell):
    if numbers.plainly_text(cell):
        assert not any(_reads(cell, hint) for hint in ("", "个", "%", "万人"))


def test_plainly_text_says_yes_to_labels_and_no_to_numbers_marks_and_scopes():
    assert numbers.plainly_text("社区服务站点12") and numbers.plainly_text("梧桐区养老服务中心覆盖率")
    for cell in ("12", "-4.1", "－4.1", "—", "", " ", "不低于90%", "城市30农村43", "男", "12,13", "养老、托育"):
        assert not numbers.plainly_text(cell), cell


_PIECES = st.sampled_from(["1", "0", "25", ".", "5", "-", "－", "—", "~", "至", ":", "%", "人", "万", "张", "个", "年",
                           "城市", "农村", "男", "不低于", "达到", "以上", "以内", "控制在", "≥", "≤", ",", "、", ";",
                           " ", "社区", "服务", "覆盖率", "(", ")", "约", "×", "无"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=6).map("".join), st.sampled_from(["", "个", "%"]))
def test_plainly_text_agrees_with_parse_cell_on_made_up_cells(cell, hint):
    if numbers.plainly_text(cell):
        assert not _reads(cell, hint)
