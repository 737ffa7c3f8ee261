"""The one number formatter of pages, tables and charts, and the one way a value is shown (sign, number or range)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

COMPARATOR_SIGN = {">=": "≥", "<=": "≤"}


def format_number(value: object) -> str:
    """A number as a reader writes it: thousands separated from 1,000 with at most two decimals, six significant
    digits below 1,000, no trailing zeros; '' when missing. Charts and tables print the same value alike."""
    if value is None or value is pd.NA:
        return ""
    v = float(value)
    if math.isnan(v):
        return ""
    if abs(v) >= 1000:
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{v:.6g}"


def format_value(row: Mapping) -> str:
    """A row's value as the reader should see it: comparator sign, then the number or the range low–high, else the
    text printed when there is no number."""
    sign = COMPARATOR_SIGN.get(str(row.get("comparator", "") or ""), "")
    low, high = row.get("value_low"), row.get("value_high")
    if pd.notna(low) and pd.notna(high):
        return f"{sign}{format_number(low)}–{format_number(high)}"
    if pd.notna(row.get("value")):
        return sign + format_number(row.get("value"))
    return str(row.get("value_text", "") or "")
