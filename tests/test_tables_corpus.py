"""The table reader on the real corpus, on every layout fixture (recall and no wrong value) and at scale
(a 5,000-row table): end-to-end and slower, so kept out of the mutation run of the rule module."""

import pytest

from cmp.extract.tables import extract_tables
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import load_documents

from .conftest import RAW
from .test_tables import _numbered_cells, pick, rows_of


@pytest.fixture(scope="module")
def corpus_tables():
    out = {}
    for d in load_documents(RAW):
        tables, rows = extract_tables(d.meta, normalize(d.text))
        out[d.jurisdiction] = (tables, rows, d.text)
    return out


def test_table_row_counts_per_document(corpus_tables):
    counts = {j: [t.n_rows for t in tables] for j, (tables, _, _) in corpus_tables.items()}
    assert counts == {"chifeng": [19], "wuhan": [23, 14], "tongzhou": [26, 16, 13, 7, 8], "jining": [],
                      "xincheng": []}


def test_every_table_row_reaches_the_rows(corpus_tables):
    for j, (tables, rows, text) in corpus_tables.items():
        for t in tables:
            in_table = {(r["row_no"], r["label"]) for r in rows if r["table"] == t.table_id}
            assert len(in_table) == t.n_rows, (j, t.table_id)
        for r in rows:
            assert text[r["start"]:r["end"]] == r["quote"]


def test_known_values_from_the_corpus(corpus_tables):
    _, rows, _ = corpus_tables["wuhan"]
    nb = [r for r in rows if r["label"] == "养老机构护理型床位占比"]
    assert {(r["kind"], r["year"], r["value"], r["attribute"]) for r in nb} == {
        ("baseline", 2020, 54, "binding"), ("target", 2025, 65, "binding")}
    _, rows, _ = corpus_tables["tongzhou"]
    ratio = [r for r in rows if r["label"] == "养老机构内养老护理人员数与入住需帮助老年人比例"]
    assert ratio[0]["value"] is None and "suspect_format" in ratio[0]["flags"] and ratio[0]["value_text"] == "1:07"
    _, rows, _ = corpus_tables["chifeng"]
    assert pick(rows, "社会工作专业人才总量", "actual")["value"] == 3100  # Chifeng's column: 2020年实际值

def _fixture_dir():
    from pathlib import Path

    return Path(__file__).parent / "fixtures" / "layouts"


def test_table_fixtures_recall_and_no_wrong_values():
    import pandas as pd

    from cmp.build import fill_context
    from cmp.model.evaluate import read_gold, score

    folder = _fixture_dir()
    docs = [d for d in load_documents(folder) if d.file.startswith("table_")]
    golds = sorted((folder / "gold").glob("table_*.csv"))
    assert len(docs) >= 12 and len(golds) == len(docs)
    rows = []
    for d in docs:
        _, r = extract_tables(d.meta, normalize(d.text))
        fill_context(r, d.text)
        for x in r:
            assert d.text[x["start"]:x["end"]] == x["quote"]
            assert d.text[x["context_start"]:x["context_end"]] == x["context"]
            assert x["context_start"] <= x["start"] <= x["end"] <= x["context_end"]
        rows += r
    built = pd.DataFrame(rows)
    gold = pd.concat([read_gold(p) for p in golds], ignore_index=True)
    res = score(built, gold)
    forms = set(gold["form"])
    assert {"table_pipe", "table_tab", "table_cell_per_line", "table_spaced", "table_bare_years", "table_growth",
            "table_multiline_header", "table_merged_group", "table_long_rows", "table_cr_endings", "table_in_box",
            "table_page_break", "table_aligned", "table_negative_growth"} <= forms
    assert res.recall >= 0.98, res.report()
    # a wrong value: a built row with a value that matches no gold row
    wrong = res.unmatched[res.unmatched["value"].notna()]
    assert wrong.empty, wrong[["doc", "label", "kind", "year", "value", "quote"]]


def test_a_5000_row_table_keeps_every_row():
    tables, rows = rows_of(_numbered_cells(5000))
    assert tables[0].n_rows == 5000 == tables[0].n_out and tables[0].n_no_value == 0
    assert [r["row_no"] for r in rows] == list(range(1, 5001))
    pipe = "| 序号 | 指标 | 2025年 |\n" + "".join(f"| {i} | 项目{i} | {i} |\n" for i in range(1, 5001))
    tables, rows = rows_of(pipe)
    assert tables[0].n_rows == 5000 and [r["value"] for r in rows] == list(range(1, 5001))
