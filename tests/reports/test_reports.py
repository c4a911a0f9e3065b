"""Reports from a generated month: totals against what was done and against the store, every file, the font."""

from __future__ import annotations

import json
import sqlite3
import warnings
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.admin import main
from kiosk.queue.model import TICKET_STATES
from kiosk.reports.charts import CHARTS, chart_png, today_png
from kiosk.reports.figures import QUEUE, Period, collect
from kiosk.reports.sources import report_font
from kiosk.reports.writer import tables, write_report
from kiosk.wiring import open_queue, open_sources

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=ZONE)
MONTH = "2026-11"


def month_figures(runtime, period: Period | None = None):
    sources = open_sources(runtime)
    try:
        return collect(sources, period or Period.parse("monthly", MONTH), NOW)
    finally:
        sources.close()


def test_monthly_totals_match_what_was_done(generated_month):
    activity = generated_month.activity
    totals = month_figures(generated_month.runtime).totals
    assert totals["tickets"] == sum(activity.issued.values()) + activity.kept
    assert totals["done"] == activity.done
    assert totals["no_show"] == activity.no_show
    assert totals["refusals_queue"] == sum(activity.refusals.values())
    assert activity.refusals["closed"] and activity.refusals["day_full"]
    assert totals["health_checks"] == sum(activity.health.values())
    assert totals["health_admitted"] == sum(n for (_, decision), n in activity.health.items() if decision == "admit")
    assert totals["appointments_kept"] == activity.kept
    # Every appointment not kept was marked missed by a later day's housekeeping.
    assert totals["appointments_missed"] == activity.booked - activity.kept


def test_monthly_totals_match_the_stores(generated_month):
    runtime = generated_month.runtime
    figures = month_figures(runtime)
    desk = open_queue(runtime)
    with desk.store.transaction(write=False) as tx:
        by_state = {state: 0 for state in TICKET_STATES}
        per_day = {}
        for day in Period.parse("monthly", MONTH).days():
            counts = tx.day_counts(day)
            per_day[day] = sum(counts.values())
            for (_, state), n in counts.items():
                by_state[state] += n
    desk.store.close()
    totals = figures.totals
    assert totals["tickets"] == sum(by_state.values()) == sum(figures.by_day.values())
    assert figures.by_day == per_day
    assert (totals["done"], totals["no_show"], totals["expired"]) == (
        by_state["done"], by_state["no_show"], by_state["expired"])
    assert sum(figures.by_hour.values()) == totals["tickets"]
    with closing(sqlite3.connect(runtime.knowledge_base_path)) as db:
        logged = db.execute("SELECT sum(count) FROM query_log WHERE day LIKE ?", [f"{MONTH}-%"]).fetchone()[0]
    assert totals["searches"] == logged > 0
    assert figures.searches[0][2] >= figures.searches[-1][2]
    with closing(sqlite3.connect(runtime.queue_db_path)) as db:
        refused = db.execute("SELECT sum(count) FROM refusal_counts").fetchone()[0]
    assert totals["refusals_queue"] == refused


def test_waits_and_visits_are_minutes_between_the_recorded_times(generated_month):
    figures = month_figures(generated_month.runtime)
    for row in figures.services:
        assert 0 <= row.waits.median <= row.waits.p90 <= row.waits.longest
        assert row.waits.count == row.done + row.no_show  # everyone called was waited for
        assert row.visits.count == row.done
        if row.visits.count:
            assert 6 <= row.visits.mean <= 20  # the generator serves 6 to 20 minutes


def test_monthly_report_command_writes_every_table_chart_and_summary(month_copy, tmp_path, capsys):
    out = tmp_path / "out"
    with warnings.catch_warnings():
        # matplotlib warns "Glyph ... missing from font(s)" for each character its font cannot draw.
        warnings.filterwarnings("error", message=".*missing from font")
        status = main(["report", "monthly", "--month", MONTH, "--out", str(out), "--data-dir",
                       str(month_copy.data_dir), "--json"])
    assert status == 0
    printed = json.loads(capsys.readouterr().out)
    figures = month_figures(month_copy.runtime)
    assert printed["totals"] == json.loads(json.dumps(figures.totals))
    names = {Path(p).name for p in printed["files"]}
    expected = ({f"monthly_{MONTH}_{name}.csv" for name in tables(figures)}
                | {f"monthly_{MONTH}_{name}.png" for name in CHARTS}
                | {f"monthly_{MONTH}_summary.html", f"monthly_{MONTH}_summary.pdf"})
    assert names == expected == {p.name for p in out.iterdir()}
    for path in out.iterdir():
        data = path.read_bytes()
        assert len(data) > 60, path.name
        if path.suffix == ".csv":
            assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
        if path.suffix == ".png":
            assert data.startswith(b"\x89PNG")
        if path.suffix == ".pdf":
            assert data.startswith(b"%PDF")
    by_service = (out / f"monthly_{MONTH}_tickets_by_service.csv").read_text(encoding="utf-8-sig").splitlines()
    assert by_service[1].startswith("consultation,法律咨询,")
    assert sum(int(line.split(",")[2]) for line in by_service[1:]) == figures.totals["tickets"]
    summary = (out / f"monthly_{MONTH}_summary.html").read_text(encoding="utf-8")
    assert "2026年11月" in summary and "群众查询最多的问题" in summary and "data:image/png;base64," in summary


def test_daily_report_covers_one_day(month_copy, tmp_path, capsys):
    out = tmp_path / "day"
    day = "2026-11-30"
    assert main(["report", "daily", "--date", day, "--out", str(out), "--data-dir", str(month_copy.data_dir),
                 "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    desk = open_queue(month_copy.runtime)
    with desk.store.transaction(write=False) as tx:
        assert printed["totals"]["tickets"] == sum(tx.day_counts(day).values()) > 0
    desk.store.close()
    names = {p.name for p in out.iterdir()}
    assert f"daily_{day}_tickets_by_hour.png" in names and f"daily_{day}_summary.pdf" in names
    assert f"daily_{day}_tickets_by_day.png" not in names  # one bar says nothing


def test_a_month_without_activity_still_gives_every_file(month_copy, tmp_path):
    figures = month_figures(month_copy.runtime, Period.parse("monthly", "2025-01"))
    assert figures.totals["tickets"] == 0 and figures.worries() == []
    written = write_report(figures, tmp_path / "empty", report_font(month_copy.runtime))
    assert len(written) == len(tables(figures)) + len(CHARTS) + 2


@pytest.mark.parametrize("args", [["monthly", "--month", "2026-13"], ["monthly", "--month", "2026-11-01"],
                                  ["daily", "--date", "30/11/2026"]])
def test_a_wrong_period_is_a_usage_error(args, month_copy, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["report", *args, "--out", str(tmp_path), "--data-dir", str(month_copy.data_dir)])
    assert stopped.value.code == 2
    assert "expected a" in capsys.readouterr().err


def test_chinese_labels_are_drawn_in_the_projects_font(generated_month):
    """No "Glyph ... missing" warning with the project's font (every report chart is drawn the same way, under
    the same check, in the report command's test); a Latin-only font shows the check can fail."""
    figures = month_figures(generated_month.runtime)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font")
        assert today_png(figures, report_font(generated_month.runtime), 900, 700).startswith(b"\x89PNG")
    from matplotlib import get_data_path

    latin_only = Path(get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    with pytest.warns(UserWarning, match="missing from font"):
        chart_png(figures, "tickets_by_service", latin_only)


def test_refusals_are_counted_without_anything_about_the_person(month_copy):
    desk = open_queue(month_copy.runtime)
    sunday = datetime(2026, 12, 6, 10, 0, tzinfo=ZONE)
    refused = desk.tickets.issue_ticket("notarisation", "elderly", sunday)
    desk.tickets.count_refusal(refused, sunday)  # the same refusal shown again from the service list
    with desk.store.transaction(write=False) as tx:
        assert tx.refusal_counts("2026-12-06", "2026-12-06") == {("2026-12-06", "closed", "notarisation"): 2}
    desk.store.close()
    with closing(sqlite3.connect(month_copy.runtime.queue_db_path)) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(refusal_counts)")]
    assert columns == ["day", "reason", "service", "count"]
    figures = month_figures(month_copy.runtime, Period.day(date(2026, 12, 6)))
    assert figures.refusals == {(QUEUE, "closed"): 2}


def test_visitors_sent_back_because_the_hall_was_full_are_counted(month_copy):
    desk = open_queue(month_copy.runtime)
    tuesday = datetime(2026, 12, 1, 9, 0, tzinfo=ZONE)
    tickets = [desk.tickets.issue_ticket(code, None, tuesday).ticket for code in ("consultation", "mediation") * 40]
    desk.store.close()
    deferred = sum(1 for t in tickets if t.return_time is not None)
    assert deferred > 0  # more visitors than waiting spots
    figures = month_figures(month_copy.runtime, Period.day(date(2026, 12, 1)))
    assert figures.totals["deferred_hall_full"] == deferred
    assert "大厅满员回场 " + str(deferred) in figures.summary_lines()[0]


def test_a_report_folder_that_cannot_be_written_is_one_line_and_exit_1(month_copy, tmp_path, capsys):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert main(["report", "daily", "--date", "2026-11-30", "--out", str(blocked / "out"), "--data-dir",
                 str(month_copy.data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk-admin: cannot write the report into") and err.count("\n") == 1
