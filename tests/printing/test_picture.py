"""The print-out as a picture: the paper's width in dots, and a QR code that scans."""

from __future__ import annotations

from datetime import datetime

import pytest
from PIL import ImageChops
from pyzbar.pyzbar import decode

from kiosk.printing.model import AnswerPrintout, CitedArticle
from kiosk.printing.picture import MARGIN_PX, answer_picture, ticket_picture


@pytest.mark.parametrize("paper,dots", [(58, 384), (80, 576)])
def test_the_ticket_picture_is_the_paper_wide_and_its_qr_scans(ticket, fonts, paper, dots):
    picture = ticket_picture(ticket, paper, fonts)

    assert picture.width == dots + 2 * MARGIN_PX
    assert [code.data.decode() for code in decode(picture)] == [ticket.qr_payload]


def test_the_picture_shows_what_differs_between_tickets(ticket_factory, fonts):
    one = ticket_picture(ticket_factory(number="C007"), 80, fonts)
    other = ticket_picture(ticket_factory(number="C008"), 80, fonts)

    assert one.size == other.size
    changed = ImageChops.difference(one, other).getbbox()
    assert changed is not None
    assert changed[3] < one.height // 4  # only the number near the top changed


def test_the_answer_picture_carries_its_qr(fonts):
    answer = AnswerPrintout(
        centre_name="示例市公共法律服务中心", question="加班费怎么算？",
        answer="工作日延长工作时间的，支付不低于工资的百分之一百五十。",
        qr_text="https://example.gov.cn/faq/3", printed_at=datetime.fromisoformat("2026-11-30T10:00+08:00"),
        articles=(CitedArticle("中华人民共和国劳动法", "第四十四条", "2018年修正"),),
    )

    picture = answer_picture(answer, 80, fonts)

    assert [code.data.decode() for code in decode(picture)] == ["https://example.gov.cn/faq/3"]
