"""Legal calculators (算一算): the list, and one calculator whose inputs are built from its field definitions.

Amounts are typed on the number pad, dates set with a picker of ▲/▼ keys, choices tapped as tiles; the
result shows its working, citations, assumptions and checks, with a QR and a printout like an answer.
"""

from datetime import date

from kivy.app import App
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen, stop_scrolling
from kiosk.ui.screens.staff_watch import staff_watch
from kiosk.ui.widgets import BigButton, ChoiceTile, fill_tiles
from kiosk.visitor import tools
from kiosk.visitor.printouts import SCREEN_QR_PX, print_answer, print_outcome, printer_fitted, result_take_away

load_kv_beside(__file__)


class CalculatorTile(ChoiceTile):
    calculator = ObjectProperty(None)


class CalculatorsScreen(KioskScreen):
    """Every calculator, with the law it rests on."""

    def on_kv_post(self, _base) -> None:
        fill_tiles(self.ids.tiles, [CalculatorTile(calculator=found) for found in tools.calculators()],
                   lambda tile: open_calculator(tile.calculator.code))


def open_calculator(code: str, preset: dict[str, str] | None = None) -> None:
    app = App.get_running_app()
    app.visit.calculator, app.visit.calculator_preset = code, dict(preset or {})
    app.go("calculator")


class FieldBox(BoxLayout):
    """One input; ``value`` is what :func:`tools.compute` receives for it."""

    field = ObjectProperty(None)
    value = StringProperty("")
    figures = ObjectProperty(None, allownone=True)  # the local figures an input may start from and name


class TypedField(FieldBox):
    """An input typed on the number pad."""

    def key(self, key: str) -> None:
        self.value = tools.typed(self.value, key)


class AmountField(TypedField):
    """Yuan: whole digits."""


class RateField(TypedField):
    """A rate in per cent: the pad with a decimal point."""


class DateStep(BigButton):
    part = StringProperty("")
    delta = NumericProperty(1)


class DateField(FieldBox):
    def step(self, part: str, delta: int) -> None:
        self.value = tools.step_date(date.fromisoformat(self.value), part, delta).isoformat()


class ChoiceButton(BigButton):
    code = StringProperty("")
    chosen = BooleanProperty(False)
    choice = ObjectProperty(None)


class ChoiceField(FieldBox):
    def on_field(self, _box, field) -> None:
        box = self.ids.choices
        box.clear_widgets()
        for choice in field.choices:
            button = ChoiceButton(code=choice.code, choice=choice)
            button.bind(on_release=lambda button: setattr(self, "value", button.code))
            box.add_widget(button)
        self.on_value(self, self.value)

    def on_value(self, _box, value: str) -> None:
        # The value may be set before the kv rule has built the tiles.
        for button in self.ids.choices.children if "choices" in self.ids else ():
            button.chosen = button.code == value


TOP_MARGIN = 24  # dp of the page kept above a result brought to the top of the view

FIELD_BOXES = {tools.AMOUNT: AmountField, tools.DATE: DateField, tools.CHOICE: ChoiceField,
               tools.RATE: RateField}


class CalculatorScreen(KioskScreen):
    """The inputs, the calculate button, and the result with its working and legal basis."""

    calculator = ObjectProperty(None, allownone=True)
    computed = ObjectProperty(None, allownone=True)
    shown = ObjectProperty(None, allownone=True)  # the result in the visitor's language
    error = StringProperty("")
    take_away = StringProperty("")
    take_away_whole = BooleanProperty(True)  # False: the QR holds the key points, and the screen says so
    qr_side = NumericProperty(dp(SCREEN_QR_PX))
    print_text = StringProperty("")
    can_print = BooleanProperty(True)  # without a printer the print button is not offered, and that is said

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda _app, language: self.show(language))
        # Held here: the result box is off the page while there is nothing to show, and ids are weak.
        self._result = self.ids.result.__self__
        self._page = self._result.parent
        self._top_shown = None  # the widget kept at the top of the view while the page below it lays out
        align = Clock.create_trigger(self._align_top_shown, -1)
        self._page.bind(height=align)
        self._result.bind(top=align)
        self.ids.error.bind(top=align)
        # Once the visitor touches the page, where it is scrolled is theirs.
        self.ids.scroll.bind(on_scroll_start=lambda *_args: self._show_at_top(None))

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        staff_watch(app).poll()  # a figure staff changed on another kiosk is read before the visitor calculates
        self.can_print = printer_fitted(app.settings)
        code = app.visit.calculator or tools.CALCULATORS[0].code
        calculator = tools.BY_CODE[code]
        figures = app.settings.calculators
        values = {**tools.initial_values(calculator, app.now().date(), figures), **app.visit.calculator_preset}
        self.calculator = calculator
        box = self.ids.fields
        box.clear_widgets()
        for field in calculator.fields:
            widget = FIELD_BOXES[field.kind](value=values[field.key], figures=figures)
            widget.field = field
            widget.bind(value=lambda *_: self.clear_result())
            box.add_widget(widget)
        self.clear_result()
        self.ids.scroll.scroll_y = 1
        stop_scrolling(self.ids.scroll)

    def values(self) -> dict[str, str]:
        return {widget.field.key: widget.value for widget in self.ids.fields.children}

    def calculate(self) -> None:
        app = App.get_running_app()
        self.computed = tools.compute(self.calculator.code, self.values(), app.settings.calculators,
                                      app.now().date())
        self.print_text = ""
        self.show(app.language)
        # The answer (or what to fix) is below the inputs: shown from its top, the figure first, even when
        # it is taller than the screen.
        self._show_at_top(self._result if self.computed.result else self.ids.error.__self__)

    def _show_at_top(self, widget) -> None:
        self._top_shown = widget
        self._align_top_shown()

    def _align_top_shown(self, *_args) -> None:
        """Scroll the kept widget's top to the top of the view; again whenever the page's layout moves it
        (its labels take a frame or two to get their heights, and a language change re-flows them)."""
        widget, scroll, page = self._top_shown, self.ids.scroll, self._page
        spare = page.height - scroll.height
        if widget is None or widget.parent is None or spare <= 0:
            return
        from_top = page.top - widget.top - dp(TOP_MARGIN)
        scroll.scroll_y = min(1.0, max(0.0, 1 - from_top / spare))
        stop_scrolling(scroll)

    def show(self, language: str) -> None:
        computed = self.computed
        if computed is None:
            self.shown, self.error, self.take_away = None, "", ""
            return
        self.error = (computed.error_en if language == "en" else computed.error) if computed.result is None else ""
        self.shown = computed.shown(language)
        self.take_away, self.take_away_whole = "", True
        if computed.result is not None:
            app = App.get_running_app()
            app.act(result_take_away, computed.result, app.settings, language, self.qr_side,
                    done=lambda taken: self._show_take_away(computed, taken))

    def _show_take_away(self, computed, taken) -> None:
        if computed is self.computed:  # not cleared, nor calculated again, meanwhile
            self.take_away, self.take_away_whole = taken.text, taken.whole

    def on_shown(self, _screen, shown) -> None:
        # Off the page while there is no result: a hidden print button would still catch the pad's taps.
        result = self._result
        if shown and result.parent is None:
            self._page.add_widget(result, index=0)
        elif not shown and result.parent is not None:
            self._page.remove_widget(result)

    def clear_result(self) -> None:
        self._top_shown = None
        self.computed = None
        self.print_text = ""
        self.show(App.get_running_app().language)

    def print_result(self) -> None:
        app = App.get_running_app()
        paper = tools.printout(self.computed.result, app.settings, app.language, app.now())
        self.print_text = app.t("ticket.printing", app.language)
        app.act(print_answer, paper, done=self._printed, failed=lambda _error: self._printed(None))

    def _printed(self, result) -> None:
        app = App.get_running_app()
        key = print_outcome(result)
        self.print_text = app.t(key, app.language)
        if key == "legal.print_failed":
            app.call_staff(f"calculator printing failed: {result.status if result else 'error'}")

    def forget(self) -> None:
        # To the top first: a page emptied while scrolled down sets Kivy's scroll effect springing back.
        self.scroll_to_top()
        self.ids.fields.clear_widgets()
        self.calculator = None
        self.computed = None
        self.show(App.get_running_app().language)
