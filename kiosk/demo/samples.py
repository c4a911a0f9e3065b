"""Sample print-outs for the test page, the preview command and the benchmark.

The sample ticket's QR is signed with a throwaway secret: it is as long as a
real one, and no counter will ever accept it.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from kiosk.foundation.config import Settings
from kiosk.foundation.i18n import localised
from kiosk.printing.answers import answer_qr_text
from kiosk.printing.model import AnswerPrintout, CitedArticle, TicketPrintout
from kiosk.printing.signing import SignedTicket, TicketSigner


def sample_ticket(settings: Settings, now: datetime, language: str = "zh_CN",
                  full_hall: bool = False) -> TicketPrintout:
    """A consultation ticket as the kiosk would print it now, with a return time when ``full_hall``."""
    centre = settings.centre
    spot = "Spot 12 (row 2, seat 4)" if language == "en" else "12 号（第2排第4座）"
    signer = TicketSigner(secrets.token_bytes(32), centre.timezone)
    payload = signer.sign(SignedTicket(0, now.date(), "A000", "elderly"))
    return TicketPrintout(
        centre_name=localised(centre, "name", language),
        number="A000",
        service_zh="法律咨询（样张）",
        service_en="Legal consultation (sample)",
        issued_at=now,
        people_ahead=3,
        qr_payload=payload,
        expected_call=now + timedelta(minutes=25),
        waiting_spot=None if full_hall else spot,
        return_time=now + timedelta(minutes=40) if full_hall else None,
        materials=(
            ("Identity card (original)", "Contracts, receipts, chat records and other evidence of the matter")
            if language == "en" else
            ("居民身份证原件", "与咨询事项有关的合同、收据、聊天记录等证据材料（如有）")
        ),
        notice=localised(centre, "notice", language),
        language=language,
    )


# In each language as the kiosk prints an answer: in English the laws by their English names, and no
# statute excerpt (the statutes exist in Chinese only).
SAMPLE_ANSWER = {
    "zh_CN": (
        "用人单位不签书面劳动合同，劳动者可以主张什么？",
        "入职满一个月单位还没签书面劳动合同的，从第二个月起每月可以要求两倍工资，最多算十一个月。"
        "可以先与单位协商，协商不成的，可以申请劳动仲裁。",
        (CitedArticle("劳动合同法", "第八十二条", "2012-12-28", "超过一个月不满一年未签书面合同：每月二倍工资。"),
         CitedArticle("劳动合同法", "第十条", "2012-12-28")),
    ),
    "en": (
        "My employer never signed a written labour contract with me. What can I claim?",
        "If there is still no written contract a month after you started, you can ask for double wages for each "
        "month from the second month on, for at most eleven months. Talk to the employer first; if that fails, "
        "you can apply for labour arbitration.",
        (CitedArticle("Labour Contract Law", "Article 82", "2012-12-28"),
         CitedArticle("Labour Contract Law", "Article 10", "2012-12-28")),
    ),
}


def sample_answer(settings: Settings, now: datetime, language: str = "zh_CN") -> AnswerPrintout:
    """An answer print-out with two cited articles, its QR as ``[tickets] answer_url`` says."""
    question, answer, articles = SAMPLE_ANSWER[language]
    return AnswerPrintout(
        centre_name=localised(settings.centre, "name", language),
        question=question,
        answer=answer,
        qr_text=answer_qr_text("sample", question, answer, articles, settings.tickets.answer_url, language),
        printed_at=now,
        articles=articles,
        language=language,
    )
