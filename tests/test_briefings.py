"""cmp.present (views, html, briefings): parameter checks, views, escaping, briefing files, runner errors."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cmp.errors import CmpError
from cmp.model.tidy import make_row_id, to_frame
from cmp.present import briefings, charts, html, plots, views

from .conftest import ROOT

SCRIPT = '<script>alert("x")</script>'
FILES = {
    "chifeng": "chifeng_14th_fyp_civil_affairs_draft.txt",
    "wuhan": "wuhan_14th_fyp_civil_affairs.txt",
    "tongzhou": "tongzhou_14th_fyp_civil_affairs.txt",
    "jining": "jining_14th_fyp_civil_affairs.txt",
    "xincheng": "xincheng_2023_civil_affairs_tasks.txt",
}


def row(j, indicator, kind, year, value, unit, *, label="护理型床位占比", comparator="=", method="table", flags="",
        quote=None, line=10, qualifier="", attribute="", low=None, high=None, text=None):
    """One synthetic tidy row (the quote is made up; these tests never check it against a raw file)."""
    shown = text if text is not None else ("——" if value is None else f"{value:g}{unit}")
    return {
        "row_id": make_row_id(j, method, indicator, kind, year, value, label, line),
        "jurisdiction": j, "doc": FILES[j], "method": method, "label": label, "indicator": indicator, "kind": kind,
        "year": year, "value": value, "unit": unit, "value_low": low, "value_high": high,
        "comparator": comparator if value is not None or low is not None else "", "value_raw": shown,
        "unit_raw": unit, "value_text": shown, "attribute": attribute, "qualifier": qualifier, "line": line,
        "start": 0, "end": len(quote or label), "quote": quote if quote is not None else f"{label}{shown}",
        "flags": flags,
    }


NURSE, BEDS = "elderly_care.nursing_bed_share", "elderly_care.beds_per_1000_elderly"
SW = "social_work.professionals_total"


def make_rows() -> list[dict]:
    """A small tidy table: two indicators across the five documents, a conflict, an unmapped label, a <script>."""
    return [
        row("chifeng", NURSE, "baseline", 2020, 40.0, "%", attribute="binding", line=30),
        row("chifeng", NURSE, "target", 2025, 55.0, "%", comparator=">=", attribute="binding", line=30),
        row("chifeng", BEDS, "target", 2025, 35.0, "张", label="每千名老年人拥有养老床位数", method="prose", line=88),
        row("chifeng", SW, "baseline", 2020, 1000.0, "人", label="社会工作专业人才总量", line=31),
        row("chifeng", SW, "target", 2025, 1610.51, "人", label="社会工作专业人才总量", line=31),
        row("wuhan", NURSE, "baseline", 2020, 54.0, "%", line=12),
        row("wuhan", NURSE, "target", 2025, 65.0, "%", line=12),
        row("wuhan", NURSE, "actual", 2020, 54.0, "%", flags="conflict", line=12),
        row("wuhan", NURSE, "actual", 2020, 50.0, "%", method="prose", flags="conflict;year_assumed", line=140),
        row("tongzhou", NURSE, "target", 2025, 60.0, "%", quote=f"{SCRIPT}护理型床位占比60%", line=7),
        row("tongzhou", "", "target", 2025, 3.0, "个", label="神秘指标甲", line=9),
        row("jining", BEDS, "baseline", 2020, 30.0, "张", label="每千名老年人拥有养老床位数", method="prose",
            line=20),
        row("xincheng", NURSE, "target", 2023, 60.0, "%", comparator=">=", method="prose",
            flags="duplicate_source;year_assumed", line=8),
        row("xincheng", BEDS, "target", 2023, None, "张", label="每千名老年人拥有养老床位数", method="prose",
            flags="no_value", line=9, text="显著提高"),
    ]


def write_tidy(folder: Path, rows: list[dict] | None = None) -> Path:
    """Write the synthetic table, prepared as the build prepares it, as indicators.csv in `folder`."""
    from cmp.build import prepare
    from cmp.present.plots import load_manifest

    folder.mkdir(parents=True, exist_ok=True)
    documents = {m["file"]: m for m in load_manifest()}
    prepare(to_frame(rows if rows is not None else make_rows()), documents, {}).to_csv(folder / "indicators.csv",
                                                                                      index=False)
    return folder


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    tidy = write_tidy(tmp_path_factory.mktemp("tidy"))
    return views.validate_params("overview", lang="en", tidy_dir=str(tidy), figures_dir="")


# ---------------------------------------------------------------- parameters


def test_validate_params_cleans_and_loads(ctx, tmp_path):
    assert ctx["lang"] == "en"
    assert [m["jurisdiction"] for m in ctx["manifest"]] == list(FILES)
    assert len(ctx["table"][ctx["table"]["method"] != "derived"]) == len(make_rows())
    assert set(ctx["prepared"]["indicator"]) >= {NURSE, BEDS}
    p = views.validate_params("compare", indicators=[NURSE], jurisdictions="all", lang="zh",
                               tidy_dir=ctx["tidy_dir"], figures_dir="")
    assert p["jurisdictions"] == list(FILES)
    p = views.validate_params("compare", indicators=NURSE, jurisdictions=["xincheng", "chifeng"], lang="en",
                               tidy_dir=ctx["tidy_dir"])
    assert p["indicators"] == [NURSE]
    assert p["jurisdictions"] == ["chifeng", "xincheng"]  # manifest order, whatever order was asked


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"indicators": ["elderly_care.nursing_bed_shar"]}, ["unknown indicator id", "did you mean", NURSE, BEDS]),
        ({"indicators": []}, ["non-empty list", NURSE]),
        ({"jurisdictions": ["wuhan", "hohhot"]}, ["'hohhot'", "chifeng, wuhan, tongzhou, jining, xincheng", "'all'"]),
        ({"jurisdictions": 3}, ["expected a list", "xincheng"]),
        ({"lang": "fr"}, ["lang is 'fr'", "en, zh"]),
    ],
)
def test_validate_params_names_the_valid_choices(ctx, params, expected):
    base = {"indicators": [NURSE], "jurisdictions": "all", "lang": "en", "tidy_dir": ctx["tidy_dir"]}
    with pytest.raises(CmpError) as err:
        views.validate_params("compare", **{**base, **params})
    for text in expected:
        assert text in str(err.value)


def test_validate_params_single_jurisdiction_and_missing_tidy_dir(ctx, tmp_path):
    with pytest.raises(CmpError, match="unknown jurisdiction id 'beijing'.*valid choices: chifeng"):
        views.validate_params("profile", jurisdiction="beijing", lang="en", tidy_dir=ctx["tidy_dir"])
    with pytest.raises(CmpError, match="expected one of: chifeng"):
        views.validate_params("profile", jurisdiction=["chifeng"], lang="en", tidy_dir=ctx["tidy_dir"])
    with pytest.raises(CmpError, match="not found"):
        views.validate_params("profile", jurisdiction="chifeng", tidy_dir=str(tmp_path / "nope"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CmpError, match="run `cmp build` first"):
        views.validate_params("quality", lang="en", tidy_dir=str(empty))


# ---------------------------------------------------------------- views


def test_annual_changes_per_year_growth_and_floor(ctx):
    ch = views.annual_changes(ctx["prepared"], "chifeng", ctx["codebook"], "en")
    # read from derive's rows (the one place annual change is computed), not recomputed by the page
    nurse = ch[ch["label"] == "护理型床位占比"].iloc[0]
    assert (nurse["baseline_year"], nurse["target_year"]) == ("2020", "2025")
    assert nurse["change_per_year"].startswith("≥3 ")  # (55 - 40) / 5 points a year, at least: a floor target
    assert nurse["target"] == "≥55"
    sw = ch[ch["label"] == "社会工作专业人才总量"].iloc[0]
    assert math.isclose(float(sw["change_per_year"].split()[0]), 10.0)  # 1000 -> 1610.51 in 5 years: 10 %/year
    # no baseline before the target: nothing implied
    assert views.annual_changes(ctx["prepared"], "tongzhou", ctx["codebook"], "en").empty


def test_coverage_matrix_and_table(ctx):
    cov = views.coverage_matrix(ctx["prepared"], ctx["codebook"], ctx["manifest"])
    nurse = cov.set_index("indicator").loc[NURSE]
    assert nurse["wuhan"] == "baseline;actual;target"
    assert nurse["jining"] == ""
    assert set(cov["indicator"]) >= {NURSE, BEDS, SW}
    assert "community.service_facility_area_per_100_households" not in set(cov["indicator"])
    assert "community.service_facility_area_per_100_households" in views.not_reported(ctx["prepared"],
                                                                                       ctx["codebook"])
    zh = views.coverage_table(cov, ctx["manifest"], "zh").set_index("indicator_id")
    assert zh.loc[NURSE, "武汉市"] == "基 实 目"
    assert zh.loc[NURSE, "domain"] == "养老服务"


def test_flag_counts_conflicts_and_unmapped(ctx):
    counts = views.flag_counts(ctx["prepared"], ctx["manifest"], total=True)
    assert list(counts.columns) == [*FILES, "total"]
    # the 2020 baseline 54 and the 2020 actuals 54 and 50 are one fact: every reading of it is disputed
    assert counts.loc["conflict", "wuhan"] == 3
    assert counts.loc["year_assumed", "total"] >= 2
    conf = views.conflicts(ctx["prepared"], ctx["manifest"], ctx["codebook"], "en")
    assert sorted(conf["value"]) == ["50", "54", "54"]
    assert set(conf["method"]) == {"table", "text"}
    un = views.unmapped_labels(ctx["prepared"], ctx["manifest"], "en")
    assert list(un["label"]) == ["神秘指标甲"]
    assert un.iloc[0]["lines"] == "9"
    assert views.flag_glossary(["conflict", "made_up"], "zh")["meaning"].tolist()[1] == ""


def test_profile_values_grouped_by_domain_with_unmapped_last(ctx):
    prof = views.profile_values(ctx["prepared"], "tongzhou", ctx["codebook"], "en")
    assert prof["domain"].tolist()[-1] == "(unmapped)"
    assert prof["domain"].tolist()[0] == "Elderly care"
    xin = views.profile_values(ctx["prepared"], "xincheng", ctx["codebook"], "zh")
    assert "显著提高" in xin["value"].tolist()  # a value without a number shows its printed text


def test_documents_frame_counts(ctx):
    docs = views.documents_frame(ctx["manifest"], ctx["prepared"], "en").set_index("jurisdiction")
    assert docs.loc["wuhan", "values"] == 4
    assert docs.loc["tongzhou", "unmapped"] == 1
    assert docs.loc["xincheng", "published"] == "2023-02-01"


def test_document_text_is_escaped_in_html(ctx):
    shown = pd.DataFrame([{"label": "<b>x</b>", "quote": SCRIPT, "value": "60", "unit": "%"}])
    page = views.table_html(shown, "en")
    assert "&lt;script&gt;" in page and "<script" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    assert "source quote" in page  # headers in the chosen language
    assert '<td class="num">60</td>' in page  # numbers right-aligned
    assert "原文" in views.table_html(shown, "zh")


def test_check_offline():
    html.check_offline('<img src="data:image/png;base64,AAA"><a href="#top">x</a>')
    for bad in ('<script src="https://cdn.example/x.js"></script>', '<link href="//cdn.example/a.css">',
                "<style>@import 'http://x/y.css';</style>", '<div style="background:url(http://x/y.png)">'):
        with pytest.raises(CmpError, match="other hosts"):
            html.check_offline(bad)


def test_offline_check_reads_markup_not_escaped_text():
    # a document quoting src= / href= / url( is text on the page, not a reference (issue 12)
    html.check_offline('<p>原文：&lt;img src="http://x/y.png"&gt; href=http://a url(http://b)</p>')
    html.check_offline("<p>src=http://x.example/a.js</p>")
    with pytest.raises(CmpError, match="other hosts"):
        html.check_offline('<svg><a xlink:href="http://x.example/">x</a></svg>')
    with pytest.raises(CmpError, match="other hosts"):
        html.check_offline('<img srcset="data:image/png;base64,AA 1x, http://x.example/b.png 2x">')


def test_page_is_light_lang_tagged_and_embeds_a_font_subset():
    from fontTools.ttLib import TTFont

    page = html.page("养老床位", "<p>护理型床位占比 54%</p>", "zh-Hans")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-Hans">' in page
    assert "jp-Notebook" not in page and len(page) < 60_000  # our stylesheet, not JupyterLab's 263 KB
    m = __import__("re").search(r"base64,([A-Za-z0-9+/=]+)\) format\(\"woff2\"\)", page)
    assert m, "an embedded WOFF2 @font-face"
    import base64
    import io

    font = TTFont(io.BytesIO(base64.b64decode(m.group(1))))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "养老床位护理型占比")
    assert ord("鬱") not in cmap  # a subset: only the page's characters (and ASCII)
    assert len(cmap) < 200


def test_evidence_highlights_the_value_escaped_and_shows_derived_inputs():
    from cmp.present import evidence

    assert evidence.highlighted("到2025年不低于55%<b>", "55%", 11) == "到2025年不低于<mark>55%</mark>&lt;b&gt;"
    assert evidence.highlighted("a 55 b 55", "55", 7) == "a 55 b <mark>55</mark>"  # the span, not the first hit
    assert evidence.highlighted("a 55", "55", 0) == "a <mark>55</mark>"  # wrong offset: found by search
    rows = pd.DataFrame([
        {"row_id": "b1", "jurisdiction": "wuhan", "kind": "actual", "year": 2020, "value": 680.0, "value_low": None,
         "value_high": None, "comparator": "=", "unit": "元", "method": "table", "context": "农村低保680元",
         "context_start": 0, "start": 4, "quote": "680", "locator": "line 3", "section": "", "line": 3,
         "doc": "w.txt", "table": "", "row_no": "", "label": ""},
        {"row_id": "b2", "jurisdiction": "wuhan", "kind": "actual", "year": 2020, "value": 830.0, "value_low": None,
         "value_high": None, "comparator": "=", "unit": "元", "method": "prose", "context": "城市低保830元",
         "context_start": 0, "start": 4, "quote": "830", "locator": "line 4", "section": "", "line": 4,
         "doc": "w.txt", "table": "", "row_no": "", "label": ""},
    ])
    derived = {"ref": 1, "row_id": "d1", "jurisdiction": "wuhan", "kind": "actual", "year": 2020, "value": 81.9,
               "value_low": None, "value_high": None, "comparator": "=", "unit": "%", "method": "derived",
               "derived_from": "b1;b2", "note": "680 / 830 × 100 = 81.9", "quote": "680", "context": "",
               "doc": "w.txt", "line": 3, "locator": "line 3", "role": "start", "group": "current"}
    data = charts.ChartData("social_assistance.dibao_rural_urban_ratio", points=pd.DataFrame([derived]))
    out = evidence.evidence_html(data, rows, plots.load_manifest(), "en", "ev-r")
    assert 'id="ev-r-1"' in out
    assert "农村低保<mark>680</mark>元" in out and "城市低保<mark>830</mark>元" in out  # every input
    assert "680 / 830 × 100 = 81.9" in out  # and the formula


def test_csv_download_and_yearbook_table():
    import base64

    from cmp.present import evidence

    m = {x["jurisdiction"]: x for x in plots.load_manifest()}
    frame = pd.DataFrame([
        {"jurisdiction": "wuhan", "indicator": NURSE, "kind": "baseline", "year": 2020, "value": 54.0,
         "value_low": None, "value_high": None, "comparator": "=", "method": "table", "qualifier": "",
         "preferred": True},
        {"jurisdiction": "wuhan", "indicator": NURSE, "kind": "target", "year": 2025, "value": 65.0,
         "value_low": None, "value_high": None, "comparator": ">=", "method": "derived", "qualifier": "",
         "preferred": True},
        {"jurisdiction": "wuhan", "indicator": NURSE, "kind": "target", "year": 2025, "value": 64.0,
         "value_low": None, "value_high": None, "comparator": "=", "method": "prose", "qualifier": "",
         "preferred": False},
        {"jurisdiction": "chifeng", "indicator": NURSE, "kind": "target", "year": 2025, "value": None,
         "value_low": 50.0, "value_high": 60.0, "comparator": "", "method": "table", "qualifier": "",
         "preferred": True},
    ])
    wide = evidence.wide(frame, NURSE, list(m.values()), "zh")
    assert list(wide.columns) == ["2020 基期值", "2025 目标值"]
    assert wide.loc["武汉市", "2025 目标值"] == "≥65†"  # preferred only, floor and derived marked
    assert wide.loc["赤峰市", "2025 目标值"] == "50–60" and wide.loc["赤峰市", "2020 基期值"] == "…"
    page = evidence.wide_html(wide, NURSE, "zh", views.load_codebook(), ["甲文件"])
    assert '<td class="num">≥65†</td>' in page and '<td class="na">…</td>' in page
    assert "注：" in page and "资料来源：甲文件" in page and "（占养老机构床位的比例(%)）" in page
    link = evidence.csv_link(frame.assign(ref=range(1, 5)), "data", "en")
    data = base64.b64decode(link.split("base64,")[1].split('"')[0]).decode("utf-8")
    assert data.startswith("\ufeffref,jurisdiction,indicator") and "64.0" in data


def test_run_record_names_version_commit_parameters_and_checksum(ctx):
    from datetime import UTC, datetime

    from cmp import __version__
    from cmp.present import evidence

    rec = evidence.run_record_html("Beds", {"lang": "en", "tidy_dir": ctx["tidy_dir"]}, ctx["tidy_dir"], "en",
                                   now=datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    sha = evidence.file_sha256(Path(ctx["tidy_dir"]) / "indicators.csv")
    assert "2026-01-02 03:04 UTC" in rec and __version__ in rec and sha in rec
    assert "lang=&#x27;en&#x27;" in rec and "Cite as" in rec


def test_undeclared_notebook_parameters_are_refused():
    views.refuse_undeclared({"lang", "_i3", "In"}, {"lang", "In"})
    with pytest.raises(CmpError, match="unknown parameter.*langg.*takes: lang"):
        views.refuse_undeclared({"lang", "langg"}, {"lang"})


# ---------------------------------------------------------------- briefing files


def test_every_briefing_in_params_is_valid(ctx):
    names = briefings.list_briefings(ROOT / "params")
    required = {"overview", "data-quality"} | {f"profile-{j}" for j in FILES}
    assert required <= set(names)
    wanted = {NURSE, BEDS, "social_assistance.dibao_rural_urban_ratio", "social_assistance.dibao_urban_standard",
              "social_assistance.dibao_rural_standard", SW, "social_work.professionals_per_1000_residents",
              "community.service_facility_area_per_100_households"}
    seen, outputs = set(), set()
    for name in names:
        b = briefings.load_briefing(ROOT / "params" / f"{name}.yaml")
        assert b.output not in outputs
        outputs.add(b.output)
        p = b.parameters
        if "indicators" in p:
            seen |= set(views.check_indicators(p["indicators"], ctx["codebook"]))
        if "jurisdictions" in p:
            views.check_jurisdictions(p["jurisdictions"], ctx["manifest"])
        if "jurisdiction" in p:
            views.check_jurisdictions(p["jurisdiction"], ctx["manifest"], many=False)
        if "lang" in p:
            views.check_lang(p["lang"])
        assert "tidy_dir" not in p and "figures_dir" not in p  # briefings use the project's folders
    assert wanted <= seen


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"notebook": "compare.ipynb", "parameters": {"indicator": [NURSE]}}, "unknown parameter(s) indicator"),
        ({"notebook": "nope.ipynb", "parameters": {}}, "notebook 'nope.ipynb' not found"),
        ({"notebook": "compare.ipynb", "params": {}}, "unknown key(s) params"),
        ({"parameters": {}}, "key 'notebook' missing"),
        ({"notebook": "overview.ipynb", "output": "../x"}, "output name"),
    ],
)
def test_bad_briefing_files_are_refused(tmp_path, content, message):
    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump(content), "utf-8")
    with pytest.raises(CmpError) as err:
        briefings.load_briefing(path)
    assert message in str(err.value)


def test_unknown_briefing_name_lists_valid_names(tmp_path):
    (tmp_path / "one.yaml").write_text("notebook: overview.ipynb\n", "utf-8")
    (tmp_path / "two.yaml").write_text("notebook: overview.ipynb\n", "utf-8")
    with pytest.raises(CmpError, match="unknown briefing.*thre.*valid names: one, two"):
        briefings.run_reports(["one", "thre"], params_dir=tmp_path, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_cli_report_unknown_name_exits_2(tmp_path, capsys):
    from cmp.cli import main

    (tmp_path / "one.yaml").write_text("notebook: overview.ipynb\n", "utf-8")
    assert main(["report", "nope", "--params-dir", str(tmp_path), "--out-dir", str(tmp_path / "o")]) == 2
    assert "valid names: one" in capsys.readouterr().err


def test_evidence_shows_the_sentence_not_the_paragraph():
    from cmp.present import evidence

    text = "十三五期间成绩显著。" * 3 + "到2025年，护理型床位占比达到55%以上。" + "其他工作。" * 40
    out = evidence.highlighted(text, "55%", text.index("55%"))
    assert out == "…到2025年，护理型床位占比达到<mark>55%</mark>以上。…"
    long = "甲" * 300 + "55%" + "乙" * 300
    shown = evidence.highlighted(long, "55%", 300)
    assert "<mark>55%</mark>" in shown and len(shown) <= evidence.SENTENCE_MAX + 20


def test_evidence_of_a_table_cell_names_its_table_and_row_without_nan():
    from cmp.present import evidence

    cell = {"method": "table", "table": "T1", "row_no": 3.0, "label": "护理型床位占比", "context": "55 |",
            "context_start": 10, "start": 10, "quote": "55"}
    assert evidence._sentence(cell) == "T1 3 · 护理型床位占比 | <mark>55</mark> |"
    cell.update(table=float("nan"), row_no=float("nan"))
    assert evidence._sentence(cell) == "护理型床位占比 | <mark>55</mark> |"


def test_index_lists_rendered_briefings_with_title_and_line(tmp_path):
    params, out = tmp_path / "params", tmp_path / "reports"
    params.mkdir()
    out.mkdir()
    for name, title in (("a", "Beds <b>"), ("b", "床位")):
        (params / f"{name}.yaml").write_text(yaml.safe_dump({"title": title, "description": f"line {name}",
                                                             "notebook": "overview.ipynb"}, allow_unicode=True))
    (out / "a.html").write_text("<html></html>", encoding="utf-8")  # b is not rendered: not listed
    page = html.write_index(out, params).read_text("utf-8")
    assert '<a href="a.html">Beds &lt;b&gt;</a> — line a' in page
    assert "b.html" not in page and "床位" not in page
