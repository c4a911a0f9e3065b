"""What every kiosk screen shares."""

from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    def forget(self) -> None:
        """Drop whatever a visitor entered on this screen (idle timeout, faults)."""

    def release_devices(self) -> None:
        """Stop what the screen holds open (the camera) when the app stops."""
