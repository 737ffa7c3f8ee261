"""Plausibility checks on the tidy table: flags and notes added, values never changed or dropped.

Rules (checks.yaml, validated on load; tested in tests/test_checks.py):
- a value outside its indicator's range (or its unit's, for a mapped level) is `implausible` (derived rows not);
- a `suspect` rule (below/above) adds its flag and why; with `implied_base` the note shows the arithmetic: the
  base a count of the same document, year and kind implies (4634 beds / 3.36 × 1000 ≈ 1.38 million people);
- a label that starts with a per-unit word (各养老机构…) on a jurisdiction-wide share is `per_unit_floor`.
Conflicts between readings of one fact are found by cmp.model.reconcile, which knows the facts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import yamlio
from ..errors import CmpError
from . import vocab

CHECKS_PATH = Path(__file__).with_name("checks.yaml")


def _bad(key: str, expected: str, path: Path) -> CmpError:
    return CmpError(f"checks key {key}: {expected}", path=str(path))


def _range(value: object, key: str, path: Path) -> list[float]:
    ok = (isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)
          and value[0] <= value[1])
    if not ok:
        raise _bad(key, f"expected [low, high] with low <= high, got {value!r}", path)
    return [float(value[0]), float(value[1])]


def _suspect(rule: object, key: str, path: Path) -> dict:
    if not isinstance(rule, dict):
        raise _bad(key, "expected a mapping with below or above, flag and why", path)
    if ("below" in rule) == ("above" in rule) or not isinstance(rule.get("below", rule.get("above")), (int, float)):
        raise _bad(key, "expected exactly one of below: N or above: N", path)
    for k in ("flag", "why"):
        if not isinstance(rule.get(k), str) or not rule[k].strip():
            raise _bad(f"{key}.{k}", "missing; expected a non-empty string", path)
    if "fits" in rule and rule["fits"] not in vocab.codes("denominators"):
        raise _bad(f"{key}.fits", "expected a code of vocab.yaml denominators", path)
    base = rule.get("implied_base")
    if base is not None and not (isinstance(base, dict) and isinstance(base.get("count"), str)
                                 and isinstance(base.get("per"), (int, float)) and isinstance(base.get("of"), str)):
        raise _bad(f"{key}.implied_base", "expected {count: indicator id, per: number, of: what is counted}", path)
    return rule


def validate(data: object, path: Path) -> dict:
    """The rules read from `path` if well formed; one CmpError naming the file, the key and what was expected."""
    if not isinstance(data, dict):
        raise CmpError("checks file must be a mapping with unit_ranges, indicators and per_unit", path=str(path))
    for key in ("unit_ranges", "indicators", "per_unit"):
        if not isinstance(data.get(key), dict):
            raise _bad(key, "missing; expected a mapping", path)
    for unit, r in data["unit_ranges"].items():
        data["unit_ranges"][unit] = _range(r, f"unit_ranges.{unit}", path)
    for ind, rule in data["indicators"].items():
        if not isinstance(rule, dict) or not set(rule) <= {"range", "suspect"}:
            raise _bad(f"indicators.{ind}", "expected a mapping with range and/or suspect", path)
        if "range" in rule:
            rule["range"] = _range(rule["range"], f"indicators.{ind}.range", path)
        if "suspect" in rule:
            _suspect(rule["suspect"], f"indicators.{ind}.suspect", path)
    pu = data["per_unit"]
    for k in ("words", "units"):
        if not isinstance(pu.get(k), list) or not pu[k] or not all(isinstance(w, str) and w for w in pu[k]):
            raise _bad(f"per_unit.{k}", "missing; expected a non-empty list of strings", path)
    if not isinstance(pu.get("flag"), str) or not pu["flag"]:
        raise _bad("per_unit.flag", "missing; expected a flag name", path)
    return data


@lru_cache(maxsize=4)
def _load(path_str: str, mtime: float) -> dict:
    path = Path(path_str)
    return validate(yamlio.load_file(path), path)


def rules(path: str | Path | None = None) -> dict:
    """The validated plausibility rules (checks.yaml by default); reloaded when the file changes."""
    return _load(*yamlio.file_key(path if path is not None else CHECKS_PATH))


def split_flags(flags: object) -> list[str]:
    """The flags of a ';'-separated cell, in order (the one flag splitter of the model)."""
    if flags is None or (not isinstance(flags, str) and pd.isna(flags)):
        return []
    return [f for f in str(flags).split(";") if f]


def add_flag(flags: str, flag: str) -> str:
    """`flags` (';'-separated) with `flag` added once."""
    parts = split_flags(flags)
    return ";".join(parts if flag in parts else [*parts, flag])


def add_note(note: str, text: str) -> str:
    """`note` with `text` appended ('; '-separated)."""
    return f"{note}; {text}" if note else text


def _about(n: float) -> str:
    """A number to three significant digits, with thousands separators: 1379166 -> '1,380,000'."""
    return f"{float(f'{n:.3g}'):,.0f}" if n >= 100 else f"{n:.3g}"


def printed_counts(df: pd.DataFrame, indicators: Collection[str]) -> dict[tuple, float]:
    """(indicator, doc, year) -> the first printed (not derived) value of those indicators with a year: the counts
    `implied_base` divides, found in one pass instead of one scan of the table per suspect value."""
    at = df["indicator"].isin(list(indicators)) & df["value"].notna() & df["year"].notna() & (df["method"] != "derived")
    sub = df[at]
    out: dict[tuple, float] = {}
    for key in zip(sub["indicator"].tolist(), sub["doc"].tolist(), sub["year"].tolist(), sub["value"].tolist(),
                   strict=True):
        out.setdefault(key[:3], float(key[3]))
    return out


def implied_base(df: pd.DataFrame, k: int, rule: dict, counts: Mapping[tuple, float] | None = None) -> str:
    """The arithmetic behind a suspect denominator, 'count / value × per ≈ base' in numbers only (the note adds
    what is counted), or '' when the document prints no count for the same year. `counts`: `printed_counts` of
    the table, when the caller has it."""
    base = rule.get("implied_base")
    if not base:
        return ""
    r = df.iloc[k]
    if pd.isna(r["year"]):
        return ""
    if counts is None:
        counts = printed_counts(df, [base["count"]])
    count = counts.get((base["count"], r["doc"], int(r["year"])))
    if count is None:
        return ""
    implied = count / float(r["value"]) * float(base["per"])
    return f"{count:g} / {float(r['value']):g} × {base['per']:g} ≈ {_about(implied)}"


def plausibility(df: pd.DataFrame, path: str | Path | None = None) -> pd.DataFrame:
    """Flag values outside the range their unit or indicator allows, and per-1,000 values on the wrong base."""
    out = df.copy(deep=False)
    r = rules(path)
    at = out["value"].notna() & (out["indicator"].fillna("") != "")  # every rule needs a value and an indicator
    sub = out[at]
    flags, notes = sub["flags"].fillna("").tolist(), sub["note"].fillna("").tolist()
    where = at.to_numpy().nonzero()[0].tolist()  # the position in `out` of each row of `sub`
    counts = printed_counts(out, {rule["suspect"]["implied_base"]["count"] for rule in r["indicators"].values()
                                  if rule.get("suspect", {}).get("implied_base")})
    cols = zip(sub["value"].tolist(), sub["indicator"].tolist(), sub["unit"].tolist(), sub["method"].tolist(),
               strict=True)
    for j, (value, indicator, unit, method) in enumerate(cols):  # plain values: iterrows was most of the time
        v = float(value)
        rule = r["indicators"].get(indicator, {})
        lo_hi = rule.get("range")
        if lo_hi is None and "growth" not in indicator:
            # a share or per-mille level; unmapped rows may be growth rates, which can pass 100%
            lo_hi = r["unit_ranges"].get(unit)
        if lo_hi and not (lo_hi[0] <= v <= lo_hi[1]) and method != "derived":
            flags[j] = add_flag(flags[j], "implausible")
            notes[j] = add_note(notes[j], f"value {v:g} outside plausible range {lo_hi[0]:g}-{lo_hi[1]:g}")
        sus = rule.get("suspect")
        if sus and (("below" in sus and v < sus["below"]) or ("above" in sus and v > sus["above"])):
            flags[j] = add_flag(flags[j], sus["flag"])
            arithmetic = implied_base(out, where[j], sus, counts)
            of = sus.get("implied_base", {}).get("of", "")
            notes[j] = add_note(notes[j], sus["why"] + (f" ({arithmetic} {of})" if arithmetic else ""))
    return _put_back(out, at, flags, notes)


def per_unit_floors(df: pd.DataFrame, path: str | Path | None = None) -> pd.DataFrame:
    """Flag shares whose label sets a floor for each unit (各养老机构…60%以上), not a jurisdiction-wide value."""
    from .codebook import indicator_info

    out = df.copy(deep=False)
    pu = rules(path)["per_unit"]
    words, units = tuple(pu["words"]), set(pu["units"])
    at = (out["indicator"].fillna("") != "") & out["unit"].isin(list(units))  # the other rows cannot match
    sub = out[at]
    flags, notes = sub["flags"].fillna("").tolist(), sub["note"].fillna("").tolist()
    for j, (label, indicator) in enumerate(zip(sub["label"].tolist(), sub["indicator"].tolist(), strict=True)):
        lab = str(label or "").lstrip("*※★☆# ")
        if not lab.startswith(words):
            continue
        if indicator_info(str(indicator))["scope"] == "per_unit":
            continue
        flags[j] = add_flag(flags[j], pu["flag"])
        notes[j] = add_note(notes[j], f"scope: each unit ('{lab[:12]}'), a floor each must meet, not a "
                                      "jurisdiction-wide share")
    return _put_back(out, at, flags, notes)


def _put_back(out: pd.DataFrame, at: pd.Series, flags: list[str], notes: list[str]) -> pd.DataFrame:
    """`out` with the flags and notes of the rows `at` selects replaced; the other rows' cells missing -> ''."""
    for col, vals in (("flags", flags), ("note", notes)):
        cells = out[col].fillna("")
        if vals:  # written in one masked assignment: no Python pass over the rows no rule reached
            cells.loc[at] = vals
        out[col] = cells
    return out


def apply_checks(df: pd.DataFrame, path: str | Path | None = None) -> pd.DataFrame:
    """All checks in order; returns the table with flags and notes added."""
    return per_unit_floors(plausibility(df, path), path)


# the columns of quality.csv: one row per (row, flag), for people to review
QUALITY_FIELDS = ["row_id", "flag", "jurisdiction", "doc", "line", "method", "label", "kind", "year", "value_text",
                  "note"]


def quality_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (row, flag), for people to review."""
    # the flags split in Arrow, and each (row, flag) pair taken by position: no Python pass over the rows
    flags = pa.array(df["flags"].astype("object").where(df["flags"].notna(), None), pa.large_string())
    parts = pc.split_pattern(flags, ";")
    names, which = pc.list_flatten(parts), pc.list_parent_indices(parts)
    keep = pc.not_equal(names, "")  # split_flags drops the empty pieces of 'a;;b' and of ''
    which = pc.filter(which, keep).to_numpy()
    q = df[[f for f in QUALITY_FIELDS if f != "flag"]].take(which).reset_index(drop=True)
    q.insert(QUALITY_FIELDS.index("flag"), "flag", pd.Series(pc.filter(names, keep).to_pylist(), dtype="string"))
    return q.sort_values(["flag", "jurisdiction", "line", "row_id"], kind="mergesort").reset_index(drop=True)
