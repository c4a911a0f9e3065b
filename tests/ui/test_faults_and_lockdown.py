"""Faults in the UI reach the log, not the visitor; the visitor cannot leave the kiosk."""

import pytest

from kiosk.foundation.i18n import translate

pytestmark = pytest.mark.ui


def test_an_exception_in_the_ui_shows_the_calm_screen_and_is_logged(start_kiosk):
    from kivy.clock import Clock

    kiosk = start_kiosk()
    kiosk.tap(kiosk.widget("language_switch"))  # the visitor's state before the fault

    def broken_handler(_dt):
        raise RuntimeError("deliberate fault in a screen handler")

    Clock.schedule_once(broken_handler)
    kiosk.run_until(lambda: kiosk.app.root.current == "error")

    texts = {w.text for w in kiosk.screen("error").walk() if hasattr(w, "text")}
    assert translate("error.title", "en") in texts
    log = (kiosk.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "deliberate fault in a screen handler" in log

    # The app keeps running: frames go on and the home button works.
    kiosk.pump(10)
    home_button = next(w for w in kiosk.screen("error").walk() if getattr(w, "text", "") ==
                       translate("common.home", kiosk.app.language))
    kiosk.run_until(lambda: not kiosk.app.root.transition.is_active)
    kiosk.tap(home_button)
    kiosk.run_until(lambda: kiosk.app.root.current == "home")


def test_the_error_screen_returns_home_by_itself(start_kiosk, monkeypatch):
    from kiosk.ui.screens import error

    kiosk = start_kiosk()
    screen = kiosk.screen("error")
    monkeypatch.setattr(screen._return_home, "timeout", 0.2)
    kiosk.app.show_error()
    kiosk.run_until(lambda: kiosk.app.root.current == "error")
    kiosk.run_until(lambda: kiosk.app.root.current == "home", timeout=error.RETURN_HOME_SECONDS)


def test_escape_f1_and_window_close_do_not_leave_the_kiosk(start_kiosk):
    from kivy.base import EventLoop

    kiosk = start_kiosk()
    window = kiosk.window
    assert window.dispatch("on_request_close") is True
    assert window.dispatch("on_request_close", source="keyboard") is True
    for key in (27, 282):  # Escape, F1
        window.dispatch("on_key_down", key, 0, None, [])
        window.dispatch("on_keyboard", key, 0, None, [])
        kiosk.pump(3)
    assert EventLoop.status != "closed"
    assert kiosk.app.root in window.children
    assert kiosk.app._app_settings is None, "F1 opened Kivy's settings panel"
    assert kiosk.app.root.current == "home"


def test_the_registered_default_font_is_a_simplified_chinese_face(start_kiosk):
    from kivy.core.text import DEFAULT_FONT, LabelBase
    from kivy.core.text import Label as CoreLabel

    from kiosk.foundation.fonts import family_name

    start_kiosk()
    regular = LabelBase._fonts[DEFAULT_FONT][0]
    assert family_name(__import__("pathlib").Path(regular)) == "Noto Sans CJK SC"

    def bitmap(text):
        label = CoreLabel(text=text, font_size=48)
        label.refresh()
        return label.texture.size, bytes(label.texture.pixels)

    size, _ = bitmap("法律援助")
    assert size[0] > 4 * 30, "Chinese text rendered with no width"
    # A missing glyph draws the same box for every character; real glyphs differ.
    assert len({bitmap(ch)[1] for ch in "法律援助直"}) == 5
