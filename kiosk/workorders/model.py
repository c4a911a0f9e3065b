"""Work orders (服务工单) and ratings (好差评): plain values, states and the visitor's messages.

No storage and no Kivy. Times are aware datetimes. The only personal datum is
the phone number, and it never appears here in clear: a work order carries its
masked form for display; the ciphertext stays in the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

# What the visitor or counter asks for; "rectification" (整改) is opened by a bad rating.
CALLBACK, HOME_VISIT, ONLINE, VIDEO, RECTIFICATION = "callback", "home_visit", "online", "video", "rectification"
KINDS = (CALLBACK, HOME_VISIT, ONLINE, VIDEO, RECTIFICATION)
# Kinds a person may ask for; rectification is only ever opened by the rating core.
REQUESTABLE_KINDS = (CALLBACK, HOME_VISIT, ONLINE, VIDEO)
KIND_NAMES: dict[str, tuple[str, str]] = {
    CALLBACK: ("12348热线回电", "hotline call-back"),
    HOME_VISIT: ("上门服务", "home visit"),
    ONLINE: ("网上办理", "online handling"),
    VIDEO: ("视频律师咨询", "video consultation with a lawyer"),
    RECTIFICATION: ("差评整改", "follow-up of a bad rating"),
}

# Where an order started: the hall kiosk, a counter terminal (or staff at the shell), a bad rating,
# or the hotline / online platform (orders that came in through the import folder or the API).
KIOSK, COUNTER, RATING, PLATFORM = "kiosk", "counter", "rating", "platform"
CHANNELS = (KIOSK, COUNTER, RATING, PLATFORM)
CHANNEL_NAMES: dict[str, tuple[str, str]] = {
    KIOSK: ("现场自助终端", "hall kiosk"), COUNTER: ("窗口", "counter"), RATING: ("评价", "rating"),
    PLATFORM: ("热线/网络平台", "hotline / online platform"),
}

NORMAL, URGENT = "normal", "urgent"
URGENCIES = (NORMAL, URGENT)

NEW, ACCEPTED, IN_PROGRESS, DONE, TRANSFERRED, CANCELLED = (
    "new", "accepted", "in_progress", "done", "transferred", "cancelled")
OPEN_STATES = (NEW, ACCEPTED, IN_PROGRESS)
CLOSED_STATES = (DONE, TRANSFERRED, CANCELLED)
STATES = OPEN_STATES + CLOSED_STATES
STATE_NAMES: dict[str, tuple[str, str]] = {
    NEW: ("新建", "new"), ACCEPTED: ("已受理", "accepted"), IN_PROGRESS: ("办理中", "in progress"),
    DONE: ("已办结", "done"), TRANSFERRED: ("已转办", "transferred"), CANCELLED: ("已取消", "cancelled"),
}

# Delivery of an order to the platform (its outbox row).
PENDING, SENT, DEAD = "pending", "sent", "dead"

# The national government-service rating's five levels, 5 the best.
LEVELS: dict[int, tuple[str, str]] = {
    5: ("非常满意", "very satisfied"), 4: ("满意", "satisfied"), 3: ("基本满意", "fairly satisfied"),
    2: ("不满意", "dissatisfied"), 1: ("非常不满意", "very dissatisfied"),
}
BAD_LEVELS = (1, 2)
SATISFIED_LEVELS = (3, 4, 5)
# Reason tiles for the two lowest levels: codes only, so a rating holds no free text.
REASONS: dict[str, tuple[str, str]] = {
    "long_wait": ("等候时间长", "waited too long"),
    "attitude": ("服务态度不好", "unfriendly service"),
    "unclear": ("解答不清楚", "answer not clear"),
    "not_solved": ("问题未解决", "problem not solved"),
    "sent_around": ("多次跑腿", "sent from place to place"),
    "materials": ("材料要求不明确", "unclear what to bring"),
    "other": ("其他", "other"),
}

_TOPIC = re.compile(r"[0-9A-Za-z_\-\u4e00-\u9fff]{1,40}")
_NOTE_CODE = re.compile(r"[0-9A-Za-z_\-]{1,40}")
# Mainland mobile numbers (11 digits from 1), and landlines with an area code (0 and 9-11 digits more).
_PHONE = re.compile(r"1[3-9][0-9]{9}|0[1-9][0-9]{8,10}")


def consent_notice(retention_days: int) -> tuple[str, str]:
    """What the consent screen says before the number pad: what the number is for and when it is deleted."""
    return (f"您留下的电话号码只用于12348热线或网络平台工作人员就本次事项与您联系，加密保存，不作他用；"
            f"工单办结{retention_days}天后自动删除。我们不收集姓名和身份证号码。",
            f"Your phone number is used only so that the 12348 hotline or online platform staff can contact you "
            f"about this matter. It is stored encrypted, used for nothing else, and deleted {retention_days} days "
            f"after the work order is closed. We do not collect your name or ID number.")


class WorkOrderError(Exception):
    """A request that cannot be done as asked, with the visitor's or staff member's message in both languages."""

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(en)
        self.code = code
        self.zh = zh
        self.en = en

    def message(self, language: str = "zh_CN") -> str:
        return self.en if language == "en" else self.zh


def normalise_phone(raw: str) -> str:
    """The digits of a phone number typed on the pad; WorkOrderError when it is not a number we can call."""
    digits = re.sub(r"[\s\-]", "", raw or "")
    if not _PHONE.fullmatch(digits):
        raise WorkOrderError("bad_phone", "请输入11位手机号码或带区号的固定电话。",
                             "Please enter an 11-digit mobile number or a landline with its area code.")
    return digits


def mask_phone(digits: str) -> str:
    """138****8000: the first three and last four digits, as staff and visitors see it."""
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def check_topic(raw: str) -> str:
    """A topic code or short Chinese label (from a tile): no spaces, no free sentences."""
    value = (raw or "").strip()
    if not _TOPIC.fullmatch(value):
        raise WorkOrderError("bad_topic", "请选择事项类型。", "Please choose the kind of matter.")
    return value


def check_note_code(raw: str | None) -> str | None:
    """An optional code staff attach (a form or case reference), never free text about the person."""
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    if not _NOTE_CODE.fullmatch(value):
        raise WorkOrderError("bad_note_code", "备注代码只能包含字母、数字、下划线和连字符。",
                             "A note code may hold letters, digits, _ and - only.")
    return value


def check_transition(old: str, new: str) -> None:
    """Open orders move forward only (new → accepted → in progress) and may close from any open state."""
    if new not in STATES:
        raise WorkOrderError("bad_state", f"未知状态：{new}", f"unknown state {new!r}; expected one of "
                             f"{', '.join(STATES)}")
    if old in CLOSED_STATES:
        raise WorkOrderError("closed", "工单已结束，不能再更改。", f"the order is already {old}")
    if new in OPEN_STATES and OPEN_STATES.index(new) <= OPEN_STATES.index(old):
        raise WorkOrderError("backwards", "工单状态不能回退。", f"cannot go from {old} to {new}")


@dataclass(frozen=True)
class WorkOrder:
    """One work order. ``key`` is its id at the platform and the ``Idempotency-Key`` of its delivery."""

    key: str
    kind: str
    topic: str
    channel: str
    urgency: str
    state: str
    created_at: datetime
    deadline: datetime
    phone_masked: str | None  # None once the number is erased
    note_code: str | None = None
    ticket_id: int | None = None  # the rated ticket of a rectification order
    service: str | None = None
    counter: str | None = None
    updated_at: datetime | None = None
    closed_at: datetime | None = None
    delivery: str = PENDING
    attempts: int = 0
    last_error: str | None = None
    id: int | None = None

    @property
    def closed(self) -> bool:
        return self.state in CLOSED_STATES

    def overdue(self, now: datetime) -> bool:
        """Still open after its deadline, or closed after it."""
        return (self.closed_at or now) > self.deadline if self.state != CANCELLED else False

    def as_json(self, now: datetime) -> dict[str, object]:
        """What staff and the shell see: the phone masked, times in ISO form."""
        return {
            "id": self.id, "key": self.key, "kind": self.kind, "topic": self.topic, "channel": self.channel,
            "urgency": self.urgency, "state": self.state, "phone": self.phone_masked,
            "note_code": self.note_code, "ticket_id": self.ticket_id, "service": self.service,
            "counter": self.counter, "created_at": self.created_at.isoformat(),
            "deadline": self.deadline.isoformat(), "overdue": self.overdue(now),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "delivery": self.delivery, "attempts": self.attempts, "last_error": self.last_error,
        }


@dataclass(frozen=True)
class StateChange:
    """One step of an order: who (a staff id, ``platform`` or ``kiosk``) moved it and when."""

    at: datetime
    old: str | None
    new: str
    who: str


@dataclass(frozen=True)
class Rating:
    """One visitor's rating of one finished ticket; reasons only for the two lowest levels."""

    ticket_id: int
    day: str
    ticket_label: str
    service: str
    counter: str | None
    level: int
    reasons: tuple[str, ...]
    at: datetime
    order_key: str | None = None  # the rectification order a bad rating opened

    @property
    def bad(self) -> bool:
        return self.level in BAD_LEVELS

    def as_json(self) -> dict[str, object]:
        return {"ticket_id": self.ticket_id, "day": self.day, "ticket": self.ticket_label, "service": self.service,
                "counter": self.counter, "level": self.level, "level_name": LEVELS[self.level][0],
                "reasons": list(self.reasons), "at": self.at.isoformat(), "work_order": self.order_key}


@dataclass(frozen=True)
class Claim:
    """An outbox row this sender holds for a while: the order to deliver and its ciphertext phone."""

    outbox_id: int
    order: WorkOrder
    phone_token: bytes | None
    attempts: int
