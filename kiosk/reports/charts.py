"""The report's charts as PNG (and the summary page as PDF), drawn by matplotlib's Agg renderer.

No pyplot: figures are plain objects, so a worker thread can draw them while the
kiosk's UI runs. Labels are Chinese, so the project's Simplified Chinese font
(:func:`kiosk.foundation.fonts.find_font`) is the one font used; Kivy is never imported.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from kiosk.reports.figures import (
    COLOUR_NAMES,
    DECISION_NAMES,
    HEALTH_CHECK,
    REASON_NAMES,
    Figures,
    name_of,
)
from kiosk.workorders.model import KIND_NAMES, REASONS

DPI = 100
SEARCHES_SHOWN = 10
# Chinese characters in a line of the A4 summary at 10 pt.
PDF_LINE_CHARACTERS = 46
PALETTE = ("#2f6db5", "#3a9a5b", "#d9822b", "#b33a3a", "#7a5cb0")
COLOUR_OF_CODE = {"green": "#3a9a5b", "yellow": "#e0b020", "red": "#c0392b"}

_registered: dict[Path, str] = {}
# rcParams are global: one drawing at a time.
_drawing = threading.Lock()


def font_family(font: Path) -> str:
    """Register ``font`` with matplotlib once and return its family name."""
    if font not in _registered:
        font_manager.fontManager.addfont(str(font))
        _registered[font] = font_manager.FontProperties(fname=str(font)).get_name()
    return _registered[font]


def _style(font: Path) -> dict:
    return {"font.family": "sans-serif", "font.sans-serif": [font_family(font)], "axes.unicode_minus": False,
            "axes.spines.top": False, "axes.spines.right": False, "font.size": 11}


def _nothing(ax: Axes) -> None:
    ax.text(0.5, 0.5, "本期无数据", ha="center", va="center", transform=ax.transAxes, color="#888888", fontsize=14)
    ax.set_xticks([])
    ax.set_yticks([])


def _label(ax: Axes, bars, values: list[float], digits: int = 0, **style) -> None:
    """Each bar's value on it; none on empty bars, where a row of zeros would only clutter."""
    ax.bar_label(bars, [f"{v:.{digits}f}" if v else "" for v in values], fontsize=8, **style)


def _legend_above(ax: Axes, highest: float, entries: int) -> None:
    """The legend in one row in headroom above the highest bar, where it can cover none."""
    ax.set_ylim(top=highest * 1.3 or 1)
    ax.legend(frameon=False, fontsize=9, loc="upper center", ncols=entries)


def _grouped(ax: Axes, labels: list[str], series: dict[str, list[float]], unit: str, digits: int = 0) -> None:
    """Bars side by side per label, one colour per series, each bar labelled with its value."""
    if not labels or not any(any(values) for values in series.values()):
        _nothing(ax)
        return
    width = 0.8 / len(series)
    for n, (name, values) in enumerate(series.items()):
        positions = [i + (n - (len(series) - 1) / 2) * width for i in range(len(labels))]
        bars = ax.bar(positions, values, width, label=name, color=PALETTE[n % len(PALETTE)])
        _label(ax, bars, values, digits, padding=1)
    ax.set_xticks(range(len(labels)), labels, rotation=20 if len(labels) > 4 else 0)
    # Room for at least four groups, so that one or two do not become slabs across the chart.
    spare = max(0, 4 - len(labels)) / 2
    ax.set_xlim(-0.6 - spare, len(labels) - 0.4 + spare)
    ax.set_ylabel(unit)
    if len(series) > 1:
        _legend_above(ax, max(max(values) for values in series.values()), len(series))


def _horizontal(ax: Axes, labels: list[str], values: list[int], unit: str) -> None:
    if not labels:
        _nothing(ax)
        return
    bars = ax.barh(range(len(labels)), values, color=PALETTE[0])
    _label(ax, bars, values, padding=2)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlabel(unit)


def draw_tickets_by_service(ax: Axes, figures: Figures) -> None:
    rows = figures.services
    _grouped(ax, [s.service.name for s in rows], {
        "取号": [s.issued for s in rows], "办结": [s.done for s in rows], "过号": [s.no_show for s in rows]}, "人次")


def draw_tickets_by_hour(ax: Axes, figures: Figures) -> None:
    hours = figures.by_hour
    if not hours:
        _nothing(ax)
        return
    span = range(min(hours), max(hours) + 1)
    values = [hours.get(h, 0) for h in span]
    bars = ax.bar([f"{h}时" for h in span], values, color=PALETTE[0])
    _label(ax, bars, values, padding=1)
    ax.set_ylabel("取号人次")


def draw_tickets_by_day(ax: Axes, figures: Figures) -> None:
    days = figures.by_day
    if not any(days.values()):
        _nothing(ax)
        return
    ax.bar(range(len(days)), list(days.values()), color=PALETTE[0])
    ax.set_xticks(range(len(days)), [day[-2:] for day in days])
    ax.set_xlabel("日")
    ax.set_ylabel("取号人次")
    ax.tick_params(axis="x", labelsize=8)


def _durations(ax: Axes, figures: Figures, which: str) -> None:
    rows = [s for s in figures.services if getattr(s, which).count]
    _grouped(ax, [s.service.name for s in rows], {
        "平均": [getattr(s, which).mean for s in rows], "九成以内": [getattr(s, which).p90 for s in rows]},
        "分钟", digits=0)


def draw_waits(ax: Axes, figures: Figures) -> None:
    _durations(ax, figures, "waits")


def draw_visit_lengths(ax: Axes, figures: Figures) -> None:
    _durations(ax, figures, "visits")


def draw_refusals(ax: Axes, figures: Figures) -> None:
    items = list(figures.refusals.items())[:12]
    _horizontal(ax, [f"{'健康码' if source == HEALTH_CHECK else '取号'}：{name_of(REASON_NAMES, reason)}"
                     for (source, reason), _ in items], [count for _, count in items], "次")


def draw_health_checks(ax: Axes, figures: Figures) -> None:
    if not figures.health:
        _nothing(ax)
        return
    order = list(COLOUR_NAMES)
    colours = sorted({colour for colour, _ in figures.health}, key=lambda c: (order.index(c) if c in order else 99, c))
    bottom = [0] * len(colours)
    for n, decision in enumerate(DECISION_NAMES):
        values = [figures.health.get((colour, decision), 0) for colour in colours]
        if any(values):
            bars = ax.bar([name_of(COLOUR_NAMES, c) for c in colours], values, bottom=bottom,
                          label=name_of(DECISION_NAMES, decision), color=PALETTE[(1, 2, 3)[n]])
            _label(ax, bars, values, label_type="center", color="white")
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("人次")
    _legend_above(ax, max(bottom), len(DECISION_NAMES))


def draw_appointments(ax: Axes, figures: Figures) -> None:
    rows = [s for s in figures.services if s.appointments_booked]
    _grouped(ax, [s.service.name for s in rows], {
        "按约签到": [s.appointments_kept for s in rows], "爽约": [s.appointments_missed for s in rows]}, "人次")


def draw_searches(ax: Axes, figures: Figures) -> None:
    shown = figures.searches[:SEARCHES_SHOWN]
    _horizontal(ax, [terms for terms, _, _ in shown], [count for _, _, count in shown], "查询次数")


Drawing = Callable[[Axes, Figures], None]
# File name -> (title, drawing), in the order of the report.
CHARTS: dict[str, tuple[str, Drawing]] = {
    "tickets_by_service": ("各业务取号与办结", draw_tickets_by_service),
    "tickets_by_hour": ("分时段取号", draw_tickets_by_hour),
    "tickets_by_day": ("每日取号", draw_tickets_by_day),
    "waits": ("等候时间（取号至叫号）", draw_waits),
    "visit_lengths": ("办理时长（开始办理至办结）", draw_visit_lengths),
    "refusals": ("未能取号及健康码未通过的原因", draw_refusals),
    "health_checks": ("健康码核验结果", draw_health_checks),
    "appointments": ("预约签到与爽约", draw_appointments),
    "searches": ("群众查询热点", draw_searches),
}
# What the staff screen shows of today, in a 2 x 2 grid.
TODAY_CHARTS = ("tickets_by_hour", "tickets_by_service", "waits", "health_checks")


def charts_for(figures: Figures) -> list[str]:
    """The charts a report of this period has: a day has no per-day chart."""
    return [name for name in CHARTS if not (name == "tickets_by_day" and figures.period.kind == "daily")]


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def chart_png(figures: Figures, name: str, font: Path, size: tuple[float, float] = (8, 4.5)) -> bytes:
    """One chart of the report as PNG bytes."""
    title, draw = CHARTS[name]
    with _drawing, matplotlib.rc_context(_style(font)):
        figure = Figure(figsize=size, layout="constrained")
        ax = figure.add_subplot()
        draw(ax, figures)
        ax.set_title(f"{title}　{figures.period.title_zh}")
        return _png(figure)


def today_png(figures: Figures, font: Path, width: int, height: int) -> bytes:
    """The staff screen's picture of the day: four charts, ``width`` x ``height`` pixels."""
    with _drawing, matplotlib.rc_context(_style(font)):
        figure = Figure(figsize=(width / DPI, height / DPI), layout="constrained")
        for n, name in enumerate(TODAY_CHARTS):
            title, draw = CHARTS[name]
            ax = figure.add_subplot(2, 2, n + 1)
            draw(ax, figures)
            ax.set_title(title)
        return _png(figure)


def _wrapped(text: str, width: float) -> list[str]:
    """``text`` cut into lines of about ``width`` Chinese characters (a Latin letter or digit counts half)."""
    lines, line, used = [], "", 0.0
    for ch in text:
        size = 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55
        if used + size > width and line:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += size
    return [*lines, line] if line else lines


def _text_lines(figure: Figure, lines: list[str], y: float) -> float:
    """Wrapped lines of 10 pt text from ``y`` down; the ``y`` below them."""
    for line in lines:
        for part in _wrapped(line, PDF_LINE_CHARACTERS):
            figure.text(0.07, y, part, fontsize=10, va="top")
            y -= 0.021
        y -= 0.006
    return y


def _platforms_page(figures: Figures) -> Figure:
    """Page 2 of the summary: work orders and ratings (三台融合, 好差评)."""
    platforms = figures.platforms
    figure = Figure(figsize=(8.27, 11.69))
    figure.text(0.07, 0.96, f"{figures.period.title_zh} 三台融合：工单与评价", fontsize=18, weight="bold", va="top")
    _text_lines(figure, platforms.summary_lines(), 0.92)
    names = {s.service.code: s.service.name for s in figures.services}
    panels = (
        ("工单类型", lambda ax: _horizontal(ax, [KIND_NAMES[k][0] for k in platforms.by_kind],
                                         list(platforms.by_kind.values()), "件")),
        ("各业务满意率", lambda ax: _grouped(ax, [names.get(g.code, g.code) for g in platforms.by_service],
                                       {"满意率": [round(g.satisfaction, 1) for g in platforms.by_service]}, "%")),
        ("差评原因", lambda ax: _horizontal(ax, [REASONS[r][0] for r in platforms.bad_reasons],
                                         list(platforms.bad_reasons.values()), "次")),
    )
    for n, (title, draw) in enumerate(panels):
        ax = figure.add_axes((0.2, 0.05 + (2 - n) * 0.23, 0.74, 0.16))
        draw(ax)
        ax.set_title(title, fontsize=11)
    return figure


def _hotspots_page(figures: Figures) -> Figure:
    """Page 3 of the summary: the 热点 across the kiosk's searches, the counters and work orders."""
    figure = Figure(figsize=(8.27, 11.69))
    figure.text(0.07, 0.96, f"{figures.period.title_zh} 热点：查询、窗口与工单", fontsize=18, weight="bold", va="top")
    lines = [f"{n}. {h.name}：查询 {h.searches} 次，窗口取号 {h.tickets} 人次，工单 {h.work_orders} 件"
             + (f"；典型问题：{'；'.join(h.questions)}" if h.questions else "")
             for n, h in enumerate(figures.platforms.hotspots[:SEARCHES_SHOWN], 1)]
    _text_lines(figure, lines or ["本期无数据"], 0.92)
    return figure


def summary_pdf(figures: Figures, font: Path) -> bytes:
    """The summary (A4) for the analysis sent upward: totals, main points, two charts; then, where the store
    has work orders, a page on work orders and ratings and the 热点 page."""
    from matplotlib.backends.backend_pdf import PdfPages

    with _drawing, matplotlib.rc_context(_style(font)):
        figure = Figure(figsize=(8.27, 11.69))
        figure.text(0.07, 0.96, f"{figures.period.title_zh} 自助终端运行情况", fontsize=18, weight="bold", va="top")
        _text_lines(figure, figures.summary_lines(), 0.92)
        for n, name in enumerate(("tickets_by_service", "searches")):
            title, draw = CHARTS[name]
            ax = figure.add_axes((0.16, 0.05 + (1 - n) * 0.31, 0.78, 0.21))
            draw(ax, figures)
            ax.set_title(title, fontsize=11)
        pages = [figure]
        if figures.platforms is not None:
            pages += [_platforms_page(figures), _hotspots_page(figures)]
        out = io.BytesIO()
        with PdfPages(out) as pdf:
            for page in pages:
                pdf.savefig(page)
        return out.getvalue()
