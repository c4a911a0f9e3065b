"""Admit, refer to staff, or refuse: the reasons, the words a visitor reads, and where else to go.

Only a plainly green result with a normal (or door-checked) temperature and a mask
admits. Anything uncertain goes to staff; an authoritative red (the service said
so) or a visitor without a mask is refused, with the remote channels offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kiosk.health.model import ADMIT, NO_COLOUR, REFER, REFUSE

# Remote channels (远程服务) a visitor not admitted is offered, by code.
CHANNELS: dict[str, tuple[str, str]] = {
    "hotline": ("拨打12348公共法律服务热线", "Call the 12348 public legal service hotline"),
    "online": ("登录12348中国法律服务网在线咨询", "Ask online at the 12348 China Legal Services website"),
    "appointment": ("预约其他日期到场办理", "Book an appointment for another day"),
}
REMOTE_CHANNELS = ("hotline", "online", "appointment")

# reason -> (decision, zh, en)
REASONS: dict[str, tuple[str, str, str]] = {
    "green": (ADMIT, "健康码为绿码，请继续取号。", "Your health code is green. Please go on to take a number."),
    "eu_valid": (ADMIT, "健康证书有效，请继续取号。",
                 "Your health certificate is valid. Please go on to take a number."),
    "staff_override": (ADMIT, "工作人员已核验，请继续取号。", "A member of staff has checked you. Please go on."),
    "green_staff_check": (REFER, "健康码为绿码，请工作人员确认后取号。",
                          "Your health code is green. A member of staff will confirm it before you take a number."),
    "yellow": (REFER, "健康码为黄码，请联系工作人员。", "Your health code is yellow. Please ask a member of staff."),
    "red": (REFER, "健康码为红码，请联系工作人员。", "Your health code is red. Please ask a member of staff."),
    "red_confirmed": (REFUSE, "健康码核验为红码，暂不能进入大厅办理，请使用远程服务。",
                      "The health-code service shows a red code, so you cannot be served in the hall today. "
                      "Please use a remote channel."),
    "no_colour": (REFER, "未能识别健康码颜色，请联系工作人员。",
                  "The colour of your code could not be read. Please ask a member of staff."),
    "no_code": (REFER, "未能读取健康码，请联系工作人员。",
                "No health code could be read. Please ask a member of staff."),
    "not_health_code": (REFER, "这不是健康码，请打开健康码后重新出示，或联系工作人员。",
                        "This is not a health code. Please open your health code and show it again, "
                        "or ask a member of staff."),
    "code_expired": (REFER, "健康码已过期，请刷新后重新出示。", "Your health code has expired. Please refresh it and "
                     "show it again."),
    "other_province": (REFER, "这不是本省的健康码，请联系工作人员核验。",
                       "This is not a health code of this province. Please ask a member of staff."),
    "eu_not_accepted": (REFER, "本机不核验欧盟健康证书，请联系工作人员。",
                        "This kiosk does not check EU certificates. Please ask a member of staff."),
    "eu_malformed": (REFER, "健康证书无法读取，请联系工作人员。",
                     "The certificate could not be read. Please ask a member of staff."),
    "eu_unknown_signer": (REFER, "健康证书的签发机构未知，请联系工作人员。",
                          "The certificate's issuer is not known here. Please ask a member of staff."),
    "eu_bad_signature": (REFER, "健康证书签名无效，请联系工作人员。",
                         "The certificate's signature is not valid. Please ask a member of staff."),
    "eu_wrong_key_usage": (REFER, "健康证书签发方式不符，请联系工作人员。",
                           "The certificate was signed by a key not meant for it. Please ask a member of staff."),
    "eu_expired": (REFER, "健康证书已过期，请联系工作人员。",
                   "The certificate has expired. Please ask a member of staff."),
    "eu_not_yet_valid": (REFER, "健康证书尚未生效，请联系工作人员。",
                         "The certificate is not valid yet. Please ask a member of staff."),
    "temperature_high": (REFER, "体温偏高，请联系工作人员复测。",
                         "Your temperature is high. Please ask a member of staff to measure it again."),
    "temperature_unavailable": (REFER, "未能测得体温，请联系工作人员。",
                                "Your temperature could not be taken. Please ask a member of staff."),
    "mask_not_confirmed": (REFUSE, "请佩戴好口罩后再办理。", "Please put on a mask before you go on."),
}
FALLBACK_NOTE = ("（健康码核验服务暂时无法连接，已按健康码颜色判断。）",
                 " (The health-code service could not be reached; the colour on screen was used.)")


@dataclass(frozen=True)
class Decision:
    """The outcome for one visitor. In memory only; the store keeps a reduced :class:`Outcome`."""

    decision: str
    reason: str
    kind: str
    colour: str
    message: str
    message_en: str
    channels: tuple[str, ...] = ()
    source: str = "offline"  # offline, online, eu_dcc, staff
    fallback: bool = False  # the service could not be asked; the colour rule decided
    confidence: float = 0.0
    masked_name: str = field(default="", repr=False)  # for the screen only, e.g. 张*三; never logged
    staff_id: str = ""

    @property
    def admitted(self) -> bool:
        return self.decision == ADMIT


def decide(reason: str, kind: str, colour: str = NO_COLOUR, *, source: str = "offline", fallback: bool = False,
           confidence: float = 0.0, masked_name: str = "") -> Decision:
    """The decision and its words for ``reason`` (a key of :data:`REASONS`)."""
    decision, zh, en = REASONS[reason]
    if fallback:
        zh, en = zh + FALLBACK_NOTE[0], en + FALLBACK_NOTE[1]
    return Decision(decision, reason, kind, colour, zh, en, () if decision == ADMIT else REMOTE_CHANNELS,
                    source, fallback, confidence, masked_name)


def with_visitor(code: Decision, temperature_reason: str | None, mask_ok: bool) -> Decision:
    """The code's decision, unless it admits and the temperature or the mask does not."""
    if not code.admitted:
        return code
    reason = temperature_reason or (None if mask_ok else "mask_not_confirmed")
    if reason is None:
        return code
    return replace(decide(reason, code.kind, code.colour, source=code.source, confidence=code.confidence),
                   masked_name=code.masked_name)


def override(decision: Decision, staff_id: str) -> Decision:
    """Staff let the visitor through; ``staff_id`` was verified by the PIN pad already."""
    if not staff_id:
        raise ValueError("expected the id of the member of staff who verified the visitor")
    return replace(decide("staff_override", decision.kind, decision.colour, confidence=decision.confidence),
                   source="staff", staff_id=staff_id)


def mask_name(name: str) -> str:
    """张三 -> 张*, 张小三 -> 张*三, 欧阳小明 -> 欧**明: the most a screen may show."""
    name = name.strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
