"""The corpus against the codebook: every indicator-table label of the real plans (data/raw) and of the built table
(data/tidy) is mapped or deliberately unmapped. Corpus checks, kept apart from the codebook's rule tests
(test_codebook.py, test_rules_codebook.py) so the mutation run of `codebook` stays fast."""

from __future__ import annotations

import pytest

from cmp.model.codebook import label_key, map_label, unmapped, unmapped_ok
from cmp.model.tidy import load

from .conftest import RAW, ROOT

# Every indicator-table row label of the corpus, with the raw line that prints it (checked below against the
# raw file, so the list cannot drift from the documents). Wuhan's 13th-plan labels sit inside glued lines.
CORPUS_TABLE_LABELS = [
    ('chifeng', 46, '社会组织专职工作人员数量'),
    ('chifeng', 52, '城乡低保标准年度增速'),
    ('chifeng', 58, '农村牧区低保标准占城市低保标准比例'),
    ('chifeng', 64, '每百户居民拥有的城乡社区综合服务设施建筑面积'),
    ('chifeng', 70, '旗县级城乡公益性安葬(放)设施覆盖率'),
    ('chifeng', 76, '铁路、公路两侧整治散埋乱葬完成率'),
    ('chifeng', 81, '婚姻登记“全市通办”实施率'),
    ('chifeng', 87, '困难残疾人生活补贴覆盖率'),
    ('chifeng', 93, '重度残疾人护理补贴覆盖率'),
    ('chifeng', 99, '社区日间照料机构覆盖率'),
    ('chifeng', 105, '养老机构护理型床位占比'),
    ('chifeng', 111, '培训养老护理员和家庭照护者'),
    ('chifeng', 117, '每个街道建立具备综合功能的养老服务中心建设数量'),
    ('chifeng', 123, '每千名老年人拥有社会工作者数'),
    ('chifeng', 129, '新建居住小区养老服务设施配建率(%)'),
    ('chifeng', 135, '乡镇(街道)未成年人保护工作站覆盖率'),
    ('chifeng', 141, '社会工作专业人才总量'),
    ('chifeng', 147, '城镇社区综合服务设施覆盖率(%)'),
    ('chifeng', 153, '福利彩票销售网点数'),
    ('wuhan', 70, '申请社会救助家庭经济情况信息核对率(%)'),
    ('wuhan', 71, '城乡低保救助精准率(%)'),
    ('wuhan', 72, '城乡低保标准占上年度城乡居民平均消费支出的比重(%)'),
    ('wuhan', 73, '综合减灾示范社区覆盖率(%)'),
    ('wuhan', 75, '街道社区服务中心覆盖率(%)'),
    ('wuhan', 76, '平均每百户居民拥有社区服务设施面积(平方米)'),
    ('wuhan', 77, '每个城市社区拥有社区社会组织数(个)'),
    ('wuhan', 78, '每个农村社区拥有社会社区组织数(个)'),
    ('wuhan', 79, '年均新增登记和备案社会组织数(家)'),
    ('wuhan', 80, '登记社会组织总数(个)'),
    ('wuhan', 81, '每万人拥有登记社会组织数(个)'),
    ('wuhan', 82, '区级社会组织孵化基地覆盖率(%)'),
    ('wuhan', 83, '登记注册社区志愿者占常住人口比重(%)'),
    ('wuhan', 84, '每万名常住人口拥有社会工作者人数(个)'),
    ('wuhan', 85, '平均每个城市社区配备专业社会工作者人数(人)'),
    ('wuhan', 86, '平均每个农村社区配备专业社会工作者人数(人)'),
    ('wuhan', 87, '养老床位数(万张)'),
    ('wuhan', 88, '*每千名老年人口养老床位数(张)'),
    ('wuhan', 89, '护理型床位占养老床位总数的比例(%)'),
    ('wuhan', 90, '城市社区居家养老服务设施覆盖率(%)'),
    ('wuhan', 91, '农村社区建立养老服务站点覆盖率(%)'),
    ('wuhan', 92, '新婚婚姻登记颁证率(%)'),
    ('wuhan', 94, '收养登记合格率(%)'),
    ('wuhan', 175, '农村低保标准占城市低保标准比例'),
    ('wuhan', 187, '城乡低保标准年度增速'),
    ('wuhan', 199, '街道(乡镇)儿童督导员、居(村)儿童主任覆盖率'),
    ('wuhan', 213, '国际化社区创建'),
    ('wuhan', 223, '社会工作专业人才占全市常住人口比例'),
    ('wuhan', 233, '街道(乡镇)社会工作服务站覆盖率'),
    ('wuhan', 245, '社会组织专职工作人员数量'),
    ('wuhan', 259, '养老机构护理型床位占比'),
    ('wuhan', 271, '乡镇(街道)范围具备综合功能的养老服务机构覆盖率'),
    ('wuhan', 283, '结婚登记“跨省通办”实施率'),
    ('wuhan', 295, '新城区街道(乡镇)公益性骨灰安放设施覆盖率'),
    ('wuhan', 307, '开展精神障碍康复服务的区比例'),
    ('wuhan', 319, '残疾人两项补贴“跨省通办”实施率'),
    ('wuhan', 333, '各区民政部门拥有行政执法资格人员占在职在编人员比例'),
    ('tongzhou', 92, '儿童福利服务指导中心'),
    ('tongzhou', 100, '区级社区服务中心'),
    ('tongzhou', 108, '婚姻登记处'),
    ('tongzhou', 116, '精神卫生康复机构'),
    ('tongzhou', 124, '墓园烈士陵园;回民墓园'),
    ('tongzhou', 132, '区社会组织孵化基地'),
    ('tongzhou', 140, '区救助站'),
    ('tongzhou', 150, '养老照料中心'),
    ('tongzhou', 158, '儿童工作站'),
    ('tongzhou', 166, '街道乡镇社区服务中心'),
    ('tongzhou', 176, '养老服务驿站'),
    ('tongzhou', 184, '社区管理服务用房'),
    ('tongzhou', 192, '村级集中埋葬点'),
    ('tongzhou', 200, '慈善捐助点'),
    ('tongzhou', 208, '临时救助点'),
    ('tongzhou', 218, '农村社会服务站建设率(%'),
    ('tongzhou', 228, '养老床位总数(张)'),
    ('tongzhou', 236, '千名老人养老床位数(张)'),
    ('tongzhou', 244, '每万名老人拥有护理员数(人)'),
    ('tongzhou', 254, '每万人拥有登记注册的社会组织数'),
    ('tongzhou', 262, '社会组织就业人数占全市就业人口比重'),
    ('tongzhou', 270, '政府购买社会组织服务资金(万)'),
    ('tongzhou', 280, '登记注册社会工作者数量(人)'),
    ('tongzhou', 290, '城乡低保标准占本区人均消费支出'),
    ('tongzhou', 298, '低保户数'),
    ('tongzhou', 306, '低保发放总额(万元)'),
    ('tongzhou', 445, '千人养老床位数(张)'),
    ('tongzhou', 451, '养老机构床位总数(张)'),
    ('tongzhou', 457, '家庭养老床位数(张)'),
    ('tongzhou', 463, '社区养老服务驿站/农村幸福晚年驿站(个)'),
    ('tongzhou', 469, '养老照料中心(个)'),
    ('tongzhou', 475, '公办民营在公办养老机构占比'),
    ('tongzhou', 481, '社会投入与兴办养老机构占比'),
    ('tongzhou', 487, '养老机构失能失智老年人入住率'),
    ('tongzhou', 493, '公办养老机构医养结合覆盖率'),
    ('tongzhou', 499, '照护型床位比重'),
    ('tongzhou', 505, '养老机构内养老护理人员数与入住需帮助老年人比例'),
    ('tongzhou', 511, '养老机构内养老护理员人数与入住需照护老年人比例'),
    ('tongzhou', 517, '参与公益活动老年人比例'),
    ('tongzhou', 523, '经常参加文体活动老年人比例'),
    ('tongzhou', 529, '农村邻里互助点(个)'),
    ('tongzhou', 535, '城乡老年友好宜居环境示范社区(个)'),
    ('tongzhou', 625, '区级养老院'),
    ('tongzhou', 633, '区养老指挥中心'),
    ('tongzhou', 641, '儿童福利服务指导中心'),
    ('tongzhou', 649, '精神残疾康复床位'),
    ('tongzhou', 657, '智障人员服务床位'),
    ('tongzhou', 665, '区级社区服务中心'),
    ('tongzhou', 673, '5A级婚姻登记中心'),
    ('tongzhou', 681, '婚姻登记分中心'),
    ('tongzhou', 687, '精神卫生康复机构'),
    ('tongzhou', 695, '殡仪馆'),
    ('tongzhou', 703, '墓园烈士陵园;回民墓园'),
    ('tongzhou', 711, '区社会组织孵化基地'),
    ('tongzhou', 719, '区救助站'),
    ('tongzhou', 741, '养老院'),
    ('tongzhou', 749, '照料中心'),
    ('tongzhou', 757, '儿童福利服务中心'),
    ('tongzhou', 765, '镇级公益性墓园'),
    ('tongzhou', 773, '社会组织孵化基地'),
    ('tongzhou', 781, '慈善捐助点'),
    ('tongzhou', 789, '临时救助服务点'),
    ('tongzhou', 812, '社区养老驿站'),
    ('tongzhou', 820, '幸福晚年驿站'),
    ('tongzhou', 828, '儿童之家'),
    ('tongzhou', 836, '社区管理服务用房'),
    ('tongzhou', 844, '村管理服务空间'),
    ('tongzhou', 852, '自然埋葬点'),
    ('tongzhou', 860, '村社社会组织'),
    ('tongzhou', 868, '慈善捐助点'),
]

FILES = {
    "chifeng": "chifeng_14th_fyp_civil_affairs_draft.txt",
    "wuhan": "wuhan_14th_fyp_civil_affairs.txt",
    "tongzhou": "tongzhou_14th_fyp_civil_affairs.txt",
}


@pytest.fixture(scope="module")
def raw_lines() -> dict[str, list[str]]:
    return {j: (RAW / f).read_text(encoding="utf-8").split("\n") for j, f in FILES.items()}


def test_every_corpus_table_label_is_printed_where_listed(raw_lines):
    assert len(CORPUS_TABLE_LABELS) >= 120
    for jur, line, label in CORPUS_TABLE_LABELS:
        assert label in raw_lines[jur][line - 1], (jur, line, label)


def test_every_corpus_table_label_is_mapped_or_deliberately_unmapped():
    ok = unmapped_ok()
    missing = [(j, n, lab) for j, n, lab in CORPUS_TABLE_LABELS if not map_label(lab) and label_key(lab) not in ok]
    assert missing == []
    mapped = {map_label(lab) for _, _, lab in CORPUS_TABLE_LABELS} - {""}
    assert len(mapped) >= 80


def test_built_table_labels_are_mapped_or_deliberately_unmapped():
    csv = ROOT / "data" / "tidy" / "indicators.csv"
    assert csv.is_file(), f"{csv} is missing: it is committed; run `cmp build` to regenerate it"
    table = load(csv.parent)
    left = unmapped(table[table["method"] == "table"])
    assert left.empty, left.to_string()
