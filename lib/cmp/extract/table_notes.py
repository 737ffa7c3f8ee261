"""What the lines beside a table say of its columns and rows: years and kinds a note prints for bare years
(基期值为2020年, 2022年为计划数), units a note lists (单位：万人、元) and whom each is for, a caption that calls the
figures targets or a budget, the year a caption gives. Pure functions over the note lines' text and the columns.
"""

from __future__ import annotations

import re

from .numbers import canonical_unit, unit_from_label
from .structure import plan_years
from .table_kinds import assign_kinds
from .table_layouts import Column, ParsedRow, header_role, longest_first, squash
from .table_layouts import vocab as table_vocab

_PROSE_PUNCT = re.compile(r"[。;!?]|,.*,")


def years_from_notes(columns: list[Column], notes: list[str]) -> None:
    """A value column named by its kind alone (基期值, 目标值) takes the year a note beside the table gives that
    kind (基期值为2020年数据, 目标值为2025年): the year is printed, so it is not assumed."""
    text = "".join(notes)
    if "年" not in text:
        return
    for c in columns:
        if c.role != "value" or c.year is not None or not c.kind:
            continue
        for word in longest_first(table_vocab()["value_words"].get(c.kind, [])):
            m = re.search(rf"{re.escape(word)}(?:均)?(?:为|是|指|系)(?P<y>(?:19|20)\d\d)年", text)
            if m and word in squash(c.header):
                c.year = int(m.group("y"))
                c.year_role_inferred = False
                break


# years a note names (2022年, 2021年、2022年, 2022-2025年), then 为 and what their columns hold, up to a stop
_NOTE_YEAR = r"(?:19|20)\d\d(?:年?\s*[-—–~至到]\s*(?:19|20)\d\d)?年?"
_NOTE_YEARS_RE = re.compile(rf"(?P<years>{_NOTE_YEAR}(?:[、,，和及与]{_NOTE_YEAR})*)"
                            r"(?:的)?(?:数据|数值)?(?:均)?(?:为|是|系)(?P<what>[^，,。；;、)）\s]{1,8})(?![^，,。；;、)）\s])")
_YEAR_SPAN_RE = re.compile(r"((?:19|20)\d\d)(?:年?\s*[-—–~至到]\s*((?:19|20)\d\d))?")


def kinds_from_notes(columns: list[Column], notes: list[str], period: str = "") -> None:
    """A bare year's column takes the kind a note beside the table gives it (说明：2022年为计划数, 2022-2025年为
    规划值): its kind is printed, so it is not inferred. A plan's base year stays its baseline when the note calls
    it an actual (2020年为实际值: both); in a document of one year, the note's actual stands."""
    start, end = plan_years({"period": period})
    one_year = bool(period) and start == end
    text = "".join(notes)
    bare = [c for c in columns if c.role == "value" and c.year_role_inferred and not (c.growth or c.change)]
    if not bare or "年" not in text:
        return
    for m in _NOTE_YEARS_RE.finditer(text):
        said = header_role(squash(m.group("what")))
        if said is None or said.role != "value" or not said.kind or said.year is not None or said.measure \
                or said.year_offset is not None:
            continue  # (快报数, 规划基期值: words that name no kind the vocabulary knows)
        years: set[int] = set()
        for y in _YEAR_SPAN_RE.finditer(m.group("years")):
            first, last = int(y.group(1)), int(y.group(2) or y.group(1))
            years.update(range(first, last + 1) if first <= last <= first + 30 else [first])
        for c in bare:
            if c.year not in years or (c.kind == "baseline" and said.kind == "actual" and not one_year):
                continue
            c.kind, c.estimate = said.kind, c.estimate or said.estimate
            c.year_role_inferred, c.kind_from_note = False, True


def data_year(columns: list[Column], tables: list, period: str, caption: str = "") -> None:
    """In a document of one year whose earlier table printed its actuals' year before it (2022年完成 in a review
    that came out in 2023), an actual column this table leaves undated is of that printed year, still assumed;
    unless this table's caption names the document's year as its own (2024年民生实事项目上半年推进情况)."""
    start, end = plan_years({"period": period})
    if start != end or _ANY_YEAR_RE.findall(caption) == [str(end)]:
        return
    printed = {c.year for info, _ in tables for c in info.columns
               if c.role == "value" and c.kind == "actual" and c.year is not None and not c.year_assumed
               and not c.year_role_inferred and not c.progress and c.year <= end}
    # (本年（2023） | 上年（2022） above: the document's own year is printed too, so an undated actual is of it)
    if len(printed) != 1 or end in printed:
        return
    year = printed.pop()
    for c in columns:
        if c.role == "value" and c.kind == "actual" and c.year_assumed and c.year == end:
            c.year = year


def reviewed_plan_base(title: str) -> int | None:
    """The base year of the one plan a review's title names (《…“十四五”…规划》实施情况中期评估报告: 2020), by the
    plan periods of structure_vocab.yaml and the review_title_words of the table vocabulary; None otherwise."""
    from .structure import vocab as structure_vocab

    plain = re.sub(r"[“”\"'‘’]", "", title)
    if not any(w in plain for w in table_vocab().get("review_title_words", [])):
        return None
    spans = {span for name, span in structure_vocab().plan_periods.items() if name in plain}
    return next(iter(spans))[0] - 1 if len(spans) == 1 else None


def plan_base_is_baseline(columns: list[Column], base: int) -> None:
    """A bare column of the reviewed plan's base year (2020年 | 2023年 | 增减 in a 十四五 mid-term review) is its
    baseline, still inferred, never a plain actual."""
    for c in columns:
        if c.role == "value" and c.kind == "actual" and c.year == base and c.year_role_inferred \
                and not (c.growth or c.change or c.progress):
            c.kind = "baseline"


def kinds_with_notes(columns: list[Column], period: str, role: str, published: int | None, notes: list[str]) -> None:
    """assign_kinds, then the kinds a note beside the table prints for its years (rows of a transposed table)."""
    assign_kinds(columns, period, role, published)
    kinds_from_notes(columns, notes, period)


def budget_year_to_come(period: str, published: int | None) -> int | None:
    """The publication year kinds are read against under a caption of a budget: a plan's years are all its
    targets (none), a one-year document's own year is still to come when it came out that year (2024年预算 in a
    news item of January 2024), earlier years done."""
    start, end = plan_years({"period": period})
    if start != end or published is None:
        return None
    return published - 1 if published == end else published


def targets_caption(above: list[str], key: str = "target_caption_words") -> bool:
    """A caption that calls the table's figures targets (分年度目标, 主要目标), or with `key` a budget (预算分配),
    and none of them done (完成, 实际)."""
    v = table_vocab()
    return any(any(w in line for w in v[key]) and len(line.strip()) <= MAX_TARGETS_CAPTION
               and not _PROSE_PUNCT.search(line) and "，" not in line
               and not any(w in line for w in v["done_caption_words"]) for line in above)


def done_caption(above: list[str]) -> bool:
    """A caption that says what was done (主要指标完成情况及2024年目标): the years it prints before the targets are
    actuals, as in a review, even inside a plan's section."""
    words = table_vocab()["done_caption_words"]
    return any(any(w in line for w in words) and len(line.strip()) <= MAX_TARGETS_CAPTION
               and not _PROSE_PUNCT.search(line) and "，" not in line for line in above)


MAX_TARGETS_CAPTION = 40  # characters of a caption (a longer line, or one with a sentence's punctuation, is text)


_CAPTION_YEAR_RE = re.compile(r"[(（]((?:19|20)\d\d)年?[)）]|到((?:19|20)\d\d)年")


# a caption opening with one year (表2 2023年全市民政事业费支出构成); a range (2021—2025年) or a second year is no
# one year
_CAPTION_OPENING_YEAR_RE = re.compile(
    r"^\s*(?:表\s*[\d一二三四五六七八九十]+(?:[-—.]\d+)?\s*)?((?:19|20)\d\d)年(?!\s*[-—~至到])")


def year_from_caption(columns: list[Column], caption: str, published: int | None) -> bool:
    """A table whose caption opens with one year already over when the document came out (表2 2023年民政事业费支出
    构成, in a bulletin of 2024), and whose value columns print no year and no kind: its columns are of that year,
    flagged year_role_inferred, and True (what was done then: read as a review, whatever section holds it)."""
    m = _CAPTION_OPENING_YEAR_RE.match(caption)
    values = [c for c in columns if c.role == "value"]
    if m is None or published is None or len(_ANY_YEAR_RE.findall(caption)) != 1 or int(m.group(1)) >= published \
            or not values or any(c.year is not None or c.kind or c.year_offset is not None for c in values) \
            or targets_caption([caption]) or targets_caption([caption], "budget_caption_words"):
        return False
    for c in values:
        c.year, c.year_role_inferred = int(m.group(1)), True
    return True


_ANY_YEAR_RE = re.compile(r"(?:19|20)\d\d")
MAX_AS_AT_CAPTION = 40  # characters of a caption or line over a table that dates it
_AS_AT_LINE_RE = re.compile(r"截[至止](?:((?:19|20)\d\d)年)?\d{1,2}月(?:\d{1,2}日|底|末)")


def as_at_caption(columns: list[Column], lines: list[str], published: int | None) -> bool:
    """A table whose caption or a line over it dates it to a day already come (全县养老机构基本情况（截至2023年9月
    底）) and whose value columns print no year and no kind: the stock at that date, actuals of its year (the
    document's when the line gives none), flagged year_role_inferred, and True (read as a review)."""
    values = [c for c in columns if c.role == "value"]
    if published is None or not values or any(c.year is not None or c.kind or c.year_offset is not None
                                              for c in values):
        return False
    captions = dict.fromkeys(t.strip() for t in lines if t.strip() and len(t.strip()) <= MAX_AS_AT_CAPTION
                             and not t.strip().endswith(("。", ":", "：")))  # (never a sentence of the text)
    found = [m for line in captions for m in _AS_AT_LINE_RE.finditer(line)]
    if len(found) != 1 or (found[0].group(1) and int(found[0].group(1)) > published):
        return False
    year = int(found[0].group(1)) if found[0].group(1) else None
    for c in values:
        c.year, c.year_role_inferred = year, True
    return True


def target_year_from_caption(columns: list[Column], above: list[str]) -> None:
    """Target columns without a year (目标值) take the one year the caption above gives the table's targets
    (主要目标(2027年), 到2027年，主要目标如下), flagged year_role_inferred: printed, but not in the header."""
    if not above or not any(c.role == "value" and c.kind == "target" and c.year is None for c in columns):
        return
    years = {int(a or b) for line in above for a, b in _CAPTION_YEAR_RE.findall(line)}
    if len(years) != 1 or any(c.role == "value" and c.year is not None for c in columns):
        return
    for c in columns:
        if c.role == "value" and c.kind == "target" and c.year is None:
            c.year, c.year_role_inferred = next(iter(years)), True


CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_UNIT_NOTE_RE = re.compile(r"(?:计量)?单位[:：]\s*([^\s,，;；。、:：()（）]{1,10})")


PERCENT_LISTED_RE = re.compile(r"单位[:：][^\s;；。]*[、,，/]\s*[%％]")
_UNIT_LIST_RE = re.compile(r"([、,，/;；])\s*([^\s,，;；。、:：()（）]{1,10})")


def _note_unit_list(line: str) -> list[str] | None:
    """The units of a line's `单位：` note when it lists several (单位：万人、元; 单位：千元；人；处), else None. After
    a semicolon only a known unit goes on the list (单位：万元；数据来源…: one unit, then another note)."""
    # (填报单位：某局,,单位：户、人、人次: the note whose first unit is a unit, not the office that fills the form)
    m = next((m for m in _UNIT_NOTE_RE.finditer(line) if canonical_unit(m.group(1)) is not None), None)
    if not m or line[m.end():m.end() + 1] not in ("、", ",", "，", "/", ";", "；"):
        return None
    units, k = [m.group(1)], m.end()
    while (more := _UNIT_LIST_RE.match(line, k)) is not None:
        if more.group(1) in ";；" and (canonical_unit(more.group(2)) is None or line[more.end():more.end() + 1]
                                      in (":", "：")):
            break
        units.append(more.group(2))
        k = more.end()
    return units if len(units) > 1 else None


def listed_units(notes: list[str]) -> list[str]:
    """The units a note above a table lists for its rows (单位：万人、元), when it lists several known ones."""
    for line in notes:
        units = _note_unit_list(line)
        if units is not None:
            return units if all(canonical_unit(u) is not None for u in units) else []
    return []


def columns_note_units(columns: list[Column], units: list[str]) -> bool:
    """Give a cross-tab's columns of what they measure the units a note lists, in order, when there is one unit
    for each of them and none has its own; True if so."""
    measured = [c for c in columns if c.role == "value" and c.measure and not (c.growth or c.change)]
    if len(units) < 2 or len(measured) != len([c for c in columns if c.role == "value"]) \
            or len(measured) != len(units) or any(c.unit for c in measured):
        return False
    for c, u in zip(measured, units, strict=True):
        c.unit = u
    return True


def named_column_units(columns: list[Column], notes: list[str]) -> None:
    """Give each value column with no unit the unit a note names for what it counts (户数单位为户，资金支出单位为
    万元: the columns whose header ends with 资金支出, read as units_of_rows reads them), by the end of its
    header; a column two names fit keeps none."""
    named = [(w, u) for w, u in units_of_rows(notes).items() if canonical_unit(u) is not None]
    if not named:
        return
    for c in columns:
        if c.role != "value" or c.unit or c.growth or c.progress:
            continue
        head = squash(c.header)
        # (资金单位为万元 over 全年发放低保金: a word of money in the note fits every column of a sum of money)
        fits = {u for w, u in named if head.endswith(w) or (w in table_vocab()["money_words"] and _money_header(head))}
        if len(fits) == 1:
            c.unit = fits.pop()


_MONEY_END_RE = re.compile(r"[金款费](?:[(（].*)?$")


def _money_header(head: str) -> bool:
    """Whether a column's header names a sum of money (发放金额, 全年发放低保金, 丧葬补助费)."""
    return any(w in head for w in table_vocab()["money_words"]) or bool(_MONEY_END_RE.search(head))


_MONEY_UNIT_RE = re.compile(r"(?:金额|资金|经费)单位[:：]\s*([^\s,，;；。、()（）]{1,10})")


def money_rows_unit(rows: list[ParsedRow], notes: list[str]) -> None:
    """Give the rows that name a sum of money (发放金额, 补助资金, 经费) and print none of their own the unit a note
    says sums of money are in (金额单位：新台币万元); counts keep theirs."""
    unit = next((m.group(1) for line in notes if (m := _MONEY_UNIT_RE.search(line))), None)
    if unit is None or canonical_unit(unit) is None:
        return
    for row in rows:
        label = row.label.text if row.label is not None else ""
        if label and not row.note_unit and any(w in label for w in table_vocab()["money_words"]):
            row.note_unit = unit


def money_column_units(columns: list[Column], units: list[str]) -> None:
    """Give a column of what is spent (经费, 总投资 under 单位：千元；人；处) the one sum of money a note's list
    names; with two sums or none, nothing."""
    money = [u for u in units if canonical_unit(u)[0].endswith("元")]  # type: ignore[index]
    if len(money) != 1:
        return
    for c in columns:
        if c.role == "value" and not c.unit and c.measure in table_vocab()["measure_words"]:
            c.unit = money[0]


def _listed_kind(text: str, words: list[str]) -> str | None:
    """The kind of unit a label or a column header asks for by its words (保障人数: 人, 资金支出: 元), or None."""
    units = table_vocab()["listed_unit_words"]
    return next((units[w] for w in words if text.endswith(w)), None) or next((units[w] for w in words if w in text),
                                                                           None)


def listed_column_units(columns: list[Column], units: list[str]) -> None:
    """Give each value column with no unit the one unit of a note's list (单位：人、万元) that what it counts asks
    for (保障人数: 人, 资金支出: 万元); a column whose kind is listed twice, or not at all, keeps none."""
    words = longest_first(list(table_vocab()["listed_unit_words"]))
    bases = [canonical_unit(u)[0] for u in units]  # type: ignore[index]
    for c in columns:
        if c.role != "value" or c.unit or c.growth or c.change or c.progress:
            continue
        want = _listed_kind(c.measure or squash(c.header), words)
        fits = [u for u, b in zip(units, bases, strict=True) if b == want]
        if len(fits) == 1:
            c.unit = fits[0]


def rows_cell_money_unit(columns: list[Column]) -> None:
    """Give each value column of a sum of money with no unit (年初预算数, 全年执行数) the unit of money the rows' own
    header cell ends with (项目资金（万元）): the columns of scores or rates beside them keep theirs."""
    if not columns or columns[0].role != "indicator":
        return
    m = _TRAILING_UNIT_RE.search(squash(columns[0].header))
    unit = m.group(1) if m else ""
    if not unit or not (canonical_unit(unit) or ("",))[0].endswith("元"):
        return
    for c in columns[1:]:
        if c.role == "value" and not c.unit and not (c.growth or c.change or c.progress) \
                and any(w in squash(c.header) for w in table_vocab()["money_words"]):
            c.unit = unit


_TRAILING_UNIT_RE = re.compile(r"[(（]([^()（）]+)[)）]$")


def rows_note_units(rows: list[ParsedRow], units: list[str]) -> None:
    """Give each row with no unit of its own the unit a note's list names for it (单位：万人、元: 城市低保人数 the
    one of 人, 城市低保标准 the one of 元); when its kind of unit is listed more than once (单位：万张、张), or its
    unit is not listed, the list's unit in its place if the rows are as many as the units, else none, flagged
    `unit_ambiguous`, its values kept unread; a label that names no kind keeps no unit, as before."""
    words = longest_first(list(table_vocab()["listed_unit_words"]))
    bases = [canonical_unit(u)[0] for u in units]  # type: ignore[index]
    named = [r for r in rows if r.label is not None and r.label.text]
    for i, row in enumerate(named):
        if (row.unit is not None and row.unit.text) or unit_from_label(row.label.text):  # type: ignore[union-attr]
            continue
        want = _listed_kind(row.label.text, words)  # type: ignore[union-attr]
        if want is None:
            continue  # (单位：人、人次 over counties: units of the columns, which no label names)
        fits = [u for u, b in zip(units, bases, strict=True) if b == want]
        if len(fits) == 1:
            row.note_unit = fits[0]
        elif len(named) == len(units) and bases[i] == want:
            row.note_unit = units[i]  # (单位：万张、张 over two rows: the units in the rows' order)
        elif any(v for _, v in row.values):
            row.flags.append("unit_ambiguous")


_WHOLE_PARENS_RE = re.compile(r"^[(（]([^()（）]+)[)）]$")


def unit_from_notes(notes: list[str]) -> str:
    """The unit a line above a table gives all of it (单位：万元, on the caption line or its own), if known; of a
    list of units, the one that is not a percentage when all the others are (单位：万元、%: the rates are the
    rate columns', in %), else none."""
    for line in notes:
        units = _note_unit_list(line)
        if units is not None:
            plain = [u for u in units if u not in ("%", "％")]
            # 单位：人、人次: units of several columns, none of them the whole table's
            return plain[0] if len(plain) == 1 < len(units) and canonical_unit(plain[0]) is not None else ""
        # (编制单位：某某局 … 单位：万元: the unit where 单位： is followed by one)
        m = next((m for m in _UNIT_NOTE_RE.finditer(line) if canonical_unit(m.group(1)) is not None), None)
        if m:
            return m.group(1)
    for line in notes:  # 千元 '000 dollars: a line of the unit alone, perhaps with its gloss, over the header
        # ((百万港元 HK$ million): the same in parentheses)
        if not line.strip():
            continue
        first, *more = _WHOLE_PARENS_RE.sub(r"\1", line.strip()).split(maxsplit=1)
        rest = more[0] if more else ""  # (千澳门元<tab>'000 MOP: a tab sets the gloss apart too)
        if canonical_unit(first) is not None and first not in ("%", "％") and not CJK_RE.search(rest):
            return first
    return ""


_UNIT_OF_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?)的?(?:计量)?单位(?:为|是)([^\s,，;；。、:：()（）]{1,6})")


def units_of_rows(notes: list[str]) -> dict[str, str]:
    """Units a note beside a table gives single indicators (城乡标准比单位为倍), by indicator name."""
    return {m.group(1): m.group(2) for line in notes for m in _UNIT_OF_RE.finditer(line)
            if canonical_unit(m.group(2)) is not None}


_MARK_YEAR_RE = re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩])\s*(?:为|系|是|指)?\s*(?:截至|截止)?\s*((?:19|20)\d\d)年")


def mark_years(notes: list[str]) -> dict[str, int]:
    """The year a note under a table gives the cells a mark points to (注：①为2019年底数据; ②截至2023年6月数据): by
    mark; a mark the notes give two years for is left out."""
    found: dict[str, set[int]] = {}
    for line in notes:
        for m in _MARK_YEAR_RE.finditer(line):
            found.setdefault(m.group(1), set()).add(int(m.group(2)))
    return {mark: years.pop() for mark, years in found.items() if len(years) == 1}
