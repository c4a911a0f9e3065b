"""The QR of an answer print-out: a web address, or the answer itself cut to what scans on 58 mm paper."""

from __future__ import annotations

from datetime import datetime

from pyzbar.pyzbar import decode

from kiosk.printing.answers import MAX_QR_BYTES, answer_qr_text, fitted_qr_text
from kiosk.printing.model import AnswerPrintout, CitedArticle
from kiosk.printing.picture import answer_picture

ARTICLES = (CitedArticle("中华人民共和国民法典", "第五百八十七条", "2020-05-28"),
            CitedArticle("《中华人民共和国民法典》", "第五百八十八条", "2020-05-28"))
SUPERSEDED = CitedArticle("传染病防治法", "第四十一条", "2013-06-29", status="已修改",
                          note="已被2025年4月30日修订的文本取代，新文本自2025年9月1日起施行。")


def test_a_configured_address_is_used_with_the_answer_id():
    text = answer_qr_text("定金/17", "问", "答", ARTICLES, "https://example.gov.cn/faq/{id}")

    assert text == "https://example.gov.cn/faq/%E5%AE%9A%E9%87%91%2F17"


def test_a_short_answer_is_carried_whole_with_its_citations():
    text = answer_qr_text("17", "婚宴取消，定金能退吗？", "因对方原因取消的，可以要求双倍返还定金。", ARTICLES)

    assert text == ("婚宴取消，定金能退吗？\n因对方原因取消的，可以要求双倍返还定金。"
                    "\n《中华人民共和国民法典》第五百八十七条（2020-05-28 版）"
                    "\n《中华人民共和国民法典》第五百八十八条（2020-05-28 版）")


def test_a_long_answer_is_cut_but_keeps_its_citations_and_scans_on_58_mm(fonts):
    long_answer = "收受定金的一方不履行债务或者履行债务不符合约定，致使不能实现合同目的的，应当双倍返还定金。" * 12

    text = answer_qr_text("17", "婚宴取消，定金能退吗？", long_answer, ARTICLES)

    assert len(text.encode("utf-8")) <= MAX_QR_BYTES
    assert "…\n《中华人民共和国民法典》第五百八十七条（2020-05-28 版）" in text
    printout = AnswerPrintout("示例市公共法律服务中心", "婚宴取消，定金能退吗？", long_answer, text,
                              datetime.fromisoformat("2026-11-30T10:00+08:00"), ARTICLES)
    picture = answer_picture(printout, 58, fonts)
    assert [code.data.decode("utf-8") for code in decode(picture)] == [text]


def test_citations_read_naturally_in_each_language():
    labour = CitedArticle("Labour Contract Law", "Article 30", "2012-12-28", status="有效")
    assert labour.citation("en") == "Labour Contract Law, Article 30 (2012)"
    chinese = CitedArticle("劳动合同法", "第三十条", "2012-12-28", status="有效")
    assert chinese.citation("zh_CN") == "《劳动合同法》第三十条（2012-12-28 版）"
    qr = answer_qr_text("x", "Unpaid wages?", "Ask the employer first.", (labour,), language="en")
    assert qr.endswith("\nLabour Contract Law, Article 30 (2012)") and "《" not in qr


def test_a_version_not_in_force_says_its_status_and_the_qr_carries_the_note_once():
    assert SUPERSEDED.citation("zh_CN") == "《传染病防治法》第四十一条（2013-06-29 版，已修改）"
    english = CitedArticle("Infectious Diseases Law", "Article 41", "2013-06-29", status="已废止",
                           note="Replaced.")
    assert english.citation("en") == "Infectious Diseases Law, Article 41 (2013, repealed)"
    twelve = CitedArticle("传染病防治法", "第十二条", "2013-06-29", status="已修改", note=SUPERSEDED.note)

    qr = answer_qr_text("x", "隔离期间工资怎么算？", "照常发工资。", (SUPERSEDED, twelve))

    assert qr == ("隔离期间工资怎么算？\n照常发工资。\n《传染病防治法》第四十一条（2013-06-29 版，已修改）\n"
                  + SUPERSEDED.note + "\n《传染病防治法》第十二条（2013-06-29 版，已修改）")


def test_a_long_answer_keeps_the_status_of_its_citations_in_the_qr():
    long_answer = "被依法隔离的职工，隔离期间单位应当照常发工资。" * 30

    text = answer_qr_text("17", "隔离期间工资怎么算？", long_answer, (SUPERSEDED,))

    assert len(text.encode("utf-8")) <= MAX_QR_BYTES
    assert text.endswith("…\n《传染病防治法》第四十一条（2013-06-29 版，已修改）\n" + SUPERSEDED.note)


def test_an_english_answer_prints_without_book_title_marks():
    from kiosk.printing.layout import answer_layout

    cited = CitedArticle("Labour Law", "Article 50", "2018-12-29")
    revised = CitedArticle("Arbitration Law", "Article 59", "2017-09-01", status="已修改",
                           note="Replaced by the revision adopted on 2025-09-12, in force from 2026-03-01.")
    printout = AnswerPrintout("Example Centre", "Unpaid wages?", "Ask the employer first.", "qr",
                              datetime(2026, 11, 30, 9, 0), (cited, revised), language="en")
    lines = [block.text for block in answer_layout(printout, 32) if hasattr(block, "text")]
    assert not any("《" in line or "（" in line for line in lines), lines
    assert any(line.startswith("Labour Law, Article 50") for line in lines), lines
    text = " ".join(line.strip() for line in lines)
    assert "Labour Law, Article 50 (2018)" in text
    assert "Arbitration Law, Article 59 (2017, amended)" in text
    assert "* Replaced by the revision adopted on 2025-09-12, in force from 2026-03-01." in text


def test_a_fitted_qr_keeps_whole_sentences_and_writes_a_laws_articles_once():
    answer = "第一句讲要点。第二句讲例外。第三句讲怎么办。"
    law = "最高人民法院关于审理预付式消费民事纠纷案件适用法律若干问题的解释"
    articles = (CitedArticle(law, "第九条", "2025-03-13"), CitedArticle(law, "第十三条", "2025-03-13"))
    whole, complete = fitted_qr_text("问？", answer, articles, lambda text: True, "（见打印件）")
    assert complete and answer in whole and "（见打印件）" not in whole

    def fits(text: str) -> bool:
        return len(text.encode("utf-8")) <= 215  # the whole answer, even with one line a law, is 220

    text, complete = fitted_qr_text("问？", answer, articles, fits, "（见打印件）")
    assert not complete and fits(text)
    assert text == ("问？\n第一句讲要点。第二句讲例外。\n（见打印件）"
                    f"\n《{law}》第九条、第十三条（2025-03-13 版）")
