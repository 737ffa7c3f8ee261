import pytest

from cmp.errors import CmpError
from cmp.model.schema import validate
from cmp.model.tidy import to_frame

RAW = {"t.txt": "养老机构护理型床位占比达到55%以上。"}


def good_row(**kw):
    row = {
        "row_id": "testville-p-0000000001", "jurisdiction": "testville", "doc": "t.txt", "method": "prose",
        "table": "", "row_no": None, "category": "", "label": "养老机构护理型床位占比", "indicator": "",
        "kind": "target", "year": 2025, "value": 55.0, "unit": "%", "value_low": None, "value_high": None,
        "comparator": ">=", "value_raw": "55", "unit_raw": "%", "value_text": "达到55%以上", "attribute": "",
        "qualifier": "", "line": 1, "start": 13, "end": 16, "quote": "55%", "derived_from": "", "note": "",
        "flags": "",
    }
    row.update(kw)
    return row


def test_valid_table_passes():
    df = validate(to_frame([good_row()]), RAW)
    assert len(df) == 1


@pytest.mark.parametrize(
    "change,fragment",
    [
        ({"kind": "forecast"}, "kind"),
        ({"method": "guess"}, "method"),
        ({"comparator": "~"}, "comparator"),
        ({"quote": "56%"}, "quote_is_raw_span"),
        ({"start": 12}, "quote_is_raw_span"),
        ({"comparator": ""}, "comparator_with_value"),
        ({"jurisdiction": ""}, "jurisdiction"),
        ({"year": 1800}, "year"),
        ({"method": "derived"}, "derived_names_inputs"),
        ({"end": 2, "start": 13}, "span_ordered"),
    ],
)
def test_broken_rows_fail_with_readable_report(change, fragment):
    with pytest.raises(CmpError, match="violates its schema") as err:
        validate(to_frame([good_row(**change)]), RAW)
    assert fragment in str(err.value)


def test_duplicate_row_ids_fail():
    with pytest.raises(CmpError, match="row_id"):
        validate(to_frame([good_row(), good_row()]), RAW)


def test_unknown_document_fails_quote_check():
    with pytest.raises(CmpError, match="quote_is_raw_span"):
        validate(to_frame([good_row(doc="other.txt")]), RAW)


def test_extra_column_fails():
    df = to_frame([good_row()])
    df["surprise"] = "x"
    with pytest.raises(CmpError, match="surprise"):
        validate(df, RAW)


def test_a_fact_needs_exactly_one_preferred_reading():
    fact = "testville:elderly_care.nursing_bed_share:2025:target:14th-fyp"
    two = [good_row(fact_id=fact, preferred=True), good_row(row_id="testville-p-0000000002", fact_id=fact,
                                                             preferred=True)]
    with pytest.raises(CmpError, match="one_preferred_per_fact"):
        validate(to_frame(two), RAW)
    none = [good_row(fact_id=fact, preferred=False)]
    with pytest.raises(CmpError, match="one_preferred_per_fact"):
        validate(to_frame(none), RAW)
    two[1]["preferred"] = False
    assert len(validate(to_frame(two), RAW)) == 2
    assert len(validate(to_frame([good_row(preferred=False)]), RAW)) == 1  # no fact: no rule
