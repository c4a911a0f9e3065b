"""The kiosk's screens: name and ``module:Class``, one line each.

Only the home screen is built before the first frame; the others are built in
this order right after it, or at once when a visitor needs one sooner. Those in
BUILT_WHEN_ASKED wait until someone first opens them.
"""

from __future__ import annotations

from importlib import import_module

HOME = "home"

KIOSK_SCREENS: tuple[tuple[str, str], ...] = (
    ("home", "kiosk.ui.screens.home:HomeScreen"),
    ("error", "kiosk.ui.screens.error:ErrorScreen"),
    ("paused", "kiosk.ui.screens.paused:PausedScreen"),
    ("health_check", "kiosk.ui.screens.health_check:HealthCheckScreen"),
    ("mask", "kiosk.ui.screens.mask:MaskScreen"),
    ("services", "kiosk.ui.screens.services:ServiceChoiceScreen"),
    ("priority", "kiosk.ui.screens.priority:PriorityScreen"),
    ("ticket", "kiosk.ui.screens.ticket:TicketScreen"),
    ("refusal", "kiosk.ui.screens.refusal:RefusalScreen"),
    ("legal", "kiosk.ui.screens.legal:LegalScreen"),
    ("topic", "kiosk.ui.screens.legal:TopicScreen"),
    ("answer", "kiosk.ui.screens.legal:AnswerScreen"),
    ("article", "kiosk.ui.screens.legal:ArticleScreen"),
    ("pinyin", "kiosk.ui.screens.pinyin:PinyinScreen"),
    ("guides", "kiosk.ui.screens.guides:GuidesScreen"),
    ("guide", "kiosk.ui.screens.guides:GuideScreen"),
    ("remote", "kiosk.ui.screens.remote:RemoteScreen"),
    ("legal_aid_check", "kiosk.ui.screens.legal_aid_check:LegalAidCheckScreen"),
    ("documents", "kiosk.ui.screens.documents:DocumentsScreen"),
    ("document_questions", "kiosk.ui.screens.documents:DocumentQuestionScreen"),
    ("document_preview", "kiosk.ui.screens.documents:DocumentPreviewScreen"),
    ("calculators", "kiosk.ui.screens.calculators:CalculatorsScreen"),
    ("calculator", "kiosk.ui.screens.calculators:CalculatorScreen"),
    ("appointment", "kiosk.ui.screens.appointment:AppointmentScreen"),
    ("products", "kiosk.ui.screens.products:ProductsScreen"),
    ("product", "kiosk.ui.screens.products:ProductScreen"),
    ("checkin", "kiosk.ui.screens.appointment:CheckInScreen"),
    ("order_consent", "kiosk.ui.screens.workorder:ContactConsentScreen"),
    ("order_matter", "kiosk.ui.screens.workorder:ContactMatterScreen"),
    ("order_phone", "kiosk.ui.screens.workorder:ContactPhoneScreen"),
    ("order_done", "kiosk.ui.screens.workorder:ContactDoneScreen"),
    ("rating", "kiosk.ui.screens.rating:RatingTicketScreen"),
    ("rating_level", "kiosk.ui.screens.rating:RatingLevelScreen"),
    ("staff_pin", "kiosk.ui.screens.staff_pin:StaffPinScreen"),
    ("staff", "kiosk.ui.screens.staff:StaffScreen"),
    ("staff_services", "kiosk.ui.screens.staff_services:StaffServicesScreen"),
    ("staff_hours", "kiosk.ui.screens.staff_hours:StaffHoursScreen"),
    ("staff_counters", "kiosk.ui.screens.staff_counters:StaffCountersScreen"),
    ("staff_hall", "kiosk.ui.screens.staff_hall:StaffHallScreen"),
    ("staff_policy", "kiosk.ui.screens.staff_policy:StaffPolicyScreen"),
    ("staff_disinfection", "kiosk.ui.screens.staff_disinfection:StaffDisinfectionScreen"),
    ("staff_audit", "kiosk.ui.screens.staff_audit:StaffAuditScreen"),
    ("staff_figures", "kiosk.ui.screens.staff_figures:StaffFiguresScreen"),
    ("staff_orders", "kiosk.ui.screens.staff_orders:StaffOrdersScreen"),
    ("staff_local_figures", "kiosk.ui.screens.staff_local_figures:StaffLocalFiguresScreen"),
)

SCREEN_NAMES = frozenset(name for name, _ in KIOSK_SCREENS)

# Screens few visitors reach, or staff only: built on first use rather than at start-up, which keeps some
# 60 MB (bench_memory: their widgets, label textures and matplotlib, which the documents load) off a kiosk
# where nobody opens them; the first to open one waits for it to be built.
BUILT_WHEN_ASKED = frozenset((
    "remote", "legal_aid_check", "documents", "document_questions", "document_preview", "calculators",
    "calculator", "order_consent", "order_matter", "order_phone", "order_done", "rating", "rating_level",
    "staff_pin", "staff", "staff_services", "staff_hours", "staff_counters", "staff_hall", "staff_policy",
    "staff_disinfection", "staff_audit", "staff_figures",
    "products", "product",
))


def screen_class(name: str) -> type:
    """The class of screen ``name``, importing its module (and so loading its .kv) on first use."""
    target = dict(KIOSK_SCREENS)[name]
    module, _, cls = target.partition(":")
    return getattr(import_module(module), cls)
