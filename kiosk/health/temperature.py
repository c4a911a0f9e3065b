"""Body temperature: a serial thermometer, staff entering it, or the door check.

Thermometers share no protocol, so the serial adapter reads text lines and takes
the first group of a configured regular expression. An unplugged device or a
reading outside what a living person can have is reported, never guessed.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from dataclasses import dataclass
from typing import Protocol

import serial

from kiosk.foundation.config import HealthCheckSettings

log = logging.getLogger(__name__)

PLAUSIBLE = (34.0, 43.0)  # °C: outside this the device, not the visitor, is wrong

OK, DOOR, WAITING, UNAVAILABLE, NONSENSE = "ok", "door", "waiting", "unavailable", "nonsense"


@dataclass(frozen=True)
class Reading:
    status: str  # ok, door (checked at the entrance), waiting, unavailable, nonsense
    celsius: float | None = None


class Thermometer(Protocol):
    def read(self, timeout: float) -> Reading:
        """A reading within ``timeout`` seconds; never raises."""


def check_reading(celsius: float) -> Reading:
    if PLAUSIBLE[0] <= celsius <= PLAUSIBLE[1]:
        return Reading(OK, round(celsius, 1))
    return Reading(NONSENSE)


class DoorCheck:
    """The temperature is taken at the door; the kiosk does not ask."""

    def read(self, timeout: float) -> Reading:
        return Reading(DOOR)


class ManualThermometer:
    """Staff type the reading in; until then it is waiting."""

    def __init__(self) -> None:
        self._reading = Reading(WAITING)

    def enter(self, text: str) -> Reading:
        """Take what staff typed ("36.8", "36,8"); a non-number or implausible value is nonsense."""
        try:
            self._reading = check_reading(float(text.strip().replace(",", ".")))
        except ValueError:
            self._reading = Reading(NONSENSE)
        return self._reading

    def read(self, timeout: float) -> Reading:
        reading, self._reading = self._reading, Reading(WAITING)  # one reading for one visitor
        return reading


class SerialThermometer:
    """Text lines on a serial port (any pyserial URL: /dev/ttyUSB1, socket://, loop://)."""

    def __init__(self, port: str, baudrate: int, pattern: str, connection: serial.SerialBase | None = None):
        self.port, self.baudrate = port, baudrate
        self.pattern = re.compile(pattern)
        self._connection = connection

    def _open(self) -> serial.SerialBase:
        if self._connection is None or not self._connection.is_open:
            self._connection = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=0.2)
        return self._connection

    def read(self, timeout: float) -> Reading:
        deadline = time.monotonic() + timeout
        pending = b""
        try:
            connection = self._open()
            while time.monotonic() < deadline:
                # readline gives back half a line when its timeout falls mid-line: keep it
                pending += connection.readline()
                if not pending.endswith((b"\n", b"\r")):
                    continue
                line, pending = pending, b""
                match = self.pattern.search(line.decode("ascii", errors="replace"))
                if not match:
                    continue
                try:
                    return check_reading(float(match.group(1)))
                except (ValueError, IndexError):
                    return Reading(NONSENSE)
        except (serial.SerialException, OSError) as error:
            log.warning("thermometer on %s unavailable: %s", self.port, type(error).__name__)
            self.close()
            return Reading(UNAVAILABLE)
        return Reading(UNAVAILABLE)

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                self._connection.close()
            self._connection = None


def thermometer_from_settings(health_check: HealthCheckSettings) -> Thermometer:
    """The thermometer ``[health_check] temperature`` names."""
    if health_check.temperature == "serial":
        return SerialThermometer(health_check.thermometer_port, health_check.thermometer_baudrate,
                                 health_check.thermometer_pattern)
    if health_check.temperature == "manual":
        return ManualThermometer()
    return DoorCheck()
