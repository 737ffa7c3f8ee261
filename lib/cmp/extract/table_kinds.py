"""The kind and year of every value column of a table: from its header, the plan period, the section's time role
and the date the document came out (a bare year's role is inferred, and flagged so).
"""

from __future__ import annotations

from .structure import plan_period_of, plan_years
from .table_layouts import Column, vocab


def base_year(year: int) -> int | None:
    """The base year of the plan period holding `year` (2020 for 2025: the year before 十四五 starts)."""
    period = plan_period_of(year)
    return period[0] - 1 if period else None


def plan_end(year: int) -> int | None:
    """The last year of the plan period holding `year` (2025 for 2023, in 十四五)."""
    period = plan_period_of(year)
    return period[1] if period else None


def _planned_part(c: Column, years: list[int], time_role: str, one_year: bool) -> None:
    """A part of a year in a work plan is a target (全年目标 | 一季度 | 二季度: what each quarter is to bring); a
    yearless target beside several years in a one-year review (规划目标 | 2021年 | 2022年 | 2023年) is the target of
    the plan holding them. (Beside one year's actuals, 规划值 may be the year's own target: it stays undated.)"""
    if c.part_year and time_role in ("plan", "annual_plan") \
            and not any(w in c.measure for w in vocab()["value_words"]["actual"]):
        c.kind = "target"  # (1-6月完成 says it is what was done)
    if c.kind == "target" and c.year is None and one_year and len(set(years)) > 1 \
            and time_role not in ("plan", "annual_plan"):  # (a work plan's own undated target is of its year)
        c.year = plan_end(max(years))
        c.year_assumed = c.year is not None


def _start_of_targets(values: list[Column]) -> int | None:
    """The year of a table's one bare-year column when all the others are targets of later years (2023年 |
    2025年目标 in a news item on a scheme): the starting point the targets are set from, or None."""
    bare = [c for c in values if not c.kind and not (c.growth or c.change or c.progress or c.part_year)]
    targets = [c.year for c in values if c.kind == "target" and c.year is not None]
    if len(bare) != 1 or bare[0].year is None or len(targets) != len(values) - 1 or not targets:
        return None
    return bare[0].year if bare[0].year < min(targets) else None


def _of_its_year(c: Column, values: list[Column], time_role: str) -> bool:
    """Whether an undated actual of a document of one year is of that year: in a report or bulletin always; in a
    plan beside targets (年度目标 | 实际完成), or when it is a standard in force (调整后标准) or the rise beside one."""
    return time_role not in ("plan", "annual_plan") or any(o.kind == "target" for o in values) or _standards(c) \
        or ((c.change or c.growth) and _new_standard_beside(c, values))


def _new_standard_beside(c: Column, values: list[Column]) -> bool:
    """Whether a column of standards in force stands beside a change column (原标准 | 调整后标准 | 每月增加): the
    rise is in force with it, in a notice or plan of one year."""
    return any(_standards(o) and o.kind == "actual" and not (o.growth or o.change) for o in values if o is not c)


def _standards(c: Column) -> bool:
    """Whether a value column holds standards (城乡低保标准), by the vocabulary's standard_words."""
    return any(w in c.header for w in vocab()["standard_words"])


def _base_of(values: list[Column], years: list[int], later: list[int], review: bool, one_year: bool, end: int
             ) -> int | None:
    """The year of a table's baseline column: the base year of the latest target's plan period (or, in a
    document of one year, the year its targets start from); none when that year is the document's own in a
    series of the years it reports (113年 | 114年 | 115年目標 in a report on 114年: all done)."""
    base = base_year(max(later)) if later and (review or one_year) else None
    if one_year and not review and base not in years:
        base = _start_of_targets(values) or base
    if one_year and base == end and sum(1 for y in years if y <= end) > 1:
        return None
    return base


def _sums_years(c: Column, values: list[Column]) -> bool:
    """Whether a column of totals with no year of its own stands beside two or more columns of years (2021年 |
    2022年 | 2023年 | 合计): the sum over them, of the latest one's year and kind."""
    return c.year is None and c.year_offset is None and c.header in vocab()["total_words"] \
        and sum(1 for o in values if o.year is not None and o.role == "value" and not o.growth) >= 2


def _year_of_sum(c: Column, values: list[Column]) -> bool:
    """Give a column of totals beside columns of years the latest one's year and kind, flagged assumed; whether it
    is one."""
    if not _sums_years(c, values):
        return False
    latest = max((o for o in values if o.year is not None and not _sums_years(o, values)),
                 key=lambda o: o.year)  # type: ignore[arg-type, return-value]
    c.year, c.kind, c.year_assumed = latest.year, latest.kind or c.kind, True
    return True


def assign_kinds(columns: list[Column], period: str, time_role: str = "", published: int | None = None) -> None:
    """Give every value column a kind and a year from its header, the plan period and the section's time role.

    A bare year (2005年, 2025) has no kind word: in a review (a section looking back, or a table whose years all
    precede the period) every year is an actual, but the base year of a target column's plan is its baseline; in
    a plan, the latest year before the period is the baseline, earlier ones actuals, and the others targets. A
    growth or change column (年均增长, 增减) is an actual in a review and a target in a plan, for the table's
    last year.
    """
    start, end = plan_years({"period": period})
    values = [c for c in columns if c.role == "value"]
    printed = [c.year for c in values if c.year is not None]  # (上年 | 本年 print no year: not a span of years)
    for c in values:
        if c.year_offset is not None and c.year is None:
            c.year, c.year_assumed = end + c.year_offset, True  # 本年 / 上年: from the document's year
    years = [c.year for c in values if c.year is not None]
    review = time_role in ("review", "report") or (bool(years) and max(years) < start and time_role != "plan")
    # a report, bulletin or news item of one year: years up to it were achieved, later years are targets, and
    # the year before the target's plan period is that plan's baseline (2020 | 2021 | 2022 | 2023 | 2025)
    one_year = start == end and time_role not in ("plan", "annual_plan")
    # the base year of the latest target's plan period (a mid-term review: 2020 | 2021 | 2023 | 2025年目标)
    # (a year after the document came out cannot hold what was achieved: 2025 in a review published in 2023)
    to_come = end if published is None else min(end, published)
    # (a year to come only estimated, 2025（预计） after a statistics series, sets no plan's base year)
    later = [c.year for c in values if c.year is not None and not c.estimate
             and (c.year > to_come or (c.kind == "target" and start < end))]
    base = _base_of(values, years, later, review, one_year, end)
    before = [y for y in years if y < start]
    for c in values:
        _planned_part(c, printed, time_role, start == end)
        if c.progress:
            # the share of the target that the latest actual reaches: of that actual's year
            done = [o.year for o in values if o.kind == "actual" and not o.progress and o.year is not None]
            c.year = c.year if c.year is not None else max(done or years or [end])
            c.year_assumed = not done
        elif c.growth or c.change:
            named = c.year is not None  # (“十三五”年均增长: the header names the period it is over)
            if c.year is None and years:
                # (assumed when that year was: 1-6月 | 同比增减; in a review, the latest year already over:
                # 2020年 | 2023年 | 2025年 | 较2020年增减 is the change up to 2023)
                done_years = [y for y in years if y <= to_come] if review else []
                c.year = max(done_years or years)
                c.year_assumed = not any(o.year == c.year and not o.year_assumed for o in values if o is not c)
            # (in a report, bulletin or news item of one year, a change up to a year already over was achieved)
            done = one_year and c.year is not None and c.year <= to_come
            # (and a growth over a period already over: “十三五”年均增长 in a 十四五 plan; and the rise of a standard
            # beside it in a notice of the year's new standards: 调整后标准 | 增加金额, both in force that year)
            standard = not review and ((one_year and any(_standards(o) for o in values if o is not c))
                                       or (start == end and _new_standard_beside(c, values)))
            c.kind = "actual" if review or done or standard or (named and c.year < start) else "target"  # type: ignore[operator]
        elif not c.kind:
            if c.year is not None and (review or one_year):
                c.kind = "target" if c.year > to_come else "baseline" if c.year == base else "actual"
            elif review or (c.year is None and one_year and ((published is not None and published > end)
                                                             or _standards(c))):
                # (a column of plain amounts in a bulletin or news item out after its year; 城乡低保标准 in a
                # notice of the year's new standards: a rule in force that year)
                c.kind = "actual"
            elif c.year is not None and published is not None and start <= c.year < published:
                c.kind = "actual"  # a year of the plan already over when it was published (a mid-term revision)
            elif c.year is None or c.year >= start:
                c.kind = "target"
            else:  # the latest year before the period is the base; earlier ones (2015 | 2020 | 2025) are actuals
                c.kind = "baseline" if c.year == max(before) else "actual"
        if c.year is None and not _year_of_sum(c, values):
            c.year_assumed = True
            if c.kind == "actual" and start == end and _of_its_year(c, values, time_role):
                c.year = end  # a work report or bulletin of one year reports that year (年度目标 | 实际完成: its own)
            else:
                c.year = start - 1 if c.kind in ("baseline", "actual") else end
