"""HTML pages: an executed notebook as one light, offline page, the index of briefings, and the offline check.

The page is our own: a small template and stylesheet (`lib/cmp/templates/cmp/`), the outputs of the code cells
(HTML, inline SVG) in order, and a subset of Noto Sans CJK SC embedded as WOFF2, so Chinese renders without any
system font. Nothing on the page is loaded from elsewhere; `check_offline` parses the markup to prove it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from ..errors import CmpError
from .fonts import font_face_css

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "cmp"
URL_ATTRS = {"src", "href", "xlink:href", "srcset", "poster", "data", "action", "formaction", "background",
             "cite", "longdesc", "manifest", "ping"}
_CSS_REF = re.compile(r"""url\(\s*["']?([^"')]*)|@import\s+(?:url\()?\s*["']?([^"';)\s]*)""", re.I)
_PROLOG = re.compile(r"^(?:\s*<[?!][^>]*>)+\s*")
OUTPUT_ORDER = ("text/html", "image/svg+xml", "image/png", "text/plain")


def _local(ref: str) -> bool:
    ref = ref.strip()
    return not ref or ref.startswith(("data:", "#"))


class _Refs(HTMLParser):
    """Collects every URL the markup would load or link: attributes, srcset items, <style> and style= CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRS:
                items = [v.strip().split(" ")[0] for v in value.split(",")] if name == "srcset" else [value]
                self.refs += items
            elif name == "style":
                self._css(value)
            elif name == "http-equiv" and value.lower() == "refresh":
                self.refs.append("meta refresh")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data)

    def _css(self, text: str) -> None:
        self.refs += [a or b for a, b in _CSS_REF.findall(text)]


def outside_refs(page: str) -> list[str]:
    """The URLs in real markup (attributes and CSS) that point outside the page, sorted."""
    parser = _Refs()
    parser.feed(page)
    parser.close()
    return sorted({r for r in parser.refs if not _local(r)})


def check_offline(page: str) -> None:
    """Refuse HTML whose markup would load or link anything outside the page (escaped document text is fine)."""
    bad = outside_refs(page)
    if bad:
        raise CmpError(f"HTML would load from other hosts or files: {', '.join(bad[:5])}")


def _page_lang(nb) -> str:
    params = nb.get("metadata", {}).get("papermill", {}).get("parameters", {}) or {}
    lang = params.get("lang", "en")
    return "zh-Hans" if lang == "zh" else "en"


def _output_html(output) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        return "" if output.get("name") == "stderr" else f"<pre>{html.escape(''.join(output.get('text', '')))}</pre>"
    if kind == "error":
        return f"<pre>{html.escape(str(output.get('ename', '')))}: {html.escape(str(output.get('evalue', '')))}</pre>"
    data = output.get("data", {})
    for mime in OUTPUT_ORDER:
        if mime not in data:
            continue
        value = data[mime]
        value = "".join(value) if isinstance(value, list) else str(value)
        if mime == "text/html":
            return value
        if mime == "image/svg+xml":
            return f'<figure class="cmp-chart">{_PROLOG.sub("", value)}</figure>'
        if mime == "image/png":
            return f'<figure class="cmp-chart"><img alt="" src="data:image/png;base64,{value.strip()}"></figure>'
        return "" if kind == "execute_result" else f"<pre>{html.escape(value)}</pre>"
    return ""


def notebook_body(nb) -> str:
    """The outputs of the notebook's code cells, in order (markdown and code are for notebook readers only)."""
    parts = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            parts += [_output_html(o) for o in cell.get("outputs", [])]
    return "\n".join(p for p in parts if p)


def _visible_text(markup: str) -> str:
    # every character of the markup after unescaping: tags and data URIs are ASCII, which the subset keeps anyway
    return html.unescape(re.sub(r"data:[^\"')\s]+", "", markup))


def page(title: str, body: str, lang: str = "en", description: str = "") -> str:
    """A complete page: our template and stylesheet, the CJK font subset to the page's characters, `body` as is."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False, keep_trailing_newline=True)
    template = env.get_template("page.html.j2")
    css = (TEMPLATES / "page.css").read_text(encoding="utf-8")
    text = _visible_text(title + description + body)
    out = template.render(lang=lang, title=html.escape(title), description=html.escape(description),
                          body=body, css=css, font_css=font_face_css(text))
    check_offline(out)
    return out


def render_html(nb, title: str) -> str:
    """An executed notebook as one self-contained HTML page in the notebook's language, no outside requests."""
    return page(title, notebook_body(nb), _page_lang(nb))


def index_page(entries: Iterable[dict]) -> str:
    """reports/index.html: every rendered briefing with its title and one line on what it shows."""
    items = []
    for e in entries:
        line = f' — {html.escape(e["description"])}' if e.get("description") else ""
        items.append(f'<li><a href="{html.escape(e["file"])}">{html.escape(e["title"])}</a>{line}</li>')
    body = '<ul class="cmp-index">' + "\n".join(items) + "</ul>"
    return _index_page(body)


def _index_page(body: str) -> str:
    # links to the sibling pages are relative file names: allowed on the index only, nothing is loaded from them
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False)
    css = (TEMPLATES / "page.css").read_text(encoding="utf-8")
    title = "Briefings · 简报"
    out = env.get_template("page.html.j2").render(lang="en", title=title, description="", body=body, css=css,
                                                  font_css=font_face_css(_visible_text(title + body)))
    bad = [r for r in outside_refs(out) if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.html", r)]
    if bad:
        raise CmpError(f"index would load from other hosts or files: {', '.join(bad[:5])}")
    return out


def write_index(out_dir: str | Path, params_dir: str | Path) -> Path:
    """Write `out_dir`/index.html listing the briefings of `params_dir` that have a page in `out_dir`."""
    from .. import yamlio
    from ..model.outputs import atomic_write

    out, params = Path(out_dir), Path(params_dir)
    entries = []
    for path in sorted([*params.glob("*.yaml"), *params.glob("*.yml")]):
        data = yamlio.load_file(path) or {}
        if not isinstance(data, dict):
            raise CmpError("expected a mapping with keys notebook, parameters, output", path=str(path))
        output = str(data.get("output") or path.stem)
        if (out / f"{output}.html").is_file():
            entries.append({"file": f"{output}.html", "title": str(data.get("title") or output),
                            "description": str(data.get("description") or "")})
    target = out / "index.html"
    atomic_write(target, index_page(entries))
    return target


def main(argv: list[str] | None = None) -> int:
    """`python -m cmp.present.html index [REPORTS] [PARAMS]`: (re)write reports/index.html."""
    import sys

    from .. import paths

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "index":
        print("usage: python -m cmp.present.html index [REPORTS_DIR] [PARAMS_DIR]", file=sys.stderr)
        return 2
    root = paths.project_root()
    out = Path(args[1]) if len(args) > 1 else root / "reports"
    params = Path(args[2]) if len(args) > 2 else root / "params"
    try:
        print(write_index(out, params))
    except CmpError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
