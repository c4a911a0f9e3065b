"""Search by pinyin initials (ldht → 劳动合同): a letter pad, a candidate bar, results as keys are pressed."""

from kivy.app import App
from kivy.properties import ListProperty, ObjectProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout

from kiosk.legal.library import CitedArticle
from kiosk.ui.background import legal_worker
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.legal import open_answer
from kiosk.ui.widgets import ChoiceTile, fill_tiles

load_kv_beside(__file__)

MAX_LETTERS = 12
LETTERS = "abcdefghijklmnopqrstuvwxyz"


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


class ResultTile(ChoiceTile):
    result = ObjectProperty(None)


class PinyinScreen(KioskScreen):
    code = StringProperty("")
    candidates = ListProperty([])
    chosen = StringProperty("")

    def add_letter(self, letter: str) -> None:
        if len(self.code) < MAX_LETTERS:
            self.code += letter

    def delete(self) -> None:
        self.code = self.code[:-1]

    def on_code(self, _screen, code: str) -> None:
        app = App.get_running_app()
        self.chosen = ""
        if not code:
            self.candidates = []
            self._show_results([])
            return
        language = app.language
        legal_worker.run(lambda: self._look_up(app, code, language), self._looked_up, app.library_failed)

    @staticmethod
    def _look_up(app, code: str, language: str):
        candidates = app.library.pinyin(code, limit=8)
        if language == "en":
            # An English visitor spells English words on the same pad; completions come first in the bar.
            candidates = [*app.library.english_words(code, limit=4), *candidates][:8]
        # Results follow the best candidate as keys are pressed; not logged until the visitor picks one.
        results = app.library.search(candidates[0], limit=8, log=False) if candidates else []
        return code, candidates, results

    def _looked_up(self, found) -> None:
        code, candidates, results = found
        if code != self.code:  # a newer key press is on its way
            return
        self.candidates = candidates
        self._show_results(results)

    def choose(self, term: str) -> None:
        app = App.get_running_app()
        self.chosen = term
        legal_worker.run(lambda: app.library.search(term, limit=8), self._show_results, app.library_failed)

    def on_candidates(self, _screen, candidates) -> None:
        bar = self.ids.candidates
        bar.clear_widgets()
        for term in candidates:
            button = CandidateButton(term=term)
            button.bind(on_release=lambda button: self.choose(button.term))
            bar.add_widget(button)

    def _show_results(self, results) -> None:
        fill_tiles(self.ids.results, [ResultTile(result=result) for result in results],  # worded in pinyin.kv
                   self.open_result)

    def open_result(self, tile: ResultTile) -> None:
        result = tile.result
        app = App.get_running_app()
        if result.kind == "answer":
            open_answer(result.ref)
        elif result.kind == "guide":
            legal_worker.run(lambda: app.library.guide(result.service or result.ref), self._open_guide,
                             app.library_failed)
        else:
            app.root.get_screen("article").cite = CitedArticle(
                law=result.law, short_title=result.law, version=result.version, status=result.status, effective="",
                article=result.article or 0, suffix="", label=result.label, chapter="", text=result.snippet,
                note=result.note, law_en=result.law_en, note_en=result.note_en)
            app.go("article")

    @staticmethod
    def _open_guide(guide) -> None:
        app = App.get_running_app()
        app.root.get_screen("guide").guide = guide
        app.go("guide")

    def forget(self) -> None:
        self.code = ""
