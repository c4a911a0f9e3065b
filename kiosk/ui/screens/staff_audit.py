"""The audit (审计记录): every staff change and action, newest first, with who, old and new."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty

from kiosk.queue.model import AuditEntry
from kiosk.staff.audit import describe_change
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_widgets import StaffPage
from kiosk.visitor.staff import audit

load_kv_beside(__file__)

SHOWN = 100


class StaffAuditScreen(StaffPage):
    entries_text = StringProperty("")

    def refresh(self) -> None:
        self.read(audit, SHOWN, show=self._show)

    def _show(self, entries: list[AuditEntry]) -> None:
        app = App.get_running_app()
        self.entries_text = "\n".join(self.line(app, entry) for entry in entries) \
            or app.t("staff.audit_empty", app.language)

    @staticmethod
    def line(app, entry: AuditEntry) -> str:
        return f"{entry.at.astimezone(app.zone):%m-%d %H:%M}  {entry.who}  {entry.what}  " \
               f"{describe_change(entry)}".rstrip()

    def forget(self) -> None:
        super().forget()
        self.entries_text = ""
