"""The accuracy harness: scoring rules on made-up rows, the gold format, and the levels the project keeps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cmp.build import build_table
from cmp.cli import main
from cmp.errors import CmpError
from cmp.model.evaluate import GOLD_COLUMNS, read_gold, score

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
CORPUS_GOLD = ROOT / "tests" / "gold" / "corpus.csv"
RAW = ROOT / "data" / "raw"


def gold(**kw) -> dict:
    row = {"doc": "a.txt", "form": "f", "label": "x", "kind": "target", "year": "2025", "value": 55.0, "unit": "%",
           "comparator": "=", "quote": "55%", "low": None, "high": None}
    return {**row, **kw}


def built(**kw) -> dict:
    row = {"doc": "a.txt", "method": "prose", "value": 55.0, "value_low": None, "value_high": None,
           "kind": "target", "year": 2025, "quote": "55%", "context": "占比达到55%。", "unit": "%",
           "comparator": "=", "label": "x", "line": 1}
    return {**row, **kw}


def run(g: list[dict], b: list[dict], **kw):
    return score(pd.DataFrame(b), pd.DataFrame(g), **kw)


def test_match_needs_value_kind_year_and_quote():
    assert run([gold()], [built()]).n_matched == 1
    assert run([gold()], [built(value=55.0 * (1 + 1e-12))]).n_matched == 1  # relative tolerance 1e-9
    for change in ({"value": 55.1}, {"kind": "actual"}, {"year": 2024}, {"context": "占比达到60%。", "quote": "60%"},
                   {"doc": "b.txt"}):
        assert run([gold()], [built(**change)]).n_matched == 0, change


def test_quote_inside_context_is_enough():
    r = run([gold(quote="达到55%")], [built()])
    assert r.n_matched == 1 and r.recall == 1.0


def test_ranges_compare_both_bounds():
    g = gold(value=None, low=1.0, high=2.0, quote="1-2名")
    b = built(value=None, value_low=1.0, value_high=2.0, quote="1-2名", context="配备1-2名")
    assert run([g], [b]).n_matched == 1
    assert run([g], [{**b, "value_high": 3.0}]).n_matched == 0


def test_one_built_row_matches_one_gold_row_and_precision_counts_the_rest():
    r = run([gold(), gold()], [built(), built(value=9.0, quote="9个")])
    assert (r.n_matched, r.recall, r.precision) == (1, 0.5, 0.5)
    assert len(r.misses) == 1 and r.unmatched["value"].tolist() == [9.0]


def test_derived_rows_and_other_documents_are_not_counted():
    r = run([gold()], [built(), built(method="derived", value=1.0), built(doc="other.txt", value=2.0)])
    assert (r.n_built, r.precision) == (1, 1.0)


def test_sample_precision_counts_only_covered_passages():
    b = [built(), built(value=3.0, quote="3个", context="另一句话3个。")]
    assert run([gold()], b).precision == 0.5
    assert run([gold()], b, sample=True).precision == 1.0


def test_by_document_and_by_form():
    r = run([gold(form="a"), gold(form="b", value=9.0, quote="9个")], [built()])
    assert r.by_form.set_index("form")["recall"].to_dict() == {"a": 1.0, "b": 0.0}
    assert r.by_doc.iloc[0][["gold", "built", "matched"]].tolist() == [2, 1, 1]
    assert "recall 0.500" in r.report()


def test_read_gold_checks_the_format(tmp_path):
    head = ",".join(GOLD_COLUMNS)
    ok = tmp_path / "ok.csv"
    ok.write_text(f"{head}\na.txt,range,x,target,2025,1~2,人,,1-2名\n", encoding="utf-8")
    g = read_gold(ok)
    assert (g.loc[0, "low"], g.loc[0, "high"]) == (1.0, 2.0) and pd.isna(g.loc[0, "value"])
    for body, message in [("a.txt,f,x,goal,2025,1,%,=,1%", "kind"), ("a.txt,f,x,target,25,1,%,=,1%", "year"),
                          ("a.txt,f,x,target,2025,abc,%,=,1%", "not a number"),
                          ("a.txt,f,x,target,2025,3~2,%,,1%", "low > high"),
                          ("a.txt,f,x,target,2025,1,%,=,", "empty quote")]:
        bad = tmp_path / "bad.csv"
        bad.write_text(f"{head}\n{body}\n", encoding="utf-8")
        with pytest.raises(CmpError, match=message):
            read_gold(bad)
    bad.write_text("doc,value\na.txt,1\n", encoding="utf-8")
    with pytest.raises(CmpError, match="header"):
        read_gold(bad)


@pytest.fixture(scope="module")
def fixtures_built() -> pd.DataFrame:
    return build_table(LAYOUTS)[0]


def test_fixture_documents_cover_the_forms():
    g = read_gold(LAYOUTS / "gold")
    prose = g[~g["form"].str.startswith("table_")]
    assert len(prose) >= 300 and prose["doc"].nunique() >= 12
    assert {"raise_from_to", "respectively", "shared_value", "chinese_numeral", "range", "growth", "measure_word",
            "points_back", "line_list", "paren_comparator", "norm", "consecutive_count", "count_list",
            "date_garbled"} <= set(prose["form"])


def test_fixture_prose_recall_and_precision(fixtures_built):
    g = read_gold(LAYOUTS / "gold")
    g = g[~g["form"].str.startswith("table_")]
    r = score(fixtures_built[fixtures_built["method"] == "prose"], g)
    assert r.recall >= 0.95 and r.precision >= 0.95, r.report()


def test_fixture_exclusions_give_no_rows(fixtures_built):
    rows = fixtures_built[fixtures_built["doc"] == "p09_qingshui_plan_exclusions.txt"]
    assert not rows["quote"].isin(["0539", "126号", "3楼", "225号", "15号", "0.8平方米以下", "70周岁"]).any()
    assert not (rows["value"] == 1997).any()


def test_corpus_gold_sample_does_not_fall():
    """Hand-checked running-text figures of the five corpus documents (tests/gold/corpus.csv); measured 0.94 / 0.97."""
    b = build_table(RAW)[0]
    r = score(b[b["method"] == "prose"], read_gold(CORPUS_GOLD), sample=True)
    assert r.n_gold >= 90
    assert r.recall >= 0.93 and r.precision >= 0.96, r.report()
    headline = read_gold(CORPUS_GOLD)
    assert headline["label"].str.contains("护理型").sum() >= 4 and headline["label"].str.contains("低保").sum() >= 10


def test_cli_eval_prints_totals(capsys):
    assert main(["eval", "--gold", str(LAYOUTS / "gold" / "p01_qingchuan_plan.csv"), "--raw-dir", str(LAYOUTS)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("total: recall") and "by document:" in out and "by form:" in out


def test_cli_eval_refuses_unknown_documents(tmp_path, capsys):
    g = tmp_path / "g.csv"
    g.write_text(",".join(GOLD_COLUMNS) + "\nnot_there.txt,f,x,target,2025,1,%,=,1%\n", encoding="utf-8")
    assert main(["eval", "--gold", str(g), "--raw-dir", str(LAYOUTS)]) == 2
    assert "not_there.txt" in capsys.readouterr().err


HELDOUT = ROOT / "tests" / "fixtures" / "heldout"


def test_heldout_documents_do_not_fall():
    """Documents written without tuning the reader on them (tests/fixtures/heldout/README.md records each set's
    first score); the levels reached since must hold, and no table cell may give a wrong value."""
    b = build_table(HELDOUT)[0]
    g = read_gold(HELDOUT / "gold")
    assert len(g) >= 35617 and g["doc"].nunique() == 638
    r = score(b[b["method"] != "derived"], g)
    # (sets ba-db joined after the rules drawn from them: the folder read 0.934 / 0.939, tables 0.937 / 0.949, when
    # cy-db did; 0.938 / 0.939, tables 0.947 / 0.951, after the rules drawn from the pending sets dc-dl on 2026-12-04;
    # README.md records each set's first score)
    assert r.recall >= 0.935 and r.precision >= 0.935, r.report()  # (dash cells kept without a value count)
    tables = score(b[b["method"] == "table"], g[g["form"].str.startswith("table_")])
    assert tables.recall >= 0.942, tables.report()
    # (every table row with a number matches a gold row: s06's 75② is of June 2023 by its note, and read so)
    wrong = tables.unmatched[tables.unmatched["value"].notna() | tables.unmatched["value_low"].notna()]
    assert wrong.empty, wrong[["doc", "label", "kind", "year", "value", "quote"]]
