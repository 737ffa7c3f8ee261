"""The tidy table's contract as a pandera schema: types, allowed values, unique ids, and quotes that match.

pandera is imported on first use (`prepare`), not with this module: its import is a third of a second, which
`cmp build` spends while the documents are read in a worker process (see build.extract_all).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import CmpError

if TYPE_CHECKING:
    import pandera.pandas as pa
from .tidy import ATTRIBUTES, COLUMNS, COMPARATORS, KINDS, METHODS

_ALLOWED = {
    "kind": KINDS,
    "method": METHODS,
    "comparator": ("", *COMPARATORS),
    "attribute": ("", *ATTRIBUTES),
}
_REQUIRED_TEXT = ("row_id", "jurisdiction", "doc", "kind", "method", "quote")


def tidy_schema(raw_texts: dict[str, str] | None = None) -> pa.DataFrameSchema:
    """The schema; with `raw_texts` (doc -> decoded raw text) it also checks quote == raw[start:end]."""
    pa = prepare()
    columns = {}
    for name, (dtype, desc) in COLUMNS.items():
        checks = []
        if name in _ALLOWED:
            checks.append(pa.Check.isin(_ALLOWED[name], error=f"{name} must be one of {_ALLOWED[name]}"))
        if name in _REQUIRED_TEXT:
            checks.append(pa.Check(lambda s: s.str.len() > 0, element_wise=False, error=f"{name} must not be empty"))
        if name in ("line", "start", "end"):
            checks.append(pa.Check.ge(0 if name != "line" else 1))
        if name == "year":
            checks.append(pa.Check.in_range(1949, 2100))
        nullable = dtype != "string" and name not in ("line", "start", "end", "year")
        columns[name] = pa.Column(dtype, checks=checks, nullable=nullable, description=desc)

    df_checks = [
        pa.Check(lambda df: df["end"] >= df["start"], name="span_ordered",
                 error="span_ordered: end must not be before start"),
        pa.Check(
            lambda df: df["value"].isna() | (df["comparator"] != ""),
            name="comparator_with_value",
            error="comparator_with_value: a row with a value needs a comparator (=, >=, <=)",
        ),
        pa.Check(
            lambda df: (df["method"] != "derived") | (df["derived_from"] != ""),
            name="derived_names_inputs",
            error="derived_names_inputs: a derived row must name its inputs in derived_from",
        ),
        pa.Check(
            lambda df: (df["fact_id"] == "") | (df.groupby("fact_id")["preferred"].transform("sum") == 1),
            name="one_preferred_per_fact",
            error="one_preferred_per_fact: every fact (fact_id) needs exactly one preferred reading",
        ),
    ]
    if raw_texts is not None:
        def quotes_match(df: pd.DataFrame) -> pd.Series:
            ok = []
            cols = (df[c].tolist() for c in ("doc", "start", "end", "quote", "context_start", "context_end",
                                                 "context"))  # plain lists: iterating Arrow strings is slow
            for doc, start, end, quote, cs, ce, ctx in zip(*cols, strict=True):
                text = raw_texts.get(doc)
                ok.append(text is not None and text[int(start):int(end)] == quote
                          and (pd.isna(cs) or (text[int(cs):int(ce)] == ctx and int(cs) <= int(start)
                                               and int(end) <= int(ce))))
            return pd.Series(ok, index=df.index)

        df_checks.append(pa.Check(quotes_match, name="quote_is_raw_span",
                                  error="quote_is_raw_span: quote must equal raw[start:end], inside its context span"))
    return pa.DataFrameSchema(columns, checks=df_checks, strict=True, ordered=True, unique=["row_id"])


@contextmanager
def _without_hypothesis() -> Iterator[None]:
    """pandera, on its first validation, registers its checks together with their hypothesis strategies (data
    synthesis, which cmp never uses) and so imports hypothesis when it is installed: a fifth of `cmp build`'s
    time. hypothesis is a test dependency only, so this makes the first validation take the path of an install
    without it (pandera's own fallback). In a process that already imported hypothesis (the tests) nothing changes.
    """
    if "hypothesis" in sys.modules:
        yield
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]  # `import hypothesis` raises ImportError
    try:
        yield
    finally:
        if "hypothesis" in sys.modules and sys.modules["hypothesis"] is None:
            del sys.modules["hypothesis"]


@lru_cache(maxsize=1)
def prepare() -> ModuleType:
    """pandera.pandas, imported and with its pandas checks registered, ready for the first validation."""
    import pandera.pandas as pa

    register = getattr(pa.DataFrameSchema, "register_default_backends", None)  # else done by the first validation
    if register is not None:
        with _without_hypothesis():
            register(pd.DataFrame)
    return pa


def prepared() -> bool:
    """Whether `prepare` has run in this process (pandera imported and ready)."""
    return prepare.cache_info().currsize > 0


def validate(df: pd.DataFrame, raw_texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Validate the tidy table; every violation is collected into one readable CmpError."""
    pa = prepare()
    try:
        with _without_hypothesis():
            return tidy_schema(raw_texts).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        lines: list[str] = []
        for _, case in cases.iterrows():
            where = f"row {case['index']}" if pd.notna(case["index"]) else "table"
            if pd.notna(case["index"]) and case["index"] in df.index and "row_id" in df.columns:
                where += f" ({df.loc[case['index'], 'row_id']})"
            if case["schema_context"] == "DataFrameSchema" and ":" in str(case["check"]):
                line = f"  - {where}: {case['check']}"  # a rule over the whole row
            else:
                line = f"  - {where}: column {case['column']}: {case['check']} failed on {case['failure_case']!r}"
            if line not in lines:
                lines.append(line)
        more = f"\n  ... and {len(lines) - 30} more" if len(lines) > 30 else ""
        lines = lines[:30]
        head = f"tidy table violates its schema ({len(cases)} failure(s)):\n"
        raise CmpError(head + "\n".join(lines) + more) from None
