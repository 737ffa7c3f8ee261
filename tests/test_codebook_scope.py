"""Label keys drop only the plan's own jurisdiction words (cmp.model.codebook with extract/scope_vocab.yaml's
group jurisdiction and its 各 rule), on made-up labels."""

from __future__ import annotations

import pytest

from cmp.model.codebook import label_key


# ---------------------------------------------------------------------------------- codebook: jurisdiction
@pytest.mark.parametrize(("label", "key"), [
    ("全县养老床位", "养老床位"),  # every jurisdiction word, not only 全市
    ("全旗养老床位", "养老床位"),
    ("本区养老床位", "养老床位"),
    ("我市社会组织数", "社会组织数"),
    ("各乡镇养老服务中心", "乡镇养老服务中心"),  # 各 before a place
    ("各类养老机构", "各类养老机构"),  # 各 before a kind word is what is measured
    ("各级婚姻登记机关", "各级婚姻登记机关"),
    ("区级公益性公墓", "区级公益性公墓"),  # a level word is never stripped
    ("市级养老服务指导中心", "市级养老服务指导中心"),
    ("全国养老床位", "全国养老床位"),  # a wider area is another jurisdiction's figure
    ("全省社会组织数", "全省社会组织数"),
    ("城市低保标准", "城市低保标准"),  # urban/rural is a scope of its own, kept
    ("全区", "全区"),  # nothing would remain: kept
])
def test_label_keys_drop_only_the_plans_own_jurisdiction(label, key):
    assert label_key(label) == key
