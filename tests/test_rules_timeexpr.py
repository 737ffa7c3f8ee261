"""Time rules (cmp.extract.timeexpr) on made-up inputs: the start year of 由A提高到B when A is not dated, and the
time vocabulary refusing a file that lacks a key (CmpError naming the file and the key)."""

from __future__ import annotations

import pytest

from cmp.errors import CmpError
from cmp.extract import timeexpr
from cmp.extract.timeexpr import Time, baseline_year

PLAN = (2021, 2025)


def test_baseline_year_of_an_undated_from_value():
    assert baseline_year("target", 2025, None, PLAN) == 2020  # a target: the year before the plan
    assert baseline_year("actual", 2020, None, PLAN) == 2015  # an actual in a plan: five years before
    assert baseline_year("actual", 2023, None, (2023, 2023)) == 2022  # a yearly report: the year before
    end = Time(0, 5, "end", 2025, False)
    assert baseline_year("target", 2025, end, PLAN) == 2020  # 到十四五末: the end of the period before
    assert baseline_year("actual", 2020, Time(0, 5, "period", 2020, False), PLAN) == 2015
    assert baseline_year("actual", 2019, Time(0, 5, "end", 2019, False), PLAN) == 2014  # no period ends in 2019


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("compare_before: [比]\nactual_markers: [末]\ntarget_markers: [到]\n", "bad key 'time_words'"),
        ("time_words: {end: [末]}\ncompare_before: [比]\nactual_markers: [末]\ntarget_markers: [到]\n"
         "cumulative_markers: [累计]\ndeadline_before: [到]\nwithin_year: [年末]\n",
         "bad key 'time_words': expected the keys"),
        ("time_words: {end: [末]}\ncompare_before: [比]\nactual_markers: [末]\ntarget_markers: [到]\n",
         "bad key 'cumulative_markers'"),
        ("time_words: {end: [末]}\ncompare_before: [比]\nactual_markers: [末]\ntarget_markers: [到]\n"
         "cumulative_markers: [累计]\n", "bad key 'deadline_before'"),
        ("time_words: {end: [末]}\ncompare_before: [比]\nactual_markers: [末]\ntarget_markers: [到]\n"
         "cumulative_markers: [累计]\ndeadline_before: [到]\n", "bad key 'within_year'"),
    ],
)
def test_time_vocabulary_refuses_a_missing_key(tmp_path, monkeypatch, text, message):
    path = tmp_path / "structure_vocab.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(timeexpr, "VOCAB_PATH", path)
    with pytest.raises(CmpError, match=message) as exc:
        timeexpr._time_vocab(float(len(text)))  # (a fresh cache key per case)
    assert "structure_vocab.yaml" in str(exc.value)


def test_prose_vocabulary_that_cannot_be_read_names_the_file(tmp_path):
    from cmp.extract import prose_vocab

    bad = tmp_path / "prose_vocab.yaml"
    bad.write_text("themes: [unclosed\n", encoding="utf-8")
    with pytest.raises(CmpError, match="not valid YAML") as exc:
        prose_vocab.vocab(bad)
    assert "prose_vocab.yaml:2" in str(exc.value)
    with pytest.raises(CmpError, match="file not found; expected the prose vocabulary") as exc:
        prose_vocab.vocab(tmp_path / "missing.yaml")
    assert "missing.yaml" in str(exc.value)


def test_find_times_spans_and_their_kinds():
    from cmp.extract.timeexpr import find_times

    def times(text):
        return [(t.start, t.end, t.kind, t.year, t.compare) for t in find_times(text)]

    assert times("(2021-2025年)") == []  # the end of a period span, not a date
    assert times("2019年全年") == [(0, 5, "year", 2019, False)]
    assert times("2016年以来") == [(0, 7, "since", 2016, False)]
    assert times("比2020年") == [(1, 6, "year", 2020, True)]
    assert times("到2025年,2023年底前") == [(1, 6, "year", 2025, False), (7, 14, "year", 2023, False)]
