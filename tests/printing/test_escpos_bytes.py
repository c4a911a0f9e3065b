"""The ticket's ESC/POS bytes (python-escpos Dummy) read back as a printer would."""

from __future__ import annotations

from datetime import datetime

import pytest
from pyzbar.pyzbar import decode

from kiosk.printing.escpos_bytes import answer_bytes, ticket_bytes
from kiosk.printing.model import AnswerPrintout, CitedArticle
from kiosk.printing.text import text_width


@pytest.mark.parametrize("paper", [58, 80])
def test_the_ticket_reads_back_with_number_chinese_qr_and_cut(ticket, escpos_reader, paper):
    printed = escpos_reader(ticket_bytes(ticket, paper))

    assert printed.chinese_mode_at_first_text is True
    assert "示例市公共法律服务中心" in printed.lines
    assert "C007" in printed.lines
    assert printed.sizes["C007"] == 0x11  # double width and height
    assert printed.sizes["法律援助申请"] == 0x00
    assert "前面等候：4 人" in printed.lines
    assert "预计叫号：09:50 前后" in printed.lines
    assert "等候位：12 号" in printed.lines
    assert any(line.startswith("1. 居民身份证原件") for line in printed.lines)
    assert "请全程佩戴口罩，排队时与他人保持1米以上间距。" in "".join(printed.lines)
    assert printed.qr_payloads == [ticket.qr_payload]
    assert printed.qr_printed == 1
    assert printed.cut
    assert printed.after_cut == b""


def test_chinese_goes_out_in_gb18030_not_as_question_marks(ticket):
    data = ticket_bytes(ticket)

    assert "法律援助申请".encode("gb18030") in data
    assert "法律援助申请".encode() not in data
    assert b"?" not in data.split(b"\x1d(k")[0]  # no replaced characters before the QR


@pytest.mark.parametrize("paper,columns", [(58, 32), (80, 48)])
def test_no_line_is_wider_than_the_paper(ticket, escpos_reader, paper, columns):
    printed = escpos_reader(ticket_bytes(ticket, paper))

    for line in printed.lines:
        limit = columns // 2 if printed.sizes[line] == 0x11 else columns
        assert text_width(line) <= limit, line
    assert any(text_width(line) == columns for line in printed.lines)  # the rules span the paper


def test_the_materials_list_wraps_differently_on_58_and_80_mm(ticket, escpos_reader):
    narrow = escpos_reader(ticket_bytes(ticket, 58)).lines
    wide = escpos_reader(ticket_bytes(ticket, 80)).lines

    assert len(narrow) > len(wide)
    third = next(line for line in narrow if line.startswith("3. "))
    after = narrow[narrow.index(third) + 1]
    assert after.startswith("   ") and not after.startswith("    ")  # hangs under the item's text


def test_a_full_hall_prints_the_return_time_instead_of_a_spot(ticket_factory, escpos_reader):
    ticket = ticket_factory(waiting_spot=None, return_time=datetime.fromisoformat("2026-11-30T14:30+08:00"))

    lines = escpos_reader(ticket_bytes(ticket)).lines

    assert "回场时间：请于 14:30 前回到大厅" in lines
    assert not any(line.startswith("等候位") for line in lines)


def test_an_english_ticket_uses_english_labels_and_service_name(ticket_factory, escpos_reader):
    lines = escpos_reader(ticket_bytes(ticket_factory(language="en"))).lines

    assert "Legal aid application" in lines
    assert "People ahead: 4" in lines
    assert "Please wear a mask at all times and keep at least 1 metre apart." in " ".join(lines)


def test_without_native_qr_the_code_is_a_raster_picture_that_scans(ticket, escpos_reader):
    printed = escpos_reader(ticket_bytes(ticket, 58, native_qr=False))

    assert printed.qr_payloads == []
    assert len(printed.images) == 1
    assert printed.images[0].width <= 384
    assert [code.data.decode() for code in decode(printed.images[0])] == [ticket.qr_payload]


def test_an_answer_prints_question_articles_and_a_qr(escpos_reader):
    answer = AnswerPrintout(
        centre_name="示例市公共法律服务中心",
        question="房东不退押金怎么办？",
        answer="租赁期满，承租人按约定返还房屋且无违约的，出租人应当退还押金。",
        qr_text="https://example.gov.cn/faq/17",
        printed_at=datetime.fromisoformat("2026-11-30T10:00+08:00"),
        articles=(CitedArticle("民法典", "第七百三十三条", "2020-05-28"),
                  CitedArticle("传染病防治法", "第四十一条", "2013-06-29", status="已修改",
                               note="已被2025年4月30日修订的文本取代。")),
    )

    printed = escpos_reader(answer_bytes(answer, 58))

    assert "问：房东不退押金怎么办？" in printed.lines
    text = "".join(line.strip() for line in printed.lines)
    assert "《民法典》第七百三十三条（2020-05-28 版）" in text
    assert "《传染病防治法》第四十一条（2013-06-29 版，已修改）" in text
    assert "※ 已被2025年4月30日修订的文本取代。" in text
    assert printed.qr_payloads == ["https://example.gov.cn/faq/17"]
    assert printed.cut


def test_an_appointment_slip_prints_the_code_large_when_to_come_and_its_qr(escpos_reader):
    from kiosk.printing.escpos_bytes import booking_bytes
    from kiosk.printing.model import BookingPrintout

    slip = BookingPrintout(centre_name="示例市公共法律服务中心", code="418203", service="公证", day="12月8日 周二",
                           window="09:00-10:00", qr_payload="legal-kiosk:appointment:418203")

    printed = escpos_reader(booking_bytes(slip, 58))

    assert printed.chinese_mode_at_first_text is True
    assert "418203" in printed.lines and printed.sizes["418203"] == 0x11
    assert "日期：12月8日 周二" in printed.lines and "时间：09:00-10:00" in printed.lines
    assert printed.qr_payloads == ["legal-kiosk:appointment:418203"]
    assert printed.cut
