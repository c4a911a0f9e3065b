"""A report on disk: CSV tables (UTF-8 with BOM, so Excel reads the Chinese), PNG charts, a one-page summary.

Files are written under a temporary name and renamed, so a half-written report
never sits in the folder under its real name.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import os
import tempfile
from pathlib import Path

from kiosk.reports.charts import CHARTS, chart_png, charts_for, summary_pdf
from kiosk.reports.figures import (
    COLOUR_NAMES,
    DECISION_NAMES,
    HEALTH_CHECK,
    REASON_NAMES,
    Figures,
    name_of,
)
from kiosk.reports.platforms import platform_tables

Table = tuple[list[str], list[list[object]]]
# Charts the HTML summary embeds, as far as the period has them.
SUMMARY_CHARTS = ("tickets_by_service", "tickets_by_day", "tickets_by_hour", "waits", "refusals", "searches")
# The three-platform tables the HTML summary shows, with their headings.
PLATFORM_PAGES = (("三台融合：工单类型", "workorders_by_kind"), ("工单办理时效", "workorders_timeliness"),
                  ("各业务评价", "ratings_by_service"), ("差评原因", "rating_reasons"),
                  ("热点：查询、窗口与工单", "hotspots"))
TOTAL_NAMES = {
    "tickets": "取号 tickets", "done": "办结 done", "no_show": "过号 no-shows", "cancelled": "取消 cancelled",
    "expired": "过期 expired", "priority": "优先 priority",
    "deferred_hall_full": "大厅满员回场 sent back, hall full", "refusals_queue": "未能取号 refused tickets",
    "refusals_health_check": "健康码未直接通过 health check not admitted",
    "health_checks": "健康码核验 health checks", "health_admitted": "直接通过 admitted",
    "appointments_kept": "按约签到 appointments kept", "appointments_missed": "爽约 appointments missed",
    "searches": "法律查询 searches", "mean_wait_minutes": "平均等候（分钟）mean wait, minutes",
    "mean_visit_minutes": "平均办理（分钟）mean visit, minutes",
}


def _round(value: float) -> float:
    return round(value, 1)


def tables(figures: Figures) -> dict[str, Table]:
    """Every CSV table of the report, by file name (without .csv)."""
    services = figures.services
    platforms = {}
    if figures.platforms is not None:
        platforms = platform_tables(figures.platforms, {s.service.code: s.service.name for s in services})
    return {
        "summary": (["指标 figure", "数值 value"],
                    [[TOTAL_NAMES[key], value] for key, value in figures.totals.items()]),
        "tickets_by_service": (
            ["业务代码 service", "业务 name", "取号 issued", "办结 done", "过号 no_show", "取消 cancelled",
             "过期 expired", "未办结 open", "优先 priority", "满员回场 deferred"],
            [[s.service.code, s.service.name, s.issued, s.done, s.no_show, s.cancelled, s.expired, s.still_open,
              s.priority, s.deferred] for s in services]),
        "tickets_by_hour": (["时段 hour", "取号 tickets"], [[f"{h:02d}:00", n] for h, n in figures.by_hour.items()]),
        "tickets_by_day": (["日期 day", "取号 tickets"], [[day, n] for day, n in figures.by_day.items()]),
        "durations": (
            ["业务代码 service", "业务 name", "叫号人次 called", "平均等候 mean_wait", "等候中位数 median_wait",
             "九成等候在内 p90_wait", "最长等候 longest_wait", "办结人次 finished", "平均办理 mean_visit",
             "办理中位数 median_visit", "九成办理在内 p90_visit", "最长办理 longest_visit"],
            [[s.service.code, s.service.name, s.waits.count, _round(s.waits.mean), _round(s.waits.median),
              _round(s.waits.p90), _round(s.waits.longest), s.visits.count, _round(s.visits.mean),
              _round(s.visits.median), _round(s.visits.p90), _round(s.visits.longest)] for s in services]),
        "refusals": (["环节 source", "原因代码 reason", "原因 name", "次数 count"],
                     [["健康码核验 health_check" if source == HEALTH_CHECK else "取号 queue", reason,
                       name_of(REASON_NAMES, reason), n] for (source, reason), n in figures.refusals.items()]),
        "health_checks": (["颜色代码 colour", "颜色 name", "结果代码 decision", "结果 name", "人次 count"],
                          [[colour, name_of(COLOUR_NAMES, colour), decision, name_of(DECISION_NAMES, decision), n]
                           for (colour, decision), n in figures.health.items()]),
        "appointments": (["业务代码 service", "业务 name", "预约 booked", "按约签到 kept", "爽约 missed"],
                         [[s.service.code, s.service.name, s.appointments_booked, s.appointments_kept,
                           s.appointments_missed] for s in services]),
        "searches": (["排名 rank", "查询词 terms", "专题 topic", "次数 count"],
                     [[n, terms, topic, count] for n, (terms, topic, count) in enumerate(figures.searches, 1)]),
        "searches_by_topic": (["专题 topic", "次数 count"], [[t, n] for t, n in figures.searches_by_topic.items()]),
        **platforms,
    }


def _write_atomically(path: Path, data: bytes) -> None:
    # A scratch name of its own: a cron report and a staff's report of the same day may run at once.
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(partial, 0o644)
    os.replace(partial, path)


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(table[0])
    writer.writerows(table[1])
    return out.getvalue().encode("utf-8-sig")


def _html_table(table: Table) -> str:
    """A table without its code column (the first), for people to read."""
    escape = html.escape
    head = "".join(f"<th>{escape(h)}</th>" for h in table[0][1:])
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row[1:]) + "</tr>" for row in table[1])
    return f"<table><tr>{head}</tr>{body}</table>"


def summary_html(figures: Figures, charts: dict[str, bytes]) -> str:
    """One self-contained page (charts inlined) to send upward with the monthly analysis."""
    escape = html.escape
    head, rows = tables(figures)["tickets_by_service"]
    table = "".join(f"<th>{escape(h)}</th>" for h in head[1:])
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row[1:]) + "</tr>" for row in rows)
    lines = "".join(f"<li>{escape(line)}</li>" for line in figures.summary_lines())
    pictures = "".join(
        f'<figure><img alt="{escape(CHARTS[name][0])}" src="data:image/png;base64,'
        f'{base64.b64encode(charts[name]).decode("ascii")}"></figure>' for name in SUMMARY_CHARTS if name in charts)
    title = f"{figures.period.title_zh} 自助终端运行情况"
    platforms = ""
    if figures.platforms is not None:
        every = tables(figures)
        platforms = "".join(f"<h2>{escape(heading)}</h2>{_html_table(every[name])}" for heading, name in PLATFORM_PAGES)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; max-width: 60em; margin: 2em auto; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #999; padding: 0.2em 0.6em; text-align: right; }}
td:first-child {{ text-align: left; }} figure {{ display: inline-block; width: 48%; margin: 0.5em 0; }}
img {{ width: 100%; }} @media print {{ figure {{ width: 32%; }} }}
</style></head><body>
<h1>{escape(title)}</h1>
<p>生成时间 {figures.generated_at:%Y-%m-%d %H:%M}</p>
<h2>总体情况与主要问题</h2><ul>{lines}</ul>
<h2>各业务</h2><table><tr>{table}</tr>{body}</table>
{pictures}
{platforms}
</body></html>
"""


def write_report(figures: Figures, out_dir: Path, font: Path) -> list[Path]:
    """Write every table, chart and the summary (HTML and PDF) into ``out_dir``; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = f"{figures.period.kind}_{figures.period.label}_"
    written: list[Path] = []

    def put(name: str, data: bytes) -> None:
        path = out_dir / f"{prefix}{name}"
        _write_atomically(path, data)
        written.append(path)

    for name, table in tables(figures).items():
        put(f"{name}.csv", csv_bytes(table))
    charts = {name: chart_png(figures, name, font) for name in charts_for(figures)}
    for name, png in charts.items():
        put(f"{name}.png", png)
    put("summary.html", summary_html(figures, charts).encode("utf-8"))
    put("summary.pdf", summary_pdf(figures, font))
    return written
