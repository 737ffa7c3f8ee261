"""cmp build prepares the table part by part (whole documents, manifest order) while the later documents are read.

The parts one after another must be exactly the table the model steps make of all rows at once: same rows, order,
dtypes and bytes of every output, with repeats of a row id numbered across parts; a step that fails on a part
leaves the whole table to the steps at the end, so the error comes as before.
"""

import pytest

from cmp import build
from cmp.errors import CmpError
from cmp.model import codebook

from .conftest import RAW, write_corpus


def _files(raw, out):
    build.run_build(raw, out)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _corpus(tmp_path):
    """The real corpus twice (new ids, one document repeated under another jurisdiction's name)."""
    texts = {}
    for k in range(2):
        for p in sorted(RAW.glob("*.txt")):
            texts[f"{k}_{p.name}"] = p.read_text(encoding="utf-8")
    return write_corpus(tmp_path / "raw", texts)


def test_a_table_prepared_in_parts_is_the_table_prepared_whole(tmp_path, monkeypatch):
    raw = _corpus(tmp_path)
    whole = _files(raw, tmp_path / "whole")
    monkeypatch.setattr(build, "PART_ROWS", 150)  # a part every few documents
    monkeypatch.setattr(build, "PART_SHARE", 100)
    prepared = []
    real = build.prepare
    monkeypatch.setattr(build, "prepare", lambda df, *a: prepared.append(len(df)) or real(df, *a))
    parts = _files(raw, tmp_path / "parts")
    assert len(prepared) >= 4
    assert parts == whole


def test_number_repeats_from_a_start_counts_on_from_the_ids_before(tmp_path):
    ids = ["x", "y", "x", "x", "y"]
    seen: dict[str, int] = {}
    build.number_repeats(ids[:2], seen)
    build.number_repeats(ids, seen, start=2)
    assert ids == ["x", "y", "x-2", "x-3", "y-2"]


def test_a_step_that_fails_on_a_part_fails_the_build_as_on_the_whole_table(tmp_path, monkeypatch):
    raw = _corpus(tmp_path)
    monkeypatch.setattr(build, "PART_ROWS", 150)
    monkeypatch.setattr(build, "PART_SHARE", 100)
    calls = []

    def refuse(df, **kw):
        calls.append(len(df))
        raise CmpError("codebook.yaml: bad entry")

    monkeypatch.setattr(codebook, "map_rows", refuse)
    with pytest.raises(CmpError, match="codebook.yaml: bad entry"):
        build.run_build(raw, tmp_path / "out")
    assert len(calls) == 2  # the first part, then the whole table at the end (no part after the failure)
    assert not (tmp_path / "out").exists()


def test_a_part_that_fails_once_gives_the_whole_tables_result(tmp_path, monkeypatch):
    """A failure the whole table does not repeat (here: only the first call fails) still gives the same bytes."""
    raw = _corpus(tmp_path)
    whole = _files(raw, tmp_path / "whole")
    monkeypatch.setattr(build, "PART_ROWS", 150)
    monkeypatch.setattr(build, "PART_SHARE", 100)
    real, calls = codebook.map_rows, []

    def once(df, **kw):
        calls.append(len(df))
        if len(calls) == 1:
            raise ValueError("a passing failure")
        return real(df, **kw)

    monkeypatch.setattr(codebook, "map_rows", once)
    assert _files(raw, tmp_path / "again") == whole
    assert len(calls) == 2
