"""Search by pinyin initials (ldht → 劳动合同): a letter pad, a candidate bar, results as keys are pressed."""

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.legal import open_answer
from kiosk.ui.widgets import ChoiceTile, fill_tiles
from kiosk.visitor import legal
from kiosk.visitor.legal import Lookup

load_kv_beside(__file__)

MAX_LETTERS = 12
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Shown before a key is pressed, to try with one touch: what to type, and what it finds.
EXAMPLES = {"zh_CN": (("ldht", "劳动合同"), ("gz", "工资"), ("lh", "离婚")),
            "en": (("wages", ""), ("divorce", ""), ("ldht", "劳动合同"))}


class LetterKey(Button):
    key = StringProperty("")


class LetterPad(GridLayout):
    """a to z in order (easier to find than a keyboard layout for people who rarely type), delete, clear."""

    __events__ = ("on_letter", "on_delete", "on_clear")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for key in (*LETTERS, "delete", "clear"):
            button = LetterKey(key=key)
            button.bind(on_release=self._pressed)
            self.add_widget(button)

    def _pressed(self, button: LetterKey) -> None:
        if button.key in ("delete", "clear"):
            self.dispatch(f"on_{button.key}")
        else:
            self.dispatch("on_letter", button.key)

    def on_letter(self, letter: str) -> None:
        pass

    def on_delete(self) -> None:
        pass

    def on_clear(self) -> None:
        pass


class CandidateButton(Button):
    term = StringProperty("")
    chosen = BooleanProperty(False)  # the term whose results are shown: marked by more than its colour


class ExampleButton(CandidateButton):
    """A way to search to try before typing: its letters, typed for the visitor when touched."""

    code = StringProperty("")


class ResultTile(ChoiceTile):
    result = ObjectProperty(None)
    brief = BooleanProperty(False)  # the title only: landscape leaves the results half the screen beside the pad


class PinyinScreen(KioskScreen):
    code = StringProperty("")
    candidates = ListProperty([])
    chosen = StringProperty("")
    looking = BooleanProperty(False)  # a look-up is on its way: the screen says so
    found_nothing = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda _app, language: self._show_examples(language))
        self._show_examples(App.get_running_app().language)

    def _show_examples(self, language: str) -> None:
        """The how-to and examples fill the results' place until a key is pressed, so it never stands empty."""
        box = self.ids.examples
        box.clear_widgets()
        if self.code:  # hidden: no buttons left behind to catch a touch meant for the candidates
            return
        for code, term in EXAMPLES[language]:
            button = ExampleButton(code=code, term=f"{' '.join(code)}  {term}" if term else code)  # the keys' case
            button.bind(on_release=lambda button: setattr(self, "code", button.code))
            box.add_widget(button)

    def add_letter(self, letter: str) -> None:
        if len(self.code) < MAX_LETTERS:
            self.code += letter

    def delete(self) -> None:
        self.code = self.code[:-1]

    def on_code(self, _screen, code: str) -> None:
        app = App.get_running_app()
        self.chosen = ""
        self.found_nothing = False
        self._show_examples(app.language)
        if not code:
            self.looking = False
            self.candidates = []
            self._show_results([])
            return
        self.looking = True
        app.act(legal.look_up_initials, code, app.language, done=self._looked_up)

    def _looked_up(self, found: Lookup) -> None:
        if found.code != self.code:  # a newer key press is on its way
            return
        self.looking = False
        self.candidates = found.candidates
        self.found_nothing = not found.candidates and not found.results
        self._show_results(found.results)

    def choose(self, term: str) -> None:
        self.chosen = term
        self.looking = True
        App.get_running_app().act(legal.search, term, done=lambda results: self._searched(term, results))

    def _searched(self, term: str, results) -> None:
        if term != self.chosen:  # another chip or key was pressed meanwhile
            return
        self.looking = False
        self._show_results(results)

    def on_chosen(self, _screen, chosen: str) -> None:
        for button in self.ids.candidates.children:
            button.chosen = button.term == chosen

    def on_candidates(self, _screen, candidates) -> None:
        bar = self.ids.candidates
        bar.clear_widgets()
        for term in candidates:
            button = CandidateButton(term=term)
            button.bind(on_release=lambda button: self.choose(button.term))
            bar.add_widget(button)

    def _show_results(self, results) -> None:
        brief = self.width > self.height
        fill_tiles(self.ids.results, [ResultTile(result=result, brief=brief) for result in results],  # worded in kv
                   self.open_result)

    def on_size(self, *_args) -> None:
        results = self.ids.get("results")  # None while the screen is still being built
        for tile in results.children if results else ():
            tile.brief = self.width > self.height

    def open_result(self, tile: ResultTile) -> None:
        result = tile.result
        app = App.get_running_app()
        if result.kind == "answer":
            open_answer(result.ref)
        elif result.kind == "guide":
            app.act(legal.guide, result.service or result.ref, done=self._open_guide)
        else:
            app.visit.article = legal.article_of(result)
            app.go("article")

    @staticmethod
    def _open_guide(guide) -> None:
        app = App.get_running_app()
        app.visit.guide = guide
        app.go("guide")

    def forget(self) -> None:
        self.code = ""
        self.looking = self.found_nothing = False
