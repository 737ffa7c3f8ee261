"""The bilingual vocabulary: validated on load, templates filled per language, unknown codes refused."""

from __future__ import annotations

import pytest

from cmp.errors import CmpError
from cmp.model import vocab


def _write(tmp_path, text: str):
    base = vocab.VOCAB_PATH.read_text(encoding="utf-8")
    p = tmp_path / "vocab.yaml"
    p.write_text(base + text, encoding="utf-8")
    return p


def test_text_fills_the_language_variant_of_a_detail():
    en = vocab.text("caveats", "previous_plan", "en", plan_en="13th Five-Year Plan", plan_zh="“十三五”规划")
    zh = vocab.text("caveats", "previous_plan", "zh", plan_en="13th Five-Year Plan", plan_zh="“十三五”规划")
    assert en == "previous plan (13th Five-Year Plan)"
    assert zh == "上一规划期(“十三五”规划)"


def test_a_plain_detail_fills_both_languages():
    assert vocab.text("caveats", "disputed", "zh", values="54 / 64") == "来源不一致(54 / 64)"
    assert vocab.text("caveats", "disputed", "en", values="54 / 64") == "sources disagree (54 / 64)"


def test_missing_detail_and_unknown_code_and_language_are_clear_errors():
    with pytest.raises(CmpError, match="detail values missing"):
        vocab.text("caveats", "disputed", "en")
    with pytest.raises(CmpError, match="did you mean floor"):
        vocab.text("caveats", "flor", "en")
    with pytest.raises(CmpError, match="valid choices: en, zh"):
        vocab.text("kinds", "target", "fr")
    with pytest.raises(CmpError, match="unknown vocabulary group"):
        vocab.codes("colours")


def test_every_kind_method_and_caveat_has_both_languages():
    for group in ("kinds", "methods", "caveats", "flags", "domains", "plans"):
        for code in vocab.codes(group):
            en, zh = vocab.pair(group, code)
            assert en.strip() and zh.strip(), (group, code)
    assert set(vocab.codes("kinds")) == {"baseline", "target", "actual"}
    assert vocab.pair("kinds", "actual") == ("actual", "实际值")


def test_zh_caveats_hold_no_english_words():
    import re

    for code in vocab.codes("caveats"):
        template = vocab.entry("caveats", code)["zh"]
        assert not re.search(r"[A-Za-z]", re.sub(r"\{[^}]*\}", "", template)), code


def test_plans_carry_markers_and_years():
    p = vocab.entry("plans", "13th-fyp")
    assert p["markers"] == ["十三五"] and (p["first"], p["last"]) == (2016, 2020)


@pytest.mark.parametrize(("extra", "message"), [
    ("bogus: [1, 2]\n", "vocabulary key bogus: expected a non-empty mapping"),
    ("extra_group:\n  x: {en: a}\n", r"extra_group\.x\.zh: missing or empty"),
    ("extra_group:\n  x: {en: a, zh: b, colour: red}\n", r"extra_group\.x: unknown field\(s\) colour"),
])
def test_bad_entries_name_the_file_and_key(tmp_path, extra, message):
    p = _write(tmp_path, extra)
    with pytest.raises(CmpError, match=message) as err:
        vocab.load(p)
    assert str(p.name) in str(err.value)


def test_templates_must_name_the_same_fields_in_both_languages(tmp_path):
    p = tmp_path / "vocab.yaml"
    text = vocab.VOCAB_PATH.read_text(encoding="utf-8").replace(
        'disputed: {en: "sources disagree ({values})"', 'disputed: {en: "sources disagree ({vals})"')
    p.write_text(text, encoding="utf-8")
    with pytest.raises(CmpError, match="caveats.disputed: the en and zh templates name different fields"):
        vocab.load(p)


def test_missing_group_and_bad_plan_years(tmp_path):
    p = tmp_path / "vocab.yaml"
    text = vocab.VOCAB_PATH.read_text(encoding="utf-8")
    p.write_text(text.replace("draft_markers:", "draft_words:"), encoding="utf-8")
    with pytest.raises(CmpError, match="vocabulary key draft_markers: missing"):
        vocab.load(p)
    p.write_text(text.replace("first: 2016", "first: '2016'"), encoding="utf-8")
    with pytest.raises(CmpError, match=r"plans\.13th-fyp\.first: expected a year"):
        vocab.load(p)


def test_edits_are_seen(tmp_path):
    import os

    p = tmp_path / "vocab.yaml"
    text = vocab.VOCAB_PATH.read_text(encoding="utf-8")
    p.write_text(text, encoding="utf-8")
    assert vocab.pair("kinds", "actual", path=p) == ("actual", "实际值")
    p.write_text(text.replace("actual: {en: actual,", "actual: {en: outturn,"), encoding="utf-8")
    os.utime(p, (1, 2_000_000_000))
    assert vocab.pair("kinds", "actual", path=p)[0] == "outturn"


def _flag_literals() -> set[str]:
    """Flag names the library writes: string literals passed to add_flag/with_flag or appended to a flags list."""
    import re
    from pathlib import Path

    lib = Path(vocab.__file__).resolve().parents[1]
    pats = [r"add_flag\([^,()]*,\s*\"([a-z_]+)\"", r"with_flag\(\"([a-z_]+)\"", r"flags\.append\(\"([a-z_]+)\"",
            r"flags=\(\"([a-z_]+)\",?\)", r"flags=\[\"([a-z_]+)\"\]"]
    found: set[str] = set()
    for f in lib.rglob("*.py"):
        text = f.read_text("utf-8")
        for p in pats:
            found |= set(re.findall(p, text))
    return found


def test_every_flag_the_library_writes_has_a_meaning_in_both_languages():
    literals = _flag_literals()
    assert {"range", "growth_rate", "mojibake", "norm"} <= literals  # the scan itself finds flags
    missing = sorted(literals - set(vocab.codes("flags")))
    assert not missing, f"flags without a meaning in vocab.yaml: {missing}"


def test_every_flag_in_the_committed_table_has_a_meaning():
    import cmp

    table = cmp.load()
    used = {f for s in table["flags"] for f in str(s).split(";") if f}
    assert used and not sorted(used - set(vocab.codes("flags")))
