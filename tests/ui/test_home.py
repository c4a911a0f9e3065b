"""The kiosk starts to its home screen and the visitor's switches work, in the real window."""

import pytest

from kiosk.foundation.i18n import translate

pytestmark = pytest.mark.ui

OPEN_EVERY_DAY = """
[hours]
mon = 09:00-12:00, 13:30-17:00
tue = 09:00-12:00, 13:30-17:00
wed = 09:00-12:00, 13:30-17:00
thu = 09:00-12:00, 13:30-17:00
fri = 09:00-12:00, 13:30-17:00
sat = 09:00-12:00, 13:30-17:00
sun = 09:00-12:00, 13:30-17:00
[centre]
name = 测试市公共法律服务中心
name_en = Test City Public Legal Service Centre
hotline = 0519-12348
"""


def test_starts_to_the_home_screen_with_the_centre_from_config(start_kiosk):
    kiosk = start_kiosk(OPEN_EVERY_DAY)
    assert kiosk.app.root.current == "home"
    assert kiosk.widget("centre_name").text == "测试市公共法律服务中心"
    assert kiosk.widget("hours").text == "09:00-12:00  13:30-17:00"
    assert "0519-12348" in kiosk.widget("hotline").text
    assert kiosk.widget("clock").text == kiosk.app.now().strftime("%H:%M")
    assert "口罩" in kiosk.widget("notice").text


def test_language_switch_changes_every_visible_text(start_kiosk):
    kiosk = start_kiosk(OPEN_EVERY_DAY)
    hours_title_zh = translate("home.hours_title", "zh_CN")
    assert hours_title_zh in _visible_texts(kiosk)

    kiosk.tap(kiosk.widget("language_switch"))

    assert kiosk.app.language == "en"
    assert kiosk.widget("centre_name").text == "Test City Public Legal Service Centre"
    texts = _visible_texts(kiosk)
    assert translate("home.hours_title", "en") in texts
    assert hours_title_zh not in texts
    assert "mask" in kiosk.widget("notice").text
    kiosk.tap(kiosk.widget("language_switch"))
    assert kiosk.widget("centre_name").text == "测试市公共法律服务中心"


def test_large_text_switch_enlarges_the_text(start_kiosk):
    kiosk = start_kiosk(OPEN_EVERY_DAY)
    hours = kiosk.widget("hours")
    normal = hours.font_size
    kiosk.tap(kiosk.widget("large_text_switch"))
    kiosk.pump(3)
    assert kiosk.app.large_text
    assert hours.font_size == pytest.approx(normal * 1.3)
    assert hours.texture_size[1] > 0
    kiosk.tap(kiosk.widget("large_text_switch"))
    assert hours.font_size == pytest.approx(normal)


def test_idle_timeout_forgets_the_visitors_choices(start_kiosk):
    kiosk = start_kiosk(OPEN_EVERY_DAY + "[display]\nidle_timeout = 600\n")
    kiosk.tap(kiosk.widget("language_switch"))
    kiosk.tap(kiosk.widget("large_text_switch"))
    assert kiosk.app.language == "en" and kiosk.app.large_text

    kiosk.let_time_pass(1.2)  # touches a moment ago: nothing is forgotten yet
    assert kiosk.app.language == "en"

    kiosk.app.last_activity -= 601  # as if nobody had touched the screen for ten minutes
    kiosk.run_until(lambda: kiosk.app.language == "zh_CN")
    assert not kiosk.app.large_text
    assert kiosk.app.root.current == "home"


def test_idle_timeout_brings_any_screen_home(start_kiosk):
    kiosk = start_kiosk(OPEN_EVERY_DAY + "[display]\nidle_timeout = 600\n")
    kiosk.app.root.current = "error"
    kiosk.app.last_activity -= 601
    kiosk.run_until(lambda: kiosk.app.root.current == "home")


def test_home_posts_the_hall_and_the_queue_and_refreshes_by_itself(start_kiosk, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo


    kiosk = start_kiosk(OPEN_EVERY_DAY + "[hall]\nrows = 2\ncolumns = 3\n")
    morning = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(kiosk.app, "now", lambda: morning)
    kiosk.screen("home").refresh()
    kiosk.run_until(lambda: kiosk.widget("hall").text == "大厅 0 / 6 人（按1米间距）")
    assert "法律咨询：等候 0 人" in kiosk.widget("queue").text + kiosk.widget("queue_more").text

    # Another process (a second kiosk) issues a ticket; the home screen shows it without a touch.
    kiosk.screen("home").refresher.timeout = 0.3
    services = kiosk.app.services
    kiosk.app.workers.queue.run_now(lambda: services.tickets.issue_ticket("mediation", None, morning))
    kiosk.app.workers.queue.run_now(lambda: services.centre.set_counter("3", ("mediation",), True, "test", morning))
    kiosk.run_until(lambda: kiosk.widget("hall").text == "大厅 1 / 6 人（按1米间距）")
    assert "人民调解：等候 1 人" in kiosk.widget("queue").text + kiosk.widget("queue_more").text
    kiosk.run_until(lambda: kiosk.widget("counters").text == "今日开放窗口：3 号窗口")
    kiosk.app.language = "en"
    kiosk.run_until(lambda: kiosk.widget("counters").text == "Counters open today: Counter 3")


@pytest.mark.parametrize("large_text", [False, True])
def test_home_in_both_languages_and_orientations(start_kiosk, large_text):
    """Screenshots for people to look at; the header, the entries and the ticker stay on screen."""
    kiosk = start_kiosk()  # the shipped hours: closed at weekends, so the longest posted week
    kiosk.app.large_text = large_text
    suffix = "-large" if large_text else ""
    for orientation, size in (("portrait", (1080, 1920)), ("landscape", (1920, 1080))):
        kiosk.resize(size)
        for language in ("zh_CN", "en"):
            kiosk.app.language = language
            kiosk.pump(5)
            for name in ("centre_name", "language_switch", "large_text_switch", "clock", "take_number", "legal",
                         "guides", "remote", "notice"):
                widget = kiosk.widget(name)
                x, y = widget.to_window(*widget.pos)
                assert x >= 0 and x + widget.width <= size[0] + 1, f"{name} leaves the screen"
                assert y >= 0 and y + widget.height <= size[1] + 1, f"{name} leaves the screen ({orientation})"
            assert kiosk.screenshot(f"home-{language}-{orientation}{suffix}").stat().st_size > 10_000


def _visible_texts(kiosk) -> set[str]:
    from kivy.uix.label import Label

    return {widget.text for widget in kiosk.app.root.current_screen.walk() if isinstance(widget, Label)}


LONG_NOTICE = ("[centre]\nnotice = 请全程佩戴口罩，排队时与他人保持1米以上间距。"
               "体温高于37.3℃或健康码非绿码者，请联系工作人员。法律咨询也可拨打12348热线或使用网上服务。\n")


def test_notice_pages_break_at_spaces_and_between_chinese_characters():
    from kiosk.ui.widgets import notice_pages

    def fits(line: str) -> bool:
        return len(line) <= 12

    english = notice_pages("Please wear a mask at all times, thank you", fits)
    assert english == ["Please wear", "a mask at", "all times,", "thank you"]
    chinese = notice_pages("请全程佩戴口罩，排队时与他人保持1米以上间距。", fits)
    assert all(fits(page) for page in chinese) and len(chinese) == 2
    assert "".join(chinese) == "请全程佩戴口罩，排队时与他人保持1米以上间距。"
    assert notice_pages("Incomprehensibilities abound", fits) == ["Incomprehensibilities", "abound"]


def test_a_long_notice_turns_page_by_page_each_page_on_one_line(start_kiosk):
    from kivy.core.text import Label as CoreLabel

    from kiosk.ui.widgets import NOTICE_PAGE_SECONDS

    kiosk = start_kiosk(LONG_NOTICE)
    ticker = kiosk.widget("notice")
    line = ticker.ids.line
    kiosk.run_until(lambda: bool(ticker.page), timeout=60)
    first = ticker.page
    assert first and ticker.text.startswith(first) and first != ticker.text
    measure = CoreLabel(font_size=line.font_size, font_name=line.font_name, bold=line.bold)
    assert measure.get_extents(first)[0] <= ticker.width - line.padding[0] - line.padding[2]
    kiosk.run_until(lambda: ticker.page != first, timeout=NOTICE_PAGE_SECONDS + 60)
    assert ticker.page != first and ticker.text[len(first):].startswith(ticker.page)
