"""The disinfection log (消毒记录): record a round, see the last of each kind and the latest rounds."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty

from kiosk.queue.model import DISINFECTION, ROUND_AREAS, ROUND_KINDS, DisinfectionRound
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_watch import staff_watch
from kiosk.ui.screens.staff_widgets import StaffPage, StaffToggle, staff_who
from kiosk.visitor.staff import recent_rounds, record_round

load_kv_beside(__file__)

RECENT_ROUNDS = 12


class StaffDisinfectionScreen(StaffPage):
    kind = StringProperty(DISINFECTION)
    area = StringProperty("")
    status_text = StringProperty("")
    overdue_text = StringProperty("")
    recent_text = StringProperty("")

    def on_kv_post(self, _base_widget) -> None:
        app = App.get_running_app()
        for kind in ROUND_KINDS:
            toggle = StaffToggle(value=kind, group="round_kind", allow_no_selection=False)
            toggle.bind(on_release=lambda toggle: setattr(self, "kind", toggle.value))
            self.ids.kinds.add_widget(toggle)
        for area in ROUND_AREAS:
            toggle = StaffToggle(value=area, group="round_area")
            toggle.bind(on_release=lambda toggle: setattr(self, "area", toggle.value if toggle.state == "down" else ""))
            self.ids.areas.add_widget(toggle)
        self._recent: list[DisinfectionRound] = []
        app.bind(language=lambda *_: self.update_texts())
        staff_watch(app).bind(statuses=lambda *_: self.update_texts())
        self.update_texts()

    def refresh(self) -> None:
        self.read(recent_rounds, RECENT_ROUNDS, show=self._show)
        staff_watch(App.get_running_app()).poll()

    def _show(self, recent: list[DisinfectionRound]) -> None:
        self._recent = recent
        self.update_texts()

    def update_texts(self) -> None:
        app = App.get_running_app()
        language = app.language
        for toggle in self.ids.kinds.children:
            toggle.text = app.t(f"staff.kind.{toggle.value}", language)
            toggle.state = "down" if toggle.value == self.kind else "normal"
        for toggle in self.ids.areas.children:
            toggle.text = app.t(f"staff.area.{toggle.value}", language)
            toggle.state = "down" if toggle.value == self.area else "normal"
        lines, overdue = [], []
        for status in staff_watch(app).statuses:
            kind = app.t(f"staff.kind.{status.kind}", language)
            if status.last is None:
                line = app.t("staff.round_none", language, kind=kind)
            else:
                line = app.t("staff.round_last", language, kind=kind, last=f"{status.last.at:%m-%d %H:%M}",
                             due=f"{status.due_at:%H:%M}")
            (overdue if status.overdue else lines).append(line)
        self.status_text = "\n".join(lines)
        self.overdue_text = "\n".join(app.t("staff.overdue_line", language, line=line) for line in overdue)
        self.recent_text = "\n".join(
            f"{entry.at:%m-%d %H:%M}  {app.t(f'staff.kind.{entry.kind}', language)} · "
            f"{app.t(f'staff.area.{entry.area}', language)} · {entry.staff}" for entry in self._recent) \
            or app.t("staff.no_rounds", language)

    def record(self) -> None:
        self.read(record_round, self.kind, self.area, staff_who(), App.get_running_app().now(), show=self._recorded)

    def _recorded(self, _entry: DisinfectionRound) -> None:
        self.answer("staff.round_recorded")
        self.area = ""
        self.refresh()

    def forget(self) -> None:
        super().forget()
        self.kind, self.area = DISINFECTION, ""
