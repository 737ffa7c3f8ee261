"""Plausibility and consistency checks on the tidy table: flags added, values never changed or dropped."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .. import yamlio

CHECK_FLAGS = ("implausible", "denominator_suspect", "conflict")


@lru_cache(maxsize=1)
def rules() -> dict:
    """The plausibility rules from checks.yaml."""
    return yamlio.load_text(resources.files("cmp.model").joinpath("checks.yaml").read_text("utf-8"), "checks.yaml")


def _add(flags: str, flag: str) -> str:
    parts = [f for f in flags.split(";") if f]
    return ";".join(parts if flag in parts else [*parts, flag])


def _note(note: str, text: str) -> str:
    return f"{note}; {text}" if note else text


def plausibility(df: pd.DataFrame) -> pd.DataFrame:
    """Flag values outside the range their unit or indicator allows, and per-1,000 values on the wrong base."""
    out = df.copy()
    r = rules()
    flags, notes = out["flags"].tolist(), out["note"].tolist()
    cols = zip(out["value"], out["indicator"], out["unit"], out["method"], strict=True)
    for k, (value, indicator, unit, method) in enumerate(cols):  # plain values: iterrows was most of the time
        if pd.isna(value):
            continue
        v = float(value)
        lo_hi = r["indicators"].get(indicator, {}).get("range")
        if lo_hi is None and indicator and "growth" not in indicator:
            # a share or per-mille level; unmapped rows may be growth rates, which can pass 100%
            lo_hi = r["unit_ranges"].get(unit)
        if lo_hi and not (lo_hi[0] <= v <= lo_hi[1]) and method != "derived":
            flags[k] = _add(flags[k], "implausible")
            notes[k] = _note(notes[k], f"value {v:g} outside plausible range {lo_hi[0]}-{lo_hi[1]}")
        sus = r["indicators"].get(indicator, {}).get("suspect")
        if sus and (("below" in sus and v < sus["below"]) or ("above" in sus and v > sus["above"])):
            flags[k] = _add(flags[k], sus["flag"])
            notes[k] = _note(notes[k], sus["why"])
    out["flags"] = pd.Series(flags, index=out.index, dtype=out["flags"].dtype)
    out["note"] = pd.Series(notes, index=out.index, dtype=out["note"].dtype)
    return out


def conflicts(df: pd.DataFrame) -> pd.DataFrame:
    """Flag values that describe the same thing (document, indicator, year, scope) but disagree; keep both.

    Targets are compared with targets; a reported value for a year (baseline or actual) with reported values.
    """
    out = df.copy()
    tol = rules()["conflict_tolerance"]
    have = out[(out["indicator"] != "") & out["value"].notna() & (out["method"] != "derived")]
    stage = have["kind"].map({"target": "target", "baseline": "reported", "actual": "reported"})
    keys = [have["jurisdiction"], have["indicator"], have["year"], have["qualifier"], stage, have["comparator"]]
    vals = have["value"].astype(float).groupby(keys, dropna=False)
    hi, lo = vals.transform("max"), vals.transform("min")
    spread = (hi - lo) > tol * np.maximum(np.maximum(hi.abs(), lo.abs()), 1e-9)
    have = have[(vals.transform("size") >= 2) & spread]  # only groups whose values disagree
    keys = [have["jurisdiction"], have["indicator"], have["year"], have["qualifier"], stage[have.index],
            have["comparator"]]
    for _, group in have.groupby(keys, dropna=False):
        if len(group) < 2:
            continue
        vals = group["value"].astype(float)
        if vals.max() - vals.min() <= tol * max(abs(vals.max()), abs(vals.min()), 1e-9):
            continue
        for i in group.index:
            others = [f"{rid}={v:g}" for rid, v in zip(group["row_id"], vals, strict=True)
                      if rid != out.at[i, "row_id"]]
            out.at[i, "flags"] = _add(out.at[i, "flags"], "conflict")
            out.at[i, "note"] = _note(out.at[i, "note"], "disagrees with " + ", ".join(others))
    return out


def strip_check_flags(df: pd.DataFrame) -> pd.DataFrame:
    """The table without the flags and notes this module adds (to re-run the checks)."""
    out = df.copy()
    out["flags"] = out["flags"].map(lambda s: ";".join(f for f in str(s).split(";") if f and f not in CHECK_FLAGS))
    return out


def apply_checks(df: pd.DataFrame) -> pd.DataFrame:
    """All checks in order; returns the table with flags and notes added."""
    return conflicts(plausibility(df))
