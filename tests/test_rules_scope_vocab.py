"""The one scope-word vocabulary (cmp.extract.scope_vocab): its validation on load. Each reader's use of the groups
it takes is tested beside the reader (test_codebook_scope.py, test_numbers_scope.py, test_rules_prose_scope.py), so
the mutation run of that reader's module picks the tests up (benchmarks/mutation.yaml globs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cmp.errors import CmpError
from cmp.extract import scope_vocab as SV
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
