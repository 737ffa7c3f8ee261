"""derive's shortcuts give what the plain way gives: `_groups` with `min_rows` leaves out exactly the smaller groups
and turns into dicts only the rows of the groups it keeps; the usable rows are found once and shared; the written
ratio's flags are split on its own rows only. Made-up rows of invented places (青川市, 梧桐区)."""

from __future__ import annotations

import pandas as pd
import pytest

from cmp.model import derive as derive_mod
from cmp.model.derive import NURSING_SHARE, RURAL, RURAL_URBAN, URBAN, URBAN_RURAL_WRITTEN, _groups, derive
from cmp.model.tidy import make_row_id, records, to_frame

NURSING = "elderly_care.nursing_beds"
INST = "elderly_care.institution_beds_total"
WORKERS = "social_work.professionals_per_1000_residents"
TEXT = "青川市城市低保标准800元,农村低保标准600元;养老床位5000张,护理型床位2000张。" * 4


def r(place: str, indicator: str, value: float | None, *, kind: str = "actual", year: int | None = 2020,
      unit: str = "元/人/月", start: int = 0, **kw) -> dict:
    row = {"jurisdiction": place, "doc": f"{place}.txt", "method": "prose", "label": kw.pop("label", "某指标"),
           "indicator": indicator, "kind": kind, "year": year, "value": value, "unit": unit, "comparator": "=",
           "line": 1 + start // 10, "start": start, "end": start + 3, "quote": TEXT[start:start + 3],
           "qualifier": kw.pop("qualifier", ""), "flags": kw.pop("flags", ""), **kw}
    row["row_id"] = make_row_id(place, indicator, kind, year, value, start, row["label"], row["qualifier"])
    return row


def table() -> list[dict]:
    """Two documents: pairs that derive (standards, beds, a baseline and a target) and single rows that cannot."""
    rows = []
    for place in ("qingchuan", "wutong"):
        rows += [
            r(place, URBAN, 800.0, label="城市低保标准", start=7),
            r(place, RURAL, 600.0, label="农村低保标准", start=19),
            r(place, URBAN, 900.0, label="城市低保标准", start=27, year=2025, kind="target"),  # alone in its year
            r(place, NURSING, 2000.0, unit="张", label="护理型床位", start=40),
            r(place, INST, 5000.0, unit="张", label="养老床位", start=30),
            r(place, WORKERS, 10.0, unit="人", label="每千人社工", start=50, kind="baseline"),
            r(place, WORKERS, 14.0, unit="人", label="每千人社工", start=55, kind="target", year=2025),
            r(place, WORKERS, 3.0, unit="人", label="每千人社工", start=60, qualifier="农村"),  # no target: alone
            r(place, URBAN_RURAL_WRITTEN, 1.2, unit="ratio", label="城乡低保比", start=70, flags="ratio",
              value_raw="1.2:1"),
            r(place, URBAN_RURAL_WRITTEN, 1.3, unit="ratio", label="城乡低保比", start=75),  # not flagged ratio
        ]
    rows.append(r("qingchuan", RURAL, 650.0, label="农村低保标准", start=80, year=None))  # no year: dropped
    return rows


def plain_groups(df: pd.DataFrame, keys: list[str]) -> list[tuple[tuple, list[dict]]]:
    """The grouping before the shortcut: every row a dict, every group kept."""
    groups: dict[tuple, list[dict]] = {}
    for row in records(df.dropna(subset=keys)):
        groups.setdefault(tuple(row[k] for k in keys), []).append(row)
    return sorted(groups.items(), key=lambda kv: kv[0])


def same(groups: list[tuple[tuple, list[dict]]]) -> list:
    """Groups comparable with ==: a missing cell (NaN, NA) as None."""
    return [(k, [{c: None if pd.isna(v) else v for c, v in row.items()} for row in g]) for k, g in groups]


@pytest.mark.parametrize("keys", [["jurisdiction", "doc", "year", "kind"],
                                  ["jurisdiction", "doc", "indicator", "label", "qualifier"]])
@pytest.mark.parametrize("min_rows", [1, 2, 3])
def test_groups_leave_out_exactly_the_smaller_groups(keys, min_rows):
    df = to_frame(table())
    expected = [(k, g) for k, g in plain_groups(df, keys) if len(g) >= min_rows]
    got = _groups(df, keys, min_rows=min_rows)
    assert same(got) == same(expected)
    assert any(len(g) < min_rows for _, g in plain_groups(df, keys)) == (min_rows > 1)  # (something was left out)


def test_groups_default_keeps_single_rows_and_drops_rows_missing_a_key():
    df = to_frame(table())
    got = _groups(df, ["jurisdiction", "doc", "year", "kind"])
    assert sum(len(g) for _, g in got) == len(df) - 1  # the row without a year
    assert [k for k, _ in got] == sorted(k for k, _ in got)
    assert got[0][1][0]["jurisdiction"] == "qingchuan"


def test_derive_gives_the_same_rows_as_with_every_group_and_usable_found_per_derivation(monkeypatch):
    df = to_frame(table())
    fast = derive(df)
    assert {RURAL_URBAN, NURSING_SHARE, WORKERS + ".avg_annual_change"} <= set(fast["indicator"])
    assert len(fast) == 2 * 5  # two ratios, a share and two changes (社工, 城市低保标准) in each document
    usable_calls = []
    plain_usable = derive_mod._usable

    def counted(frame):
        usable_calls.append(len(frame))
        return plain_usable(frame)

    monkeypatch.setattr(derive_mod, "_groups", lambda frame, keys, min_rows=1: plain_groups(frame, keys))
    monkeypatch.setattr(derive_mod, "_usable", counted)
    slow = derive(df)
    pd.testing.assert_frame_equal(fast, slow)
    assert len(usable_calls) == 1  # found once, shared by the three derivations that read it


def test_written_ratio_reads_only_rows_flagged_ratio():
    out = derive(to_frame(table()))
    written = out[out["note"].str.contains("printed urban:rural ratio")]
    assert len(written) == 2
    assert set(written["value"]) == {round(1 / 1.2 * 100, 1)}
