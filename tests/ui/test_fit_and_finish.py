"""Fit and finish: the "more time?" question before the idle reset, the language switch after it, and
fitting labels and reflowing grids in large text and English."""

import time

import pytest

pytestmark = pytest.mark.ui

PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)


class StoppedClock:
    """The kiosk's idle clock, moved by the test: a loaded machine's slow frames take none of the time
    a visitor has left."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    @staticmethod
    def time() -> float:
        return time.time()


@pytest.fixture
def idle_clock(monkeypatch) -> StoppedClock:
    import kiosk.ui.app

    clock = StoppedClock()
    monkeypatch.setattr(kiosk.ui.app, "time", clock)
    return clock


def test_before_the_idle_reset_the_visitor_is_asked_and_can_stay(start_kiosk, idle_clock):
    kiosk = start_kiosk("[display]\nidle_timeout = 600\n")
    kiosk.show("legal")
    warning = kiosk.app._idle_warning
    kiosk.app.last_activity = idle_clock.now
    idle_clock.now += 550
    kiosk.let_time_pass(1.2)
    assert not warning.showing, "fifty seconds before the reset nothing is asked yet"

    idle_clock.now += 40  # ten seconds before the reset
    kiosk.run_until(lambda: warning.showing)
    assert warning.ids.question.text == "还需要更多时间吗？"
    assert warning.seconds_left == 10 and "10" in warning.ids.countdown.text
    kiosk.drawn("the question")
    kiosk.screenshot("idle-warning-zh_CN")

    kiosk.tap(warning.ids.stay)
    kiosk.run_until(lambda: not warning.showing)
    kiosk.let_time_pass(1.2)  # a tick of the idle check: it stays where the visitor was
    assert kiosk.app.root.current == "legal" and not warning.showing


def test_the_question_counts_down_to_the_reset_in_english(start_kiosk, idle_clock):
    kiosk = start_kiosk("[display]\nidle_timeout = 600\n")
    kiosk.app.language = "en"
    kiosk.show("guides")
    warning = kiosk.app._idle_warning
    kiosk.app.last_activity = idle_clock.now
    idle_clock.now += 585
    kiosk.run_until(lambda: warning.showing)
    assert warning.ids.question.text == "Do you need more time?" and warning.seconds_left == 15
    idle_clock.now += 1
    kiosk.run_until(lambda: warning.seconds_left == 14)  # it counts down, second by second
    assert "14" in warning.ids.countdown.text
    kiosk.screenshot("idle-warning-en")

    idle_clock.now += 14  # nobody answered
    kiosk.run_until(lambda: kiosk.app.root.current == "home")
    assert not warning.showing and kiosk.app.language == "zh_CN"


def test_home_left_as_it_was_asks_nothing(start_kiosk, idle_clock):
    kiosk = start_kiosk("[display]\nidle_timeout = 600\n")
    kiosk.app.last_activity = idle_clock.now
    idle_clock.now += 590
    kiosk.let_time_pass(1.2)
    assert not kiosk.app._idle_warning.showing


def test_the_language_switch_follows_the_language_after_the_reset(start_kiosk):
    kiosk = start_kiosk("[display]\nidle_timeout = 600\n")
    switch = kiosk.widget("language_switch")
    kiosk.tap(switch)
    assert kiosk.app.language == "en" and switch.state == "down" and switch.text == "中文"
    kiosk.app.last_activity -= 601
    kiosk.run_until(lambda: kiosk.app.language == "zh_CN")
    kiosk.drawn("home after the reset")
    assert switch.state == "normal" and switch.text == "English"
    kiosk.tap(switch)  # one tap still switches to English
    assert kiosk.app.language == "en" and switch.state == "down"


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=("portrait", "landscape"))
def test_home_buttons_keep_big_whole_words_in_english_large_text(start_kiosk, size):
    kiosk = start_kiosk("", size)
    kiosk.app.language = "en"
    kiosk.app.large_text = True
    kiosk.drawn("home in English, large text")
    check_in = kiosk.widget("check_in")
    # Two columns at least, and the text no smaller than its floor.
    kiosk.run_until(lambda: check_in.parent.cols >= 2)
    assert check_in.fitted_font_size >= check_in.font_size * check_in.min_font_ratio - 0.5
    lines = ["".join(word.text for word in line.words).strip() for line in check_in._label._cached_lines]
    assert [line for line in lines if line] in (["Appointment check-in"], ["Appointment", "check-in"])
    assert check_in.texture_size[0] <= check_in.width and check_in.texture_size[1] <= check_in.height


def test_the_legal_start_buttons_take_two_rows_when_four_do_not_fit(start_kiosk):
    kiosk = start_kiosk("", LANDSCAPE)
    kiosk.app.language = "en"
    kiosk.show("legal")
    grid = kiosk.widget("pinyin", "legal").parent
    kiosk.run_until(lambda: grid.cols == 4)  # one row where there is room
    kiosk.app.large_text = True
    kiosk.run_until(lambda: grid.cols == 2)  # two rows of two, not three and one
    kiosk.resize(PORTRAIT)
    kiosk.app.large_text = False
    kiosk.drawn("the legal screen in portrait")
    assert grid.cols == 2
    for button in grid.children:
        assert button.fitted_font_size >= button.font_size * 0.85, button.text


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=("portrait", "landscape"))
def test_the_health_check_result_stands_large_and_centred_under_the_header(start_kiosk, health_clips, size):
    kiosk = start_kiosk(f"[camera]\nsource = {health_clips['red']}\n", size)
    kiosk.app.large_text = True
    kiosk.drawn("home in large text")
    kiosk.tap(kiosk.widget("take_number"))
    screen = kiosk.screen("health_check")
    kiosk.run_until(lambda: screen.state == "result")
    kiosk.settle("health_check")
    orientation = "portrait" if size == PORTRAIT else "landscape"
    kiosk.screenshot(f"health-check-result-zh_CN-{orientation}-large")
    header = next(widget for widget in screen.walk() if type(widget).__name__ == "FlowHeader")
    for widget_id in ("instruction", "result"):
        label = screen.ids[widget_id]
        assert label.top <= header.y + 1, f"{widget_id} drawn over the header"
    result, card = screen.ids.result, screen.ids.result_card
    assert result.fitted_font_size >= result.font_size * 0.85 and result.halign == "center"
    # As much room above the result as below the buttons that follow it.
    from kivy.metrics import dp

    above = screen.ids.instruction.y - card.top
    below = screen.ids.staff_check.parent.y - card.parent.y
    assert above > dp(40) and abs(above - below) < dp(60), (above, below)


@pytest.mark.parametrize(("text", "width"),
                         [("Appointment check-in", 200), ("请携带身份证原件。", 330), ("复印件无效（须原件）", 250)])
def test_the_tours_check_finds_what_a_plain_label_cuts_and_a_fitting_label_does_not(start_kiosk, text, width):
    from kivy.uix.label import Label
    from ui_steps import cut_words

    from kiosk.ui.widgets import FitLabel

    start_kiosk()
    plain, fitting = (kind(text=text, font_size=40, size=(width, 400), text_size=(width, None))
                      for kind in (Label, FitLabel))
    for label in (plain, fitting):
        label.texture_update()
    assert cut_words(plain), "Kivy cuts this text inside a word or against the Chinese rules"
    assert not cut_words(fitting) and fitting.texture_size[0] <= width


def test_a_label_with_markup_keeps_its_tags_and_breaks_by_the_same_rules(start_kiosk):
    from ui_steps import cut_words

    from kiosk.ui.widgets import FitLabel

    start_kiosk()
    text = "[b]办理什么[/b]\n经济困难、请不起律师的群众，可以申请免费的法律咨询、代写文书。"
    label = FitLabel(text=text, markup=True, font_size=40, size=(330, 400), text_size=(330, None))
    label.texture_update()
    assert not cut_words(label) and label.texture_size[0] <= 330
    assert label._label.text.count("[b]") == 1 and "办理什么" in label._label.text
