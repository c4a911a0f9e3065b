"""Legal lookup by finger: topics, hot questions, an answer with its articles and QR, pinyin, self-check."""

import cv2
import pytest
from pyzbar import pyzbar

pytestmark = pytest.mark.ui


def test_topic_to_answer_to_article_and_the_answer_qr_scans(start_kiosk):
    kiosk = start_kiosk()
    kiosk.tap(kiosk.widget("legal"))
    kiosk.settle("legal")  # with a tile for every topic that holds answers
    from kiosk.visitor import legal

    topics = kiosk.app.act(legal.topics, 8).result()
    assert len(kiosk.screen("legal").ids.tiles.children) == len(topics)
    kiosk.screenshot("legal-zh_CN-portrait")
    labour = next(t for t in kiosk.screen("legal").ids.tiles.children if t.topic.code == "labour")
    assert labour.title == "劳动用工"
    kiosk.tap(labour)
    kiosk.run_until(lambda: len(kiosk.screen("topic").ids.tiles.children) >= 5)
    kiosk.settle("topic")
    question = kiosk.screen("topic").ids.tiles.children[-1]
    kiosk.tap(question)
    kiosk.settle("answer")
    answer = kiosk.screen("answer")
    assert answer.ids.question.text == question.title
    assert answer.ids.cites.children, "an answer must cite the law"
    kiosk.pump(5)
    shot = kiosk.screenshot("answer-zh_CN-portrait")
    codes = pyzbar.decode(cv2.imread(str(shot), cv2.IMREAD_GRAYSCALE))
    assert codes, "the answer's QR code does not scan off the screen"
    raw = codes[0].data
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # zbar may guess Shift-JIS for UTF-8; undo that guess
        text = raw.decode("shift_jis").encode("shift_jis").decode("utf-8")
    if question.title not in text:
        text = text.encode("shift_jis").decode("utf-8")
    assert question.title in text and "《" in text  # the question and the laws it rests on

    cite = answer.ids.cites.children[-1]
    kiosk.tap(cite)
    kiosk.settle("article")
    article = kiosk.screen("article")
    assert article.ids.law.text == f"《{cite.cite.law}》"
    assert "时效性" in article.ids.status.text and cite.cite.version in article.ids.status.text
    kiosk.screenshot("article-zh_CN-portrait")


def test_pinyin_initials_find_the_term_and_results_follow_the_keys(start_kiosk):
    kiosk = start_kiosk()
    kiosk.app.go("pinyin")
    kiosk.settle("pinyin")
    screen = kiosk.screen("pinyin")
    keys = {key.key: key for key in screen.ids.pad.children}
    for letter in "ldht":
        kiosk.tap(keys[letter])
    kiosk.run_until(lambda: screen.candidates and screen.ids.results.children, timeout=60)
    assert screen.candidates[0] == "劳动合同"
    assert screen.ids.code.text == "LDHT"
    kiosk.screenshot("pinyin-zh_CN-portrait")
    candidate = screen.ids.candidates.children[-1]
    kiosk.tap(candidate)
    kiosk.run_until(lambda: screen.chosen == "劳动合同")
    answer = next(tile for tile in reversed(screen.ids.results.children) if tile.result.kind == "answer")
    kiosk.tap(answer)
    kiosk.settle("answer")
    assert kiosk.screen("answer").answer.question == answer.result.title
    kiosk.pump(5)
    shot = kiosk.screenshot("pinyin-answer-zh_CN-portrait")
    assert pyzbar.decode(cv2.imread(str(shot), cv2.IMREAD_GRAYSCALE)), "the answer's QR scans"


def test_the_legal_aid_self_check_ends_with_an_answer_and_the_materials(start_kiosk):
    kiosk = start_kiosk()
    kiosk.app.go("legal_aid_check")
    kiosk.settle("legal_aid_check")
    screen = kiosk.screen("legal_aid_check")

    def pick(option):
        button = next(b for b in screen.ids.options.children if b.option == option)
        kiosk.tap(button)

    pick("none")       # no special situation
    pick("wages")      # unpaid wages
    pick("migrant_worker")
    assert screen.result == "likely_eligible"
    assert "第四十二条" in screen.ids.reason.text
    kiosk.run_until(lambda: "身份证" in screen.ids.materials.text, timeout=60)
    kiosk.screenshot("legal-aid-check-zh_CN-portrait")
    kiosk.tap(screen.ids.again)
    assert screen.question == "special" and not screen.result
