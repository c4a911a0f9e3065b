"""The monthly report's three-platform pages (三台融合): work orders, ratings (好差评) and the 热点 page.

Work orders are counted by channel, kind and state, with the on-time rate and
what is overdue; ratings give the satisfaction rate by service and counter and
the reasons for bad ones; the 热点 page joins, per topic, what people searched
for at the kiosk, took numbers for at the counters, and asked for by work
order, with the questions searched most. Counts only: no phone number and no
person reaches a report.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from kiosk.foundation.resources import asset
from kiosk.workorders.model import (
    CANCELLED,
    CHANNEL_NAMES,
    DONE,
    KIND_NAMES,
    LEVELS,
    REASONS,
    SATISFIED_LEVELS,
    STATE_NAMES,
    Rating,
    WorkOrder,
)

if TYPE_CHECKING:
    from kiosk.reports.figures import Period
    from kiosk.workorders.store import WorkOrderStore

TYPICAL_QUESTIONS = 3


@lru_cache(maxsize=1)
def topic_names() -> dict[str, str]:
    """The knowledge base's topic codes to their Chinese names (the shipped topics.json)."""
    data = json.loads(asset("legal", "topics.json").read_text(encoding="utf-8"))
    return {topic["code"]: topic["name"] for topic in data["topics"]}


@dataclass(frozen=True)
class RatingGroup:
    """Ratings of one service or counter."""

    code: str
    count: int
    satisfied: int
    by_level: dict[int, int]

    @property
    def satisfaction(self) -> float:
        """The share rated 基本满意 or better, in per cent."""
        return 100 * self.satisfied / self.count if self.count else 0.0


@dataclass(frozen=True)
class Hotspot:
    """One topic's demand across the three platforms."""

    code: str
    name: str
    searches: int
    tickets: int
    work_orders: int
    questions: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.searches + self.tickets + self.work_orders


@dataclass(frozen=True)
class PlatformFigures:
    """The period's work orders and ratings, counted."""

    by_channel: dict[str, int]
    by_kind: dict[str, int]
    by_state: dict[str, int]
    done: int
    done_on_time: int
    overdue_open: int  # still open past the deadline when the report was made
    closed_late: int
    ratings: int
    satisfied: int
    by_service: tuple[RatingGroup, ...]
    by_counter: tuple[RatingGroup, ...]
    bad_reasons: dict[str, int]
    hotspots: tuple[Hotspot, ...]

    @property
    def orders(self) -> int:
        return sum(self.by_state.values())

    @property
    def on_time_rate(self) -> float:
        return 100 * self.done_on_time / self.done if self.done else 0.0

    @property
    def satisfaction(self) -> float:
        return 100 * self.satisfied / self.ratings if self.ratings else 0.0

    def summary_lines(self) -> list[str]:
        channels = "，".join(f"{CHANNEL_NAMES[c][0]} {n}" for c, n in self.by_channel.items()) or "无"
        lines = [f"工单 {self.orders} 件（{channels}）；办结 {self.done} 件，按时办结率 {self.on_time_rate:.0f}%；"
                 f"超期未办结 {self.overdue_open} 件，超期办结 {self.closed_late} 件。",
                 f"群众评价 {self.ratings} 次，满意率 {self.satisfaction:.0f}%。"]
        if self.bad_reasons:
            top = "、".join(f"“{REASONS[r][0]}”（{n}次）" for r, n in list(self.bad_reasons.items())[:3])
            lines.append(f"差评主要原因：{top}。")
        if self.hotspots:
            lines.append("三台热点：" + "、".join(f"{h.name}（{h.total}）" for h in self.hotspots[:5]) + "。")
        return lines


def _groups(ratings: list[Rating], key) -> tuple[RatingGroup, ...]:
    grouped: dict[str, list[Rating]] = {}
    for rating in ratings:
        grouped.setdefault(key(rating) or "-", []).append(rating)
    return tuple(RatingGroup(code, len(own), sum(r.level in SATISFIED_LEVELS for r in own),
                             dict(sorted(Counter(r.level for r in own).items(), reverse=True)))
                 for code, own in sorted(grouped.items()))


def count_platforms(orders: list[WorkOrder], ratings: list[Rating], now: datetime,
                    searches_by_topic: dict[str, int], tickets_by_service: dict[str, int],
                    searches: tuple[tuple[str, str, int], ...], names: dict[str, str]) -> PlatformFigures:
    """Count a period's orders and ratings, and join the three platforms' demand per topic."""
    done = [o for o in orders if o.state == DONE]
    bad = Counter(reason for r in ratings if r.bad for reason in r.reasons)
    by_topic = Counter(o.topic for o in orders if o.kind != "rectification")
    codes = set(searches_by_topic) | set(tickets_by_service) | set(by_topic)
    hotspots = [Hotspot(code, names.get(code, code), searches_by_topic.get(code, 0), tickets_by_service.get(code, 0),
                        by_topic.get(code, 0),
                        tuple(terms for terms, topic, _ in searches if topic == code)[:TYPICAL_QUESTIONS])
                for code in codes]
    hotspots.sort(key=lambda h: (-h.total, h.code))
    return PlatformFigures(
        by_channel=dict(Counter(o.channel for o in orders).most_common()),
        by_kind=dict(Counter(o.kind for o in orders).most_common()),
        by_state={state: n for state in STATE_NAMES if (n := sum(o.state == state for o in orders))},
        done=len(done), done_on_time=sum(not o.overdue(now) for o in done),
        overdue_open=sum(not o.closed and o.overdue(now) for o in orders),
        closed_late=sum(o.closed and o.state != CANCELLED and o.overdue(now) for o in orders),
        ratings=len(ratings), satisfied=sum(r.level in SATISFIED_LEVELS for r in ratings),
        by_service=_groups(ratings, lambda r: r.service), by_counter=_groups(ratings, lambda r: r.counter),
        bad_reasons=dict(bad.most_common()), hotspots=tuple(h for h in hotspots if h.total))


def read_platforms(store: WorkOrderStore, period: Period, zone, now: datetime, searches_by_topic: dict[str, int],
                   tickets_by_service: dict[str, int], searches: tuple[tuple[str, str, int], ...],
                   service_names: dict[str, str]) -> PlatformFigures:
    """The period's orders (by the day they were made) and ratings (by the ticket's day), counted."""
    with store.transaction(write=False) as tx:
        orders = tx.orders_between(*period.bounds(zone))
        ratings = tx.ratings_between(period.first.isoformat(), period.last.isoformat())
    return count_platforms(orders, ratings, now, searches_by_topic, tickets_by_service, searches,
                           {**topic_names(), **service_names})


Table = tuple[list[str], list[list[object]]]


def platform_tables(figures: PlatformFigures, service_names: dict[str, str]) -> dict[str, Table]:
    """The CSV tables of the three-platform pages, by file name."""

    def groups(rows: tuple[RatingGroup, ...], names: dict[str, str]) -> list[list[object]]:
        return [[g.code, names.get(g.code, g.code), g.count, *(g.by_level.get(level, 0) for level in LEVELS),
                 round(g.satisfaction, 1)] for g in rows]

    levels = [f"{name} {level}" for level, (name, _) in LEVELS.items()]
    return {
        # Every channel, kind, state and reason, none left out for being zero: a month's tables line up.
        "workorders_by_channel": (["渠道代码 channel", "渠道 name", "工单 orders"],
                                  [[c, name, figures.by_channel.get(c, 0)] for c, (name, _) in CHANNEL_NAMES.items()]),
        "workorders_by_kind": (["类型代码 kind", "类型 name", "工单 orders"],
                               [[k, name, figures.by_kind.get(k, 0)] for k, (name, _) in KIND_NAMES.items()]),
        "workorders_by_state": (["状态代码 state", "状态 name", "工单 orders"],
                                [[s, name, figures.by_state.get(s, 0)] for s, (name, _) in STATE_NAMES.items()]),
        "workorders_timeliness": (["指标 figure", "数值 value"], [
            ["工单 orders", figures.orders], ["办结 done", figures.done],
            ["按时办结 done on time", figures.done_on_time],
            ["按时办结率% on-time rate", round(figures.on_time_rate, 1)],
            ["超期未办结 overdue open", figures.overdue_open], ["超期办结 closed late", figures.closed_late]]),
        "ratings_by_service": (["业务代码 service", "业务 name", "评价 ratings", *levels, "满意率% satisfaction"],
                               groups(figures.by_service, service_names)),
        "ratings_by_counter": (["窗口 counter", "窗口 name", "评价 ratings", *levels, "满意率% satisfaction"],
                               groups(figures.by_counter, {})),
        "rating_reasons": (["原因代码 reason", "原因 name", "次数 count"],
                           [[r, name, figures.bad_reasons.get(r, 0)] for r, (name, _) in REASONS.items()]),
        "hotspots": (["专题代码 topic", "专题 name", "查询 searches", "窗口取号 counter tickets", "工单 work orders",
                      "合计 total", "典型问题 typical questions"],
                     [[h.code, h.name, h.searches, h.tickets, h.work_orders, h.total, "；".join(h.questions)]
                      for h in figures.hotspots]),
    }
