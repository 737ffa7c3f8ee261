"""One reading per fact: which plan a value belongs to, which readings state the same fact, which one to use.

The build runs map -> check -> plan -> derive -> reconcile once; compare, the views and the notebooks read the
result and never re-map or re-derive.

Rules (each tested in tests/test_reconcile.py):
- **Plan** (`plan` column): a plan named in a table row's caption (十三五 -> 13th-fyp), else in the row's section
  heading (the deepest that names one); else an annual document's own plan (`annual-2023`); else from kind and year:
  a target belongs to the plan whose period holds its year, a baseline to the plan whose period holds the next year,
  an actual to the plan whose period holds its year. A derived row takes its first input's plan.
- **Fact** (`fact_id`): readings of one mapped indicator with the same jurisdiction, indicator, year, qualifier
  and stage. The stage of a target is `target` plus its plan (the 13th plan's 2020 target is not the 14th's);
  a baseline and an actual of the same year are one stage, `reported`, whichever plan prints them, because a
  2020 基期值 is the 2020 actual. Unmapped rows have no fact_id.
- **Preferred** (`preferred`): in each fact, the reading with a number, printed in a table over printed in the
  text over derived; then the reading of the document's own plan; then the first by place. The others stay as
  corroborating sources; a derived reading that restates a printed one is such a check.
- **Comparator**: a floor or ceiling (≥, ≤) printed by any agreeing reading is kept on the preferred one, with
  the flag `comparator_added` and a note naming the reading it came from (55 and 不低于55% are one target, ≥ 55).
- **Conflict**: two readings disagree when their values differ by more than the sum of their rounding
  tolerances: half a unit of the last printed digit (scaled by 万/亿), and for a derived value its inputs'
  relative precision plus its own rounding. Every reading of a disputed fact, derived ones included, gets
  `conflict` and a note listing the other values (81.9 from 680/830 and 82.0 from 1:1.22 agree; 54 and 64 do not).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import vocab
from .checks import add_flag, add_note, split_flags
from .tidy import apply_dtypes, records

METHOD_RANK = {"table": 0, "prose": 1, "derived": 2}
CONFLICT_FLAG = "conflict"
COMPARATOR_FLAG = "comparator_added"
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_TIGHT = ("<=", ">=")


def _fmt(x: float) -> str:
    return f"{x:.10g}"


# ---------------------------------------------------------------------------------------------------------------
# plans


_plans_memo: list = [None, ()]  # [the vocabulary it was read from, its plans]


def _plans() -> tuple[tuple[str, int, int, tuple[str, ...]], ...]:
    """(code, first year, last year, markers) of each plan of vocab.yaml in file order; read once per loaded file
    (the plan rules run once per distinct caption, heading and year of a build: thousands of times)."""
    data = vocab.load()
    if _plans_memo[0] is not data:
        _plans_memo[:] = [data, tuple((c, vocab.entry("plans", c)["first"], vocab.entry("plans", c)["last"],
                                       tuple(vocab.entry("plans", c)["markers"])) for c in vocab.codes("plans"))]
    return _plans_memo[1]


def plan_years() -> dict[str, tuple[int, int]]:
    """Plan code -> (first year, last year) from vocab.yaml."""
    return {c: (first, last) for c, first, last, _ in _plans()}


def plan_named(text: str) -> str:
    """The plan a caption or heading names (its last marker: the deepest heading of a path); '' if none."""
    best, at = "", -1
    text = str(text or "")
    for code, _, _, markers in _plans():
        for marker in markers:
            pos = text.rfind(marker)
            if pos > at:
                best, at = code, pos
    return best


def plan_of_year(kind: str, year: object) -> str:
    """The five-year plan a value of this kind and year belongs to ('' when the year is unknown or off-plan)."""
    if year is None or pd.isna(year):
        return ""
    y = int(year)
    if kind == "baseline":
        y += 1  # a baseline is the year a plan starts from: 2020 for 2021-2025
    for code, first, last, _ in _plans():
        if first <= y <= last:
            return code
    return ""


def document_plan(meta: Mapping) -> str:
    """The plan a document itself sets: annual-YYYY for a one-year period, else the five-year plan of its end."""
    years = [int(y) for y in re.findall(r"\d{4}", str(meta.get("period", "")))]
    if not years:
        return ""
    if len(set(years)) == 1:
        return f"annual-{years[0]}"
    return plan_of_year("target", years[-1])


def assign_plans(df: pd.DataFrame, documents: Mapping[str, Mapping], captions: Mapping[tuple[str, str], str]) \
        -> pd.DataFrame:
    """The table with `plan` filled where empty (see the module rules); `documents` maps doc file -> manifest."""
    out = df.copy(deep=False)
    plans = out["plan"].astype(str).tolist()  # a tidy table holds '' for no plan
    cols = {c: out[c].tolist() for c in ("doc", "table", "section", "kind", "year", "method", "derived_from")}
    derived = [k for k, m in enumerate(cols["method"]) if m == "derived"]
    order = [k for k, m in enumerate(cols["method"]) if m != "derived"] + derived  # inputs before derived rows
    by_id = dict(zip(out["row_id"].astype(str).tolist(), range(len(out)), strict=True)) if derived else {}
    # one lookup per distinct (doc, table, section, kind, year): a long table repeats them on every row
    memo: dict[tuple, str] = {}
    own: dict[str, str] = {}  # doc -> its own plan
    named: dict[str, str] = {}  # caption or heading -> the plan it names
    for k in order:
        if plans[k]:
            continue
        if cols["method"][k] == "derived":
            first = str(cols["derived_from"][k] or "").split(";")[0]
            if first in by_id and plans[by_id[first]]:
                plans[k] = plans[by_id[first]]
                continue
        key = (cols["doc"][k], cols["table"][k], cols["section"][k], cols["kind"][k], cols["year"][k])
        if key not in memo:
            memo[key] = _plan_of(key, documents, captions, own, named)
        plans[k] = memo[key]
    out["plan"] = pd.Series(plans, index=out.index, dtype="string")
    return out


def _plan_of(key: tuple, documents: Mapping[str, Mapping], captions: Mapping[tuple[str, str], str],
             own: dict[str, str], named: dict[str, str]) -> str:
    """The plan of a printed row from its (doc, table, section, kind, year): caption, heading, annual plan, year.
    `own` and `named` remember each document's plan and each text's named plan over one pass."""
    doc, table, section, kind, year = key
    doc = str(doc)
    if doc not in own:
        own[doc] = document_plan(documents.get(doc, {}))
    for text in (captions.get((doc, str(table or "")), ""), str(section or "")):
        if text not in named:
            named[text] = plan_named(text)
        if named[text]:
            return named[text]
    return (own[doc] if own[doc].startswith("annual-") else "") or plan_of_year(str(kind), year)


# ---------------------------------------------------------------------------------------------------------------
# precision


def _half_ulp(number_text: str) -> float:
    """Half a unit of the last printed digit: '82' -> 0.5, '1.22' -> 0.005."""
    decimals = len(number_text.split(".")[1]) if "." in number_text else 0
    return 0.5 * 10 ** -decimals


def printed_tolerance(row: Mapping) -> float:
    """How far the true value of a printed reading may lie from its value: its rounding, in the canonical unit."""
    value = float(row["value"])
    nums = _NUMBER_RE.findall(str(row.get("value_raw") or ""))
    if nums and float(nums[0]) != 0:
        raw = nums[0]
        return _half_ulp(raw) * abs(value / float(raw))
    return _half_ulp(_fmt(value))


def _relative_precision(row: Mapping) -> float:
    """Relative rounding of a derived value's input (a ratio's terms: a bare 1 in 1.22:1 is exact)."""
    if "ratio" in split_flags(row.get("flags")):
        terms = _NUMBER_RE.findall(str(row.get("value_raw") or row.get("value_text") or ""))
        return sum(_half_ulp(t) / float(t) for t in terms if t != "1" and float(t) != 0)
    if row.get("value") is None or pd.isna(row["value"]) or float(row["value"]) == 0:
        return 0.0
    return printed_tolerance(row) / abs(float(row["value"]))


def tolerance(row: Mapping, by_id: Mapping[str, Mapping]) -> float:
    """Rounding tolerance of any reading: printed, or derived (its inputs' relative precision + its own rounding)."""
    if row["method"] != "derived":
        return printed_tolerance(row)
    value = float(row["value"])
    inputs = [by_id[i] for i in str(row.get("derived_from") or "").split(";") if i in by_id]
    rel = sum(_relative_precision(r) for r in inputs)
    own = 0.5 * 10 ** -max(1, len(_fmt(value).split(".")[1]) if "." in _fmt(value) else 1)
    return abs(value) * rel + own


def disagree(a: Mapping, b: Mapping, by_id: Mapping[str, Mapping]) -> bool:
    """True when two readings of one fact differ by more than their rounding allows."""
    return abs(float(a["value"]) - float(b["value"])) > tolerance(a, by_id) + tolerance(b, by_id) + 1e-9


# ---------------------------------------------------------------------------------------------------------------
# facts


def fact_key(row: Mapping) -> tuple | None:
    """The fact a reading states, or None for an unmapped row or one without a year."""
    if not row["indicator"] or row.get("year") is None or pd.isna(row["year"]):
        return None
    stage = ("target", str(row.get("plan") or "")) if row["kind"] == "target" else ("reported", "")
    return (str(row["jurisdiction"]), str(row["indicator"]), int(row["year"]), str(row.get("qualifier") or ""),
            *stage)


def fact_id(key: tuple) -> str:
    """A readable id of a fact: jurisdiction:indicator:year:stage[:plan][:qualifier]."""
    jurisdiction, indicator, year, qualifier, stage, plan = key
    parts = [jurisdiction, indicator, str(year), stage] + ([plan] if plan else []) + ([qualifier] if qualifier else [])
    return ":".join(parts)


def _has_value(r: Mapping) -> bool:
    v = r.get("value")
    return v is not None and v is not pd.NA and v == v  # (NaN is the one value unequal to itself)


def preference(row: Mapping, own_plan: str) -> tuple:
    """Sort key of the preferred-reading rule: with a number; table, text, derived; own plan; first by place."""
    return (not _has_value(row), METHOD_RANK[str(row["method"])], str(row["plan"]) != own_plan, int(row["line"]),
            int(row["start"]), str(row["row_id"]))


def _mark_conflicts(group: list[dict], by_id: Mapping[str, Mapping]) -> None:
    valued = [r for r in group if _has_value(r)]
    if not any(disagree(a, b, by_id) for i, a in enumerate(valued) for b in valued[i + 1:]):
        return
    for r in valued:
        others = ", ".join(f"{o['row_id']}={_fmt(float(o['value']))}" for o in valued if o is not r)
        r["flags"] = add_flag(r["flags"], CONFLICT_FLAG)
        r["note"] = add_note(r["note"], f"disagrees with {others}")


def _keep_comparator(preferred: dict, group: list[dict], by_id: Mapping[str, Mapping]) -> None:
    if not _has_value(preferred) or preferred["comparator"] in _TIGHT:
        return
    for r in sorted(group, key=lambda r: METHOD_RANK.get(str(r["method"]), 9)):
        if r is not preferred and r["comparator"] in _TIGHT and _has_value(r) and not disagree(r, preferred, by_id):
            preferred["comparator"] = r["comparator"]
            preferred["flags"] = add_flag(preferred["flags"], COMPARATOR_FLAG)
            preferred["note"] = add_note(preferred["note"], f"comparator {r['comparator']} from {r['row_id']} "
                                          f"({r['value_text'] or r['quote']})")
            return


# the columns the rules below read (and the five they write): only these are turned into dicts
_READ = ("row_id", "jurisdiction", "doc", "method", "indicator", "kind", "year", "qualifier", "plan", "value",
         "value_raw", "value_text", "quote", "comparator", "line", "start", "derived_from", "flags", "note",
         "fact_id", "preferred")


def reconcile(df: pd.DataFrame, documents: Mapping[str, Mapping] | None = None) -> pd.DataFrame:
    """The table with fact_id, preferred, conflict flags and kept comparators set by the module's rules."""
    # only rows that state a fact (mapped, with a year) and the inputs they name are read row by row; every other
    # row gets fact_id '' and preferred true, column-wise (a long unmapped table has nothing to reconcile)
    keyed = (df["indicator"].fillna("").astype(str) != "") & df["year"].notna()
    inputs = {i for ids in df.loc[keyed, "derived_from"].fillna("").astype(str).tolist() for i in ids.split(";")}
    need = keyed | df["row_id"].astype(str).isin(inputs)
    rows = records(df.loc[need, [c for c in _READ if c in df.columns]])
    by_id = {str(r["row_id"]): r for r in rows}
    own = {doc: document_plan(meta) for doc, meta in (documents or {}).items()}
    facts: dict[tuple, list[dict]] = {}
    for r in rows:
        r["flags"] = str(r["flags"] or "")
        r["note"] = str(r["note"] or "")
        key = fact_key(r)
        r["fact_id"] = fact_id(key) if key else ""
        r["preferred"] = True
        if key:
            facts.setdefault(key, []).append(r)
    for group in facts.values():
        if len(group) == 1:
            continue  # one reading: nothing to disagree with, rank or take a comparator from (most facts)
        _mark_conflicts(group, by_id)
        ranked = sorted(group, key=lambda r: preference(r, own.get(str(r["doc"]), "")))
        for r in ranked[1:]:
            r["preferred"] = False
        _keep_comparator(ranked[0], group, by_id)
    out = df.copy(deep=False)
    at = np.flatnonzero(need.to_numpy())
    fill = {"fact_id": "", "preferred": True}
    for col in ("flags", "note", "comparator", "fact_id", "preferred"):
        vals = np.full(len(out), fill[col], dtype=object) if col in fill else out[col].to_numpy(dtype=object,
                                                                                                 copy=True)
        vals[at] = [r[col] for r in rows]
        out[col] = vals
    return apply_dtypes(out)[list(df.columns)]


def preferred_only(df: pd.DataFrame) -> pd.DataFrame:
    """The rows charts and comparisons plot: the preferred reading of each fact."""
    return df[df["preferred"].fillna(True).astype(bool)]


def other_sources(df: pd.DataFrame) -> dict[str, list[str]]:
    """fact_id -> row_ids of its non-preferred readings (the corroborating sources listed beside a point)."""
    rest = df[(df["fact_id"].fillna("") != "") & ~df["preferred"].fillna(True).astype(bool)]
    out: dict[str, list[str]] = {}
    for fid, rid in zip(rest["fact_id"], rest["row_id"], strict=True):
        out.setdefault(str(fid), []).append(str(rid))
    return out

