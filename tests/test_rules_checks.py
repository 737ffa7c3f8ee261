"""Rule-level tests of cmp.model.checks on small made-up tables and rule files: each bound, flag, note and
validation message is asserted exactly, so a flipped comparison, a dropped branch or a changed constant fails here
(benchmarks/mutation.py runs these against the module's mutants)."""

from __future__ import annotations

import copy
import os

import pandas as pd
import pytest

from cmp.errors import CmpError
from cmp.model.checks import (
    CHECKS_PATH,
    _about,
    add_flag,
    add_note,
    apply_checks,
    implied_base,
    per_unit_floors,
    plausibility,
    rules,
    split_flags,
    validate,
)
from cmp.model.tidy import to_frame

# a small rule file of our own: one ranged indicator, one with a suspect rule below, one above
RULES = """\
unit_ranges:
  "%": [0, 100]
  "‰": [0, 1000]
indicators:
  elderly_care.beds_per_1000_elderly:
    range: [10, 120]
    suspect:
      below: 8
      flag: base_doubt
      fits: 1,000 residents
      why: too few for elderly
      implied_base: {count: elderly_care.beds_total, per: 1000, of: people}
  elderly_care.beds_per_1000_residents:
    suspect: {above: 20, flag: base_doubt_hi, why: too many for residents}
  elderly_care.nursing_bed_share: {range: [5, 90]}
per_unit:
  words: [各, 每所]
  flag: each_floor
  units: ["%"]
"""
ELDERLY = "elderly_care.beds_per_1000_elderly"
RESIDENTS = "elderly_care.beds_per_1000_residents"
SHARE = "elderly_care.nursing_bed_share"
BEDS = "elderly_care.beds_total"


def row(**kw) -> dict:
    base = {
        "row_id": "r", "jurisdiction": "qingchuan", "doc": "qc.txt", "method": "table", "table": "T1", "row_no": 1,
        "category": "", "label": "某指标", "indicator": "", "kind": "target", "year": 2025, "value": 1.0,
        "unit": "%", "value_low": None, "value_high": None, "comparator": "=", "value_raw": "1", "unit_raw": "%",
        "value_text": "1", "attribute": "", "qualifier": "", "line": 1, "start": 0, "end": 1, "quote": "1",
        "derived_from": "", "note": "", "flags": "",
    }
    base.update(kw)
    return base


def by_id(df: pd.DataFrame, col: str) -> dict:
    return dict(zip(df["row_id"], df[col], strict=True))


@pytest.fixture
def rules_file(tmp_path):
    p = tmp_path / "checks.yaml"
    p.write_text(RULES, encoding="utf-8")
    return p


def data(text: str = RULES) -> dict:
    from cmp.yamlio import load_text

    return load_text(text)


# ------------------------------------------------------------------------------------------------ validation
def test_validate_returns_the_rules_with_ranges_as_floats(rules_file):
    r = validate(data(), rules_file)
    assert r["unit_ranges"] == {"%": [0.0, 100.0], "‰": [0.0, 1000.0]}
    assert all(isinstance(v, float) for v in r["unit_ranges"]["%"])
    assert r["indicators"][SHARE]["range"] == [5.0, 90.0] and isinstance(r["indicators"][SHARE]["range"][0], float)
    assert r["indicators"][ELDERLY]["suspect"]["below"] == 8
    assert r["per_unit"] == {"words": ["各", "每所"], "flag": "each_floor", "units": ["%"]}


def test_a_range_of_one_point_is_allowed(rules_file):
    d = data()
    d["unit_ranges"]["%"] = [50, 50]
    assert validate(d, rules_file)["unit_ranges"]["%"] == [50.0, 50.0]


def _bad(rules_file, mutate, message):
    d = data()
    mutate(d)
    with pytest.raises(CmpError, match=message) as err:
        validate(d, rules_file)
    assert str(err.value).startswith(f"{rules_file}: ")
    return str(err.value)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("unit_ranges"), "^.*: checks key unit_ranges: missing; expected a mapping$"),
        (lambda d: d.pop("indicators"), "checks key indicators: missing; expected a mapping"),
        (lambda d: d.pop("per_unit"), "checks key per_unit: missing; expected a mapping"),
        (lambda d: d.update(per_unit=["各"]), "checks key per_unit: missing"),
        (lambda d: d["unit_ranges"].update({"%": [100, 0]}),
         r"checks key unit_ranges.%: expected \[low, high\] with low <= high, got \[100, 0\]"),
        (lambda d: d["unit_ranges"].update({"%": [0, 100, 200]}), r"unit_ranges.%: expected \[low, high\]"),
        (lambda d: d["unit_ranges"].update({"%": [0]}), r"unit_ranges.%: expected \[low, high\]"),
        (lambda d: d["unit_ranges"].update({"%": [0, "100"]}), r"unit_ranges.%: expected \[low, high\]"),
        (lambda d: d["unit_ranges"].update({"%": ["0", 100]}), r"unit_ranges.%: expected \[low, high\]"),
        (lambda d: d["unit_ranges"].update({"%": (0, 100)}), r"unit_ranges.%: expected \[low, high\]"),
        (lambda d: d["indicators"][SHARE].update(range=[90, 5]),
         rf"indicators.{SHARE}.range: expected \[low, high\]"),
        (lambda d: d["indicators"].update({SHARE: [5, 90]}),
         rf"checks key indicators.{SHARE}: expected a mapping with range and/or suspect$"),
        (lambda d: d["indicators"][SHARE].update(note="x"), rf"indicators.{SHARE}: expected a mapping"),
        (lambda d: d["indicators"][RESIDENTS].update(suspect="above 20"),
         rf"indicators.{RESIDENTS}.suspect: expected a mapping with below or above, flag and why$"),
        (lambda d: d["indicators"][RESIDENTS]["suspect"].update(below=1),
         rf"indicators.{RESIDENTS}.suspect: expected exactly one of below: N or above: N$"),
        (lambda d: d["indicators"][RESIDENTS]["suspect"].pop("above"),
         "expected exactly one of below: N or above: N"),
        (lambda d: d["indicators"][RESIDENTS]["suspect"].update(above="20"),
         "expected exactly one of below: N or above: N"),
        (lambda d: d["indicators"][ELDERLY]["suspect"].update(below=None),
         "expected exactly one of below: N or above: N"),
        (lambda d: d["indicators"][RESIDENTS]["suspect"].pop("flag"),
         rf"indicators.{RESIDENTS}.suspect.flag: missing; expected a non-empty string$"),
        (lambda d: d["indicators"][RESIDENTS]["suspect"].update(flag="  "), r"suspect.flag: missing"),
        (lambda d: d["indicators"][RESIDENTS]["suspect"].update(flag=3), r"suspect.flag: missing"),
        (lambda d: d["indicators"][RESIDENTS]["suspect"].update(why=""), r"suspect.why: missing"),
        (lambda d: d["indicators"][ELDERLY]["suspect"].update(fits="everyone"),
         rf"indicators.{ELDERLY}.suspect.fits: expected a code of vocab.yaml denominators$"),
        (lambda d: d["indicators"][ELDERLY]["suspect"].update(implied_base="beds"),
         rf"indicators.{ELDERLY}.suspect.implied_base: expected \{{count: indicator id, per: number, of: what"),
        (lambda d: d["indicators"][ELDERLY]["suspect"]["implied_base"].update(count=1), "implied_base: expected"),
        (lambda d: d["indicators"][ELDERLY]["suspect"]["implied_base"].pop("count"), "implied_base: expected"),
        (lambda d: d["indicators"][ELDERLY]["suspect"]["implied_base"].update(per="1000"), "implied_base: exp"),
        (lambda d: d["indicators"][ELDERLY]["suspect"]["implied_base"].pop("per"), "implied_base: expected"),
        (lambda d: d["indicators"][ELDERLY]["suspect"]["implied_base"].update(of=None), "implied_base: expected"),
        (lambda d: d["indicators"][ELDERLY]["suspect"]["implied_base"].pop("of"), "implied_base: expected"),
        (lambda d: d["per_unit"].pop("words"), r"checks key per_unit.words: missing; expected a non-empty list of "
                                               r"strings$"),
        (lambda d: d["per_unit"].update(words=[]), "per_unit.words: missing"),
        (lambda d: d["per_unit"].update(words="各"), "per_unit.words: missing"),
        (lambda d: d["per_unit"].update(words=["各", ""]), "per_unit.words: missing"),
        (lambda d: d["per_unit"].update(words=["各", 1]), "per_unit.words: missing"),
        (lambda d: d["per_unit"].update(units=[]), "per_unit.units: missing"),
        (lambda d: d["per_unit"].pop("flag"), r"checks key per_unit.flag: missing; expected a flag name$"),
        (lambda d: d["per_unit"].update(flag=""), "per_unit.flag: missing"),
        (lambda d: d["per_unit"].update(flag=["x"]), "per_unit.flag: missing"),
    ],
)
def test_each_bad_key_is_one_clear_error(rules_file, mutate, message):
    _bad(rules_file, mutate, message)


def test_a_suspect_rule_without_fits_or_implied_base_is_fine(rules_file):
    d = data()
    assert "fits" not in d["indicators"][RESIDENTS]["suspect"]
    assert validate(d, rules_file)["indicators"][RESIDENTS]["suspect"]["above"] == 20


def test_a_top_level_that_is_not_a_mapping(rules_file):
    with pytest.raises(CmpError) as err:
        validate(["unit_ranges"], rules_file)
    assert str(err.value) == f"{rules_file}: checks file must be a mapping with unit_ranges, indicators and per_unit"


def test_rules_reads_the_given_file_and_rereads_it_when_it_changes(rules_file):
    assert rules(rules_file)["per_unit"]["flag"] == "each_floor"
    assert rules(str(rules_file))["per_unit"]["flag"] == "each_floor"
    st = rules_file.stat()
    rules_file.write_text(RULES.replace("flag: each_floor", "flag: each_floor2"), encoding="utf-8")
    os.utime(rules_file, (st.st_atime, st.st_mtime + 5))
    assert rules(rules_file)["per_unit"]["flag"] == "each_floor2"
    assert rules()["per_unit"]["flag"] == "per_unit_floor" and rules() is rules(CHECKS_PATH)


def test_a_missing_rules_file_is_a_clear_error(tmp_path):
    with pytest.raises(CmpError, match="file not found") as err:
        rules(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(err.value)


# -------------------------------------------------------------------------------------------- flag helpers
def test_flag_and_note_helpers():
    assert split_flags("a;;b;") == ["a", "b"] and split_flags(None) == [] and split_flags(pd.NA) == []
    assert split_flags(3) == ["3"]
    assert add_flag("", "x") == "x" and add_flag("x", "x") == "x" and add_flag("x;y", "z") == "x;y;z"
    assert add_note("", "t") == "t" and add_note("n", "t") == "n; t"


@pytest.mark.parametrize(("n", "text"), [(1379166, "1,380,000"), (12345.6, "12,300"), (100, "100"),
                                         (999.6, "1,000"), (99.94, "99.9"), (5.678, "5.68"), (0.012345, "0.0123")])
def test_about_three_significant_digits(n, text):
    assert _about(n) == text


# --------------------------------------------------------------------------------------------- plausibility
def test_unit_and_indicator_ranges_are_inclusive_with_an_exact_note(rules_file):
    df = to_frame([
        row(row_id="lo", indicator=SHARE, value=5.0), row(row_id="hi", indicator=SHARE, value=90.0),
        row(row_id="below", indicator=SHARE, value=4.9), row(row_id="above", indicator=SHARE, value=90.5),
        row(row_id="pct", indicator="social_work.some_share", value=100.0),
        row(row_id="pct_hi", indicator="social_work.some_share", value=100.5),
        row(row_id="pct_neg", indicator="social_work.some_share", value=-0.5),
        row(row_id="pm", indicator="social_work.some_rate", value=1000.0, unit="‰"),
        row(row_id="pm_hi", indicator="social_work.some_rate", value=1000.5, unit="‰"),
        row(row_id="other_unit", indicator="social_work.some_count", value=5000.0, unit="人"),
    ])
    out = plausibility(df, rules_file)
    f = by_id(out, "flags")
    assert {k for k, v in f.items() if v} == {"below", "above", "pct_hi", "pct_neg", "pm_hi"}
    assert all(f[k] == "implausible" for k in ("below", "above", "pct_hi", "pct_neg", "pm_hi"))
    notes = by_id(out, "note")
    assert notes["below"] == "value 4.9 outside plausible range 5-90"
    assert notes["pm_hi"] == "value 1000.5 outside plausible range 0-1000"
    assert notes["pct_neg"] == "value -0.5 outside plausible range 0-100"
    assert list(out["value"]) == list(df["value"])


def test_an_indicator_range_replaces_the_unit_range(rules_file):
    df = to_frame([row(row_id="a", indicator=SHARE, value=95.0), row(row_id="b", indicator=SHARE, value=3.0)])
    assert by_id(plausibility(df, rules_file), "flags") == {"a": "implausible", "b": "implausible"}
    # with the default rules (range 0-100) neither is implausible
    assert by_id(plausibility(df), "flags") == {"a": "", "b": ""}


def test_unmapped_growth_and_derived_rows_get_no_unit_range(rules_file):
    df = to_frame([
        row(row_id="unmapped", indicator="", value=150.0),
        row(row_id="none", indicator=None, value=150.0),
        row(row_id="growth", indicator="social_assistance.dibao_standard_annual_growth", value=150.0),
        row(row_id="derived", indicator="social_work.some_share", value=150.0, method="derived"),
        row(row_id="derived_ind", indicator=SHARE, value=95.0, method="derived"),
        row(row_id="mapped", indicator="social_work.some_share", value=150.0),
    ])
    f = by_id(plausibility(df, rules_file), "flags")
    assert f == {"unmapped": "", "none": "", "growth": "", "derived": "", "derived_ind": "", "mapped": "implausible"}


def test_suspect_rules_are_strict_and_point_their_way(rules_file):
    df = to_frame([
        row(row_id="at_below", indicator=ELDERLY, value=8.0, unit="张"),
        row(row_id="under", indicator=ELDERLY, value=7.5, unit="张"),
        row(row_id="at_above", indicator=RESIDENTS, value=20.0, unit="张"),
        row(row_id="over", indicator=RESIDENTS, value=20.5, unit="张"),
        row(row_id="low_res", indicator=RESIDENTS, value=0.1, unit="张"),
        row(row_id="derived", indicator=RESIDENTS, value=25.0, unit="张", method="derived"),
    ])
    out = plausibility(df, rules_file)
    f, notes = by_id(out, "flags"), by_id(out, "note")
    assert f["at_below"] == "implausible"  # 8 is in no range [10, 120] but not below the suspect bound 8
    assert f["under"] == "implausible;base_doubt" and f["at_above"] == "" and f["low_res"] == ""
    assert f["over"] == "base_doubt_hi" and notes["over"] == "too many for residents"
    assert f["derived"] == "base_doubt_hi"  # a suspect rule holds for derived rows too
    assert notes["under"] == "value 7.5 outside plausible range 10-120; too few for elderly"  # no count: no sums


def test_the_suspect_note_shows_the_implied_base_from_a_count_of_the_same_doc_and_year(rules_file):
    df = to_frame([
        row(row_id="derived_count", indicator=BEDS, value=1.0, unit="张", method="derived", year=2020),
        row(row_id="nan_count", indicator=BEDS, value=None, unit="张", year=2020),
        row(row_id="other_doc", indicator=BEDS, value=2.0, unit="张", year=2020, doc="other.txt"),
        row(row_id="other_year", indicator=BEDS, value=3.0, unit="张", year=2021),
        row(row_id="count", indicator=BEDS, value=2500.0, unit="张", year=2020),
        row(row_id="count2", indicator=BEDS, value=9999.0, unit="张", year=2020),
        row(row_id="rate", indicator=ELDERLY, value=5.0, unit="张", year=2020),
    ])
    out = plausibility(df, rules_file)
    rule = rules(rules_file)["indicators"][ELDERLY]["suspect"]
    assert implied_base(out, 6, rule) == "2500 / 5 × 1000 ≈ 500,000"
    assert by_id(out, "note")["rate"] == ("value 5 outside plausible range 10-120; too few for elderly "
                                          "(2500 / 5 × 1000 ≈ 500,000 people)")
    assert by_id(out, "flags")["rate"] == "implausible;base_doubt"
    assert implied_base(out, 6, {k: v for k, v in rule.items() if k != "implied_base"}) == ""
    assert implied_base(out, 6, {**rule, "implied_base": None}) == ""


def test_no_implied_base_without_a_usable_count(rules_file):
    rule = rules(rules_file)["indicators"][ELDERLY]["suspect"]
    for bad in ({"method": "derived"}, {"value": None}, {"doc": "other.txt"}, {"year": 2021},
                {"indicator": "elderly_care.nursing_beds"}):
        count = {**row(row_id="count", indicator=BEDS, value=2500.0, unit="张", year=2020), **bad}
        df = to_frame([count, row(row_id="rate", indicator=ELDERLY, value=5.0, unit="张", year=2020)])
        assert implied_base(df, 1, rule) == "", bad


def test_values_nan_are_skipped_and_flags_notes_dtype_index_kept(rules_file):
    df = to_frame([row(row_id="nan", indicator=SHARE, value=None, flags="x", note="n"),
                   row(row_id="bad", indicator=SHARE, value=99.0, flags="x", note="n")]).set_axis([4, 8])
    out = plausibility(df, rules_file)
    assert list(out.index) == [4, 8] and out["flags"].dtype == df["flags"].dtype
    assert out["note"].dtype == df["note"].dtype
    assert list(out["flags"]) == ["x", "x;implausible"]
    assert list(out["note"]) == ["n", "n; value 99 outside plausible range 5-90"]
    assert list(df["flags"]) == ["x", "x"]  # the input is not changed


# ------------------------------------------------------------------------------------------ per-unit floors
def test_per_unit_floors_by_word_unit_and_mark(rules_file):
    df = to_frame([
        row(row_id="each", indicator=SHARE, label="各社区服务站覆盖率", value=60.0),
        row(row_id="mark", indicator=SHARE, label="※ 每所学校达标率", value=60.0),
        row(row_id="hash", indicator=SHARE, label="#★各站点达标率", value=60.0),
        row(row_id="permille", indicator=SHARE, label="各社区达标率", value=6.0, unit="‰"),  # not in units here
        row(row_id="word_later", indicator=SHARE, label="全市各社区覆盖率", value=60.0),
        row(row_id="meige", indicator=SHARE, label="每个社区覆盖率", value=60.0),  # 每个 not in this file
        row(row_id="unmapped", indicator="", label="各社区覆盖率", value=60.0),
        row(row_id="nolabel", indicator=SHARE, label=None, value=60.0),
    ])
    out = per_unit_floors(df, rules_file)
    f = by_id(out, "flags")
    assert {k for k, v in f.items() if v} == {"each", "mark", "hash"} and f["each"] == "each_floor"
    notes = by_id(out, "note")
    assert notes["each"] == ("scope: each unit ('各社区服务站覆盖率'), a floor each must meet, not a "
                             "jurisdiction-wide share")
    assert notes["mark"].startswith("scope: each unit ('每所学校达标率')")
    assert notes["hash"].startswith("scope: each unit ('各站点达标率')")
    long = per_unit_floors(to_frame([row(indicator=SHARE, label="各" + "一二三四五六七八九十甲乙丙", value=1.0)]),
                           rules_file)
    assert long["note"][0].startswith("scope: each unit ('各一二三四五六七八九十甲')")


def test_per_unit_floors_use_the_default_rules_words_and_units():
    df = to_frame([row(row_id="pm", indicator=SHARE, label="每家机构达标率", value=6.0, unit="‰"),
                   row(row_id="count", indicator=SHARE, label="各机构床位", value=6.0, unit="张")])
    f = by_id(per_unit_floors(df), "flags")
    assert f == {"pm": "per_unit_floor", "count": ""}


def test_an_indicator_that_is_itself_per_unit_is_not_flagged(rules_file, monkeypatch):
    from cmp.model import codebook

    real = codebook.indicator_info
    monkeypatch.setattr(codebook, "indicator_info",
                        lambda ind, **kw: {**real(SHARE), "scope": "per_unit" if ind == "x.per_unit" else ""})
    df = to_frame([row(row_id="own", indicator="x.per_unit", label="各社区覆盖率", value=60.0),
                   row(row_id="wide", indicator=SHARE, label="各社区覆盖率", value=60.0)])
    assert by_id(per_unit_floors(df, rules_file), "flags") == {"own": "", "wide": "each_floor"}


def test_per_unit_floors_keep_flags_notes_index_and_dtypes(rules_file):
    df = to_frame([row(row_id="each", indicator=SHARE, label="各社区覆盖率", value=60.0, flags="a", note="n")])
    df = df.set_axis([7])
    out = per_unit_floors(df, rules_file)
    assert list(out.index) == [7] and out.loc[7, "flags"] == "a;each_floor" and out["flags"].dtype == df["flags"].dtype
    assert out.loc[7, "note"].startswith("n; scope:") and out["note"].dtype == df["note"].dtype
    assert df.loc[7, "flags"] == "a"


def test_apply_checks_runs_both_with_the_given_rules(rules_file):
    df = to_frame([row(row_id="each", indicator=SHARE, label="各社区覆盖率", value=95.0)])
    out = apply_checks(df, rules_file)
    assert out["flags"][0] == "implausible;each_floor"
    assert out["note"][0].startswith("value 95 outside plausible range 5-90; scope: each unit")
    assert apply_checks(df)["flags"][0] == "per_unit_floor"


def test_validate_does_not_depend_on_shared_state(rules_file):
    d = data()
    first = validate(copy.deepcopy(d), rules_file)
    assert validate(copy.deepcopy(d), rules_file) == first


def test_missing_flags_and_notes_in_a_plain_frame_count_as_empty(rules_file):
    df = to_frame([row(row_id="each", indicator=SHARE, label="各社区覆盖率", value=95.0)])
    df["flags"] = pd.Series([None], dtype=object)
    df["note"] = pd.Series([float("nan")], dtype=object)
    out = plausibility(df, rules_file)
    assert (out["flags"][0], out["note"][0]) == ("implausible", "value 95 outside plausible range 5-90")
    out = per_unit_floors(df, rules_file)
    assert out["flags"][0] == "each_floor" and out["note"][0].startswith("scope: each unit ('各社区覆盖率')")


def test_only_the_listed_marks_are_stripped_before_the_per_unit_word(rules_file):
    df = to_frame([row(row_id="x", indicator=SHARE, label="X各社区覆盖率", value=60.0),
                   row(row_id="star", indicator=SHARE, label="☆ 各社区覆盖率", value=60.0)])
    assert by_id(per_unit_floors(df, rules_file), "flags") == {"x": "", "star": "each_floor"}
