"""cmp build reads the documents in a worker process while it loads the model stage (pandera, codebook) itself.

Rule-level tests of `build.extract_all`'s choice of process and of what comes back; the timing is measured in
benchmarks/, never here.
"""

import os
import signal
import subprocess
import sys

import pytest

from cmp import build
from cmp.errors import CmpError
from cmp.ingest.sources import load_documents

from .conftest import ROOT, write_corpus

PLAN = "第二章 发展目标\n到2025年,{city}养老机构护理型床位占比达到{n}%以上,社区养老服务设施覆盖率达到100%。\n"
needs_two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: everything runs here")


def _pid_row(doc):
    """Stands in for `build._extract_timed`: which process read the document."""
    return [], [{"doc": doc.file, "pid": os.getpid()}], 0.0


def _docs(tmp_path, n: int):
    texts = {f"d{i}.txt": PLAN.format(city=f"青川{i}市", n=50 + i) for i in range(n)}
    return load_documents(write_corpus(tmp_path / "raw", texts))


@needs_two_cores
def test_with_work_to_overlap_a_small_corpus_is_read_by_one_worker(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "_extract_timed", _pid_row)
    called = []
    out = list(build.extract_all(_docs(tmp_path, 3), meanwhile=lambda: called.append(os.getpid())))
    assert called == [os.getpid()]  # run once, here
    pids = {rows[0]["pid"] for _, rows, _ in out}
    assert len(pids) == 1 and os.getpid() not in pids  # one worker, not this process
    assert [rows[0]["doc"] for _, rows, _ in out] == ["d0.txt", "d1.txt", "d2.txt"]  # manifest order


def test_one_document_or_nothing_to_overlap_is_read_here(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "_extract_timed", _pid_row)
    called = []
    one = list(build.extract_all(_docs(tmp_path, 1), meanwhile=lambda: called.append(1)))
    assert called == [1] and one[0][1][0]["pid"] == os.getpid()
    three = list(build.extract_all(load_documents(tmp_path / "raw") * 3))  # below PARALLEL_MIN_DOCS, no meanwhile
    assert {rows[0]["pid"] for _, rows, _ in three} == {os.getpid()}


@needs_two_cores
def test_a_large_corpus_uses_every_core_even_without_meanwhile(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "_extract_timed", _pid_row)
    docs = _docs(tmp_path, 2) * (build.PARALLEL_MIN_DOCS // 2)
    out = list(build.extract_all(docs))
    assert len(out) == build.PARALLEL_MIN_DOCS and os.getpid() not in {rows[0]["pid"] for _, rows, _ in out}


@needs_two_cores
def test_the_worker_reads_exactly_what_this_process_reads(tmp_path):
    docs = _docs(tmp_path, 3)
    here = [(tables, rows) for tables, rows, _ in build.extract_all(docs)]
    there = [(tables, rows) for tables, rows, _ in build.extract_all(docs, meanwhile=lambda: None)]
    assert there == here
    assert sum(len(rows) for _, rows in here) >= 6


@needs_two_cores
def test_an_error_in_the_worker_reaches_the_caller_as_the_same_cmperror(tmp_path, monkeypatch):
    docs = _docs(tmp_path, 2)
    monkeypatch.setattr(build, "_extract_timed", _refuse)
    with pytest.raises(CmpError, match=r"d0\.txt:3: bad line"):
        list(build.extract_all(docs, meanwhile=lambda: None))


def _refuse(doc):
    raise CmpError("bad line", path=doc.file, line=3)


def test_preparing_the_model_stage_leaves_a_bad_codebook_to_its_step(monkeypatch):
    """A CmpError while loading ahead is not raised there: the step reports it, in the usual order."""
    from cmp.model import codebook, schema

    def bad():
        raise CmpError("codebook.yaml:1: bad")

    def bug():
        raise ValueError("a bug")

    monkeypatch.setattr(codebook, "load_codebook", bad)
    build.prepare_model_stage()  # no error
    monkeypatch.setattr(schema, "prepare", bug)
    with pytest.raises(ValueError, match="a bug"):  # only CmpError is left for later
        build.prepare_model_stage()


def test_cli_build_of_a_small_corpus_matches_an_in_process_build(tmp_path):
    """The real command line (worker path, fresh process) and an in-process build write the same bytes."""
    raw = write_corpus(tmp_path / "raw", {f"d{i}.txt": PLAN.format(city=f"梧桐{i}区", n=40 + i) for i in range(3)})
    proc = subprocess.run([sys.executable, "-m", "cmp", "build", "--raw-dir", str(raw), "--out-dir",
                           str(tmp_path / "cli")], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    build.run_build(raw, tmp_path / "here")
    for name in ("indicators.csv", "indicators.parquet", "quality.csv", "datapackage.json"):
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name
    assert "[3/3]" in proc.stderr and "Traceback" not in proc.stderr


def _signal_row(doc):
    """Stands in for `build._extract_timed`: how the worker handles the stop signals."""
    handlers = {sig.name: signal.getsignal(sig) == signal.SIG_DFL for sig in (signal.SIGINT, signal.SIGTERM,
                                                                              signal.SIGHUP)}
    return [], [handlers], 0.0


def _die(doc):
    os._exit(3)  # as if killed


@needs_two_cores
def test_a_worker_ends_at_once_on_a_stop_signal(tmp_path, monkeypatch):
    """Ctrl-C reaches the whole process group: a worker must not print a traceback or finish its queue."""
    monkeypatch.setattr(build, "_extract_timed", _signal_row)
    out = list(build.extract_all(_docs(tmp_path, 2), meanwhile=lambda: None))
    assert out[0][1] == [{"SIGINT": True, "SIGTERM": True, "SIGHUP": True}]


@needs_two_cores
def test_a_worker_that_dies_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "_extract_timed", _die)
    with pytest.raises(CmpError, match="worker process reading the documents stopped unexpectedly"):
        list(build.extract_all(_docs(tmp_path, 2), meanwhile=lambda: None))


@needs_two_cores
def test_a_pool_of_every_core_gives_the_rows_of_serial_reading_in_manifest_order(tmp_path):
    """Documents cut into chunks for two workers come back exactly as one process reads them, in order."""
    texts = {f"d{i:02d}.txt": PLAN.format(city=f"临河{i}县", n=30 + i) * (1 + i % 3)
             for i in range(build.PARALLEL_MIN_DOCS + 3)}
    docs = load_documents(write_corpus(tmp_path / "raw", texts))
    serial = [build._extract_timed(d)[:2] for d in docs]
    pooled = [(tables, cols) for tables, cols, _ in build.extract_all(docs)]
    assert pooled == serial
    assert [cols["doc"][0] for _, cols in pooled] == [d.file for d in docs]  # each document's rows, column-wise
    assert all(all(cols["row_id"]) and all(cols["context"]) for _, cols in pooled)  # the per-row work is done there


def _refuse_without_a_place(doc):
    raise CmpError("cannot read this table")


@needs_two_cores
def test_an_error_without_a_place_names_the_document_it_came_from(tmp_path, monkeypatch):
    docs = _docs(tmp_path, 2)
    monkeypatch.setattr(build, "read_document", _refuse_without_a_place)
    with pytest.raises(CmpError, match=r"^d0\.txt: cannot read this table$"):
        list(build.extract_all(docs, meanwhile=lambda: None))
    with pytest.raises(CmpError, match=r"^d1\.txt: cannot read this table$"):
        build._extract_timed(docs[1])  # the same in this process


def test_the_cli_reports_a_worker_error_as_one_message_without_a_traceback(tmp_path):
    """A document that fails in a worker: `cmp build` prints the CmpError naming it, and exits 1."""
    raw = write_corpus(tmp_path / "raw", {f"d{i}.txt": PLAN.format(city=f"梧桐{i}区", n=40 + i) for i in range(3)})
    code = ("import sys; from cmp import build, cli; from cmp.errors import CmpError\n"
            "def bad(doc):\n"
            "    if doc.file == 'd1.txt': raise CmpError('unreadable table')\n"
            "    return [], []\n"
            "build.read_document = bad\n"
            "sys.exit(cli.main(sys.argv[1:]))\n")
    proc = subprocess.run([sys.executable, "-c", code, "build", "--raw-dir", str(raw), "--out-dir",
                           str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "d1.txt: unreadable table" in proc.stderr
    assert not (tmp_path / "out").exists()  # nothing half-written
