"""Shared fixtures: the project root, the real corpus, and a factory for small raw folders."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

META = {
    "original_name": "x.txt",
    "name_zh": "测试市",
    "name_en": "Testville",
    "level": "prefecture-level city",
    "parent": "Test Province",
    "title": "测试规划",
    "publisher": "测试局",
    "published": "2021-12-30",
    "doc_kind": "five_year_plan",
    "period": "2021-2025",
    "script": "simplified",
}


def write_corpus(folder: Path, docs: dict[str, bytes | str], **overrides) -> Path:
    """Write documents and a matching manifest into `folder`; overrides patch every entry."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for i, (name, content) in enumerate(docs.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
        entry = {
            "file": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "jurisdiction": f"city{i}",
            **META,
            **overrides,
        }
        entries.append(entry)
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True), "utf-8")
    return folder


@pytest.fixture
def make_corpus(tmp_path):
    def _make(docs: dict[str, bytes | str], **overrides) -> Path:
        return write_corpus(tmp_path / "raw", docs, **overrides)

    return _make


@pytest.fixture
def fresh_table_caches():
    """Clear the table reader's memoized helpers before a test, so each test runs the rules themselves and not
    results remembered from an earlier test (the mutation runner forks every mutant from a process that has
    already run the tests: a cached cell score would hide a mutant in the rule under it). The validated
    vocabulary is kept: parse_table_vocab has its own tests."""
    from cmp.extract import table_align, table_crosstab, table_layouts, table_rows, table_spaced, table_values, tables

    for module in (table_layouts, table_rows, tables, table_values, table_align, table_spaced, table_crosstab):
        for value in vars(module).values():
            if (callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == module.__name__
                    and value is not table_layouts.vocab):
                value.cache_clear()
