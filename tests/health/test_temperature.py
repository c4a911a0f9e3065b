"""Thermometers: real pyserial over loop:// and a socket on 127.0.0.1, staff entry, the door."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import serial

from kiosk.foundation.config import HealthCheckSettings
from kiosk.health.temperature import (
    DOOR,
    NONSENSE,
    OK,
    UNAVAILABLE,
    WAITING,
    DoorCheck,
    ManualThermometer,
    SerialThermometer,
    thermometer_from_settings,
)

PATTERN = r"T=(\d{2}\.\d)"


def looped(lines: bytes) -> SerialThermometer:
    connection = serial.serial_for_url("loop://", timeout=0.1)
    connection.write(lines)
    return SerialThermometer("loop://", 9600, PATTERN, connection=connection)


def test_serial_reading_after_noise_lines() -> None:
    reading = looped(b"hello\r\nSTATUS OK\r\nT=36.6C\r\n").read(1.0)
    assert (reading.status, reading.celsius) == (OK, 36.6)


@pytest.mark.parametrize("lines", [b"T=99.9\r\n", b"T=12.0\r\n"])
def test_impossible_readings_are_nonsense(lines: bytes) -> None:
    assert looped(lines).read(1.0).status == NONSENSE


def test_silence_is_unavailable_not_a_guess() -> None:
    reading = looped(b"garbage without a reading\r\n").read(0.4)
    assert (reading.status, reading.celsius) == (UNAVAILABLE, None)


def test_unplugged_port_is_unavailable() -> None:
    thermometer = SerialThermometer("/dev/ttyDOES-NOT-EXIST", 9600, PATTERN)
    assert thermometer.read(0.5).status == UNAVAILABLE


@pytest.fixture
def device() -> Iterator[tuple[socket.socket, list[bytes]]]:
    """A thermometer on a TCP port (as serial-over-IP adapters present one)."""
    server = socket.create_server(("127.0.0.1", 0))
    outbox: list[bytes] = []

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            # A thermometer repeats its reading; pyserial drops what came before it opened.
            try:
                for _ in range(8):
                    for chunk in outbox:
                        connection.sendall(chunk)
                        time.sleep(0.25)  # longer than the read timeout: lines arrive in halves
            except OSError:
                pass  # the client closed the line

    threading.Thread(target=serve, daemon=True).start()
    yield server, outbox
    server.close()


def test_reading_over_a_real_socket(device) -> None:
    server, outbox = device
    outbox.extend([b"TEMP ", b"T=37.", b"4\r\n"])
    port = server.getsockname()[1]
    thermometer = SerialThermometer(f"socket://127.0.0.1:{port}", 9600, PATTERN)
    reading = thermometer.read(3.0)
    thermometer.close()
    assert (reading.status, reading.celsius) == (OK, 37.4)


def test_manual_entry_and_door() -> None:
    manual = ManualThermometer()
    assert manual.read(0).status == WAITING
    assert manual.enter("36,8").celsius == 36.8
    assert manual.read(0).celsius == 36.8
    assert manual.read(0).status == WAITING  # one reading for one visitor
    assert manual.enter("hot").status == NONSENSE
    assert manual.enter("60").status == NONSENSE
    assert DoorCheck().read(0).status == DOOR


def test_thermometer_from_settings() -> None:
    assert isinstance(thermometer_from_settings(HealthCheckSettings()), DoorCheck)
    assert isinstance(thermometer_from_settings(HealthCheckSettings(temperature="manual")), ManualThermometer)
    serial_one = thermometer_from_settings(HealthCheckSettings(temperature="serial"))
    assert isinstance(serial_one, SerialThermometer)
    assert serial_one.port == "/dev/ttyUSB1"
