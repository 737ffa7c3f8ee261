"""Rule-level tests of the shortcuts of the 1,000-document build: each gives exactly what the plain way gives."""

import re

import pytest

from cmp.errors import CmpError
from cmp.extract import textnums
from cmp.extract.numbers import vocab as number_vocab
from cmp.extract.textnums import excluded_spans, required_chars
from cmp.model import codebook, reconcile, vocab


@pytest.fixture(autouse=True)
def _fresh_memos():
    """Each test builds the remembered tables itself (the mutation runner forks mutants from a process that has run
    the tests: a table remembered there would hide a mutant in the code that builds it)."""
    textnums._gates_memo[0] = None
    codebook._info_memo[:] = [None, {}]
    reconcile._plans_memo[:] = [None, ()]


def _sets(pattern: str, flags: int = 0) -> list[str]:
    return ["".join(sorted(s)) for s in required_chars(re.compile(pattern, flags))]


def test_required_chars_reads_literals_classes_repeats_and_branches():
    assert _sets("令第\\d+号") == ["令", "第", "号"]
    assert _sets("[〔(]\\d+[〕)]") == ["(〔", ")〕"]
    assert _sets("(?:路|街|大道)\\d+号") == ["大街路", "号"]  # one of the ways, each by its first need
    assert _sets("第?(?:条)*x{0,2}y{1,3}") == ["y"]  # optional parts need nothing; a repeat of 1+ needs its item
    assert _sets("(?:年满|满)\\d岁") == ["年满", "岁"]
    assert _sets("(?:一站式|\\d+)号") == ["号"]  # a way with no literal: the branch needs nothing
    assert _sets("[^号]\\d|[\\u4e00-\\u9fff]+|\\b\\d\\b") == []  # negated classes, ranges and digits: nothing named


def test_required_chars_gives_up_where_a_literal_is_not_a_character():
    assert _sets("abc", re.IGNORECASE) == []
    assert _sets("x(?i:abc)") == []


def _plain(sent: str) -> list[tuple[int, int]]:
    rx = re.compile("|".join(f"(?:{r.pattern})" for _n, r in number_vocab().exclusions), re.M)
    return [(m.start(), m.end()) for m in rx.finditer(sent) if m.end() > m.start()]


@pytest.mark.parametrize("sent", [
    "根据梧桐区民发〔2021〕12号文件,到2025年养老床位达到3000张。",       # document number: needs 号 and a bracket
    "地址:临河县建设路12号3楼,电话:0571-88886666。",                    # address and phone
    "2021年3月5日起,80周岁以上老年人每人每月补贴100元。",               # date, age that defines who is meant
    "依据《青川市养老服务条例》第十二条,建成2个一站式服务中心。",        # law title, article, fixed term
    "1. 到2025年,社区养老服务设施覆盖率达到100%。",                     # list number
    "2021-2025年,墓穴占地面积在0.8平方米以下的节地葬式比例达到60%。",   # plan span, threshold
    "全区共有养老机构12家",                                              # nothing to exclude
    "号",
    "",
])
def test_excluded_spans_are_those_of_every_rule_at_once(sent):
    assert excluded_spans(sent) == _plain(sent)


def test_a_rule_left_out_for_a_missing_character_could_not_have_matched():
    sent = "青川市民发〔2021〕12号"
    assert excluded_spans(sent) == [(0, len(sent))]
    assert excluded_spans(sent[:-1]) == _plain(sent[:-1])  # without 号 the document-number rule is left out
    assert (0, len(sent) - 1) not in excluded_spans(sent[:-1])


def test_the_gates_follow_a_changed_vocabulary(monkeypatch):
    excluded_spans("建设路12号")  # gates built for the real vocabulary
    v = number_vocab()
    only = (("door", re.compile(r"\d+号门", re.M)),)
    monkeypatch.setattr(textnums, "number_vocab", lambda: type(v)(**{**v.__dict__, "exclusions": only}))
    assert excluded_spans("建设路12号门") == [(3, 7)]  # the new rules, not the remembered ones
    assert excluded_spans("建设路12号") == []


@pytest.mark.parametrize("raw, text", [
    ("全市共有1,234张床位", "全市共有1234张床位"),            # the quick test must let a 1,234 through
    ("投入12,345,678元,其中2019,2020年", "投入12345678元,其中2019,2020年"),
    ("养老(yǎng lǎo)服务", "养老服务"),                       # a reading with a tone mark is dropped
    ("养老(yang lao)服务", "养老(yang lao)服务"),             # without one it is text
])
def test_normalize_shortcuts_keep_the_dropped_spans(raw, text):
    from cmp.ingest.normalize import normalize

    nt = normalize(raw)
    assert nt.text == text
    assert all(raw[nt.to_raw(i, i + 1)[0]] == ch or ch in " " for i, ch in enumerate(nt.text))


def test_a_rare_set_of_rules_uses_every_rule_until_it_is_common():
    sent = "临河县民政局地址:建设路8号,2021年3月起实行"
    first = excluded_spans(sent)
    assert [excluded_spans(sent) for _ in range(textnums.COMPILE_AFTER + 2)] == [first] * (textnums.COMPILE_AFTER + 2)
    assert first == _plain(sent)


def test_indicator_info_from_the_id_index_is_the_codebook_row():
    frame, _ = codebook._loaded(None)
    for _, row in frame.iterrows():
        info = codebook.indicator_info(row["id"])
        assert info == {"id": row["id"], **row.drop("id").to_dict()}
    first = str(frame["id"].iloc[0])
    info = codebook.indicator_info(first)
    info["unit"] = "changed"
    assert codebook.indicator_info(first)["unit"] != "changed"  # a copy each time
    change = codebook.indicator_info(first + codebook.CHANGE_SUFFIX)
    assert change["id"] == first + codebook.CHANGE_SUFFIX and change["denominator"] == "per year"
    with pytest.raises(CmpError, match="unknown indicator id 'nope'"):
        codebook.indicator_info("nope")


def test_plans_read_once_are_the_vocabulary_plans():
    codes = vocab.codes("plans")
    assert reconcile.plan_years() == {c: (vocab.entry("plans", c)["first"], vocab.entry("plans", c)["last"])
                                      for c in codes}
    assert reconcile.plan_named("“十三五”时期 > “十四五”规划目标") == "14th-fyp"  # the last marker: the deepest heading
    assert reconcile.plan_named("十四五 > 十三五回顾") == "13th-fyp"
    assert reconcile.plan_named("发展目标") == ""
    assert reconcile.plan_of_year("baseline", 2020) == "14th-fyp"  # a baseline: the plan that starts from it
    assert reconcile.plan_of_year("target", 2020) == "13th-fyp"


def test_plans_follow_a_new_vocabulary(monkeypatch):
    real = vocab.load()
    fake = {**real, "plans": {"x-plan": {**real["plans"]["14th-fyp"], "markers": ["某某"], "first": 2001,
                                         "last": 2003}}}
    monkeypatch.setattr(vocab, "load", lambda path=None: fake)
    assert reconcile.plan_years() == {"x-plan": (2001, 2003)}
    assert reconcile.plan_named("某某规划") == "x-plan" and reconcile.plan_of_year("target", 2002) == "x-plan"


def test_printed_counts_take_the_first_printed_value_with_a_year():
    import pandas as pd

    from cmp.model.checks import printed_counts

    df = pd.DataFrame({"indicator": ["a", "a", "a", "b", "a", "a"], "doc": ["d"] * 6,
                       "year": pd.array([2020, 2020, None, 2020, 2021, 2020], dtype="Int64"),
                       "value": [None, 5.0, 7.0, 9.0, 11.0, 13.0],
                       "method": ["table", "prose", "table", "table", "derived", "table"]})
    assert printed_counts(df, ["a"]) == {("a", "d", 2020): 5.0}  # no value, no year and derived rows are skipped
    assert printed_counts(df, ["a", "b"])[("b", "d", 2020)] == 9.0


@pytest.mark.parametrize("cells", [[True, False, True], [True, None, False], [True, "false", "0"],
                                   [False, float("nan")]])
def test_a_boolean_column_is_cast_as_each_cell_would_be(cells):
    import pandas as pd

    from cmp.model.tidy import _to_bool, apply_dtypes, to_frame

    df = to_frame([{"row_id": f"r{i}", "preferred": c} for i, c in enumerate(cells)])
    df["preferred"] = pd.Series(cells, dtype=object)
    out = apply_dtypes(df)["preferred"]
    assert str(out.dtype) == "boolean" and out.tolist() == [_to_bool(c) for c in cells]
