"""HTML pages: an executed notebook as one offline page, and the check that it loads nothing from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import CmpError

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "cmp"


def check_offline(page: str) -> None:
    """Refuse HTML that would load anything from another host (src/href/url()/@import not data: or #anchor)."""
    refs = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", page, flags=re.I)
    refs += re.findall(r"""url\(\s*["']?([^"')]*)""", page, flags=re.I)
    refs += re.findall(r"""@import\s+["']?([^"';\s]*)""", page, flags=re.I)
    bad = sorted({r for r in refs if r and not r.startswith(("data:", "#"))})
    if bad:
        raise CmpError(f"HTML would load from other hosts or files: {', '.join(bad[:5])}")


def render_html(nb, title: str) -> str:
    """An executed notebook as one self-contained HTML page: code and prompts hidden, no outside requests."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = title
    # code cells without output (parameters, injected parameters, validation) would leave empty boxes
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    page, _ = exporter.from_notebook_node(nb)
    check_offline(page)
    return page


