"""实现…X的目标: the value a plan sets as its goal is read; a value that only defines who is counted is not."""

from __future__ import annotations

import pytest

from .test_rules_prose import brief

SECTION = "二、主要目标\n"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("到2025年,实现社区服务设施覆盖率35%的目标。", [(35.0, "%", "target", 2025)]),
    ("到2025年,社区服务设施覆盖率实现35%的目标。", [(35.0, "%", "target", 2025)]),
    ("到2025年,力争完成新增养老床位1.2万张的目标任务。", [(12000.0, "张", "target", 2025)]),
    ("到2025年,确保特困人员集中供养率40%的任务落实到位。", [(40.0, "%", "target", 2025)]),
    ("到2025年,實現護理型床位佔比55%的目標。", [(55.0, "%", "target", 2025)]),
])
def test_a_goal_after_a_goal_verb_is_a_value(sentence, expected):
    assert brief(SECTION + sentence + "\n", "value", "unit", "kind", "year") == expected


@pytest.mark.parametrize("sentence", [
    "对服务满意率低于85%的机构实行约谈。",  # a condition: which institutions
    "社区服务设施覆盖率低于60%的乡镇要限期整改。",  # no goal verb: still a condition
    "实现收入低于3000元的家庭应保尽保。",  # a goal verb, but 的 is followed by who is counted, not a goal noun
])
def test_a_value_that_defines_who_is_counted_is_not_read(sentence):
    assert brief(SECTION + sentence + "\n", "value") == []
