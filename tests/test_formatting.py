"""The one number formatter (cmp.present.formatting): charts, tables and pages print a value alike."""

from __future__ import annotations

import pandas as pd
import pytest

from cmp.present import charts, views
from cmp.present.formatting import format_number, format_value


@pytest.mark.parametrize(("value", "text"), [
    (719.0, "719"), (6.1, "6.1"), (0.45, "0.45"), (123.45, "123.45"), (0.072, "0.072"), (54.0, "54"),
    (1000.0, "1,000"), (64000.0, "64,000"), (29786.79, "29,786.79"), (1234.5, "1,234.5"),
    (2067000000.0000002, "2,067,000,000"), (-1500.25, "-1,500.25"), (999.999, "999.999"),
    (None, ""), (float("nan"), ""), (pd.NA, ""),
])
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(("row", "text"), [
    ({"value": 55.0, "comparator": ">="}, "≥55"),
    ({"value": 5.0, "comparator": "<="}, "≤5"),
    ({"value": 40.0, "comparator": "="}, "40"),
    ({"value": None, "value_low": 50.0, "value_high": 60.0, "comparator": ""}, "50–60"),
    ({"value": None, "value_low": 30.0, "value_high": None, "value_text": "30以上"}, "30以上"),
    ({"value": None, "value_text": "全覆盖", "comparator": ""}, "全覆盖"),
])
def test_format_value(row, text):
    assert format_value(row) == text


def test_charts_and_tables_print_a_value_alike():
    r = pd.Series({"value": 123.45, "comparator": ">=", "value_low": None, "value_high": None, "value_text": ""})
    assert charts.value_label(r) == views.format_value(r) == "≥123.45"


def test_one_language_check_for_pages_charts_and_parameters():
    from cmp.errors import CmpError
    from cmp.model import vocab
    from cmp.present import plots

    assert plots.check_lang is views.check_lang is vocab.check_lang
    assert vocab.check_lang("zh") == "zh" and vocab.check_lang("en") == "en"
    with pytest.raises(CmpError) as exc:
        vocab.check_lang("fr", "parameter lang")
    assert str(exc.value) == "parameter lang is 'fr'; valid choices: en, zh"
    with pytest.raises(CmpError, match="^language is 'EN'; valid choices: en, zh$"):
        vocab.check_lang("EN")
