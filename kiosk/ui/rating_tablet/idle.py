"""The tablet's idle prompt: which counter, and that a rating is asked here once the visit is done."""

from __future__ import annotations

from kivy.uix.screenmanager import Screen

from kiosk.ui.kvfiles import load_kv_beside

load_kv_beside(__file__)


class TabletIdleScreen(Screen):
    """Text only: nothing to touch but the language switch."""
