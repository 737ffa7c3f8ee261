"""Rule-level tests of the shortcuts of the 1,000-document build: each gives exactly what the plain way gives."""

import re

import pytest

from cmp.extract import textnums
from cmp.extract.numbers import vocab as number_vocab
from cmp.extract.textnums import excluded_spans, required_chars


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
