"""The CJK font: Noto Sans CJK SC from the mplfonts wheel (OFL), for charts and as a subset embedded in pages.

Nothing happens at import: charts register the font inside `plots.style()`, pages call `woff2_subset(text)`.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
from functools import lru_cache
from pathlib import Path

from ..errors import CmpError

FONT_NAME = "Noto Sans CJK SC"
FONT_FILE = "NotoSansCJKsc-Regular.otf"  # never SimHei.ttf: the wheel ships it without a licence


def font_file() -> Path:
    """The Noto Sans CJK SC file inside the installed mplfonts package (a clear error when it is missing)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise CmpError("the mplfonts package is not installed; it ships the CJK font the charts and pages need")
    path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / FONT_FILE
    if not path.is_file():
        raise CmpError("Noto Sans CJK SC font file not found; reinstall mplfonts", path=str(path))
    return path


def page_characters(text: str) -> str:
    """The characters a subset must cover: those of `text` plus ASCII, sorted (so the subset is deterministic)."""
    chars = {c for c in text if c.isprintable() and c not in "\t\r\n"}
    chars |= {chr(i) for i in range(0x20, 0x7F)}
    return "".join(sorted(chars))


@lru_cache(maxsize=8)
def _subset_bytes(chars: str) -> bytes:
    from fontTools import subset

    opts = subset.Options()
    opts.flavor = "woff2"  # needs the brotli package
    opts.layout_features = []  # horizontal text only: no GSUB closure (the slowest part of subsetting)
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and OFL licence records
    opts.name_legacy = True
    opts.hinting = False
    opts.desubroutinize = True
    font = subset.load_font(str(font_file()), opts, lazy=True)
    sub = subset.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    buf = io.BytesIO()
    subset.save_font(font, buf, opts)
    return buf.getvalue()


def woff2_subset(text: str) -> bytes:
    """Noto Sans CJK SC cut down to the characters of `text` (plus ASCII), as WOFF2 bytes."""
    try:
        return _subset_bytes(page_characters(text))
    except ImportError as exc:
        raise CmpError(f"subsetting the page font needs fonttools and brotli: {exc}") from None


def font_face_css(text: str, family: str = FONT_NAME) -> str:
    """An @font-face rule embedding the subset for `text` as a data URI (no request leaves the page)."""
    data = woff2_subset(text)
    b64 = base64.b64encode(data).decode("ascii")
    tag = hashlib.sha256(data).hexdigest()[:12]
    return (f'@font-face{{font-family:"{family}";font-style:normal;font-weight:400;font-display:block;'
            f'src:url(data:font/woff2;base64,{b64}) format("woff2");}}/* subset {tag} */')
