"""One visitor's transaction at the kiosk: in memory only, dropped when it ends or times out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.health.decision import Decision
from kiosk.queue import Refusal, Service, Ticket

if TYPE_CHECKING:  # the legal modules load after the first frame
    from kiosk.legal.content import Guide
    from kiosk.legal.library import AnswerView, CitedArticle, TopicView
    from kiosk.visitor.documents import Preview
    from kiosk.visitor.workorders import Requested
    from kiosk.workorders.products import Product


@dataclass
class Visit:
    """What this visitor chose so far. Nothing personal: outcomes and choices only."""

    purpose: str = "ticket"  # ticket (take a number) or check_in (an appointment)
    health_decision: Decision | None = None
    mask_confirmed: bool = False
    service: Service | None = None
    wanted_service: str = ""  # a service picked before the health check (取号 on a guide or answer), opened after it
    appointment_service: Service | None = None  # a product's service: the appointment starts at choosing the day
    priority: str | None = None
    ticket: Ticket | None = None
    ahead: int = 0
    refusal: Refusal | None = None
    materials: tuple[str, ...] = ()
    qr_payload: str = ""
    request_id: str = ""  # one per "take a number" press, reused on retries so nothing is issued twice
    # What the visitor opened in the legal lookup, for the screen that shows it.
    topic: TopicView | None = None
    answer: AnswerView | None = None
    article: CitedArticle | None = None
    guide: Guide | None = None
    product: Product | None = None  # the legal service product opened (法律服务产品)
    # Asking to be contacted: the choices so far and the order made (its number masked). The phone
    # number itself is never kept here: only the number pad holds it, until the order is created.
    order_kind: str = "callback"
    order_matter: str = ""
    order_urgency: str = "normal"
    contact: Requested | None = None
    # A document drafted by touch: the template, the answers so far, the checked draft's pages.
    document: str = ""
    document_answers: dict = field(default_factory=dict)
    document_preview: Preview | None = None
    # The calculator opened (算一算) and any inputs the answer it was opened from already settles.
    calculator: str = ""
    calculator_preset: dict[str, str] = field(default_factory=dict)
