"""Read a new document's metadata from its text layer (title, publisher, date, period, kind, script, level).

Pure functions over text: `cmp add` marks every field they fill as guessed until a person checks it. The words
they look for live in guess_vocab.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources

from .. import yamlio
from ..errors import CmpError

HEAD_LINES = 30
TAIL_LINES = 15
MAX_TITLE = 80
SCRIPT_SAMPLE = 20000
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE_RE = re.compile(
    r"((?:19|20)\d\d)\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))"
    r"|([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)
_VOCAB_KEYS = {"doc_kinds": dict, "periods": dict, "levels": dict, "publishers": list, "publisher_labels": list,
               "date_labels": list}


@lru_cache(maxsize=1)
def vocab() -> dict:
    """guess_vocab.yaml, checked: every key present with the expected type."""
    path = resources.files("cmp.ingest").joinpath("guess_vocab.yaml")
    data = yamlio.load_text(path.read_text("utf-8"), "guess_vocab.yaml")
    if not isinstance(data, dict):
        raise CmpError("expected a mapping", path=str(path))
    for key, kind in _VOCAB_KEYS.items():
        if not isinstance(data.get(key), kind):
            raise CmpError(f"key {key!r} must be a {kind.__name__}", path=str(path))
    return data


def _lines(text: str) -> list[str]:
    return [s.strip() for s in text.splitlines() if s.strip()]


def _kind_of(s: str) -> str:
    for kind, words in vocab()["doc_kinds"].items():
        if any(w in s for w in words):
            return kind
    return ""


def guess_title(text: str) -> str:
    """The first short line near the top that names a kind of document (规划, 工作要点 …), else the first line."""
    head = [s for s in _lines(text)[:HEAD_LINES] if "|" not in s]
    for s in head:
        if len(s) <= MAX_TITLE and _kind_of(s):
            return s
    return next((s for s in head if len(s) <= MAX_TITLE), "")


def guess_kind(title: str, text: str = "") -> str:
    """five_year_plan, annual_plan, work_report or statistical_bulletin from the title's words (else the text's)."""
    return _kind_of(title) or _kind_of(text[:2000])


def guess_period(title: str, kind: str, text: str = "") -> str:
    """'2021-2025' for a 十四五 plan or a printed span; the year ('2023') for an annual document."""
    annual = kind not in ("five_year_plan", "")
    for s in (title, text[:3000]):
        m = re.search(r"((?:19|20)\d\d)\s*[-—–~至到]+\s*((?:19|20)\d\d)\s*年", s)
        if m:
            return f"{m.group(1)}-{m.group(2)}"
        m = re.search(r"((?:19|20)\d\d)\s*年", s)
        if m and annual:
            return m.group(1)
        for name, span in vocab()["periods"].items():
            if name in s and not annual:
                return str(span)
    return ""


def _cn_number(s: str) -> int:
    if all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if s == "十":
        return 10
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def dates(line: str) -> list[str]:
    """Every valid date in a line as ISO YYYY-MM-DD (2021年12月30日, 2021-12-30, 二〇二一年十二月三十日)."""
    out = []
    for m in _DATE_RE.finditer(line):
        if m.group(6):
            y, mo, d = _cn_number(m.group(6)), _cn_number(m.group(7)), _cn_number(m.group(8))
        else:
            y = int(m.group(1))
            mo, d = int(m.group(2) or m.group(4)), int(m.group(3) or m.group(5))
        try:
            out.append(dt.date(y, mo, d).isoformat())
        except ValueError:
            continue
    return out


def guess_published(text: str) -> str:
    """A labelled date (发布日期 …) near the top or bottom, else the last date at the end (the signature), else the
    first date at the top."""
    lines = _lines(text)
    head, tail = lines[:HEAD_LINES], lines[-TAIL_LINES:]
    for s in head + tail:
        if any(w in s for w in vocab()["date_labels"]) and dates(s):
            return dates(s)[0]
    for s in reversed(tail):
        if dates(s) and len(s) <= 40:
            return dates(s)[-1]
    for s in head:
        if dates(s) and len(s) <= 40:
            return dates(s)[0]
    return ""


@lru_cache(maxsize=1)
def _publisher_re() -> re.Pattern:
    ends = "|".join(map(re.escape, sorted(vocab()["publishers"], key=len, reverse=True)))
    return re.compile(rf"[\u4e00-\u9fff()（）]{{2,24}}?(?:{ends})")


def guess_publisher(text: str) -> str:
    """The issuing body: a labelled one (来源：…) near the top or bottom, else a short line at either end naming one
    (…民政局, …人民政府)."""
    lines = _lines(text)
    near = lines[:HEAD_LINES] + lines[-TAIL_LINES:]
    labels = vocab()["publisher_labels"]
    for s in near:
        for label in labels:
            k = s.find(label)
            if k >= 0:
                m = _publisher_re().search(s, k + len(label))
                if m:
                    return m.group(0).strip("()（）")
    for s in lines[-TAIL_LINES:][::-1] + lines[:HEAD_LINES]:
        if len(s) <= 40 and not _kind_of(s):
            m = _publisher_re().search(s)
            if m:
                return m.group(0)
    return ""


def guess_name(title: str, publisher: str = "") -> str:
    """The jurisdiction's Chinese name at the start of the title (青川市…), else of the publisher."""
    suffixes = "|".join(map(re.escape, sorted(vocab()["levels"], key=len, reverse=True)))
    for s in (title, publisher):
        s = s.lstrip("《\"“ ")
        m = re.match(rf"[\u4e00-\u9fff]{{1,10}}?(?:{suffixes})", s)
        if m:
            return m.group(0)
    return ""


def guess_level(name: str) -> str:
    """Level of government from the name's ending (省 province, 市 prefecture-level city, 区 district …)."""
    for suffix in sorted(vocab()["levels"], key=len, reverse=True):
        if name.endswith(suffix):
            return str(vocab()["levels"][suffix])
    return ""


def guess_script(text: str) -> str:
    """'traditional' or 'simplified', by which script's own characters are more common (OpenCC t2s and s2t)."""
    from .normalize import to_simplified

    sample = "".join(_CJK.findall(text))[:SCRIPT_SAMPLE]
    if not sample:
        return ""
    simplified = to_simplified(sample)
    n_trad = sum(a != b for a, b in zip(sample, simplified, strict=False))
    traditional = _to_traditional(sample)
    n_simp = sum(a != b for a, b in zip(sample, traditional, strict=False))
    return "traditional" if n_trad > n_simp else "simplified"


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _to_traditional(text: str) -> str:
    return _s2t().convert(text)


def _as_printed(found: str, simplified: str, text: str) -> str:
    """`found` (read from the Simplified text) as the document prints it, when the conversion kept positions."""
    k = simplified.find(found) if found else -1
    if k < 0 or len(simplified) != len(text):
        return found
    return text[k:k + len(found)]


def guess_fields(text: str) -> dict[str, str]:
    """Every field readable from a text layer ('' where nothing was found); words are matched on the Simplified
    text, names are returned as printed."""
    from .normalize import to_simplified

    simp = to_simplified(text)
    title = guess_title(simp)
    kind = guess_kind(title, simp)
    publisher = guess_publisher(simp)
    name = guess_name(title, publisher)
    return {
        "title": _as_printed(title, simp, text),
        "publisher": _as_printed(publisher, simp, text),
        "published": guess_published(simp),
        "doc_kind": kind,
        "period": guess_period(title, kind, simp),
        "script": guess_script(text),
        "name_zh": _as_printed(name, simp, text),
        "level": guess_level(name),
    }
