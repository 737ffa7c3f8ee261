"""The notebooks run under papermill (defaults and a second parameter set) through `cmp report`, on a small table.

One batch of briefings is rendered once for the module (two at a time, as separate processes): every notebook
twice, and one with a bad parameter (other bad parameters are checked without a kernel in test_briefings.py).
Reports and figures go to tmp_path, never to reports/ or figures/.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re

import nbformat
import papermill
import pytest
import yaml

from cmp.present import briefings

from .conftest import ROOT
from .test_briefings import SCRIPT, write_tidy

NOTEBOOKS = ROOT / "notebooks"
GOOD = {
    # name: (notebook, parameters besides tidy_dir); the first of each notebook keeps its defaults
    "overview-default": ("overview.ipynb", {}),
    "overview-zh": ("overview.ipynb", {"lang": "zh"}),
    "compare-default": ("compare.ipynb", {}),
    "compare-second": ("compare.ipynb", {
        "indicators": ["elderly_care.nursing_bed_share", "community.service_facility_area_per_100_households"],
        "jurisdictions": ["xincheng", "tongzhou", "wuhan"], "lang": "zh"}),
    "profile-default": ("profile.ipynb", {}),
    "profile-second": ("profile.ipynb", {"jurisdiction": "wuhan", "lang": "zh"}),
    "quality-default": ("quality.ipynb", {}),
    "quality-zh": ("quality.ipynb", {"lang": "zh"}),
}
BAD = {
    "compare-bad-indicator": ("compare.ipynb", {"indicators": ["elderly_care.nursing_bed_shares"]}),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("briefings")
    tidy = write_tidy(base / "tidy")
    params = base / "params"
    params.mkdir()
    for name, (nb, p) in {**GOOD, **BAD}.items():
        doc = {"title": name, "notebook": nb, "output": name, "parameters": {**p, "tidy_dir": str(tidy)}}
        (params / f"{name}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    out, figures = base / "reports", base / "figures"
    stdout, stderr = io.StringIO(), io.StringIO()
    before = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"  # as on CI: plt.show() would then draw nothing; the charts must still appear
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = briefings.run_reports([], params_dir=params, out_dir=out, jobs=2, figures_dir=figures, timeout=300)
    finally:
        if before is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = before
    return {"code": code, "out": out, "figures": figures, "stdout": stdout.getvalue(), "stderr": stderr.getvalue(),
            "params": params}


def html(batch, name: str) -> str:
    return (batch["out"] / f"{name}.html").read_text("utf-8")


# ---------------------------------------------------------------- the notebooks as files


@pytest.mark.parametrize("name", ["overview", "compare", "profile", "quality"])
def test_notebook_is_committed_clean_with_documented_parameters(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "commit notebooks without outputs"
    assert code[0].metadata.get("tags") == ["parameters"]
    assert code[1].metadata.get("tags") == ["validate"] and "views.validate_params(" in code[1].source
    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {"lang", "tidy_dir", "figures_dir"} <= set(declared)
    for param in declared.values():
        assert param["help"], f"{param['name']} needs a trailing comment (papermill --help-notebook shows it)"
    # no data logic in the notebooks: they call the library
    for c in code:
        assert "read_csv" not in c.source and "import pandas" not in c.source


# ---------------------------------------------------------------- the batch run


def test_report_run_keeps_going_and_fails_overall(batch):
    assert batch["code"] == 1
    for name in GOOD:
        assert (batch["out"] / f"{name}.html").is_file(), batch["stderr"]
        assert (batch["out"] / f"{name}.ipynb").is_file()
    for name in BAD:
        assert not (batch["out"] / f"{name}.html").exists()
        assert (batch["out"] / f"{name}.failed.ipynb").is_file()
    assert re.search(r"\[9/9\]", batch["stdout"]) and "8 of 9 briefing(s) rendered" in batch["stdout"]
    assert not list(batch["out"].glob(".*"))  # no temporary files left behind


def test_bad_parameter_stops_in_the_validation_cell_with_the_choices(batch):
    err = batch["stderr"]
    line = next(x for x in err.splitlines() if x.strip().startswith("compare-bad-indicator:"))
    assert "[validate]" in line and "CmpError" in line
    assert "did you mean 'elderly_care.nursing_bed_share'" in line and "elderly_care.beds_per_1000_elderly" in line
    nb = nbformat.read(batch["out"] / "compare-bad-indicator.failed.ipynb", as_version=4)
    failed = [c for c in nb.cells if c.cell_type == "code" and any(o.get("output_type") == "error"
                                                                    for o in c.get("outputs", []))]
    assert len(failed) == 1 and failed[0].metadata.get("tags") == ["validate"]


@pytest.mark.parametrize("name", list(GOOD))
def test_html_is_offline_has_no_code_and_embeds_charts(batch, name):
    from cmp.present.html import outside_refs

    page = html(batch, name)
    assert outside_refs(page) == []  # real src/href/url() in the parsed markup
    assert "<script" not in page.lower()
    lang = GOOD[name][1].get("lang", "en")
    assert f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">' in page
    assert len(page.encode("utf-8")) <= 600_000, "page weight, font included"
    assert "@font-face" in page and "jp-Notebook" not in page
    for code in ("validate_params", "import ", "plots.show", "tidy_dir ="):
        assert code not in page, f"code leaked into the HTML: {code}"
    for marker in ("hl-ipython3", 'class="jp-InputPrompt', 'class="jp-InputArea-editor'):
        assert marker not in page
    assert '<svg role="img" aria-labelledby=' in page  # charts inline, with alt text as <title>
    assert "Traceback" not in page
    assert 'class="cmp-record"' in page and "sha256" in page  # the run record ends the page


def test_document_text_is_shown_as_text(batch):
    page = html(batch, "compare-default")
    assert SCRIPT.replace("<", "&lt;").replace(">", "&gt;").split('"')[0] in page  # &lt;script&gt;alert(


def test_compare_report_shows_table_caveats_and_no_data_note(batch):
    page = html(batch, "compare-default")
    assert "Where each number comes from" in page and "<mark>" in page  # the evidence table
    assert 'href="#ev-elderly_care-nursing_bed_share-1"' in page and 'id="ev-elderly_care-nursing_bed_share-1"' in page
    assert "floor (≥), not a point target" in page  # a material caveat in the chart's Note
    assert 'download="data__elderly_care.nursing_bed_share__all__en.csv"' in page
    assert "Indicator definitions" in page and 'class="cmp-wide"' in page
    second = html(batch, "compare-second")
    assert "所选文件均未给出" in second  # the indicator nobody reports is said, not failed on
    assert second.count('<svg role="img"') == 1
    assert "指标解释" in second and "注：" in second and "资料来源：" in second
    assert not re.search(r"\b(floor|derived|draft|previous plan)\b", second.split("指标解释")[0].split("<svg")[1]
                         .split("</svg>")[0])  # no English caveat words in the zh chart
    figs = sorted(p.name for p in batch["figures"].glob("compare__*.png"))
    assert "compare__elderly_care.nursing_bed_share__all__en.png" in figs
    assert "compare__elderly_care.nursing_bed_share__tongzhou-xincheng-wuhan__zh.png" not in figs
    assert "compare__elderly_care.nursing_bed_share__wuhan-tongzhou-xincheng__zh.png" in figs
    assert (batch["figures"] / "compare__elderly_care.nursing_bed_share__all__en.svg").is_file()
    assert not (ROOT / "figures" / "compare__elderly_care.nursing_bed_share__wuhan-tongzhou-xincheng__zh.png"
                ).exists()


def test_profile_overview_and_quality_content(batch):
    prof = html(batch, "profile-second")
    assert "基期至目标的年均变化" in prof and "武汉市" in prof and "养老服务" in prof
    over = html(batch, "overview-default")
    assert "Chifeng" in over and "Xincheng District (Hohhot)" in over and "conflict" in over
    qual = html(batch, "quality-default")
    assert "神秘指标甲" in qual  # the unmapped label
    assert qual.count("disagree") >= 1  # the conflict glossary entry


@pytest.mark.parametrize("name", ["compare", "profile"])
def test_papermill_directly_refuses_an_undeclared_parameter(tmp_path, name):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as err:
        papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(tmp_path / "out.ipynb"),
                                   parameters={"langg": "zh"}, kernel_name="python3", progress_bar=False,
                                   cwd=str(NOTEBOOKS), execution_timeout=300)
    assert "unknown parameter(s) langg" in str(err.value.evalue)


def test_executed_notebook_records_parameters(batch):
    nb = nbformat.read(batch["out"] / "compare-second.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"]["lang"] == "zh"
    assert json.dumps(nb.metadata["papermill"]["parameters"]["jurisdictions"]) == '["xincheng", "tongzhou", "wuhan"]'


def test_outer_timeout_stops_a_briefing(batch, tmp_path):
    params = batch["params"].parent / "params-slow"  # beside the batch's tidy table: a params file names folders
    params.mkdir()                                    # inside the project or the folder that holds its params/
    (params / "slow.yaml").write_text((batch["params"] / "overview-default.yaml").read_text("utf-8"), "utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = briefings.run_reports(["slow"], params_dir=params, out_dir=tmp_path / "out", jobs=1, timeout=1,
                                  figures_dir=tmp_path / "fig")
    assert code == 1
    assert "slow: timed out after 1 s" in err.getvalue()
    assert not (tmp_path / "out" / "overview-default.html").exists()


def test_the_run_writes_an_index_of_the_pages_it_has(batch):
    index = (batch["out"] / "index.html").read_text("utf-8")
    rendered = sorted(p.name for p in batch["out"].glob("*.html") if p.name != "index.html")
    assert rendered and all(f'href="{name}"' in index for name in rendered)
    assert "compare-bad-indicator" not in index  # a briefing that failed has no page, so no entry
