"""The one scope-word vocabulary (cmp.extract.scope_vocab): its validation, and each reader's use of the groups it
takes, on made-up labels and cells (梧桐区, 临河县, 青川市 and their numbers are invented)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cmp.errors import CmpError
from cmp.extract import scope_vocab as SV
from cmp.extract.numbers import parse_cell
from cmp.extract.prose import extract_prose
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document
from cmp.model.codebook import label_key
from cmp.yamlio import load_file


def _data() -> dict:
    return load_file(SV.VOCAB_PATH)


# ---------------------------------------------------------------------------------------------- validation
def test_the_shipped_vocabulary_has_every_group_and_no_word_twice():
    v = SV.vocab()
    assert set(v.groups) == set(SV.GROUPS)
    words = [w for ws in v.groups.values() for w in ws]
    assert len(words) == len(set(words))
    assert (v.each_prefix, v.each_not_before) == ("各", "类项种级")


def _error(tmp_path: Path, data: object) -> CmpError:
    p = tmp_path / "scope_vocab.yaml"
    with pytest.raises(CmpError) as exc:
        SV.parse_vocab(data, p)
    assert exc.value.path == str(p)
    return exc.value


def test_a_missing_group_names_it(tmp_path):
    data = _data()
    del data["groups"]["level"]
    assert "bad key 'groups.level': expected this group to be present" in str(_error(tmp_path, data))


def test_a_missing_top_key_names_it(tmp_path):
    data = _data()
    del data["each_not_before"]
    assert "bad key 'each_not_before': expected this key to be present" in str(_error(tmp_path, data))


def test_an_unknown_key_or_group_is_refused(tmp_path):
    data = _data()
    data["scope_words"] = ["全市"]
    assert "bad key 'scope_words': expected one of groups, each_prefix, each_not_before" in str(_error(tmp_path, data))
    data = _data()
    data["groups"]["levels"] = ["省级"]  # a misspelt group would silently do nothing
    assert "bad key 'groups.levels': expected one of the groups" in str(_error(tmp_path, data))


def test_a_word_in_two_groups_is_refused(tmp_path):
    data = _data()
    data["groups"]["level"] = [*data["groups"]["level"], "全市"]
    err = str(_error(tmp_path, data))
    assert "bad key 'groups.level'" in err and "'全市' is also in jurisdiction" in err


@pytest.mark.parametrize("words", [[], "全市", ["全市", ""], ["全市", 3], [" 全市"], None])
def test_a_group_must_be_a_list_of_words(tmp_path, words):
    data = _data()
    data["groups"]["jurisdiction"] = words
    assert "bad key 'groups.jurisdiction': expected a non-empty list of non-empty words" in str(_error(tmp_path, data))


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("each_prefix", "各个", "one character"), ("each_prefix", 1, "one character"),
    ("each_not_before", "", "a non-empty string"), ("each_not_before", ["类"], "a non-empty string"),
    ("groups", ["全市"], "a mapping of group name"),
])
def test_bad_values_name_the_key_and_what_was_expected(tmp_path, key, value, expected):
    data = _data()
    data[key] = value
    assert f"bad key '{key}': expected {expected}" in str(_error(tmp_path, data))


def test_not_a_mapping_and_a_missing_file_are_errors(tmp_path):
    assert "expected a mapping at the top level" in str(_error(tmp_path, ["全市"]))
    with pytest.raises(CmpError, match="expected the scope-word vocabulary"):
        SV.vocab(tmp_path / "none.yaml")


def test_the_vocabulary_is_read_again_when_its_file_changes(tmp_path):
    path = tmp_path / "scope_vocab.yaml"
    text = SV.VOCAB_PATH.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    os.utime(path, (1_000_000, 1_000_000))
    assert "全旗" in SV.vocab(path).groups["jurisdiction"]
    path.write_text(text.replace("全旗, ", ""), encoding="utf-8")
    os.utime(path, (2_000_000, 2_000_000))
    assert "全旗" not in SV.vocab(path).groups["jurisdiction"]


def test_words_come_longest_first_and_ties_keep_the_file_order():
    v = SV.ScopeVocab({"urban_rural": ("城市", "农村", "农村牧区"), "sex": ("男", "女")}, "各", "类")
    assert v.words("sex", "urban_rural") == ("农村牧区", "城市", "农村", "男", "女")
    with pytest.raises(ValueError, match="unknown scope-word group"):
        v.words("level")
    with pytest.raises(ValueError, match="unknown scope-word group"):
        v.words()


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


# ---------------------------------------------------- numbers: urban_rural + urban_and_rural + sex + jurisdiction
@pytest.mark.parametrize(("cell", "hint", "got"), [
    ("全县30城区45", "%", [("全县", 30), ("城区", 45)]),  # a county plan's cell, as 全市30城区45 in a city plan
    ("本市85农村70", "%", [("本市", 85), ("农村", 70)]),
    ("牧区12城市15", "%", [("牧区", 12), ("城市", 15)]),
    ("城乡900农村700", "元", [("城乡", 900), ("农村", 700)]),
    ("男60女55", "岁", [("男", 60), ("女", 55)]),
])
def test_cells_split_on_every_qualifier_group(cell, hint, got):
    qs = parse_cell(cell, hint)
    assert [(q.qualifier, q.value) for q in qs] == got
    assert all(q.flags == ("multi_value",) for q in qs)


def test_a_unit_ends_where_the_next_qualifier_word_starts_not_at_its_first_character():
    # 本 is a unit (册/本) and the first character of 本市/本区: only the whole word ends the unit
    qs = parse_cell("城市30本农村20本")
    assert [(q.qualifier, q.value, q.unit, q.text) for q in qs] == [("城市", 30, "本", "城市30本"),
                                                                   ("农村", 20, "本", "农村20本")]
    qs = parse_cell("城市30张全区45张")
    assert [(q.qualifier, q.value, q.unit, q.start, q.end) for q in qs] == [("城市", 30, "张", 0, 5),
                                                                           ("全区", 45, "张", 5, 10)]


@pytest.mark.parametrize("cell", ["全国30城市40", "市级30区级40", "各地30农村40"])
def test_words_of_the_other_groups_do_not_qualify_a_cell_value(cell):
    qs = parse_cell(cell, "%")
    assert len(qs) == 1 and qs[0].value is None and "non_numeric" in qs[0].flags


# ------------------------------------------ prose: jurisdiction + wider_area + each_place + level; urban_rural
PLAN = {"file": "lh.txt", "jurisdiction": "临河县", "doc_kind": "five_year_plan", "period": "2021-2025"}


def _rows(text: str, *fields: str) -> list[tuple]:
    rows = extract_prose(Document(meta=dict(PLAN), text=text, path=Path("lh.txt")), normalize(text), frozenset())
    return [tuple(r[f] for f in fields) for r in rows]


@pytest.mark.parametrize("word", ["全区", "本区", "全盟", "全国", "各地区", "区级"])
def test_a_label_of_one_scope_word_is_the_scope_not_what_is_counted(word):
    # 本区/全盟 were missing from the prose list: the row was labelled '本区', a label that names nothing
    assert _rows(f"养老服务站建设方面，{word}达到45个。", "label", "value", "note") == [
        ("养老服务站建设方面", 45.0, f"elderly care; scope: {word}")]
    assert _rows(f"养老服务站：{word}45个。", "label", "note") == [("养老服务站", f"elderly care; scope: {word}")]


def test_a_scope_word_before_a_respective_list_is_not_the_first_subject():
    got = _rows("本区高龄津贴和护理补贴分别惠及3000人和1200人。", "qualifier", "value")
    assert got == [("高龄津贴", 3000.0), ("护理补贴", 1200.0)]


@pytest.mark.parametrize("word", ["城区", "牧区", "农村牧区", "城镇"])
def test_a_scope_that_starts_with_an_urban_or_rural_word_qualifies_the_value(word):
    assert _rows(f"{word}社区建成45个养老服务站。", "label", "qualifier") == [("养老服务站", word)]


def test_urban_and_rural_together_is_not_one_half_of_a_pair():
    assert _rows("城乡社区建成45个养老服务站。", "label", "qualifier") == [("养老服务站", "")]
