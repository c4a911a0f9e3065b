"""The monthly report's three-platform pages: work orders, ratings and the 热点 page, in CSV, HTML and PDF."""

from __future__ import annotations

import csv
import re
from datetime import timedelta

import pytest
from workorder_helpers import PHONE, moment

from kiosk.admin import main
from kiosk.reports.platforms import count_platforms
from kiosk.workorders.model import Rating, WorkOrder


def _order(topic: str, state: str, created, deadline_days: int, closed_days: float | None = None,
           kind: str = "callback", channel: str = "kiosk") -> WorkOrder:
    return WorkOrder(key=f"{topic}-{state}-{deadline_days}-{closed_days}", kind=kind, topic=topic, channel=channel,
                     urgency="normal", state=state, created_at=created,
                     deadline=created + timedelta(days=deadline_days), phone_masked=None,
                     closed_at=created + timedelta(days=closed_days) if closed_days is not None else None)


def test_orders_and_ratings_are_counted_and_joined_by_topic():
    start = moment("10:00")
    orders = [_order("labour", "done", start, 2, 1), _order("labour", "done", start, 1, 3),
              _order("labour", "new", start, 1, kind="home_visit"), _order("family", "cancelled", start, 1, 5),
              _order("consultation", "new", start, 5, kind="rectification", channel="rating")]
    ratings = [Rating(1, "2026-11-30", "A001", "consultation", "3", 5, (), start),
               Rating(2, "2026-11-30", "A002", "consultation", "3", 2, ("long_wait", "unclear"), start),
               Rating(3, "2026-11-30", "B001", "notarisation", "4", 1, ("long_wait",), start)]
    figures = count_platforms(orders, ratings, start + timedelta(days=2), {"labour": 7, "family": 1},
                              {"consultation": 20, "labour": 0}, (("加班费", "labour", 4), ("试用期", "labour", 3)),
                              {"labour": "劳动用工", "consultation": "法律咨询"})
    assert figures.by_channel == {"kiosk": 4, "rating": 1}
    assert figures.by_state == {"new": 2, "done": 2, "cancelled": 1}
    assert (figures.done, figures.done_on_time, figures.on_time_rate) == (2, 1, 50.0)
    assert (figures.overdue_open, figures.closed_late) == (1, 1)  # the cancelled order is not late
    assert (figures.ratings, round(figures.satisfaction)) == (3, 33)
    assert [(g.code, g.count, g.satisfied) for g in figures.by_counter] == [("3", 2, 1), ("4", 1, 0)]
    assert figures.bad_reasons == {"long_wait": 2, "unclear": 1}
    top = figures.hotspots[0]
    assert (top.code, top.name, top.searches, top.tickets, top.work_orders) == ("consultation", "法律咨询", 0, 20, 0)
    labour = next(h for h in figures.hotspots if h.code == "labour")
    assert (labour.searches, labour.work_orders, labour.questions) == (7, 3, ("加班费", "试用期"))
    assert "满意率 33%" in "".join(figures.summary_lines())


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_the_monthly_report_has_the_three_platform_tables_and_pages(admin, tmp_path, request, store):
    ini = tmp_path / "config.ini"
    url = request.getfixturevalue("pg_cluster").create_database() if store == "postgres" else ""
    ini.write_text(f"[database]\nurl = {url}\n", encoding="utf-8")
    on = ("--config", str(ini))
    assert admin("counter", "set", "--id", "3", "--services", "consultation", *on)[0] == 0
    number = admin("ticket", "issue", "--service", "consultation", "--json", *on,
                   at="2026-11-10T09:30")[1]["number"]
    admin("queue", "call", "--counter", "3", *on, at="2026-11-10T09:40")
    admin("queue", "done", "--counter", "3", *on, at="2026-11-10T09:50")
    assert admin("rating", "add", "--ticket", number, "--level", "2", "--reason", "unclear", *on,
                 at="2026-11-10T09:55")[0] == 0
    admin("workorder", "create", "--kind", "callback", "--topic", "labour", "--phone", PHONE, *on,
          at="2026-11-10T10:00")
    out = tmp_path / "out"
    assert main(["report", "monthly", "--month", "2026-11", "--out", str(out), "--data-dir",
                 str(tmp_path / "data"), *on]) == 0

    def table(name: str) -> list[list[str]]:
        with open(out / f"monthly_2026-11_{name}.csv", encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))

    assert ["counter", "窗口", "1"] in table("workorders_by_channel")
    assert ["rating", "评价", "1"] in table("workorders_by_channel")
    assert ["unclear", "解答不清楚", "1"] in table("rating_reasons")
    assert table("ratings_by_service")[1][:3] == ["consultation", "法律咨询", "1"]
    assert table("ratings_by_counter")[1][-1] == "0.0"
    hot = {row[0]: row for row in table("hotspots")[1:]}
    assert hot["labour"][4] == "1" and hot["consultation"][3] == "1"
    assert ["超期未办结 overdue open", "2"] in table("workorders_timeliness")
    summary = (out / "monthly_2026-11_summary.html").read_text(encoding="utf-8")
    assert "热点：查询、窗口与工单" in summary and "满意率" in summary
    assert PHONE not in summary and "139****" not in summary
    pdf = (out / "monthly_2026-11_summary.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 3
