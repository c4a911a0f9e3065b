"""Legal service products (法律服务产品): the catalogue in two groups, one product in full (what it is, for
whom, who provides it, what to bring), and its booking: an appointment or a request to be contacted."""

from __future__ import annotations

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.foundation.i18n import localised
from kiosk.ui.fold import ActionBelow
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.read_aloud import plain
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.guides import numbered
from kiosk.ui.widgets import ChoiceTile, fill_tiles
from kiosk.visitor.printouts import SCREEN_QR_PX
from kiosk.visitor.products import (
    GROUPS,
    booking_service,
    booking_way,
    citations,
    product_catalogue,
    product_take_away,
)

load_kv_beside(__file__)


class ProductTile(ChoiceTile):
    product = ObjectProperty(None)


class ProductsScreen(KioskScreen):
    """The catalogue: the products for citizens, then those for enterprises, each a tile to open."""

    def on_pre_enter(self) -> None:
        App.get_running_app().act(product_catalogue, done=self._show)

    def _show(self, catalogue) -> None:
        for group in GROUPS:
            fill_tiles(self.ids[f"group_{group}"], [ProductTile(product=p) for p in catalogue.group(group)],
                       self.open_product)  # worded in products.kv

    def open_product(self, tile: ProductTile) -> None:
        app = App.get_running_app()
        app.visit.product = tile.product
        app.go("product")

    def forget(self) -> None:
        for group in GROUPS:
            self.ids[f"group_{group}"].clear_widgets()


class ProductScreen(ActionBelow, KioskScreen):
    """One product in full, read aloud on request, what to bring as a QR, and the one button that books it."""

    product = ObjectProperty(None, allownone=True)
    body = StringProperty("")
    take_away = StringProperty("")
    take_away_whole = BooleanProperty(True)
    qr_side = NumericProperty(dp(SCREEN_QR_PX))
    action_below = BooleanProperty(False)  # the next step and the QR below the fold: a cue says so
    message = StringProperty("")
    read = StringProperty("")  # what the read-aloud button reads: the name, then the body

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda _app, language: self.show(language))
        self.watch_fold()

    def on_pre_enter(self) -> None:
        self.product = App.get_running_app().visit.product

    def on_product(self, _screen, _product) -> None:
        self.message = ""
        self.show(App.get_running_app().language)

    def show(self, language: str) -> None:
        product = self.product
        if product is None:
            self.body = self.take_away = self.read = ""
            return
        app = App.get_running_app()
        app.act(product_take_away, product, language, self.qr_side,
                done=lambda taken: self._show_take_away(product, taken))
        sections = [
            ("products.for_whom", escape_markup(localised(product, "for_whom", language))),
            ("products.what", escape_markup(localised(product, "what", language))),
            ("products.provider", escape_markup(localised(product, "provider", language))),
            ("products.bring", numbered(localised(product, "bring", language), language)),
            ("products.booking", escape_markup(booking_way(product, language))),
            ("products.cites", escape_markup(citations(product, language))),
        ]
        self.body = "\n\n".join(f"[b]{app.t(key, language)}[/b]\n{text}" for key, text in sections if text)
        self.read = f"{localised(product, 'name', language)}\n\n{plain(self.body)}"

    def _show_take_away(self, product, taken) -> None:
        if product is self.product:  # not forgotten, nor another product opened, meanwhile
            self.take_away, self.take_away_whole = taken.text, taken.whole

    def book(self) -> None:
        """An appointment under the product's service (from choosing the day), or a request to be contacted
        with the product's way and matter chosen already (after the consent, as every request)."""
        app = App.get_running_app()
        booking = self.product.booking
        if booking.kind == "workorder":
            from kiosk.ui.screens.workorder import start_contact  # built on first use

            start_contact(booking.target)
            app.visit.order_matter = booking.matter
            return
        app.act(booking_service, booking.target, done=self._book_under)

    def _book_under(self, service) -> None:
        app = App.get_running_app()
        if service is None:
            self.message = app.t("products.not_bookable", app.language)
            return
        app.visit.appointment_service = service
        app.go("appointment")

    def forget(self) -> None:
        self.product = None
        self.message = ""
