"""Shared parts of the researcher exports (Excel workbook, SQLite database, `cmp search`).

What the exports hold, once: the inputs (tidy table, manifest, codebook, flag meanings), the sheet/table frames
built from them (pure functions over DataFrames), display widths for CJK text, and safe writing of a file.
`export_xlsx`, `export_sqlite` and `search` build on these.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import CmpError
from ..model.tidy import COLUMN_NAMES, KINDS

# manifest fields in the order the sources sheet/table shows them (extra fields follow in first-seen order)
SOURCE_FIELDS = (
    "jurisdiction", "name_zh", "name_en", "level", "parent", "title", "title_en", "publisher", "publisher_en",
    "published", "doc_kind", "period", "script", "file", "original_name", "sha256",
)
FLAG_FIELDS = ("flag", "meaning_zh", "meaning_en", "rows")


def flag_meanings() -> dict[str, tuple[str, str]]:
    """Flag -> (meaning in English, meaning in Chinese); the one place the exports read the flag vocabulary."""
    from ..model import vocab

    return vocab.pairs("flags")


@dataclass(frozen=True)
class Inputs:
    """What every export is built from: the tidy table, the manifest entries and the codebook."""

    table: pd.DataFrame
    manifest: list[dict]
    codebook: pd.DataFrame
    tidy_dir: Path
    raw_dir: Path


def load_inputs(tidy_dir: str | Path | None = None, raw_dir: str | Path | None = None) -> Inputs:
    """Load the tidy table (CmpError naming `cmp build` when missing), the manifest and the codebook."""
    from ..ingest.sources import read_manifest
    from ..model.codebook import load_codebook
    from ..model.tidy import load

    tidy = Path(tidy_dir) if tidy_dir else paths.tidy_dir()
    raw = Path(raw_dir) if raw_dir else paths.raw_dir()
    table = load(tidy)
    return Inputs(table=table, manifest=read_manifest(raw), codebook=load_codebook(), tidy_dir=tidy, raw_dir=raw)


def input_fingerprint(tidy_dir: Path, raw_dir: Path) -> str:
    """sha256 over the files an export is built from, so a stored export can tell whether it is still fresh."""
    from ..model.codebook import CODEBOOK_PATH

    h = hashlib.sha256()
    for path in (tidy_dir / "indicators.csv", tidy_dir / "indicators.parquet", raw_dir / "manifest.yaml",
                 CODEBOOK_PATH):
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------- frames (pure)


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _cell_text(value: object) -> str:
    """A list or mapping from the codebook as one readable cell ('a; b', 'label=x, qualifier=y')."""
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell_text(v) for v in value)
    return _text(value)


def manifest_order(manifest: Sequence[dict]) -> dict[str, int]:
    """Jurisdiction id -> position in the manifest (the order of every export and search result)."""
    return {m["jurisdiction"]: i for i, m in enumerate(manifest)}


def indicator_names(ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Indicator id -> (name_zh, name_en) from the codebook, derived annual-change ids included."""
    from ..model.codebook import indicator_info

    out: dict[str, tuple[str, str]] = {}
    for ident in dict.fromkeys(i for i in ids if i):
        try:
            info = indicator_info(ident)
        except CmpError:
            out[ident] = ("", "")
            continue
        out[ident] = (_text(info.get("name_zh")), _text(info.get("name_en")))
    return out


# the values sheet: (key, header). Keys name tidy columns or the names added by `facts_frame`.
FACT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("jurisdiction_zh", "地区 jurisdiction (zh)"),
    ("jurisdiction_en", "jurisdiction (en)"),
    ("indicator_zh", "指标 indicator (zh)"),
    ("indicator_en", "indicator (en)"),
    ("indicator", "指标代码 indicator id"),
    ("label", "原文名称 label as printed"),
    ("kind", "类型 kind"),
    ("plan", "规划 plan"),
    ("year", "年份 year"),
    ("value", "数值 value"),
    ("value_low", "下限 low"),
    ("value_high", "上限 high"),
    ("comparator", "比较 comparator"),
    ("unit", "单位 unit"),
    ("qualifier", "范围 qualifier"),
    ("attribute", "属性 attribute"),
    ("method", "来源方式 method"),
    ("doc", "文件 document"),
    ("section", "章节 section"),
    ("locator", "位置 location"),
    ("quote", "原文 quote"),
    ("context", "上下文 context"),
    ("flags", "标记 flags"),
    ("fact_id", "事实 fact_id"),
    ("other_readings", "其他读数 other readings"),
    ("row_id", "行号 row_id"),
)


def facts_frame(table: pd.DataFrame, manifest: Sequence[dict]) -> pd.DataFrame:
    """One row per fact: the preferred readings, with bilingual jurisdiction and indicator names, and the row_ids
    of the fact's other readings (corroborating sources)."""
    preferred = table["preferred"].fillna(True).astype(bool)
    others: dict[str, list[str]] = {}
    for fact, row_id in zip(table.loc[~preferred, "fact_id"].fillna(""), table.loc[~preferred, "row_id"],
                            strict=True):
        if fact:
            others.setdefault(str(fact), []).append(str(row_id))
    rows = table[preferred].copy()
    rows["other_readings"] = [";".join(others.get(str(f), [])) if f else "" for f in rows["fact_id"].fillna("")]
    by_id = {m["jurisdiction"]: m for m in manifest}
    rows["jurisdiction_zh"] = [by_id.get(j, {}).get("name_zh", j) for j in rows["jurisdiction"]]
    rows["jurisdiction_en"] = [by_id.get(j, {}).get("name_en", j) for j in rows["jurisdiction"]]
    names = indicator_names(rows["indicator"].fillna("").astype(str).tolist())
    ind = rows["indicator"].fillna("").astype(str)
    rows["indicator_zh"] = [names.get(i, ("", ""))[0] for i in ind]
    rows["indicator_en"] = [names.get(i, ("", ""))[1] for i in ind]
    return rows[[k for k, _ in FACT_COLUMNS]].reset_index(drop=True)


def readings_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Every row of the tidy table, every column in the table's own order."""
    return table[COLUMN_NAMES + [c for c in table.columns if c not in COLUMN_NAMES]].reset_index(drop=True)


def sources_frame(manifest: Sequence[dict]) -> pd.DataFrame:
    """The manifest as a frame, one row per document in manifest order, checksums included."""
    extra = [k for m in manifest for k in m if k not in SOURCE_FIELDS]
    cols = [*SOURCE_FIELDS, *dict.fromkeys(extra)]
    return pd.DataFrame([{c: _text(m.get(c, "")) for c in cols} for m in manifest], columns=cols)


def codebook_frame(codebook: pd.DataFrame) -> pd.DataFrame:
    """The codebook with its lists (synonyms, patterns, conditional labels) as readable text cells."""
    out = codebook.copy()
    for col in out.columns:
        out[col] = [_cell_text(v) for v in out[col]]
    return out.reset_index(drop=True)


def flags_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Each flag with its meaning in both languages and how many rows carry it (known flags first)."""
    counts: dict[str, int] = {}
    for text in table["flags"].fillna("").astype(str):
        for flag in dict.fromkeys(f.strip() for f in text.split(";") if f.strip()):
            counts[flag] = counts.get(flag, 0) + 1
    meanings = flag_meanings()
    names = [*meanings, *sorted(f for f in counts if f not in meanings)]
    rows = [{"flag": f, "meaning_zh": meanings.get(f, ("", ""))[1], "meaning_en": meanings.get(f, ("", ""))[0],
             "rows": counts.get(f, 0)} for f in names]
    return pd.DataFrame(rows, columns=list(FLAG_FIELDS)).astype({"rows": "int64"})


# ---------------------------------------------------------------- display width, arguments, writing


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal or a spreadsheet: wide (CJK) characters count 2, combining marks 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufeff":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def check_kinds(kinds: Sequence[str] | None) -> list[str]:
    """The --kind values, each one of the tidy table's kinds; an unknown one raises listing the valid kinds."""
    items = [k.strip() for v in (kinds or []) for k in v.split(",") if k.strip()]
    bad = [k for k in items if k not in KINDS]
    if bad:
        raise CmpError(f"unknown --kind {', '.join(map(repr, bad))}; valid kinds: {', '.join(KINDS)}")
    return items


def check_jurisdictions(values: Sequence[str] | None, manifest: Sequence[dict]) -> list[str]:
    """The --jurisdiction ids, each in the manifest; an unknown one raises listing the valid ids."""
    valid = list(manifest_order(manifest))
    items = [k.strip() for v in (values or []) for k in v.split(",") if k.strip()]
    bad = [k for k in items if k not in valid]
    if bad:
        raise CmpError(f"unknown --jurisdiction {', '.join(map(repr, bad))}; valid ids: {', '.join(valid)}")
    return items


SUFFIXES = {"xlsx": (".xlsx",), "sqlite": (".sqlite", ".sqlite3", ".db")}


def check_output_path(path: str | Path, kind: str) -> Path:
    """An output path with the right suffix whose folder exists (or can be made) and is writable."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES[kind]:
        raise CmpError(f"expected a file name ending in {' or '.join(SUFFIXES[kind])} for --{kind}", path=str(path))
    if path.is_dir():
        raise CmpError("is a folder; expected a file name", path=str(path))
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(
            path, os.W_OK)):
        raise CmpError(f"cannot write here: {folder} is not a writable folder", path=str(path))
    return path


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` with the one atomic writer (`model.outputs.atomic_write`): never a half file."""
    from ..model.outputs import atomic_write

    path = Path(path)
    if path.is_dir():
        raise CmpError("is a folder; expected a file name", path=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CmpError(f"cannot write here: {exc.strerror}", path=str(path)) from None
    return atomic_write(path, data)
