"""Score a built tidy table against a hand-checked gold sample: recall and precision by document, form and total.

Gold CSV format (UTF-8, header row, one row per figure the document states):

    doc,form,label,kind,year,value,unit,comparator,quote

- doc: file name of the document (as in the manifest and the tidy `doc` column).
- form: the phrasing or layout form the row exercises (target_reach, raise_from_to, respectively, shared_value,
  review_actual, chinese_numeral, range, growth, table_spaced, ...). Free text; results are grouped by it.
- label: what is measured, in the document's words (for people; not used in matching).
- kind: baseline, target or actual. year: the year the value refers to (empty when the text gives none).
- value: the number in the canonical unit (万/亿 applied: 6.4万张 -> 64000). A range is written `low~high`
  (30~40) and matches a row whose value_low/value_high are those bounds.
- unit: canonical unit (%, 张, 元/人/月 ...); comparator: =, >= or <= (empty for a range). Both are reported
  (agreement among matches) but are not part of the match.
- quote: an exact piece of the raw document text around the figure (at least the number as printed).

A gold row matches a built row when: same doc, same value (relative tolerance 1e-9; for ranges both bounds),
same kind, same year (both empty counts as same), and the gold quote equals the row's quote or lies inside
the row's context (the sentence or table row it came from). Each built row matches at most one gold row.
Recall = matched gold rows / gold rows. Precision = matched built rows / built rows of the documents that the
gold file covers (methods prose and table; derived rows are not counted).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import CmpError

GOLD_COLUMNS = ("doc", "form", "label", "kind", "year", "value", "unit", "comparator", "quote")
KINDS = ("baseline", "target", "actual")
SCORED_METHODS = ("prose", "table")
REL_TOL = 1e-9


@dataclass
class EvalResult:
    """What `score` found: totals, per-document and per-form tables, and the rows that matched nothing."""

    recall: float
    precision: float
    n_gold: int
    n_built: int
    n_matched: int
    by_doc: pd.DataFrame  # doc, gold, built, matched, recall, precision
    by_form: pd.DataFrame  # form, gold, matched, recall
    misses: pd.DataFrame  # gold rows without a match
    unmatched: pd.DataFrame  # built rows without a match
    pairs: pd.DataFrame  # gold index, built index, unit_agrees, comparator_agrees

    def report(self, limit: int = 50) -> str:
        """The result as printable text: totals, tables and the first `limit` misses and unmatched rows."""
        out = [f"total: recall {self.recall:.3f} ({self.n_matched}/{self.n_gold}), precision {self.precision:.3f} "
               f"({self.n_matched}/{self.n_built})"]
        if len(self.pairs):
            out.append(f"among matches: unit agrees {self.pairs['unit_agrees'].mean():.3f}, comparator agrees "
                       f"{self.pairs['comparator_agrees'].mean():.3f}")
        out += ["", "by document:", self.by_doc.to_string(index=False, float_format=lambda x: f"{x:.3f}"),
                "", "by form:", self.by_form.to_string(index=False, float_format=lambda x: f"{x:.3f}")]
        out += ["", f"missed ({len(self.misses)}):"]
        for r in self.misses.head(limit).itertuples():
            out.append(f"  {r.doc} [{r.form}] {r.label} {r.kind} {r.year} {r.value} {r.unit}: {r.quote}")
        out += ["", f"matched nothing ({len(self.unmatched)}):"]
        for r in self.unmatched.head(limit).itertuples():
            v = r.value if pd.notna(r.value) else f"{r.value_low}~{r.value_high}"
            out.append(f"  {r.doc} line {r.line} {r.method} {r.label} {r.kind} {r.year} {v} {r.unit}: {r.quote}")
        return "\n".join(out)


def _num(text: str, where: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise CmpError(f"{where}: value {text!r} is not a number (ranges are written low~high)") from None
    if not math.isfinite(x):
        raise CmpError(f"{where}: value {text!r} is not finite")
    return x


def read_gold(path: Path | str) -> pd.DataFrame:
    """A gold CSV (or every *.csv in a folder) as a frame with parsed value/low/high; bad rows raise CmpError."""
    p = Path(path)
    files = sorted(p.glob("*.csv")) if p.is_dir() else [p]
    if not files:
        raise CmpError("no gold CSV files found", path=str(p))
    recs = []
    for f in files:
        try:
            with f.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                if reader.fieldnames is None or tuple(reader.fieldnames) != GOLD_COLUMNS:
                    raise CmpError(f"header is {reader.fieldnames}; expected {','.join(GOLD_COLUMNS)}", path=str(f))
                for n, row in enumerate(reader, start=2):
                    recs.append(_gold_row(row, f"{f}:{n}"))
        except OSError as exc:
            raise CmpError(f"cannot read gold file: {exc}", path=str(f)) from None
    return pd.DataFrame(recs, columns=[*GOLD_COLUMNS, "low", "high", "where"])


def _gold_row(row: dict, where: str) -> dict:
    if None in row or any(v is None for v in row.values()):
        raise CmpError(f"{where}: expected {len(GOLD_COLUMNS)} fields")
    out = {k: row[k].strip() for k in GOLD_COLUMNS}
    out["quote"] = row["quote"]  # exact text: spaces count
    if out["kind"] not in KINDS:
        raise CmpError(f"{where}: kind {out['kind']!r}; expected one of {', '.join(KINDS)}")
    if out["year"] and not (out["year"].isdigit() and len(out["year"]) == 4):
        raise CmpError(f"{where}: year {out['year']!r}; expected a 4-digit year or empty")
    if not out["quote"]:
        raise CmpError(f"{where}: empty quote; expected the raw text around the figure")
    low = high = None
    if "~" in out["value"]:
        a, b = out["value"].split("~", 1)
        low, high = _num(a, where), _num(b, where)
        if low > high:
            raise CmpError(f"{where}: range {out['value']!r} has low > high")
        value = None
    else:
        value = _num(out["value"], where)
    return {**out, "value": value, "low": low, "high": high, "where": where}


def _close(a: float | None, b: object) -> bool:
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return False
    return math.isclose(a, float(b), rel_tol=REL_TOL, abs_tol=1e-12)


def _year(v: object) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(int(v)) if not isinstance(v, str) \
        else v


def _matches(g: dict, b: dict) -> bool:
    if not pd.isna(g["value"]):
        if not _close(g["value"], b["value"]):
            return False
    elif not (_close(g["low"], b["value_low"]) and _close(g["high"], b["value_high"])):
        return False
    if g["kind"] != b["kind"] or g["year"] != _year(b["year"]):
        return False
    return g["quote"] == b["quote"] or g["quote"] in str(b["context"])


def score(built: pd.DataFrame, gold: pd.DataFrame, sample: bool = False) -> EvalResult:
    """Match gold rows to built rows one to one and count recall and precision (see the module docstring).

    `sample=True` is for a gold file that covers only some passages of each document (a hand-checked sample):
    precision then counts only built rows from the passages the sample covers: the contexts (sentences or table
    rows) of the rows that matched a gold row.
    """
    docs = list(dict.fromkeys(gold["doc"].tolist()))
    b = built[built["doc"].isin(docs) & built["method"].isin(SCORED_METHODS)].reset_index(drop=True)

    b_recs = b.to_dict("records")
    by_doc_rows: dict[str, list[int]] = {}
    for k, r in enumerate(b_recs):
        by_doc_rows.setdefault(r["doc"], []).append(k)
    used: set[int] = set()
    pairs = []
    gold = gold.reset_index(drop=True)
    for gi, g in enumerate(gold.to_dict("records")):
        cands = [k for k in by_doc_rows.get(g["doc"], []) if k not in used and _matches(g, b_recs[k])]
        if not cands:
            continue
        # prefer the row whose own quote lies inside the gold quote (the same figure, not a neighbour)
        best = min(cands, key=lambda k: (str(b_recs[k]["quote"]) not in g["quote"], k))
        used.add(best)
        br = b_recs[best]
        pairs.append({"gold": gi, "built": best, "unit_agrees": g["unit"] == str(br["unit"]),
                      "comparator_agrees": g["comparator"] == str(br["comparator"])})
    pairs_df = pd.DataFrame(pairs, columns=["gold", "built", "unit_agrees", "comparator_agrees"])
    if sample:
        covered = {(b_recs[k]["doc"], str(b_recs[k]["context"])) for k in used}
        keep = [(r["doc"], str(r["context"])) in covered for r in b_recs]
        index = {old: new for new, old in enumerate(k for k, ok in enumerate(keep) if ok)}
        b = b[keep].reset_index(drop=True)
        used = {index[k] for k in used}
        pairs_df["built"] = pairs_df["built"].map(index)
    matched_gold = set(pairs_df["gold"].tolist())
    gold = gold.assign(matched=pd.Series([i in matched_gold for i in range(len(gold))], dtype=bool, index=gold.index))
    b = b.assign(matched=pd.Series([k in used for k in range(len(b))], dtype=bool, index=b.index))
    doc_rows = []
    for d in docs:
        gd, bd = gold[gold["doc"] == d], b[b["doc"] == d]
        m = int(gd["matched"].sum())
        doc_rows.append({"doc": d, "gold": len(gd), "built": len(bd), "matched": m,
                         "recall": m / len(gd) if len(gd) else float("nan"),
                         "precision": int(bd["matched"].sum()) / len(bd) if len(bd) else float("nan")})
    form_rows = []
    for f, gf in gold.groupby("form", sort=True):
        m = int(gf["matched"].sum())
        form_rows.append({"form": f, "gold": len(gf), "matched": m, "recall": m / len(gf)})
    n_gold, n_built, n_m = len(gold), len(b), len(pairs_df)
    return EvalResult(
        recall=n_m / n_gold if n_gold else float("nan"),
        precision=n_m / n_built if n_built else float("nan"),
        n_gold=n_gold, n_built=n_built, n_matched=n_m,
        by_doc=pd.DataFrame(doc_rows, columns=["doc", "gold", "built", "matched", "recall", "precision"]),
        by_form=pd.DataFrame(form_rows, columns=["form", "gold", "matched", "recall"]),
        misses=gold.loc[~gold["matched"]].drop(columns="matched").reset_index(drop=True),
        unmatched=b.loc[~b["matched"]].drop(columns="matched").reset_index(drop=True),
        pairs=pairs_df,
    )


def run_eval(gold_paths: list[str], built: pd.DataFrame, raw_dir: Path | str, method: str | None = None,
             limit: int = 50, sample: bool = False) -> EvalResult:
    """Score a table built from `raw_dir` (by the caller: `cmp eval` builds without writing) and print the result."""
    gold = pd.concat([read_gold(p) for p in gold_paths], ignore_index=True)
    missing = sorted(set(gold["doc"]) - set(built["doc"]))
    if missing:
        raise CmpError(f"gold names document(s) not built from this raw folder: {', '.join(missing)}",
                       path=str(raw_dir))
    if method:
        built = built[built["method"] == method]
        gold = gold[gold["form"].str.startswith("table_") == (method == "table")]
    result = score(built, gold, sample=sample)
    print(result.report(limit=limit))
    return result
